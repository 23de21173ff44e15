"""Matching through real workers on PostgreSQL+pgvector and Redis, including a SIGKILL.

An article goes in, its claims come out matched by a live worker; killing the
worker mid-batch and starting another finishes the batch with no claim lost
and no match duplicated.
"""

import time

import pytest
from django.db import transaction
from django.db.models import Count

from claims.models import Claim, Contradiction, Match, ReferencePassage, VerificationRun
from claims.services.runs import verification_start
from tests.integration.test_worker import Worker

pytestmark = pytest.mark.integration

RUN_TIMEOUT = 300


def make_worker(tmp_path, name):
    w = Worker(tmp_path / name)
    # a killed worker's unacknowledged message comes back after this many seconds
    # (no task here runs nearly that long), and workers look for such messages every 2 s
    w.env["CELERY_VISIBILITY_TIMEOUT"] = "20"
    w.env["CELERY_UNACKED_RESTORE_INTERVAL"] = "2"
    return w


def wait_run(run_id, worker, *, until) -> VerificationRun:
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        run = VerificationRun.objects.get(pk=run_id)
        if until(run):
            return run
        worker.check_alive()
        time.sleep(0.5)
    pytest.fail(
        f"run {run_id} stuck at {run.status}/{run.phase} {run.done}/{run.total}:\n"
        f"{worker.log_tail()}"
    )


def assert_matched_once(run):
    ids = run.params["claim_ids"]
    assert Claim.objects.filter(pk__in=ids, matched_at__isnull=True).count() == 0
    per_target = (
        Match.objects.filter(claim_id__in=ids)
        .values("claim_id", "passage_id", "other_claim_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not per_target.exists()
    per_claim = Match.objects.filter(claim_id__in=ids).values("claim_id").annotate(n=Count("id"))
    assert max(r["n"] for r in per_claim) <= 10  # top-5 passages + top-5 other claims


def test_article_claims_matched_by_live_worker(sample_loaded, broker_redis, tmp_path):
    worker = make_worker(tmp_path, "w1")
    with transaction.atomic():
        run = verification_start(all_claims=True)
    worker.start().wait_ready()
    run = wait_run(run.pk, worker, until=lambda r: r.status in ("complete", "failed"))
    assert run.status == "complete", run.errors
    assert run.done == run.total > 100
    assert_matched_once(run)
    # pgvector did the work: every passage got a vector from the worker
    assert not ReferencePassage.objects.filter(embedding__isnull=True).exists()
    # the planted cross-source contradiction (Moscow vs Ankara for the same meeting)
    assert Contradiction.objects.filter(
        kind="entity", value_claim__in=["Moscow", "Ankara"], value_other__in=["Moscow", "Ankara"]
    ).exists()
    assert worker.stop() == 0
