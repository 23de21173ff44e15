"""Resolution of what the text leaves open, and whether it may be written into a claim."""

from datetime import date

import pytest

from claims.pipeline.temporal import extract_dates
from claims.pipeline.temporal.atoms import resolve_md

PUB = date(2019, 11, 19)  # a Tuesday


def one(text, reference=PUB):
    found = extract_dates(text, reference=reference)
    assert len(found) == 1, found
    return found[0]


def test_a_written_weekday_settles_the_year_of_a_yearless_date():
    # 6 Dec 2018 was a Thursday, 6 Dec 2019 a Friday: the weekday picks 2019
    e = one("Seats for the gala go on sale at noon Friday, Dec. 6.")
    assert (e.value, e.weekday, e.certain) == ("2019-12-06", "Friday", True)
    # in past text too: a Thursday 6 December near 2019 is 2018
    e = one("The gala was held on Thursday, Dec. 6.")
    assert e.value == "2018-12-06"


def test_a_weekday_no_nearby_year_fits_keeps_the_date_and_is_not_certain():
    # 6 December: 2018 Thursday, 2019 Friday, 2020 Sunday; never a Monday
    got = resolve_md(12, 6, PUB, "future", "Monday")
    assert got is not None and got[1] is False
    e = one("The gala opens Monday, Dec. 6.")
    assert e.weekday == "Monday" and e.value[5:] == "12-06"


def test_yearless_dates_follow_tense_and_otherwise_the_nearest_year():
    assert one("The quay reopened on Nov. 5.").value == "2019-11-05"
    assert one("The quay reopens on Dec. 6.").value == "2019-12-06"
    assert one("The quay will reopen on Jan. 8.").value == "2020-01-08"
    assert one("The quay closed on Dec. 6.").value == "2018-12-06"


def test_present_tense_schedules_point_forward():
    e = one("The harbour show opens to the public Friday.")
    assert e.value == "2019-11-22"
    e = one("The ferry leaves Saturday for the islands.", reference=date(2019, 11, 20))
    assert e.value in ("2019-11-23", "2019-11-16")
    assert not e.certain  # no tense marker the resolver trusts


@pytest.mark.parametrize(
    ("text", "certain"),
    [
        ("The mayor resigned yesterday.", True),
        ("The mayor resigned three days ago.", True),
        ("The mayor resigned last December.", True),
        ("The mayor resigned on Friday.", True),
        ("The mayor resigned in May.", False),  # which May is a guess
        ("The dam opened more than two decades ago.", False),
        ("The dam opened five months ago.", False),
        ("The dam opened two weeks ago.", False),
        ("Ice returns in mid-December.", False),
        ("Output fell in early 2019.", False),
        ("The stars we observe today are old.", False),
        ("The port was closed on Tuesday.", False),  # the publication day itself: which week?
    ],
)
def test_certain_only_when_the_resolution_is_not_a_guess(text, certain):
    assert one(text).certain is certain


def test_a_weekday_next_to_the_publication_day_could_be_either_week():
    # published on a Tuesday. A publication date one day off moves "Wednesday" (six
    # days back) to tomorrow, and "Tuesday" (today) to a week back; "Monday" and
    # "Saturday" name the same day either way.
    assert not one("The match ended on Wednesday.").certain
    assert not one("The match will end on Monday.").certain  # six days ahead
    assert one("The match ended on Monday.").certain
    assert one("The match ended on Saturday.").certain


def test_as_of_is_not_a_future_marker():
    e = one("As of October, the airline had a fleet of 270 jets.")
    assert e.value == "2019-10" and not e.certain


def test_a_lower_case_named_day_is_still_a_name():
    assert extract_dates("Il black Friday arriva anche in Italia.", reference=PUB) == []


def test_a_reported_yearless_date_far_from_publication_is_not_certain():
    e = one("The band said it plays the city's arena on July 22.")
    assert not e.certain


@pytest.mark.parametrize("text", ["It opened forty decades ago.", "It was built 3 decades ago.",
                                  "That was 40 years ago."])
def test_a_span_ago_that_leaves_the_calendar_gives_no_date_and_no_error(text):
    # a publication date typed as year 0030 must not crash extraction
    assert [e.value for e in extract_dates(text, reference=date(30, 1, 1))
            if e.relative] == []


def test_a_span_ago_inside_the_calendar_still_resolves():
    assert one("It was built 3 decades ago.", reference=date(2020, 5, 1)).value == "1990"
