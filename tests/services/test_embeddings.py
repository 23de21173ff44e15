"""The embed step re-scores check-worthiness with the joint model (real MiniLM)."""

from __future__ import annotations

import pytest

from claims.models import Claim
from claims.pipeline import checkworthy
from claims.services.embeddings import claims_embed
from tests.factories import ClaimFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FACT = "The Lindholm ferry carried 12,000 passengers in 2015, up 8 percent on 2014."
OPINION = "What a wonderful day for our town, I think."


def test_embedding_replaces_the_default_score_with_the_joint_score():
    fact = ClaimFactory(text=FACT, checkworthiness=checkworthy.score([FACT])[0])
    opinion = ClaimFactory(text=OPINION, checkworthiness=checkworthy.score([OPINION])[0])
    before = {c.pk: c.checkworthiness for c in (fact, opinion)}
    assert claims_embed(claim_ids=[fact.pk, opinion.pk]) == 2
    rows = {c.pk: c for c in Claim.objects.filter(pk__in=before)}
    for pk, row in rows.items():
        expected = checkworthy.score([row.text], features=checkworthy.features([row.text]))[0]
        assert row.checkworthiness == pytest.approx(expected, abs=1e-6)
        assert row.checkworthiness != pytest.approx(before[pk], abs=1e-9)
    assert rows[fact.pk].checkworthiness > 0.5 > rows[opinion.pk].checkworthiness
    # idempotent: a current vector is neither recomputed nor re-scored
    assert claims_embed(claim_ids=[fact.pk]) == 0


def test_unusable_model_keeps_the_old_score_and_still_embeds(monkeypatch):
    claim = ClaimFactory(text=FACT, checkworthiness=0.42)

    def broken(*args, **kwargs):
        raise checkworthy.CheckworthyModelError("artefact built with another version")

    monkeypatch.setattr(checkworthy, "score", broken)
    assert claims_embed(claim_ids=[claim.pk]) == 1
    claim.refresh_from_db()
    assert claim.embedding is not None
    assert claim.checkworthiness == 0.42
