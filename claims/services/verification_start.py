"""Start verification runs: record a VerificationRun, enqueue its task on commit.

When the broker cannot be reached the request that started the run does not fail:
the run is recorded as failed with the reason (never left "queued" with nothing
queued), the caller sees ``run.status == "failed"`` once its transaction has
committed, and the claims, still unmatched, are picked up by the next scheduled
re-verification (``reverify.stale_claim_ids``) when the queue is back.
"""

from __future__ import annotations

from claims.broker import enqueue_on_commit
from claims.models import Claim, VerificationRun

from . import run_progress

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
        on_unavailable=lambda exc: run_progress.run_not_queued(run=run, error=exc),
    )
    return run


def passages_embed_enqueue(*, passage_ids: list[int], chunk: int = 256) -> None:
    # if the queue is down, the passages stay unembedded until the next run's
    # dispatch catches them up (tasks.run_dispatch embeds stale passages first)
    for i in range(0, len(passage_ids), chunk):
        part = passage_ids[i : i + chunk]
        _enqueue("claims.tasks.embed_passages", part)
