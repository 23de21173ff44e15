"""The re-score job: after a learned model's version changes, stored outputs follow it.

* check-worthiness: every embedded claim is re-scored (one MiniLM pass per batch gives
  the layer and sentence vectors, as in the embed step) with the active version;
* stance and matcher: stances and matches are written by matching, so the contradiction
  sweep re-matches every claim (``reverify.contradiction_sweep``, which refuses to
  overlap a sweep still running).
"""

from __future__ import annotations

import logging

from django.db import transaction

from ..models import Claim, ModelVersion
from .embedding_update import BATCH

log = logging.getLogger(__name__)


def checkworthiness_rescore(*, claim_ids: list[int] | None = None) -> int:
    from claims import model_store
    from claims.pipeline import checkworthy, embed
    from claims.pipeline.claim_caps import capped

    adapter = model_store.checkworthy_adapter()
    rows = Claim.objects.filter(embedding__isnull=False)
    if claim_ids is not None:
        rows = rows.filter(pk__in=claim_ids)
    ids = list(rows.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), BATCH):
        batch = list(Claim.objects.filter(pk__in=ids[i : i + BATCH]).only(
            "pk", "text", "attribution").order_by("pk"))  # fmt: skip
        texts = [c.text for c in batch]
        vectors, layer = embed.embed_texts_and_layer(texts, layer=checkworthy.LAYER)
        if adapter is not None:
            scores = adapter.score(texts, vectors, layer)
        else:
            scores = checkworthy.score(texts, features=layer)
        for c, p in zip(batch, scores, strict=True):
            c.checkworthiness = min(1.0, max(0.0, capped(float(p), c.text,
                                                         attribution=c.attribution)))  # fmt: skip
        with transaction.atomic():
            Claim.objects.bulk_update(batch, ["checkworthiness"])
    return len(ids)


def model_rescore(*, kind: str) -> int | None:
    """Re-score what ``kind`` produced; returns claims re-scored, or the sweep run's id."""
    if kind == ModelVersion.Kind.CHECKWORTHY:
        return checkworthiness_rescore()
    if kind in (ModelVersion.Kind.STANCE, ModelVersion.Kind.MATCHER):
        from .reverify import contradiction_sweep

        run = contradiction_sweep()
        return run.pk if run else None
    raise ValueError(f"unknown model kind {kind!r}")
