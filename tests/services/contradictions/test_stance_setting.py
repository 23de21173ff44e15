"""settings.STANCE_MODEL picks the stance implementation contradiction_detect uses."""

from __future__ import annotations

import pytest

from claims.models import Contradiction, Match
from claims.pipeline import stance
from claims.services.contradictions import contradictions_detect
from tests.factories import ArticleFactory, ClaimFactory, MatchFactory, SourceFactory


class AlwaysRefutes:
    """A stand-in for an NLI model: refutes every pair, and counts its calls."""

    name = "test-always-refutes"
    calls: list = []

    def __init__(self, **kwargs):
        pass

    def predict(self, pairs):
        AlwaysRefutes.calls.extend(pairs)
        return [("refute", 0.9) for _ in pairs]


@pytest.fixture(autouse=True)
def registry():
    stance.register_stance_model(AlwaysRefutes.name)(AlwaysRefutes)
    stance.clear_stance_models()
    AlwaysRefutes.calls = []
    yield
    stance._REGISTRY.pop(AlwaysRefutes.name, None)
    stance.clear_stance_models()


@pytest.fixture
def pair(db):
    a = ClaimFactory(article=ArticleFactory(source=SourceFactory(name="Oster Courier")),
                     text="The Lindholm ferry carried 12,000 passengers in 2015.")
    b = ClaimFactory(article=ArticleFactory(source=SourceFactory(name="Varessa Post")),
                     text="The Lindholm ferry was painted green in 2015.")
    m = MatchFactory(claim=a, passage=None, other_claim=b, score=0.9)
    return a, b, m


def test_default_setting_selects_the_rules(settings):
    settings.STANCE_MODEL = "rules"
    assert isinstance(stance.stance_model(settings.STANCE_MODEL), stance.RulesStanceModel)


@pytest.mark.django_db
def test_rules_find_no_conflict_in_this_pair(pair, settings):
    settings.STANCE_MODEL = "rules"
    a, b, m = pair
    assert contradictions_detect(claim=a, matches=[m]) == []
    assert AlwaysRefutes.calls == []
    m.refresh_from_db()
    assert m.stance != Match.Stance.CONTRADICT


@pytest.mark.django_db
def test_setting_selects_the_registered_model(pair, settings):
    settings.STANCE_MODEL = AlwaysRefutes.name
    a, b, m = pair
    found = contradictions_detect(claim=a, matches=[m])
    assert AlwaysRefutes.calls == [(a.text, b.text)]
    m.refresh_from_db()
    assert m.stance == Match.Stance.CONTRADICT
    assert [c.kind for c in found] == [Contradiction.Kind.OTHER]
    assert "test-always-refutes" in found[0].detail


@pytest.mark.django_db
def test_unknown_setting_is_a_clear_error_and_writes_nothing(pair, settings):
    settings.STANCE_MODEL = "no-such-model"
    a, _, m = pair
    with pytest.raises(ValueError, match="unknown stance model 'no-such-model'"):
        contradictions_detect(claim=a, matches=[m])
    assert Contradiction.objects.count() == 0
