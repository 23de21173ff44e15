"""Years that label things, model numbers and named days are not dates."""

from datetime import date

import pytest

from claims.pipeline.temporal import extract_dates
from claims.pipeline.temporal.labels import is_named_day, is_year_label

PUB = date(2030, 11, 19)


def label(sentence, year):
    i = sentence.index(year)
    return is_year_label(sentence, i, i + len(year))


@pytest.mark.parametrize(
    "sentence",
    [
        "The 2031 Corvo hatchback has a wider grille.",
        "Tickets for the Euro 2032 qualifiers sold out.",
        "Her party leads in polls for the 2032 election campaign.",
        "The firm's 2035 bond fell sharply this week.",
        "Revenue for fiscal year 2031 is forecast to rise.",
        "The card is as fast as the ZX 2060 in most games.",
        "The team finished with a total score of 2072.",
        "The club opens the 2031 season at home.",
    ],
)
def test_year_labels_are_not_dates(sentence):
    year = next(w.strip(".,") for w in sentence.split() if w.strip(".,").isdigit())
    assert label(sentence, year)
    assert not [d for d in extract_dates(sentence, reference=PUB) if year in d.text]


@pytest.mark.parametrize(
    "sentence",
    [
        "The bridge was built in 2031 by a local firm.",
        "Since 2017 the quay has been closed.",
        "In 2019 Norland signed the treaty.",
        "During 2019 the port grew.",
    ],
)
def test_years_that_date_events_stay_dates(sentence):
    year = next(w.strip(".,") for w in sentence.split() if w.strip(".,").isdigit())
    assert not label(sentence, year)
    assert extract_dates(sentence, reference=PUB)


def test_named_days_are_not_weekdays():
    s = "Shops expect record sales on Black Friday and Cyber Monday."
    assert is_named_day(s, s.index("Friday")) and is_named_day(s, s.index("Monday"))
    assert extract_dates(s, reference=PUB) == []
    assert not is_named_day("The shops opened on Friday.", 20)
