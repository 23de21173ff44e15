"""VerificationRun bookkeeping: phases, exact progress, completion (the watchdog for
stuck runs is ``runs_watchdog``).

Progress is recounted from the claims themselves (matched after the run
started), never incremented blindly, so a task that is delivered twice after
a worker dies cannot make a run look further along than it is.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from claims.models import Article, Claim, VerificationRun
from claims.pipeline import embed

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
