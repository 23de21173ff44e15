"""Start verification runs: record a VerificationRun, enqueue its task on commit."""

from __future__ import annotations

from django.db import transaction

from claims.models import Claim, VerificationRun


def _enqueue(fn) -> None:
    transaction.on_commit(fn)


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
    from claims import tasks

    _enqueue(lambda: tasks.run_dispatch.delay(run.pk))
    return run


def passages_embed_enqueue(*, passage_ids: list[int], chunk: int = 256) -> None:
    from claims import tasks

    for i in range(0, len(passage_ids), chunk):
        part = passage_ids[i : i + chunk]
        _enqueue(lambda part=part: tasks.embed_passages.delay(part))
