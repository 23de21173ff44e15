"""Date slots: roles, granularity, apposition, predicates, inferred years (our own sentences)."""

from __future__ import annotations

from datetime import date

from claims.pipeline.compare import Side, compare
from tests.pipeline.compare.sides import astana, date_slot, dates_of, ent, side


def test_since_2017_vs_since_2016_is_a_date_conflict():
    result = compare(astana(2017), astana(2016), similarity=0.96)
    assert result.same_event
    assert result.stance == "contradict"
    dates = [c for c in result.conflicts if c.kind == "date"]
    assert len(dates) == 1
    assert (dates[0].value_a, dates[0].value_b) == ("2017", "2016")
    assert 0.5 < dates[0].confidence <= 1.0
    assert "start of range differs" in dates[0].detail
    # Nothing else about these two sentences differs.
    assert [c.kind for c in result.conflicts] == ["date"]


def test_same_open_range_is_agreement_not_conflict():
    result = compare(astana(2017), astana(2017), similarity=0.99)
    assert result.conflicts == []
    assert result.stance == "support"
    assert any(x.startswith("date:") for x in result.agreements)


def test_point_date_year_differs_from_two_day_passage():
    claim = "Putin and Trump spoke by phone on 17 December 2017 about terrorism."
    passage = "The phone call between Putin and Trump on 16/17 December 2016 covered terrorism."
    a = Side(
        claim,
        dates=[
            date_slot(
                claim,
                "17 December 2017",
                gran="day",
                value="2017-12-17",
                start_date="2017-12-17",
                end_date="2017-12-17",
            )
        ],
        entities=[ent(claim, "Putin", "PERSON"), ent(claim, "Trump", "PERSON")],
    )
    b = Side(
        passage,
        dates=[
            date_slot(
                passage,
                "16/17 December 2016",
                gran="range",
                value="2016-12-16/2016-12-17",
                start_date="2016-12-16",
                end_date="2016-12-17",
            )
        ],
        entities=[ent(passage, "Putin", "PERSON"), ent(passage, "Trump", "PERSON")],
    )
    result = compare(a, b, similarity=0.85)
    dates = [c for c in result.conflicts if c.kind == "date"]
    assert len(dates) == 1
    assert dates[0].value_a == "2017-12-17"
    assert "year differs" in dates[0].detail
    assert result.stance == "contradict"


def test_month_vs_day_granularity_is_agreement():
    a_text = "The ceasefire in Syria was agreed in December 2016."
    b_text = "The ceasefire in Syria was agreed on 29 December 2016 in Ankara."
    a = Side(
        a_text,
        dates=[
            date_slot(
                a_text,
                "December 2016",
                gran="month",
                value="2016-12",
                start_date="2016-12-01",
                end_date="2016-12-31",
            )
        ],
        entities=[ent(a_text, "Syria", "GPE")],
    )
    b = Side(
        b_text,
        dates=[
            date_slot(
                b_text,
                "29 December 2016",
                gran="day",
                value="2016-12-29",
                start_date="2016-12-29",
                end_date="2016-12-29",
            )
        ],
        entities=[ent(b_text, "Syria", "GPE"), ent(b_text, "Ankara", "GPE")],
    )
    result = compare(a, b, similarity=0.9)
    assert result.same_event
    assert not [c for c in result.conflicts if c.kind == "date"]
    assert any("compatible granularity" in x for x in result.agreements)
    assert result.stance == "support"


def test_adjacent_days_conflict_is_weaker_than_year_conflict():
    def side(day: str, iso: str) -> Side:
        text = f"The summit in Vienna opened on {day}."
        return Side(
            text,
            dates=[date_slot(text, day, gran="day", value=iso, start_date=iso, end_date=iso)],
            entities=[ent(text, "Vienna", "GPE")],
        )

    near = compare(
        side("3 May 2019", "2019-05-03"), side("4 May 2019", "2019-05-04"), similarity=0.95
    )
    far = compare(
        side("3 May 2019", "2019-05-03"), side("3 May 2018", "2018-05-03"), similarity=0.95
    )
    assert near.conflicts and far.conflicts
    assert near.conflicts[0].confidence < far.conflicts[0].confidence
    assert "adjacent days" in near.conflicts[0].detail


def test_relative_date_in_apposition_does_not_hide_the_written_date():
    # "today" resolves to the publication day, which agrees with the passage; the
    # written-out date right after it is what the sentence asserts, and it conflicts.
    claim = side(
        "The harbour board met by video link today, Friday 9 March 2018, to approve the budget.",
        published=date(2017, 3, 9),
    )
    passage = side("The harbour board approved its budget by video link on 9 March 2017.")
    result = compare(claim, passage, similarity=0.8)
    conflicts = dates_of(result)
    assert conflicts, result.event_detail
    assert conflicts[0].value_a == "2018-03-09" and conflicts[0].value_b == "2017-03-09"


def test_relative_date_alone_is_still_compared():
    claim = side("The harbour board approved the budget yesterday.", published=date(2017, 3, 9))
    passage = side("The harbour board approved its budget on 2 February 2017.")
    result = compare(claim, passage, similarity=0.8)
    assert [c.value_a for c in dates_of(result)] == ["2017-03-08"]


def test_different_predicates_on_different_dates_are_not_a_date_conflict():
    # One story, two events: the line opened on one day, the vote was on another.
    # (A shared common noun near both dates, "the bridge opened" / "voted on the
    # bridge budget", would still pass: the rule has no parser to tell subject from verb.)
    a = side("The Oster tramway opened to traffic in Lindholm on 4 May 2015.")
    b = side("Councillors in Lindholm voted on the Oster budget on 12 June 2013.")
    result = compare(a, b, similarity=0.75)
    assert dates_of(result) == []


def test_same_predicate_on_different_dates_is_a_date_conflict():
    a = side("The Oster bridge opened to traffic in Lindholm on 4 May 2015.")
    b = side("The Oster bridge in Lindholm was opened to traffic on 4 May 2016.")
    result = compare(a, b, similarity=0.9)
    conflicts = dates_of(result)
    assert conflicts and {conflicts[0].value_a, conflicts[0].value_b} == {"2015-05-04",
                                                                          "2016-05-04"}
    assert "same predicate" in conflicts[0].detail


def test_year_inferred_from_publication_is_a_weak_conflict():
    # Our claim text spells "December 2017", but the article only wrote "December":
    # the year is our inference, so a year conflict on it must stay below the bar.
    rewritten = "The ferry service to Oster resumed at the end of December 2017."
    source = "The ferry service to Oster resumed at the end of December."
    written = "The ferry service to Oster resumed at the end of December 2016."
    inferred = compare(side(rewritten, source_text=source), side(written), similarity=0.9)
    stated = compare(side(rewritten), side(written), similarity=0.9)
    c_inf, c_stated = dates_of(inferred), dates_of(stated)
    assert c_stated and c_inf
    assert c_inf[0].confidence <= c_stated[0].confidence / 2 + 1e-9
    assert "inferred" in c_inf[0].detail
