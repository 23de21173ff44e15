"""Same-event and slot-alignment rules added to the compare step (our own sentences).

Slots are produced by the real extractors (temporal, quantities, entities), as the
pipeline stores them, so the tests also fail if an extractor stops giving what the
rules rely on.
"""

from __future__ import annotations

from datetime import date

from claims.pipeline.compare import Side, compare, predicate_overlap
from claims.pipeline.entities import extract_entities
from claims.pipeline.quantities import extract_quantities
from claims.pipeline.temporal import extract_dates


def side(text: str, *, published: date | None = None, source_text: str = "") -> Side:
    return Side(
        text=text,
        dates=[d.to_dict() for d in extract_dates(text, reference=published)],
        numbers=[q.to_dict() for q in extract_quantities(text)],
        entities=[e.to_dict() for e in extract_entities(text)],
        published=published,
        source_text=source_text,
    )


def dates_of(result):
    return [c for c in result.conflicts if c.kind == "date"]


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


def test_predicate_overlap_ignores_names_and_slot_words():
    a = side("The Oster bridge opened in Lindholm on 4 May 2015.")
    b = side("Lindholm councillors voted on 4 May 2016.")
    score, words = predicate_overlap(a, a.dates[0], b, b.dates[0])
    assert score == 0.0 and words == []
    score_named, words_named = predicate_overlap(a, a.dates[0], b, b.dates[0], with_names=True)
    assert score_named > 0 and "lindholm" in words_named


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


def test_only_percentage_on_each_side_is_aligned():
    a = side("Oster exported 900 tonnes of apples in 2015, and about 30 percent of it went "
             "through Lindholm.")
    b = side("According to growers, 70 percent of Oster's apple exports went through "
             "Lindholm in 2015.")
    result = compare(a, b, similarity=0.7)
    nums = [c for c in result.conflicts if c.kind == "number"]
    assert nums and {nums[0].value_a, nums[0].value_b} == {"30 percent", "70 percent"}


def test_two_percentages_without_shared_context_are_not_aligned():
    a = side("Turnout in Oster was 30 percent, and 45 percent of voters were under 30 years old.")
    b = side("In Oster, 70 percent of the apple harvest went through Lindholm.")
    result = compare(a, b, similarity=0.6)
    assert [c for c in result.conflicts if c.kind == "number"] == []
