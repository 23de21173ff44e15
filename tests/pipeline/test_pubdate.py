from datetime import date

import pytest

from claims.pipeline.pubdate import find_dateline, parse_dateline


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Sunday, March 21, 2021", date(2021, 3, 21)),
        ("March 21, 2021", date(2021, 3, 21)),
        ("21 March 2021", date(2021, 3, 21)),
        ("2021-03-21", date(2021, 3, 21)),
        ("Posted on March 21, 2021 at 10:15 am", date(2021, 3, 21)),
        ("Published: 21st March 2021", date(2021, 3, 21)),
        ("Updated 2021-03-21T10:00:00Z", date(2021, 3, 21)),
        ("Posted on 21.03.2021 by Jane Doe", date(2021, 3, 21)),
        ("Sept. 5, 2020 | 4 min read", date(2020, 9, 5)),
        ("Wed 3 Feb 2021", date(2021, 2, 3)),
    ],
)
def test_dated_header_lines(line, expected):
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "The talks on March 21, 2021 went well and ended early.",
        "March 2021",
        "31/02/2021",
        "Published",
        "Sunday",
    ],
)
def test_not_a_dated_header(line):
    assert parse_dateline(line) is None


def test_finds_header_near_top_of_page():
    page = (
        "Menu\nHome\n\nThursday, October 7, 2021\n\nHarbour workers end strike\n\n"
        "The strike ended on Wednesday, March 3, 2021, the union said.\n"
    )
    assert find_dateline(page.splitlines()) == (3, date(2021, 10, 7))


def test_date_inside_prose_is_not_a_header():
    page = "Harbour workers end strike\n\nThe strike ended on March 3, 2021, the union said.\n"
    assert find_dateline(page.splitlines()) is None


def test_header_far_down_the_page_is_ignored():
    filler = "".join(f"Line number {i} of the menu\n" for i in range(20))
    assert find_dateline((filler + "March 21, 2021\n").splitlines()) is None


def test_portuguese_and_spanish_datelines():
    from claims.pipeline.pubdate import parse_dateline

    assert parse_dateline("quinta-feira, 3 de junho de 2021 às 09:40") == date(2021, 6, 3)
    assert parse_dateline("lunes, 7 de marzo de 2022") == date(2022, 3, 7)
    assert parse_dateline("O conselho votou em 3 de junho de 2021 a nova lei.") is None
