"""Same event or not (our own sentences)."""

from __future__ import annotations

from claims.pipeline.compare import Side, compare, same_event
from tests.pipeline.compare.sides import astana, date_slot, ent, num


def test_surname_counts_as_shared_entity_for_same_event():
    t1 = "Foreign Minister Sergey Lavrov met Rex Tillerson in Moscow on Wednesday."
    t2 = "Lavrov and Tillerson held talks in Moscow."
    a = Side(
        t1,
        entities=[
            ent(t1, "Sergey Lavrov", "PERSON"),
            ent(t1, "Rex Tillerson", "PERSON"),
            ent(t1, "Moscow", "GPE"),
        ],
    )
    b = Side(
        t2,
        entities=[
            ent(t2, "Lavrov", "PERSON"),
            ent(t2, "Tillerson", "PERSON"),
            ent(t2, "Moscow", "GPE"),
        ],
    )
    ok, score, why = same_event(a, b, similarity=0.7)
    assert ok, why
    assert "Sergey Lavrov = Lavrov (surname)" in why
    # Without the surname rule the entity overlap would be 1/3; check it is full.
    assert "shared entities 3/" in why


def test_different_events_sharing_a_country_do_not_contradict():
    t1 = "Russia, Turkey and Iran have sponsored peace talks in Astana since 2017."
    t2 = "Russia's wheat exports did not grow in 2016, falling by 12 percent."
    a = astana(2017)
    b = Side(
        t2,
        dates=[
            date_slot(
                t2,
                "2016",
                gran="year",
                value="2016",
                start_date="2016-01-01",
                end_date="2016-12-31",
            )
        ],
        numbers=[num(t2, "12 percent", 12, "percent")],
        entities=[ent(t2, "Russia's", "GPE")],
    )
    assert a.text == t1
    result = compare(a, b, similarity=0.31)
    assert not result.same_event
    assert result.conflicts == []
    assert result.stance in {"related", "unknown"}
    # Even with a generous similarity the lack of shared content keeps them apart.
    result = compare(a, b, similarity=0.55)
    assert not result.same_event, result.event_detail
    assert result.conflicts == []
