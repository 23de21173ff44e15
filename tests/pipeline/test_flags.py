"""Mechanical date flags: weekday mismatch, dates after publication, relative conflicts."""

from datetime import date, timedelta

import pytest
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


# Real-news false alarms (issue 13), in our own words: none of these is an error.
NOV_2019 = date(2019, 11, 19)


@pytest.mark.parametrize(
    "text",
    [
        "Planners want the fleet to reach as many as 90 ferries by 2022.",
        "Crewed trips could begin in 2022, the agency said.",
        "The tram is slated to roll out across the city into 2020.",
        "The chief executive is stepping down in May 2020.",
        "The works may stretch well into 2020.",
        "The 2020 Corvo gets a wider grille and new lamps.",
        "Tickets for Euro 2020 qualifying went fast.",
        "She raised money early in the 2020 election campaign.",
        "Revenue for fiscal year 2020 rose, the firm reported.",
        "The firm's 2025 bond fell sharply last week.",
        "The card matched the ZX 2060 in raw speed.",
        "The side finished with a total score of 2072.",
        "Results will appear in the December 2019 issue of the journal.",
        "The light show can be enjoyed until 20 January 2020.",
        "Shops reported long queues on Black Friday.",
        "The show opens to the public Friday.",
        "The new model goes on sale in late January.",
    ],
)
def test_future_labels_and_names_are_not_dates_after_publication(text):
    assert "date_after_publication" not in codes(text, published=NOV_2019)


def test_a_past_event_dated_after_publication_is_still_flagged():
    assert codes("The bridge was opened on 3 March 2020 by the mayor.", published=NOV_2019) == [
        "date_after_publication"
    ]
    assert "date_after_publication" in codes(
        "The strike ended in 2021 after two weeks.", published=NOV_2019
    )


def test_a_yearless_date_takes_the_year_its_weekday_fits():
    # 6 Dec 2019 was a Friday: no flag, and the resolved date is 2019, not 2018
    text = "Seats go on sale at 10 a.m. Friday, Dec. 6."
    assert codes(text, published=NOV_2019) == []
    (e,) = extract_dates(text, reference=NOV_2019)
    assert e.value == "2019-12-06"


def test_a_yearless_date_whose_weekday_fits_no_nearby_year_is_a_mismatch():
    # 6 December is a Thursday (2018), Friday (2019), Sunday (2020): never a Tuesday
    fl = [f for f in flags_for("Seats go on sale Tuesday, Dec. 6.", published=NOV_2019)
          if f.code == "weekday_mismatch"]  # fmt: skip
    assert len(fl) == 1
    assert "2019: Friday" in fl[0].message


def test_a_day_no_month_has_is_invalid_even_without_a_year():
    assert "invalid_date" in codes("The vote was held on Nov. 31.", published=NOV_2019)
    assert "invalid_date" not in codes("The vote was held on Nov. 30.", published=NOV_2019)
