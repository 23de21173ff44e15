"""Claim.conflict_count follows the contradiction rows through every service that
writes them: detect, confirm, dismiss, re-detect, and deletes (also by cascade)."""

from __future__ import annotations

import pytest
from django.db.models import Q

from claims.models import Claim, Contradiction
from claims.pipeline import stance
from claims.selectors.contradictions import conflict_count_expr
from claims.services.contradictions import (
    claim_conflict_counts_refresh,
    contradiction_resolve,
    contradictions_detect,
)
from tests.factories import ArticleFactory, ClaimFactory, MatchFactory, SourceFactory

pytestmark = pytest.mark.django_db


class Switch:
    """A stand-in stance model: refutes every pair while ``refute`` is True."""

    name = "test-switch"
    refute = True

    def __init__(self, **kwargs):
        pass

    def predict(self, pairs):
        return [("refute" if Switch.refute else "nei", 0.9) for _ in pairs]


@pytest.fixture(autouse=True)
def switch(settings):
    stance.register_stance_model(Switch.name)(Switch)
    stance.clear_stance_models()
    settings.STANCE_MODEL = Switch.name
    Switch.refute = True
    yield Switch
    stance._REGISTRY.pop(Switch.name, None)
    stance.clear_stance_models()


def _claim(source: str, text: str) -> Claim:
    return ClaimFactory(article=ArticleFactory(source=SourceFactory(name=source)), text=text)


def stored(*claims: Claim) -> list[int]:
    return list(Claim.objects.filter(pk__in=[c.pk for c in claims]).order_by("pk")
                .values_list("conflict_count", flat=True))


def counted(*claims: Claim) -> list[int]:
    """What the count must be, counted from the rows now."""
    return list(Claim.objects.filter(pk__in=[c.pk for c in claims]).order_by("pk")
                .annotate(n=conflict_count_expr()).values_list("n", flat=True))


def test_count_follows_detect_confirm_dismiss_and_redetect(reviewer, moderator, switch):
    hub = _claim("Oster Courier", "The Lindholm ferry carried 12,000 passengers in 2015.")
    b = _claim("Varessa Post", "The Lindholm ferry carried 9,000 passengers in 2015.")
    c = _claim("Nordby Times", "The Lindholm ferry carried 15,000 passengers in 2015.")
    m_b = MatchFactory(claim=hub, passage=None, other_claim=b, score=0.9)
    m_c = MatchFactory(claim=hub, passage=None, other_claim=c, score=0.9, rank=2)
    assert stored(hub, b, c) == [0, 0, 0]

    contradictions_detect(claim=hub, matches=[m_b, m_c])
    assert stored(hub, b, c) == counted(hub, b, c) == [2, 1, 1]
    # detected again from the other side: the same row, no double count
    m_back = MatchFactory(claim=b, passage=None, other_claim=hub, score=0.9)
    contradictions_detect(claim=b, matches=[m_back])
    assert stored(hub, b, c) == [2, 1, 1]

    pair_b = Contradiction.objects.get(Q(claim=b) | Q(other_claim=b))
    pair_c = Contradiction.objects.get(Q(claim=c) | Q(other_claim=c))
    contradiction_resolve(contradiction_id=pair_b.pk, user=reviewer, decision="confirm")
    assert stored(hub, b, c) == [2, 1, 1]  # confirmed still counts
    contradiction_resolve(contradiction_id=pair_c.pk, user=reviewer, decision="dismiss")
    assert stored(hub, b, c) == counted(hub, b, c) == [1, 1, 0]
    contradiction_resolve(contradiction_id=pair_c.pk, user=moderator, decision="confirm")
    assert stored(hub, b, c) == [2, 1, 1]
    contradiction_resolve(contradiction_id=pair_b.pk, user=moderator, decision="dismiss")
    assert stored(hub, b, c) == [1, 0, 1]

    # re-detect finds no conflict any more: resolved rows stay as decided...
    switch.refute = False
    contradictions_detect(claim=hub, matches=[m_b, m_c])
    assert stored(hub, b, c) == counted(hub, b, c) == [1, 0, 1]
    # ...and a suspected one that no longer holds is removed, and uncounted
    d = _claim("Harbour Daily", "The Lindholm ferry carried 1,000 passengers in 2015.")
    m_d = MatchFactory(claim=hub, passage=None, other_claim=d, score=0.9, rank=3)
    switch.refute = True
    contradictions_detect(claim=hub, matches=[m_d])
    assert stored(hub, d) == [2, 1]
    switch.refute = False
    contradictions_detect(claim=hub, matches=[m_d])
    assert not Contradiction.objects.filter(Q(claim=d) | Q(other_claim=d)).exists()
    assert stored(hub, d) == counted(hub, d) == [1, 0]


def test_cascade_delete_of_a_claim_uncounts_its_partner(switch):
    hub = _claim("Oster Courier", "The Lindholm ferry carried 12,000 passengers in 2015.")
    b = _claim("Varessa Post", "The Lindholm ferry carried 9,000 passengers in 2015.")
    m = MatchFactory(claim=hub, passage=None, other_claim=b, score=0.9)
    contradictions_detect(claim=hub, matches=[m])
    assert stored(hub, b) == [1, 1]
    b.article.delete()  # its claims go, and their contradictions with them
    assert stored(hub) == counted(hub) == [0]


def test_refresh_repairs_a_drifted_count_and_ignores_missing_ids():
    a = ClaimFactory()
    Claim.objects.filter(pk=a.pk).update(conflict_count=7)
    assert claim_conflict_counts_refresh(claim_ids=[a.pk, None, 10**9]) == 1
    assert stored(a) == [0]
    assert claim_conflict_counts_refresh(claim_ids=[]) == 0
