"""SIGKILL a live worker in the middle of a verification batch, twice; the run still completes.

The first worker is killed while an embedding chunk is in flight, the second
while a matching chunk is in flight. A chunk is matched in one batch and one
transaction, so a kill never leaves it half written: either all its claims are
matched or none, and the redelivered chunk does the rest.
A third worker finishes the run. Redis keeps a killed worker's message in its
``unacked`` hash and hands it out again after the visibility timeout (20 s
here, an hour in production), so nothing is lost; the tasks are idempotent,
so nothing is done twice in the data: every claim ends matched once, no Match
row is duplicated, and the run ends complete with exact counts.
"""

import json
import time

import pytest
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, VerificationRun
from claims.services.runs import run_chunks, verification_start
from tests.integration.test_matching_worker import (
    assert_matched_once,
    make_worker,
    wait_run,
)

pytestmark = pytest.mark.integration

KILL_TIMEOUT = 240


def in_flight(broker_redis) -> list[str]:
    """Task names of the messages a worker holds unacknowledged right now."""
    names = []
    for raw in broker_redis.hvals("unacked"):
        message = json.loads(raw)[0]
        names.append(message["headers"]["task"])
    return names


def half_done_chunk(run: VerificationRun) -> list[int] | None:
    if run.started_at is None:
        return None
    ids = run.params["claim_ids"]
    matched = set(
        Claim.objects.filter(pk__in=ids, matched_at__gte=run.started_at).values_list("pk", flat=True)
    )
    for chunk in run_chunks(run):
        n = len(matched.intersection(chunk))
        if 0 < n < len(chunk):
            return chunk
    return None


def kill_when(worker, condition, what: str):
    deadline = time.monotonic() + KILL_TIMEOUT
    while time.monotonic() < deadline:
        worker.check_alive()
        found = condition()
        if found:
            worker.proc.kill()  # SIGKILL: no warm shutdown, no ack, no restore
            worker.proc.wait(timeout=10)
            return found
        time.sleep(0.1)
    pytest.fail(f"never saw {what} within {KILL_TIMEOUT}s:\n{worker.log_tail()}")


@pytest.fixture
def spawn(tmp_path):
    started = []

    def start(name):
        started.append(make_worker(tmp_path, name).start())
        return started[-1]

    yield start
    for w in started:
        w.stop()


def test_sigkill_mid_embedding_and_mid_matching(sample_loaded, broker_redis, spawn):
    with transaction.atomic():
        run = verification_start(all_claims=True)
    total = run.total
    assert total > 100 and len(run_chunks(run)) >= 4

    # 1. killed while an embedding chunk is being worked on
    w1 = spawn("w1")

    def embedding_in_flight():
        r = VerificationRun.objects.get(pk=run.pk)
        return r.phase == "embed" and "claims.tasks.embed_claims" in in_flight(broker_redis)

    kill_when(w1, embedding_in_flight, "an embed_claims task in flight")
    assert "claims.tasks.embed_claims" in in_flight(broker_redis)  # abandoned, not acked
    r = VerificationRun.objects.get(pk=run.pk)
    assert (r.status, r.phase) == ("running", "embed")

    # 2. killed while a matching chunk is in flight
    w2 = spawn("w2")

    def matching_in_flight():
        r = VerificationRun.objects.get(pk=run.pk)
        return (r.phase == "match" and r.done < total
                and "claims.tasks.match_claims" in in_flight(broker_redis))

    kill_when(w2, matching_in_flight, "a match_claims task in flight")
    r = VerificationRun.objects.get(pk=run.pk)
    assert r.status == "running" and r.phase == "match"
    assert r.done < total
    assert "claims.tasks.match_claims" in in_flight(broker_redis)  # abandoned, not acked
    assert half_done_chunk(r) is None  # a chunk is one transaction: never half written

    # 3. a fresh worker picks up the abandoned messages and finishes
    w3 = spawn("w3")
    r = wait_run(run.pk, w3, until=lambda r: r.status in ("complete", "failed"))
    assert r.status == "complete", (r.errors, w3.log_tail())
    assert (r.done, r.failed, r.total) == (total, 0, total)
    assert r.phase == "done"
    assert_matched_once(r)
    assert w3.stop() == 0
    # nothing left behind in the broker once the last worker has acked
    assert broker_redis.hlen("unacked") == 0
    for queue in ("default", "embed", "match"):
        assert broker_redis.llen(queue) == 0, queue


class WorkerDied(BaseException):
    """Stands in for SIGKILL at one exact point (BaseException: nothing catches it)."""


def test_death_between_phase_switch_and_match_dispatch_is_recovered(transactional_db, broker_redis):
    """The narrowest window of the run: every claim embedded, the worker dies while queueing
    the match chunks. The chunk comes back (acks_late); the run must still get matched.

    Queueing the match group after committing the switch lost the run for good: the
    re-delivered chunk found the run already in the match phase and queued nothing.
    """
    from claims import tasks
    from claims.pipeline import embed
    from tests.factories import ClaimFactory

    claims = ClaimFactory.create_batch(40, embedded=True, embedding_model=embed.model_version())
    ids = [c.pk for c in claims]
    run = VerificationRun.objects.create(
        kind="verify", status="running", phase="embed", total=len(ids), params={"claim_ids": ids},
        started_at=timezone.now(),
    )
    chunk = ids[:32]
    real_dispatch = tasks._dispatch_match

    def die_while_queueing(r):
        raise WorkerDied

    tasks._dispatch_match = die_while_queueing
    try:
        with pytest.raises(WorkerDied):
            tasks.embed_claims.run(run.pk, chunk)
    finally:
        tasks._dispatch_match = real_dispatch
    assert VerificationRun.objects.get(pk=run.pk).phase == "embed"  # the switch did not stick
    assert broker_redis.llen("match") == 0

    tasks.embed_claims.run(run.pk, chunk)  # the same message, delivered again
    assert VerificationRun.objects.get(pk=run.pk).phase == "match"
    queued = [json.loads(m)["headers"]["task"] for m in broker_redis.lrange("match", 0, -1)]
    assert queued == ["claims.tasks.match_claims"] * len(run_chunks(run))
    tasks.embed_claims.run(run.pk, ids[32:])  # a later chunk does not queue them again
    assert broker_redis.llen("match") == len(run_chunks(run))
