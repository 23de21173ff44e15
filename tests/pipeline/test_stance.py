"""The pluggable stance model over the compare step."""

from __future__ import annotations


def test_stance_registry_default_is_rules_and_needs_no_model():
    import pytest

    from claims.pipeline.stance import RulesStanceModel, StanceModel, get_stance_model
    from claims.pipeline.stance_sides import text_only_side

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
