"""Quantities: values, units, and the names and dates that are not quantities."""

import pytest

from claims.pipeline.quantities import extract_quantities


def values(text):
    return [(q.text, q.value, q.unit) for q in extract_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turnout fell to 50 percent.", [("50 percent", 50.0, "percent")]),
        ("Turnout fell to 50%.", [("50%", 50.0, "percent")]),
        ("Turnout fell to 4.5 per cent.", [("4.5 per cent", 4.5, "percent")]),
        ("Mills shipped 22million tons of rice.", [("22million tons", 22e6, "tons")]),
        ("The port cost $2.5 billion.", [("$2.5 billion", 2.5e9, "USD")]),
        ("The port cost €300m.", [("€300m", 3e8, "EUR")]),
        ("Some 3,000 troops crossed.", [("3,000", 3000.0, "troops")]),
        ("Two thirds of farms closed.", [("Two thirds", 2 / 3, "fraction")]),
        ("A dozen boats sank.", [("A dozen", 12.0, "boats")]),
        ("Five ministers resigned.", [("Five", 5.0, "ministers")]),
        ("The donation page showed 2,500 $ raised.", [("2,500 $", 2500.0, "USD")]),
    ],
)
def test_quantities(text, expected):
    got = values(text)
    assert [(t, u) for t, _, u in got] == [(t, u) for t, _, u in expected]
    for (_, v, _), (_, w, _) in zip(got, expected, strict=True):
        assert v == pytest.approx(w)


@pytest.mark.parametrize(
    "text",
    [
        "The army wants more S-400 batteries.",
        "Pilots flew F-35 and Su-24 jets.",
        "The G20 met after COVID-19 spread.",
        "Resolution 2254 was cited again.",
        "Under Article 5 the allies must respond.",
        "The vote was held on 3 May 2015.",
        "The mill closed in 1998 and reopened in the 2000s.",
        "The mill closed five months ago.",
        "It is one of many mills.",
    ],
)
def test_not_quantities(text):
    assert values(text) == []


def test_offsets_point_at_the_quantity():
    text = "In 2019 the town had 12,400 residents and lost 8 percent of them."
    qs = extract_quantities(text)
    assert [text[q.start : q.end] for q in qs] == ["12,400", "8 percent"]
