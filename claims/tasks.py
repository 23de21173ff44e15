"""Celery tasks: thin, take ids, idempotent, acks_late, retried on transient errors.

A verification run is two groups: embed the run's claims in chunks, then match
them in chunks. The embed chunk that finds every claim embedded switches the
run to the match phase (under a row lock, so exactly one does) and queues
the match group before that switch commits; the match chunk that finds every
claim matched completes the run. No task waits on another (no ``.get()``), and no result
backend is needed.
"""

from __future__ import annotations

import logging

from celery import group, shared_task
from django.db import InterfaceError, OperationalError

from claims.broker import BROKER_ERRORS
from claims.models import ModelVersion, VerificationRun
from claims.selectors.runs import stale_passage_ids
from claims.services.embeddings import claims_embed, passages_embed
from claims.services.matching import claim_match, claims_match
from claims.services.model_training import NotEnoughLabels, TrainerUnavailable, model_train
from claims.services.model_versions import model_rescore
from claims.services.runs import (
    run_begin,
    run_chunks,
    run_embed_progress,
    run_finish,
    run_match_progress,
    run_ping_complete,
    run_record_failure,
    runs_watchdog,
)

log = logging.getLogger(__name__)

# retried: the database or the broker was briefly not there (one list of broker errors: broker.py)
TRANSIENT = (OperationalError, InterfaceError, *BROKER_ERRORS)
RETRY = dict(
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=8,
)


@shared_task(**RETRY)
def run_dispatch(run_id: int) -> None:
    run = run_begin(run_id=run_id)
    if run is None:
        return
    # reference passages that missed their embedding (loaded while no worker ran,
    # or under another model) are caught up before any claim is matched
    stale_passages = stale_passage_ids()  # index probes, not a scan of the corpus
    if stale_passages:
        passages_embed(passage_ids=stale_passages)
    chunks = run_chunks(run)
    if not chunks:
        run_finish(run_id=run_id)
        return
    if run.phase == VerificationRun.Phase.MATCH:
        group(match_claims.si(run_id, c) for c in chunks).apply_async()
    else:
        group(embed_claims.si(run_id, c) for c in chunks).apply_async()


def _chunk_failed(task, exc, task_id, args, kwargs, einfo):
    run_id, claim_ids = args[0], args[1]
    run_record_failure(run_id=run_id, claim_ids=claim_ids, error=repr(exc))
    run = VerificationRun.objects.get(pk=run_id)
    if run.phase == VerificationRun.Phase.EMBED:
        run_embed_progress(run_id=run_id, on_switch=_dispatch_match)
    else:
        run_match_progress(run_id=run_id)


def _dispatch_match(run: VerificationRun) -> None:
    group(match_claims.si(run.pk, c) for c in run_chunks(run)).apply_async()


@shared_task(on_failure=_chunk_failed, **RETRY)
def embed_claims(run_id: int, claim_ids: list[int]) -> int:
    n = claims_embed(claim_ids=claim_ids)
    run_embed_progress(run_id=run_id, on_switch=_dispatch_match)
    return n


def _match_chunk(run_id: int, claim_ids: list[int]) -> None:
    """Match a chunk of claims in one batch (one search, bulk writes). If the batch fails
    for a reason other than a transient error, each claim is tried alone, so one bad claim
    is recorded as failed and the rest of its chunk goes on."""
    try:
        claims_match(claim_ids=claim_ids)
        return
    except TRANSIENT:
        raise
    except Exception:
        log.exception("matching a chunk of %d claims failed; trying them one by one",
                      len(claim_ids))  # fmt: skip
    for claim_id in claim_ids:
        try:
            claim_match(claim_id=claim_id)
        except TRANSIENT:
            raise
        except Exception as exc:  # one bad claim must not sink its chunk
            log.exception("matching claim %s failed", claim_id)
            run_record_failure(run_id=run_id, claim_ids=[claim_id], error=repr(exc))


@shared_task(on_failure=_chunk_failed, **RETRY)
def match_claims(run_id: int, claim_ids: list[int]) -> int:
    _match_chunk(run_id, claim_ids)
    run_match_progress(run_id=run_id)
    return len(claim_ids)


@shared_task(**RETRY)
def embed_passages(passage_ids: list[int]) -> int:
    return passages_embed(passage_ids=passage_ids)


@shared_task(**RETRY)
def reverify_stale() -> int | None:
    from claims.services.runs import reverify_stale as service

    run = service()
    return run.pk if run else None


@shared_task(**RETRY)
def sweep_contradictions() -> int | None:
    from claims.services.runs import contradiction_sweep

    run = contradiction_sweep()
    return run.pk if run else None


@shared_task(**RETRY)
def watchdog() -> int:
    return len(runs_watchdog())


# the smallest real round trip (web -> broker -> worker -> database), for operators and the
# integration tests; its name predates this module and is kept for deployed clients
@shared_task(name="claims.tasks_system.system_ping", bind=True, acks_late=True)
def system_ping(self, run_id: int) -> dict:
    """Mark VerificationRun ``run_id`` complete; idempotent; returns what it did."""
    delivery = self.request.delivery_info or {}
    return run_ping_complete(run_id=run_id, ping={
        "hostname": self.request.hostname or "",
        "task_id": self.request.id or "",
        "routing_key": delivery.get("routing_key", ""),
        "eager": bool(self.request.is_eager),
    })


# --------------------------------------------------------------------------- learned models


@shared_task(**RETRY)
def rescore_models(kind: str) -> int | None:
    """After a model version changes (promotion or rollback): re-score what it produced."""
    return model_rescore(kind=kind)


@shared_task(acks_late=True)
def train_models() -> dict:
    """The weekly retrain (beat entry seeded disabled): each kind, promoted only if better."""
    out = {}
    for kind in ModelVersion.Kind.values:
        try:
            r = model_train(kind=kind)
            out[kind] = {"current": r.current_score, "new": r.new_score, "promoted": r.promoted}
        except (NotEnoughLabels, TrainerUnavailable) as exc:
            log.info("train %s skipped: %s", kind, exc)
            out[kind] = {"skipped": str(exc)}
    return out
