"""Number slots: tolerance, qualifiers, bounds, what a number counts (our own sentences)."""

from __future__ import annotations

from claims.pipeline.compare import Side, compare
from tests.pipeline.compare.sides import ent, num, side


def _unemployment(value: str, v: float, qualifier: str = "") -> Side:
    text = f"Unemployment in Spain fell to {qualifier}{value} percent in March 2020."
    return Side(
        text,
        numbers=[num(text, f"{value} percent", v, "percent")],
        entities=[ent(text, "Spain", "GPE")],
    )


def test_number_conflict_beyond_tolerance():
    result = compare(_unemployment("13.8", 13.8), _unemployment("16.2", 16.2), similarity=0.95)
    nums = [c for c in result.conflicts if c.kind == "number"]
    assert len(nums) == 1
    assert (nums[0].value_a, nums[0].value_b) == ("13.8 percent", "16.2 percent")
    assert "tolerance" in nums[0].detail
    assert result.stance == "contradict"


def test_number_within_rounding_tolerance_is_agreement():
    result = compare(_unemployment("13.8", 13.8), _unemployment("14", 14.0), similarity=0.95)
    assert not [c for c in result.conflicts if c.kind == "number"]
    assert any(x.startswith("number:") for x in result.agreements)


def test_about_qualifier_loosens_tolerance():
    exact = compare(_unemployment("12", 12.0), _unemployment("13.5", 13.5), similarity=0.95)
    approx = compare(
        _unemployment("12", 12.0, "about "), _unemployment("13.5", 13.5), similarity=0.95
    )
    assert [c.kind for c in exact.conflicts] == ["number"]  # 11% apart: beyond 5%
    assert not approx.conflicts  # within 15% once "about" is said


def test_more_than_bound():
    def side(text, part, v):
        return Side(text, numbers=[num(text, part, v, "")], entities=[ent(text, "Aleppo", "GPE")])

    t1 = "More than 300 civilians were evacuated from Aleppo on Monday."
    t2 = "Some 450 civilians were evacuated from Aleppo on Monday."
    t3 = "Only 120 civilians were evacuated from Aleppo on Monday."
    ok = compare(side(t1, "300", 300), side(t2, "450", 450), similarity=0.9)
    bad = compare(side(t1, "300", 300), side(t3, "120", 120), similarity=0.9)
    assert not [c for c in ok.conflicts if c.kind == "number"]
    assert [c.kind for c in bad.conflicts] == ["number"]
    assert "more than 300" in bad.conflicts[0].detail


def test_numbers_of_different_things_are_not_aligned():
    t1 = "The flood killed 40 people in Dhaka."
    t2 = "The flood destroyed 900 houses in Dhaka."
    a = Side(t1, numbers=[num(t1, "40", 40)], entities=[ent(t1, "Dhaka", "GPE")])
    b = Side(t2, numbers=[num(t2, "900", 900)], entities=[ent(t2, "Dhaka", "GPE")])
    result = compare(a, b, similarity=0.8)
    assert not [c for c in result.conflicts if c.kind == "number"]


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
