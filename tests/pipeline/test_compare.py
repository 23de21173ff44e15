"""The compare step on cases we wrote ourselves (slots given as the DB stores them)."""

from __future__ import annotations

from claims.pipeline.compare import (
    Side,
    compare,
    entities_match,
    normalise_entity,
    same_event,
)
from claims.pipeline.negation import negations, stem


def _at(text: str, part: str) -> tuple[int, int]:
    i = text.index(part)
    return i, i + len(part)


def date_slot(text, part, *, gran, value, start_date, end_date, relative=False):
    s, e = _at(text, part)
    return {
        "text": part,
        "start": s,
        "end": e,
        "granularity": gran,
        "value": value,
        "start_date": start_date,
        "end_date": end_date,
        "relative": relative,
        "weekday": None,
    }


def num(text, part, value, unit=""):
    s, e = _at(text, part)
    return {"text": part, "start": s, "end": e, "value": value, "unit": unit}


def ent(text, part, label):
    s, e = _at(text, part)
    return {"text": part, "start": s, "end": e, "label": label}


def astana(year: int) -> Side:
    text = f"Russia, Turkey and Iran have sponsored peace talks in Astana since {year}."
    return Side(
        text=text,
        dates=[
            date_slot(
                text,
                f"since {year}",
                gran="range",
                value=f"{year}/..",
                start_date=f"{year}-01-01",
                end_date=None,
            )
        ],
        entities=[ent(text, n, "GPE") for n in ("Russia", "Turkey", "Iran", "Astana")],
    )


# --- dates -------------------------------------------------------------------


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


# --- numbers -----------------------------------------------------------------


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


# --- negation ----------------------------------------------------------------


def test_negation_conflict():
    t1 = "Sergey Lavrov did not attend the meeting in Geneva."
    t2 = "Lavrov attended the meeting in Geneva."
    a = Side(t1, entities=[ent(t1, "Sergey Lavrov", "PERSON"), ent(t1, "Geneva", "GPE")])
    b = Side(t2, entities=[ent(t2, "Lavrov", "PERSON"), ent(t2, "Geneva", "GPE")])
    result = compare(a, b, similarity=0.88)
    negs = [c for c in result.conflicts if c.kind == "negation"]
    assert len(negs) == 1
    assert "attend" in negs[0].value_a and negs[0].value_b == "attended"
    assert result.stance == "contradict"


def test_both_negated_is_agreement():
    t1 = "Lavrov did not attend the meeting in Geneva."
    t2 = "Lavrov never attended the Geneva meeting."
    a = Side(t1, entities=[ent(t1, "Lavrov", "PERSON"), ent(t1, "Geneva", "GPE")])
    b = Side(t2, entities=[ent(t2, "Lavrov", "PERSON"), ent(t2, "Geneva", "GPE")])
    result = compare(a, b, similarity=0.9)
    assert not result.conflicts
    assert any("both sides negate" in x for x in result.agreements)


def test_negation_cues_and_stems():
    assert [n.key for n in negations("He didn't attend.")] == ["attend"]
    assert [n.key for n in negations("Cruz refused to model for them.")] == ["model"]
    assert [n.key for n in negations("It is not a French film .")] == ["french"]
    assert negations("Not only did he attend, he spoke.") == []
    assert stem("modelled") == stem("model") == "model"
    assert stem("attended") == stem("attends") == "attend"


# --- entities and events -----------------------------------------------------


def test_entity_surname_and_possessive_matching():
    assert normalise_entity("Russia's") == "russia"
    assert entities_match(
        {"text": "Lavrov", "label": "PERSON"}, {"text": "Sergey Lavrov", "label": "PERSON"}
    )[0]
    assert entities_match({"text": "Russia's", "label": "GPE"}, {"text": "Russia", "label": "GPE"})[
        0
    ]
    assert not entities_match(
        {"text": "Anna Lavrova", "label": "PERSON"}, {"text": "Sergey Lavrov", "label": "PERSON"}
    )[0]
    assert not entities_match(
        {"text": "Anna Smith", "label": "PERSON"}, {"text": "John Smith", "label": "PERSON"}
    )[0]


def test_surname_counts_as_shared_entity_for_same_event():
    t1 = "Foreign Minister Sergey Lavrov met Rex Tillerson in Moscow on Wednesday."
    t2 = "Lavrov and Tillerson held talks in Moscow."
    a = Side(
        t1,
        entities=[
            ent(t1, "Sergey Lavrov", "PERSON"),
            ent(t1, "Rex Tillerson", "PERSON"),
            ent(t1, "Moscow", "GPE"),
        ],
    )
    b = Side(
        t2,
        entities=[
            ent(t2, "Lavrov", "PERSON"),
            ent(t2, "Tillerson", "PERSON"),
            ent(t2, "Moscow", "GPE"),
        ],
    )
    ok, score, why = same_event(a, b, similarity=0.7)
    assert ok, why
    assert "Sergey Lavrov = Lavrov (surname)" in why
    # Without the surname rule the entity overlap would be 1/3; check it is full.
    assert "shared entities 3/" in why


def test_entity_slot_conflict_astana_vs_geneva():
    t1 = "The Syrian opposition joined peace talks in Astana on Monday."
    t2 = "The Syrian opposition joined peace talks in Geneva on Monday."
    a = Side(t1, entities=[ent(t1, "Syrian", "NORP"), ent(t1, "Astana", "GPE")])
    b = Side(t2, entities=[ent(t2, "Syrian", "NORP"), ent(t2, "Geneva", "GPE")])
    result = compare(a, b, similarity=0.93)
    ents = [c for c in result.conflicts if c.kind == "entity"]
    assert [(c.value_a, c.value_b) for c in ents] == [("Astana", "Geneva")]
    assert "talk" in ents[0].detail


def test_different_events_sharing_a_country_do_not_contradict():
    t1 = "Russia, Turkey and Iran have sponsored peace talks in Astana since 2017."
    t2 = "Russia's wheat exports did not grow in 2016, falling by 12 percent."
    a = astana(2017)
    b = Side(
        t2,
        dates=[
            date_slot(
                t2,
                "2016",
                gran="year",
                value="2016",
                start_date="2016-01-01",
                end_date="2016-12-31",
            )
        ],
        numbers=[num(t2, "12 percent", 12, "percent")],
        entities=[ent(t2, "Russia's", "GPE")],
    )
    assert a.text == t1
    result = compare(a, b, similarity=0.31)
    assert not result.same_event
    assert result.conflicts == []
    assert result.stance in {"related", "unknown"}
    # Even with a generous similarity the lack of shared content keeps them apart.
    result = compare(a, b, similarity=0.55)
    assert not result.same_event, result.event_detail
    assert result.conflicts == []


def test_every_conflict_is_explained():
    result = compare(astana(2017), astana(2016), similarity=0.96)
    d = result.to_dict()
    assert d["conflicts"][0]["detail"]
    assert "same event" in d["event_detail"]


# --- pluggable stance ----------------------------------------------------------


def test_stance_registry_default_is_rules_and_needs_no_model():
    import pytest

    from claims.pipeline.stance import (
        RulesStanceModel,
        StanceModel,
        get_stance_model,
        text_only_side,
    )

    model = get_stance_model("rules", side_builder=text_only_side)
    assert isinstance(model, RulesStanceModel)
    assert isinstance(model, StanceModel)
    preds = model.predict(
        [
            (
                "Lavrov did not attend the meeting in Geneva.",
                "Lavrov attended the meeting in Geneva.",
            ),
            ("Lavrov attended the meeting in Geneva.", "Lavrov attended the meeting in Geneva."),
            ("Lavrov attended the meeting in Geneva.", "Wheat prices rose sharply in Kansas."),
        ]
    )
    assert [p[0] for p in preds] == ["refute", "support", "nei"]
    assert all(0.0 <= p[1] <= 1.0 for p in preds)
    with pytest.raises(ValueError, match="unknown stance model"):
        get_stance_model("no-such-model")


def test_stance_registry_accepts_a_plugged_model():
    from claims.pipeline.stance import _REGISTRY, get_stance_model, register_stance_model

    class Always:
        name = "always-refute"

        def __init__(self, argument=""):
            self.argument = argument

        def predict(self, pairs):
            return [("refute", 1.0) for _ in pairs]

    register_stance_model("always-refute")(Always)
    try:
        model = get_stance_model("always-refute:xyz")
        assert model.argument == "xyz"
        assert model.predict([("a", "b")]) == [("refute", 1.0)]
    finally:
        _REGISTRY.pop("always-refute")


def test_end_to_end_with_pipeline_extractors():
    """Raw text through the real extractors (skipped until they are in the tree)."""
    import pytest

    for mod in ("temporal", "quantities", "entities"):
        pytest.importorskip(f"claims.pipeline.{mod}")
    from claims.pipeline.stance import pipeline_side

    a = pipeline_side("Russia, Turkey and Iran have sponsored peace talks in Astana since 2017.")
    b = pipeline_side("Russia, Turkey and Iran have sponsored the Astana peace talks since 2016.")
    result = compare(a, b, similarity=0.95)
    assert [(c.kind, c.value_a, c.value_b) for c in result.conflicts] == [("date", "2017", "2016")]
    a = pipeline_side("Unemployment in Spain fell to 13.8 percent in March 2020.")
    b = pipeline_side("Unemployment in Spain fell to 16.2% in March 2020.")
    result = compare(a, b, similarity=0.95)
    assert [c.kind for c in result.conflicts] == ["number"]
    assert any(x.startswith("date:") for x in result.agreements)


def test_unicode_forms_match():
    composed, decomposed = "L'Or\u00e9al", "L'Ore\u0301al"
    assert normalise_entity(composed) == normalise_entity(decomposed)
    from claims.pipeline.negation import content_stems

    assert content_stems(f"She modelled for {composed}") == content_stems(
        f"She modelled for {decomposed}"
    )
