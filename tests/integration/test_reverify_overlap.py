"""A scheduled re-verification that overlaps itself runs once; the other firings are skipped.

Two cases on PostgreSQL: two firings at the very same moment (threads, with the
stale-claim query slowed so both are inside it together), and beat's messages
taken by two live workers at once while the first firing's run is still queued.
Each extra firing leaves a VerificationRun with status ``skipped`` naming the
run it deferred to, and nothing is queued for it.
"""

import json
import re
import time

import pytest

import claims.services.runs as reverify_service
from claims import tasks
from claims.models import Claim, VerificationRun
from claims.pipeline import embed
from tests.factories import ClaimFactory, ReferencePassageFactory
from tests.integration.test_concurrent_verdicts import run_together
from tests.integration.test_worker import Worker

pytestmark = pytest.mark.integration

DONE = re.compile(r"claims\.tasks\.reverify_stale\[[0-9a-f-]+\] succeeded")


def stale_claims(n=20):
    version = embed.model_version()
    ReferencePassageFactory.create_batch(12, embedded=True, embedding_model=version)
    return ClaimFactory.create_batch(n, embedded=True, embedding_model=version)  # never matched


def queued_tasks(broker_redis, queue="default") -> list[str]:
    return [json.loads(m)["headers"]["task"] for m in broker_redis.lrange(queue, 0, -1)]


def test_two_firings_at_the_same_moment(transactional_db, broker_redis, monkeypatch):
    stale_claims()
    real = reverify_service.stale_claim_ids

    def slow_stale_claim_ids():
        time.sleep(1.0)  # a long stale-claim query: both firings are inside it together
        return real()

    monkeypatch.setattr(reverify_service, "stale_claim_ids", slow_stale_claim_ids)
    results = run_together(2, lambda i: reverify_service.reverify_stale())
    assert all(isinstance(r, VerificationRun) for r in results), results

    runs = VerificationRun.objects.filter(kind="reverify")
    started = runs.exclude(status="skipped")
    assert started.count() == 1
    skipped = runs.get(status="skipped")
    assert skipped.errors[0]["error"].startswith(f"skipped: run {started.get().pk} ")
    assert skipped.total == 0 and skipped.finished_at is not None
    assert queued_tasks(broker_redis) == ["claims.tasks.run_dispatch"]  # queued once


def test_beat_firing_while_the_run_is_active_is_skipped_by_live_workers(
    transactional_db, broker_redis, tmp_path
):
    claims = stale_claims()
    workers = [Worker(tmp_path / f"w{i}") for i in range(2)]
    try:
        for w in workers:
            w.start()
        for w in workers:
            w.wait_ready()
        # beat fires three times in a row: two workers take two firings at once, the
        # third is next in the queue, ahead of the first run's dispatch
        for _ in range(3):
            tasks.reverify_stale.delay()
        deadline = time.monotonic() + 120
        while True:
            runs = list(VerificationRun.objects.filter(kind="reverify").order_by("pk"))
            started = [r for r in runs if r.status != "skipped"]
            if len(runs) == 3 and started and started[0].status in ("complete", "failed"):
                break
            for w in workers:
                w.check_alive()
            assert time.monotonic() < deadline, ([(r.pk, r.status) for r in runs],
                                                 workers[0].log_tail(), workers[1].log_tail())
            time.sleep(0.25)
        assert len(started) == 1, [(r.pk, r.status, r.errors) for r in runs]
        run = started[0]
        assert run.status == "complete", run.errors
        assert run.done == run.total == len(claims)
        skipped = [r for r in runs if r.status == "skipped"]
        assert len(skipped) == 2
        for r in skipped:
            assert r.errors[0]["error"].startswith(f"skipped: run {run.pk} ")
        assert not Claim.objects.filter(matched_at__isnull=True).exists()

        # once the run is over, the next firing finds nothing stale and starts nothing
        tasks.reverify_stale.delay()
        def firings_done():
            return sum(len(DONE.findall(w.log_tail(10**6))) for w in workers)

        deadline = time.monotonic() + 60
        while firings_done() < 4:
            assert time.monotonic() < deadline, "the fourth firing never ran"
            time.sleep(0.25)
        assert VerificationRun.objects.filter(kind="reverify").count() == 3
        for w in workers:
            assert w.stop() == 0, w.log_tail()
    finally:
        for w in workers:
            w.stop()
