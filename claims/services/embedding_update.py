"""Store sentence embeddings on claims and reference passages.

Only rows without a vector from the current model are (re-)embedded, so the
functions are idempotent and a model change re-embeds instead of mixing
vector spaces.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import Claim, ReferencePassage
from claims.pipeline import embed

BATCH = 256


def _embed_rows(model, ids: list[int], text_of) -> int:
    version = embed.model_version()
    todo = list(
        model.objects.filter(pk__in=ids)
        .filter(Q(embedding__isnull=True) | ~Q(embedding_model=version))
        .only("pk", *text_of)
        .order_by("pk")
    )
    for i in range(0, len(todo), BATCH):
        rows = todo[i : i + BATCH]
        vectors = embed.embed_texts([" ".join(getattr(r, f) for f in text_of if getattr(r, f))
                                     for r in rows])
        now = timezone.now()
        for row, vec in zip(rows, vectors, strict=True):
            row.embedding = vec
            row.embedding_model = version
            row.embedded_at = now
        with transaction.atomic():
            model.objects.bulk_update(rows, ["embedding", "embedding_model", "embedded_at"])
    return len(todo)


def claims_embed(*, claim_ids: list[int]) -> int:
    """Embed the given claims (text only); returns how many were (re)embedded."""
    return _embed_rows(Claim, claim_ids, ("text",))


def passages_embed(*, passage_ids: list[int]) -> int:
    """Embed reference passages (title + text); returns how many were (re)embedded."""
    return _embed_rows(ReferencePassage, passage_ids, ("title", "text"))


def stale_embedding_ids() -> tuple[list[int], list[int]]:
    """Claims and passages whose vector is missing or from another model."""
    version = embed.model_version()
    stale = Q(embedding__isnull=True) | ~Q(embedding_model=version)
    claim_ids = list(
        Claim.objects.filter(stale).exclude(status=Claim.Status.NOT_CHECKWORTHY)
        .values_list("pk", flat=True)
    )
    passage_ids = list(ReferencePassage.objects.filter(stale).values_list("pk", flat=True))
    return claim_ids, passage_ids
