"""Mechanical date flags: weekday mismatch, dates after publication, relative conflicts."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.pipeline.flags import date_flags
from claims.pipeline.temporal import WEEKDAYS, extract_dates

PUB = date(2016, 12, 17)


def flags_for(text, published=PUB):
    return date_flags(extract_dates(text, reference=published), published=published, text=text)


def codes(text, published=PUB):
    return sorted(f.code for f in flags_for(text, published))


def test_wrong_weekday_is_flagged_with_the_real_one():
    text = "The ferry sank on Saturday 17th December 2017 off the cape."
    fl = [f for f in flags_for(text, published=date(2018, 1, 5)) if f.code == "weekday_mismatch"]
    assert len(fl) == 1
    assert "17 Dec 2017 was a Sunday" in fl[0].message
    assert "Saturday" in fl[0].message


def test_correct_weekdays_are_not_flagged():
    for text in (
        "Ministers met in Rome on Tuesday, April 8, 2014, for talks.",
        "Ministers met in Rome on Sunday, March 21, 2021.",
        "Ministers met in Rome on Wednesday 1st January 2020.",
    ):
        assert codes(text, published=date(2022, 1, 1)) == []


def test_seed_like_sentence_gets_all_three_date_flags():
    text = "A phone call took place today Saturday 17th December 2017 between the envoys."
    got = codes(text)
    assert "weekday_mismatch" in got
    assert "date_after_publication" in got
    assert "relative_date_conflict" in got
    after = next(f for f in flags_for(text) if f.code == "date_after_publication")
    assert "17 December 2017" in after.message and "17 December 2016" in after.message


def test_future_tense_dates_after_publication_are_fine():
    assert codes("The summit will be held on 3 March 2017 in Oslo.") == []
    assert codes("The summit was held on 3 March 2017 in Oslo.") == ["date_after_publication"]


def test_relative_word_matching_the_explicit_date_is_not_a_conflict():
    assert codes("The call took place today, 17 December 2016, in the morning.") == []
    assert codes("The call took place yesterday, 16 December 2016.") == []
    assert "relative_date_conflict" in codes("The call took place yesterday, 12 December 2016.")


def test_invalid_dates_and_reversed_ranges():
    assert "invalid_date" in codes("The deal was signed on 30 February 2015.")
    assert "range_reversed" in codes("Prices fell between 2014 and 2011 in the region.")


def test_no_publication_date_means_no_publication_flags():
    text = "The ferry sank on Saturday 17th December 2017 off the cape."
    assert codes(text, published=None) == ["weekday_mismatch"]


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_weekday_check_is_exact(d):
    right = WEEKDAYS[d.weekday()]
    wrong = WEEKDAYS[(d.weekday() + 3) % 7]
    body = f"{d.day} {d.strftime('%B')} {d.year}"
    later = d + timedelta(days=1)
    assert codes(f"The fair opened on {right}, {body}.", published=later) == []
    assert codes(f"The fair opened on {wrong}, {body}.", published=later) == ["weekday_mismatch"]
