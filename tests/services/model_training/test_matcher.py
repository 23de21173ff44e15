"""``train --what matcher``: reviewers' citations -> a re-ranker that puts the passage they
cite above the one the fused order prefers, judged on held-back claims, then served.

Vectors are hand-made (no model). Each claim has two passages: a short copy of the claim's
own words (an aggregator's repost: closest in vector space and in words) and a longer
official record further away, which is the one this desk's reviewers cite. The fused order
and the shipped re-ranker put the copy first; only the reviewers' labels say otherwise.
"""

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from claims.models import Match, ModelVersion
from claims.pipeline import embed
from claims.services.matching import claim_match, claims_match
from claims.services.model_training import NotEnoughLabels, model_train
from claims.vector_search import clear_cache
from tests.factories import ClaimFactory, ReferencePassageFactory, VerdictFactory, unit_vector

pytestmark = pytest.mark.django_db

TOWNS = ["Kessova", "Lindholm", "Tarnby", "Varessa", "Ostrova", "Belmar", "Corvin", "Dunmere",
         "Elsford", "Farrow", "Galloway", "Harwick", "Ivel", "Jarrow", "Kelby", "Lorne"]


def _mix(base, seed, eps):
    v = base + eps * unit_vector(seed)
    return (v / np.linalg.norm(v)).astype(np.float32)


@pytest.fixture
def world(reviewer, settings):
    settings.MATCH_RERANKER = None  # the serving choice: promoted version, else shipped
    clear_cache()
    version, now = embed.model_version(), timezone.now()
    pairs = []
    for i, town in enumerate(TOWNS):
        n = 1000 + 37 * i
        base = unit_vector(500 + i)
        claim = ClaimFactory(
            text=f"The port of {town} handled {n} tonnes of grain in 2016.",
            sentence=f"The port of {town} handled {n} tonnes of grain in 2016.",
            embedding=base, embedding_model=version, embedded_at=now,
        )
        close = ReferencePassageFactory(
            title=f"The port of {town} handled {n} tonnes of grain in 2016",
            text=f"The port of {town} handled {n} tonnes of grain in 2016.",
            embedding=_mix(base, 900 + i, 0.2), embedding_model=version, embedded_at=now)
        cited = ReferencePassageFactory(
            title=f"Annual report of the {town} harbour board",
            text=(f"In its annual report the harbour board of {town} lists the cargo of the year: "
                  f"grain, timber and fuel oil moved through the quays, with grain at {n} tonnes, "
                  "against a five-year average that the board gives in its appendix."),
            embedding=_mix(base, 700 + i, 0.9), embedding_model=version, embedded_at=now)
        pairs.append((claim, close, cited))
    claims_match(claim_ids=[c.pk for c, _, _ in pairs])
    for claim, _, cited in pairs:
        m = Match.objects.get(claim=claim, passage=cited)
        VerdictFactory(claim=claim, reviewer=reviewer, cited_matches=[m])
    yield pairs
    clear_cache()


def _rank_of_cited(claim, cited):
    return next(m.rank for m in claim_match(claim_id=claim.pk) if m.passage_id == cited.pk)


def test_reviewers_citations_train_a_reranker_that_ranks_the_cited_passage_first(world):
    claim, close, cited = world[0]
    assert _rank_of_cited(claim, cited) > 1  # before: the close, unrelated passage leads
    result = model_train(kind="matcher")
    assert result.metric == "MAP@5"
    assert result.new_score > result.current_score and result.promoted
    assert ModelVersion.objects.get(kind="matcher", is_active=True).version == 1
    # served at once: every claim's cited passage is now first, and matches say which model
    for claim, _, cited in world:
        assert _rank_of_cited(claim, cited) == 1
    assert Match.objects.filter(method="reranked", model_version__contains="+rerank-").exists()


def test_a_dry_run_prints_both_figures_and_promotes_nothing(world, capsys):
    call_command("train", "--what", "matcher", "--dry-run")
    out = capsys.readouterr().out
    assert "matcher: MAP@5 on" in out and "dry run" in out
    assert not ModelVersion.objects.exists()


def test_no_citations_is_a_clear_error_and_writes_nothing(db):
    with pytest.raises(NotEnoughLabels):
        model_train(kind="matcher")
    assert not ModelVersion.objects.exists()
