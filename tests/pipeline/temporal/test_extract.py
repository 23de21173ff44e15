"""Time expressions: detection, resolution against the publication date, non-dates."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.pipeline.temporal import extract_dates, time_spans

PUB = date(2016, 12, 17)  # a Saturday


def one(text, reference=PUB):
    found = extract_dates(text, reference=reference)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "gran"),
    [
        ("The vote was held on 3 May 2015 in the capital.", "2015-05-03", "day"),
        ("The vote was held on Sunday 3rd May 2015 in the capital.", "2015-05-03", "day"),
        ("The vote was held on May 3, 2015, in the capital.", "2015-05-03", "day"),
        ("Filed on 2015-05-03 by the clerk.", "2015-05-03", "day"),
        ("Prices rose in Dec. 2014 after the storm.", "2014-12", "month"),
        ("Prices rose in March 2014 after the storm.", "2014-03", "month"),
        ("The dam was finished in 1987.", "1987", "year"),
    ],
)
def test_absolute_expressions(text, value, gran):
    e = one(text)
    assert (e.value, e.granularity, e.relative) == (value, gran, False)


def test_weekday_is_kept_as_written_even_when_wrong():
    e = one("A storm hit the coast on Friday, 4 March 2015.")
    assert e.weekday == "Friday"
    assert e.value == "2015-03-04"  # a Wednesday: the flag step reports it, we don't fix it


def test_decade_and_ranges():
    e = one("Growth was slow in the 1980s.")
    assert (e.granularity, e.value, e.end_date) == ("range", "1980/1989", "1989-12-31")
    e = one("The two towns have traded salt since 2011 without a break.")
    assert (e.text, e.value, e.start_date, e.end_date) == (
        "since 2011",
        "2011/..",
        "2011-01-01",
        None,
    )
    e = one("Fees were frozen between 2009 and 2012 by the council.")
    assert (e.value, e.start_date, e.end_date) == ("2009/2012", "2009-01-01", "2012-12-31")
    e = one("The bridge was closed from March to May 2019 for repairs.")
    assert (e.value, e.start_date, e.end_date) == ("2019-03/2019-05", "2019-03-01", "2019-05-31")
    e = one("Output doubled in 2003-05 according to the mill.")
    assert e.value == "2003/2005"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The mayor resigned today.", "2016-12-17"),
        ("The mayor resigned yesterday.", "2016-12-16"),
        ("The mayor resigned on Friday.", "2016-12-16"),
        ("The mayor resigned on Saturday.", "2016-12-17"),  # same day, past tense
        ("The mayor will resign on Friday.", "2016-12-23"),
        ("The mayor resigned last Saturday.", "2016-12-10"),
        ("The mayor resigned last December.", "2015-12"),
        ("The mayor resigned in July.", "2016-07"),
        ("The mayor resigned on November 30.", "2016-11-30"),
        ("The mayor resigned on December 30.", "2015-12-30"),  # would be after publication
        ("The mayor resigned five months ago.", "2016-07"),
        ("The mayor resigned three days ago.", "2016-12-14"),
        ("The mayor resigned this year.", "2016"),
        ("The mayor resigned last year.", "2015"),
        ("The mayor resigned last month.", "2016-11"),
    ],
)
def test_relative_expressions(text, value):
    e = one(text)
    assert e.value == value
    assert e.relative is True


def test_next_week_is_a_monday_to_sunday_range():
    e = one("The mayor will resign next week.")
    assert (e.granularity, e.start_date, e.end_date) == ("range", "2016-12-19", "2016-12-25")


def test_relative_expressions_need_a_reference():
    assert extract_dates("The mayor resigned on Friday.", reference=None) == []
    assert extract_dates("The mayor resigned in 1999.", reference=None)[0].value == "1999"


@pytest.mark.parametrize(
    "text",
    [
        "The fortress has stood for 400 years.",
        "The army bought more S-400 units and F-35 jets.",
        "They shipped 22million tons of wheat.",
        "About 2000 troops and 1500 police were sent.",
        "Resolution 2254 was adopted; COVID-19 spread; the G20 met.",
        "The report runs to 1,950 pages.",
        "It cost $2015 in total.",
        "They spent the last year and a half arguing.",
    ],
)
def test_numbers_that_are_not_dates(text):
    assert extract_dates(text, reference=PUB) == []


def test_may_and_march_as_words_are_not_months():
    assert extract_dates("Crowds may march to the square.", reference=PUB) == []
    assert extract_dates("The band will March on regardless.", reference=PUB) == []


def test_offsets_point_at_the_expression():
    text = "Talks began on 2 June 2010 and ended in 2012."
    for e in extract_dates(text, reference=PUB):
        assert text[e.start : e.end] == e.text


def test_time_spans_cover_unresolved_expressions():
    text = "The boat sank on Friday near the port."
    assert [text[a:b] for a, b in time_spans(text)] == ["Friday"]


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_any_written_date_round_trips(d):
    text = f"The fair opened on {d.day} {d.strftime('%B')} {d.year} in the square."
    e = one(text)
    assert e.value == d.isoformat()
    text = f"The fair opened on {d.strftime('%B')} {d.day}, {d.year} in the square."
    assert one(text).value == d.isoformat()


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2080, 12, 31)), st.integers(0, 6))
def test_weekday_in_past_text_is_on_or_before_reference(ref, wd):
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][wd]
    e = one(f"The council met on {name} to vote.", reference=ref)
    got = date.fromisoformat(e.value)
    assert got.weekday() == wd
    assert 0 <= (ref - got).days <= 6
