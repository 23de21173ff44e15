"""Store sentence embeddings on claims and reference passages.

Only rows without a vector from the current model are (re-)embedded, so the
functions are idempotent and a model change re-embeds instead of mixing
vector spaces.

Check-worthiness: extraction stores the fast default-path score (no neural
model in the request). When a claim is embedded here, its score is replaced by
the joint model's score on the same text and the MiniLM layer vectors of the
same forward pass (``checkworthy.score(texts, features=...)``), which is the
more accurate one. So a claim that has a vector carries the joint score; one
without (pending, or marked not check-worthy at extraction and so never
embedded) carries the default-path score. The claim's status is not changed by
the re-score: the not-check-worthy cut is made once, at extraction.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.broker import enqueue_on_commit
from claims.models import Claim, ReferencePassage
from claims.pipeline import embed
from claims.pipeline.claim_caps import capped

BATCH = 256
log = logging.getLogger(__name__)


def _rescore(texts: list[str], layer_vectors, vectors=None) -> list[float] | None:
    """Joint check-worthiness for embedded claims; None (keep the old score) if the
    model artefact cannot be used, which is logged, not raised: embedding must go on.
    A trained, promoted version (``manage.py train``) scores instead when there is one."""
    from claims.model_store import checkworthy_adapter
    from claims.pipeline import checkworthy

    try:
        adapter = checkworthy_adapter() if vectors is not None else None
        if adapter is not None:
            return [float(p) for p in adapter.score(texts, vectors, layer_vectors)]
        return checkworthy.score(texts, features=layer_vectors)
    except checkworthy.CheckworthyModelError as exc:
        log.warning("check-worthiness not re-scored: %s", exc)
        return None


def _embed_rows(model, ids: list[int], text_of, *, rescore: bool = False) -> int:
    version = embed.model_version()
    todo = list(
        model.objects.filter(pk__in=ids)
        .filter(Q(embedding__isnull=True) | ~Q(embedding_model=version))
        .only("pk", *text_of, *(("attribution",) if rescore else ()))
        .order_by("pk")
    )
    for i in range(0, len(todo), BATCH):
        rows = todo[i : i + BATCH]
        texts = [" ".join(getattr(r, f) for f in text_of if getattr(r, f)) for r in rows]
        if rescore:  # the check-worthiness features come from the same forward pass
            from claims.pipeline.checkworthy import LAYER

            vectors, layer_vectors = embed.embed_texts_and_layer(texts, layer=LAYER)
            scores = _rescore(texts, layer_vectors, vectors)
        else:
            vectors, scores = embed.embed_texts(texts), None
        fields = ["embedding", "embedding_model", "embedded_at"]
        now = timezone.now()
        for row, vec in zip(rows, vectors, strict=True):
            row.embedding = vec
            row.embedding_model = version
            row.embedded_at = now
        if scores is not None:
            fields.append("checkworthiness")
            for row, p in zip(rows, scores, strict=True):
                p = capped(float(p), row.text, attribution=row.attribution)
                row.checkworthiness = min(1.0, max(0.0, p))
        with transaction.atomic():
            model.objects.bulk_update(rows, fields)
    return len(todo)


def claims_embed(*, claim_ids: list[int]) -> int:
    """Embed the given claims (text only) and re-score their check-worthiness with the
    joint model; returns how many were (re)embedded."""
    return _embed_rows(Claim, claim_ids, ("text",), rescore=True)


def passages_embed(*, passage_ids: list[int]) -> int:
    """Embed reference passages (title + text); returns how many were (re)embedded."""
    return _embed_rows(ReferencePassage, passage_ids, ("title", "text"))


def passages_embed_enqueue(*, passage_ids: list[int], chunk: int = 256) -> None:
    # if the queue is down, the passages stay unembedded until the next run's
    # dispatch catches them up (tasks.run_dispatch embeds stale passages first)
    for i in range(0, len(passage_ids), chunk):
        part = passage_ids[i : i + chunk]
        enqueue_on_commit("claims.tasks.embed_passages", part)
