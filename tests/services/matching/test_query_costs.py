"""Costs per claim that must not grow with the number of matches or the table size
(issue 16): contradictions_detect's queries, the dispatch's stale-passage check, and
each worker process's share of the cores for torch."""

from __future__ import annotations

import sys
import types

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Match
from claims.services.contradictions import contradictions_detect
from tests.factories import ArticleFactory, ClaimFactory, MatchFactory

pytestmark = pytest.mark.django_db

TEXT = "The Lindholm ferry carried 12,000 passengers in 2015."


def _hub_with_partners(n: int) -> tuple[Claim, list[Match]]:
    """A claim matched to ``n`` other sources saying the same thing (no conflict)."""
    hub = ClaimFactory(text=TEXT)
    for i in range(n):
        MatchFactory(claim=hub, passage=None, rank=i + 1, score=0.95,
                     other_claim=ClaimFactory(article=ArticleFactory(), text=TEXT))
    hub = Claim.objects.select_related("article").get(pk=hub.pk)
    matches = list(Match.objects.filter(claim=hub).select_related("passage", "other_claim"))
    return hub, matches


def _queries(claim: Claim, matches: list[Match]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        contradictions_detect(claim=claim, matches=matches)
    return len(ctx.captured_queries)


def test_detect_queries_do_not_grow_with_the_number_of_matches():
    one = _queries(*_hub_with_partners(1))
    five = _queries(*_hub_with_partners(5))
    assert five == one  # was one read per partner and one write per changed stance


def test_detect_still_writes_every_changed_stance():
    hub, matches = _hub_with_partners(3)
    assert {m.stance for m in matches} == {Match.Stance.RELATED}
    contradictions_detect(claim=hub, matches=matches)
    stored = set(Match.objects.filter(claim=hub).values_list("stance", flat=True))
    assert stored == {Match.Stance.SUPPORT}


def test_each_pool_process_gets_its_share_of_the_cores(monkeypatch):
    from factcheck import celery as celery_app

    monkeypatch.setenv("FACTCHECK_POOL_SIZE", "1")  # restored after the test
    calls = []
    fake_torch = types.SimpleNamespace(set_num_threads=calls.append)
    monkeypatch.setitem(sys.modules, "torch", fake_torch)
    monkeypatch.setattr(celery_app.os, "cpu_count", lambda: 4)
    monkeypatch.delenv("TORCH_THREADS", raising=False)
    celery_app._remember_pool_size(sender=types.SimpleNamespace(concurrency=2))
    celery_app._share_cores()
    monkeypatch.setenv("TORCH_THREADS", "3")
    celery_app._share_cores()
    monkeypatch.setenv("FACTCHECK_POOL_SIZE", "8")
    monkeypatch.delenv("TORCH_THREADS")
    celery_app._share_cores()
    assert calls == [2, 3, 1]


def test_a_given_stance_model_saves_the_lookup_query():
    hub, matches = _hub_with_partners(2)
    from claims.services.contradictions import detection_stance_model

    _queries(hub, matches)  # settles the stances, so both runs below write nothing
    asked = _queries(hub, matches)
    model = detection_stance_model()
    with CaptureQueriesContext(connection) as ctx:
        contradictions_detect(claim=hub, matches=matches, model=model)
    assert len(ctx.captured_queries) == asked - 1


def test_a_match_batch_looks_the_stance_model_up_once(monkeypatch):
    from claims.services import contradictions, matching

    calls = []
    real = contradictions.stance_setting
    monkeypatch.setattr(contradictions, "stance_setting", lambda: calls.append(1) or real())
    article = ArticleFactory()
    ids = [ClaimFactory(article=article, text=f"The ferry carried {n},000 people in 2015.",
                        embedding=[1.0] + [0.0] * 383).pk for n in (3, 4, 5)]
    Claim.objects.filter(pk__in=ids).update(embedding_model=matching.embed.model_version())
    ClaimFactory(article=ArticleFactory(), text="The ferry carried 9,000 people in 2015.",
                 embedding=[1.0] + [0.0] * 383, embedding_model=matching.embed.model_version())
    stored = matching.claims_match(claim_ids=ids)
    assert sum(len(v) for v in stored.values()) >= 3  # each found the other source
    assert calls == [1]
