"""Writes of verification runs: ``verification_start`` (record a run, enqueue it), the run
bookkeeping the tasks call (``run_begin`` ... ``run_finish``), ``runs_watchdog``, the
scheduled ``reverify_stale`` and ``contradiction_sweep``, and ``run_ping_complete`` (the
system ping).

**Starting a run.** ``verification_start`` records a VerificationRun and enqueues its
task on commit. When the broker cannot be reached the request that started the run does
not fail: the run is recorded as failed with the reason (never left "queued" with
nothing queued), the caller sees ``run.status == "failed"`` once its transaction has
committed, and the claims, still unmatched, are picked up by the next scheduled
re-verification (``selectors.runs.stale_claim_ids``) when the queue is back.

**Progress.** Phases, exact progress and completion. Progress is recounted from the
claims themselves (matched after the run started), never incremented blindly, so a task
that is delivered twice after a worker dies cannot make a run look further along than it
is.

**Watchdog.** ``runs_watchdog`` fails runs that stopped moving (a worker died, a task
was lost) and queues what they left unfinished.

**Scheduled runs.** Re-verification and the cross-source contradiction sweep both refuse
to overlap themselves: if a run of the same kind is still queued or running, the new
firing is recorded as a *skipped* run and nothing is queued. Two firings at the same
moment are serialised by a lock per kind, so the second sees the first one's run.

**System ping.** A worker marks a VerificationRun complete to prove that broker, worker
and database are wired together. ``claims.tasks.system_ping`` is the smallest real round
trip: the web process (or a test) creates a run, enqueues its id through the broker, and
a worker re-reads the row and marks it complete. Operators can use it to check a
deployment (``system_ping.delay(run.id)`` from a shell, then look at the run in the
admin).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from claims.broker import enqueue_on_commit
from claims.models import Article, Claim, VerificationRun
from claims.pipeline import embed
from claims.selectors.runs import stale_claim_ids

_enqueue = enqueue_on_commit  # one name to replace in tests that want a queue that holds


def verification_start(
    *,
    article_ids: list[int] | None = None,
    claim_ids: list[int] | None = None,
    kind: str = VerificationRun.Kind.VERIFY,
    all_claims: bool = False,
) -> VerificationRun:
    """Queue embedding + matching for check-worthy claims of the given articles/claims."""
    qs = Claim.objects.exclude(status=Claim.Status.NOT_CHECKWORTHY)
    if claim_ids is not None:
        qs = qs.filter(pk__in=claim_ids)
    elif article_ids is not None:
        qs = qs.filter(article_id__in=article_ids)
    elif not all_claims:
        raise ValueError("say which claims: article_ids, claim_ids or all_claims=True")
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    run = VerificationRun.objects.create(
        kind=kind,
        article_id=article_ids[0] if article_ids and len(article_ids) == 1 else None,
        total=len(ids),
        params={"claim_ids": ids},
    )
    _enqueue(
        "claims.tasks.run_dispatch", run.pk,
        on_unavailable=lambda exc: run_not_queued(run=run, error=exc),
    )
    return run


CHUNK = 32


def run_chunks(run: VerificationRun) -> list[list[int]]:
    ids = run.params.get("claim_ids", [])
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


def run_begin(*, run_id: int) -> VerificationRun | None:
    """Mark the run running; None if it is already finished (idempotent re-delivery)."""
    with transaction.atomic():
        run = VerificationRun.objects.select_for_update().get(pk=run_id)
        if run.status in (VerificationRun.Status.COMPLETE, VerificationRun.Status.FAILED,
                          VerificationRun.Status.SKIPPED):
            return None
        if run.status == VerificationRun.Status.QUEUED:
            run.status = VerificationRun.Status.RUNNING
            run.started_at = timezone.now()
            run.save(update_fields=["status", "started_at"])
    return run


def _embedded_count(run: VerificationRun) -> int:
    ids = run.params.get("claim_ids", [])
    return Claim.objects.filter(pk__in=ids, embedding_model=embed.model_version()).count()


def _matched_count(run: VerificationRun) -> int:
    ids = run.params.get("claim_ids", [])
    return Claim.objects.filter(pk__in=ids, matched_at__gte=run.started_at).count()


def run_embed_progress(*, run_id: int, on_switch: Callable[[VerificationRun], None]) -> bool:
    """After an embed chunk: once every claim is embedded, switch the run to matching.

    ``on_switch`` (which queues the match chunks) runs *before* the switch commits.
    A worker killed in between leaves the run in the embed phase, so the chunk,
    delivered again, switches and queues again; the other order (commit, then
    queue) would leave a run in the match phase that nothing will ever match.
    Queueing twice is harmless: matching is idempotent. The row lock makes
    exactly one of the chunks that finish together do it. True for that one.
    """
    with transaction.atomic():
        run = VerificationRun.objects.select_for_update().get(pk=run_id)
        if run.phase != VerificationRun.Phase.EMBED or run.status != VerificationRun.Status.RUNNING:
            return False
        if _embedded_count(run) + run.failed < run.total:
            return False
        run.phase = VerificationRun.Phase.MATCH
        run.save(update_fields=["phase"])
        on_switch(run)  # in eager mode this runs the whole match phase, hence after the save
    return True


def run_match_progress(*, run_id: int) -> VerificationRun:
    """After a match chunk: recount, and complete the run when nothing is left."""
    run = VerificationRun.objects.get(pk=run_id)
    done = _matched_count(run)
    VerificationRun.objects.filter(pk=run_id).update(done=done)
    if done + run.failed >= run.total:
        run_finish(run_id=run_id)
    run.refresh_from_db()
    return run


QUEUE_UNAVAILABLE = (
    "The task queue is unavailable, so nothing was queued ({error}). The claims stay "
    "unmatched; the next scheduled re-verification picks them up once the queue is back."
)


def run_not_queued(*, run: VerificationRun, error: Exception | str) -> None:
    """The broker refused the run's dispatch: record it as failed, with the reason.

    ``run`` is updated in place too, so the caller that started it can tell its user.
    """
    message = QUEUE_UNAVAILABLE.format(error=str(error)[:200] or type(error).__name__)
    now = timezone.now()
    VerificationRun.objects.filter(pk=run.pk, status=VerificationRun.Status.QUEUED).update(
        status=VerificationRun.Status.FAILED, phase=VerificationRun.Phase.DONE, finished_at=now,
        errors=[*run.errors, {"error": message}],
    )
    run.refresh_from_db()


def run_record_failure(*, run_id: int, claim_ids: list[int], error: str) -> None:
    with transaction.atomic():
        run = VerificationRun.objects.select_for_update().get(pk=run_id)
        run.failed = min(run.total, run.failed + len(claim_ids))
        run.errors = (run.errors + [{"claims": claim_ids[:50], "error": error[:500]}])[-50:]
        run.save(update_fields=["failed", "errors"])


def run_finish(*, run_id: int) -> None:
    with transaction.atomic():
        run = VerificationRun.objects.select_for_update().get(pk=run_id)
        if run.status != VerificationRun.Status.RUNNING:
            return
        run.done = _matched_count(run)
        run.phase = VerificationRun.Phase.DONE
        # complete only when every claim was matched; any failure is shown as such
        run.status = (
            VerificationRun.Status.COMPLETE if run.failed == 0 else VerificationRun.Status.FAILED
        )
        run.finished_at = timezone.now()
        run.save(update_fields=["done", "phase", "status", "finished_at"])
        articles_mark_matched(claim_ids=run.params.get("claim_ids", []), article_id=run.article_id)


def articles_mark_matched(*, claim_ids: list[int], article_id: int | None = None) -> int:
    """Articles of these claims whose check-worthy claims are all matched now move from
    "Claims extracted" to "Matched" (the article page and the admin show it)."""
    ids = set(Claim.objects.filter(pk__in=claim_ids).values_list("article_id", flat=True))
    if article_id:
        ids.add(article_id)
    unmatched = Claim.objects.filter(article_id__in=ids, status=Claim.Status.PENDING)
    return Article.objects.filter(pk__in=ids, status=Article.Status.EXTRACTED).exclude(
        pk__in=unmatched.values("article_id")
    ).update(status=Article.Status.MATCHED)


def runs_watchdog() -> list[VerificationRun]:
    """Mark runs stuck past their time limit as failed; re-queue their unfinished claims."""
    limit = timezone.now() - timedelta(seconds=settings.RUN_STUCK_AFTER)
    stuck = VerificationRun.objects.filter(
        Q(status=VerificationRun.Status.RUNNING, started_at__lt=limit)
        | Q(status=VerificationRun.Status.QUEUED, created_at__lt=limit)
    )
    requeued = []
    for run in stuck:
        with transaction.atomic():
            locked = VerificationRun.objects.select_for_update().get(pk=run.pk)
            if locked.status not in (VerificationRun.Status.RUNNING,
                                     VerificationRun.Status.QUEUED):
                continue
            ids = locked.params.get("claim_ids", [])
            since = locked.started_at or locked.created_at
            finished = set(
                Claim.objects.filter(pk__in=ids, matched_at__gte=since).values_list(
                    "pk", flat=True
                )
            )
            left = [i for i in ids if i not in finished]
            locked.status = VerificationRun.Status.FAILED
            locked.finished_at = timezone.now()
            locked.errors = locked.errors + [
                {"error": f"stuck past {settings.RUN_STUCK_AFTER} s; "
                          f"{len(left)} claims re-queued"}
            ]
            locked.save(update_fields=["status", "finished_at", "errors"])
            if left:
                requeued.append(
                    verification_start(claim_ids=left, kind=locked.kind)
                )
    return requeued


ACTIVE = (VerificationRun.Status.QUEUED, VerificationRun.Status.RUNNING)


def _kind_lock(kind: str) -> None:
    """Hold a lock on ``kind`` until the surrounding transaction ends.

    Locking the active runs' rows is not enough: when none is active there is no
    row to lock, and two firings at once would both start a run. On PostgreSQL a
    transaction-level advisory lock serialises them across every process and host
    that shares the database. SQLite (the single-process embedded default) lets one
    writer in at a time anyway.
    """
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"factcheck.run.{kind}".encode()).digest()[:8], "big",
                             signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _skip_if_active(kind: str) -> VerificationRun | None:
    _kind_lock(kind)
    active = VerificationRun.objects.filter(kind=kind, status__in=ACTIVE).order_by("pk").first()
    if active:
        why = f"skipped: run {active.pk} of this kind is still active ({active.status})"
        return VerificationRun.objects.create(
            kind=kind, status=VerificationRun.Status.SKIPPED, finished_at=timezone.now(),
            errors=[{"error": why}],
        )
    return None


@transaction.atomic
def reverify_stale() -> VerificationRun | None:
    skipped = _skip_if_active(VerificationRun.Kind.REVERIFY)
    if skipped:
        return skipped
    ids = stale_claim_ids()
    if not ids:
        return None
    return verification_start(claim_ids=ids, kind=VerificationRun.Kind.REVERIFY)


@transaction.atomic
def contradiction_sweep() -> VerificationRun | None:
    """Re-match every check-worthy claim that has other-source matches or none yet."""
    skipped = _skip_if_active(VerificationRun.Kind.SWEEP)
    if skipped:
        return skipped
    return verification_start(all_claims=True, kind=VerificationRun.Kind.SWEEP)


def run_ping_complete(*, run_id: int, ping: dict) -> dict:
    """Mark run ``run_id`` complete with who answered (``ping``); idempotent."""
    with transaction.atomic():
        run = VerificationRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            return {"run_id": run_id, "status": "missing"}
        if run.status == VerificationRun.Status.COMPLETE:
            return {"run_id": run_id, "status": run.status, "changed": False}
        now = timezone.now()
        run.params = {**(run.params or {}), "ping": ping}
        run.status = VerificationRun.Status.COMPLETE
        run.done = run.total
        run.started_at = run.started_at or now
        run.finished_at = now
        run.save(update_fields=["params", "status", "done", "started_at", "finished_at"])
    return {"run_id": run_id, "status": run.status, "changed": True}
