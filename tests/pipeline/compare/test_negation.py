"""Polarity: one side negates what the other states (our own sentences)."""

from __future__ import annotations

from claims.pipeline.compare import Side, compare
from claims.pipeline.negation import negations, stem
from tests.pipeline.compare.sides import ent


def test_negation_conflict():
    t1 = "Sergey Lavrov did not attend the meeting in Geneva."
    t2 = "Lavrov attended the meeting in Geneva."
    a = Side(t1, entities=[ent(t1, "Sergey Lavrov", "PERSON"), ent(t1, "Geneva", "GPE")])
    b = Side(t2, entities=[ent(t2, "Lavrov", "PERSON"), ent(t2, "Geneva", "GPE")])
    result = compare(a, b, similarity=0.88)
    negs = [c for c in result.conflicts if c.kind == "negation"]
    assert len(negs) == 1
    assert "attend" in negs[0].value_a and negs[0].value_b == "attended"
    assert result.stance == "contradict"


def test_both_negated_is_agreement():
    t1 = "Lavrov did not attend the meeting in Geneva."
    t2 = "Lavrov never attended the Geneva meeting."
    a = Side(t1, entities=[ent(t1, "Lavrov", "PERSON"), ent(t1, "Geneva", "GPE")])
    b = Side(t2, entities=[ent(t2, "Lavrov", "PERSON"), ent(t2, "Geneva", "GPE")])
    result = compare(a, b, similarity=0.9)
    assert not result.conflicts
    assert any("both sides negate" in x for x in result.agreements)


def test_negation_cues_and_stems():
    assert [n.key for n in negations("He didn't attend.")] == ["attend"]
    assert [n.key for n in negations("Cruz refused to model for them.")] == ["model"]
    assert [n.key for n in negations("It is not a French film .")] == ["french"]
    assert negations("Not only did he attend, he spoke.") == []
    assert stem("modelled") == stem("model") == "model"
    assert stem("attended") == stem("attends") == "attend"


def test_cached_text_functions_hand_out_copies():
    from claims.pipeline.negation import content_stems, tokens

    text = "The council did not approve the budgets."
    first = tokens(text)
    first.clear()
    assert [t.lower for t in tokens(text)][:3] == ["the", "council", "did"]
    stems = content_stems(text)
    stems.add("changed")
    assert "changed" not in content_stems(text)
    assert {"council", "approve", "budget"} <= content_stems(text)
