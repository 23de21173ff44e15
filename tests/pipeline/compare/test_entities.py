"""Entity names and entity slots (our own sentences)."""

from __future__ import annotations

from claims.pipeline.compare import Side, compare, entities_match, normalise_entity
from tests.pipeline.compare.sides import ent


def test_entity_surname_and_possessive_matching():
    assert normalise_entity("Russia's") == "russia"
    assert entities_match(
        {"text": "Lavrov", "label": "PERSON"}, {"text": "Sergey Lavrov", "label": "PERSON"}
    )[0]
    assert entities_match({"text": "Russia's", "label": "GPE"}, {"text": "Russia", "label": "GPE"})[
        0
    ]
    assert not entities_match(
        {"text": "Anna Lavrova", "label": "PERSON"}, {"text": "Sergey Lavrov", "label": "PERSON"}
    )[0]
    assert not entities_match(
        {"text": "Anna Smith", "label": "PERSON"}, {"text": "John Smith", "label": "PERSON"}
    )[0]


def test_entity_slot_conflict_astana_vs_geneva():
    t1 = "The Syrian opposition joined peace talks in Astana on Monday."
    t2 = "The Syrian opposition joined peace talks in Geneva on Monday."
    a = Side(t1, entities=[ent(t1, "Syrian", "NORP"), ent(t1, "Astana", "GPE")])
    b = Side(t2, entities=[ent(t2, "Syrian", "NORP"), ent(t2, "Geneva", "GPE")])
    result = compare(a, b, similarity=0.93)
    ents = [c for c in result.conflicts if c.kind == "entity"]
    assert [(c.value_a, c.value_b) for c in ents] == [("Astana", "Geneva")]
    assert "talk" in ents[0].detail


def test_unicode_forms_match():
    composed, decomposed = "L'Or\u00e9al", "L'Ore\u0301al"
    assert normalise_entity(composed) == normalise_entity(decomposed)
    from claims.pipeline.negation import content_stems

    assert content_stems(f"She modelled for {composed}") == content_stems(
        f"She modelled for {decomposed}"
    )
