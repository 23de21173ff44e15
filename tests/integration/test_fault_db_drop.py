"""PostgreSQL drops the worker's connection in the middle of a matching chunk, three times.

``pg_terminate_backend`` is what an administrator, a failover or a restarted
pgbouncer does to a live session. The task sees an OperationalError, Celery
retries it with backoff (the transient errors of ``claims/tasks.py``), Django
opens a fresh connection, and the run completes with every claim matched once.
"""

import time

import pytest
from django.db import connection, transaction

from claims.models import Claim, VerificationRun
from claims.pipeline import embed
from claims.services.runs import verification_start
from tests.factories import ArticleFactory, ClaimFactory, ReferencePassageFactory
from tests.integration.test_fault_worker_kill import in_flight
from tests.integration.test_matching_worker import assert_matched_once, wait_run
from tests.integration.test_worker import Worker

pytestmark = pytest.mark.integration

DROPS = 3


def worker_backends() -> list[int]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        return [row[0] for row in cur.fetchall()]


def terminate(pids: list[int]) -> int:
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                    "FROM unnest(%s::int[]) AS pid", [pids])
        return cur.fetchone()[0]


def test_connection_dropped_mid_task_is_retried_and_the_run_completes(
    transactional_db, broker_redis, tmp_path
):
    version = embed.model_version()
    ReferencePassageFactory.create_batch(40, embedded=True, embedding_model=version)
    claims = []
    for _ in range(4):  # four sources, so claims are matched across sources too
        claims += ClaimFactory.create_batch(
            96, article=ArticleFactory(), embedded=True, embedding_model=version
        )  # a chunk is one batch now: enough chunks that three drops land before the end
    with transaction.atomic():
        run = verification_start(all_claims=True)
    worker = Worker(tmp_path / "w").start()
    try:
        dropped = []
        deadline = time.monotonic() + 180
        while len(dropped) < DROPS:
            worker.check_alive()
            r = VerificationRun.objects.get(pk=run.pk)
            assert r.status == "running" or r.status == "queued", (
                f"run ended after {len(dropped)} drops; make the batch bigger", r.errors)
            assert time.monotonic() < deadline, worker.log_tail()
            pids = worker_backends()
            if r.phase == "match" and pids and "claims.tasks.match_claims" in in_flight(broker_redis):
                if terminate(pids):
                    dropped.append(len(pids))
                    time.sleep(1.5)  # let the retry start before the next drop
                    continue
            time.sleep(0.02)

        r = wait_run(run.pk, worker, until=lambda r: r.status in ("complete", "failed"))
        assert r.status == "complete", (r.errors, worker.log_tail())
        assert (r.done, r.failed) == (len(claims), 0)
        assert_matched_once(r)
        assert not Claim.objects.filter(matched_at__lt=r.started_at).exists()
        log = worker.log_path.read_text(errors="replace")
        assert "terminating connection due to administrator command" in log
        assert log.count(" retry: Retry in ") >= 1, log[-4000:]
        assert worker.stop() == 0
    finally:
        worker.stop()
