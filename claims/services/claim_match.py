"""Match one claim against the reference corpus and other sources' claims.

Idempotent: the claim's matches are replaced in one transaction (the unique
constraints on (claim, passage) and (claim, other_claim) make a duplicate
impossible even if two workers race), then each close pair is compared slot
by slot for contradictions.
"""

from __future__ import annotations

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims import vector_search
from claims.models import Claim, Match, ReferencePassage
from claims.pipeline import embed
from claims.pipeline.retrieval import fuse

from .contradiction_detect import contradictions_detect
from .embedding_update import claims_embed


def _cosines(model, ids: list[int], vector: np.ndarray) -> dict[int, float]:
    if not ids:
        return {}
    rows = model.objects.filter(pk__in=ids).values_list("pk", "embedding")
    q = embed.normalise(vector)[0]
    return {pk: float(np.dot(embed.normalise(v)[0], q)) for pk, v in rows if v is not None}


def _ranked(kind: str, claim: Claim, k: int) -> list[tuple[int, float, str]]:
    dense, lexical = vector_search.search(
        kind, text=claim.text, vector=claim.embedding, k=k,
        exclude_article=claim.article_id,
    )
    hits = fuse(dense, lexical, k=k)
    model = ReferencePassage if kind == vector_search.PASSAGES else Claim
    cos = _cosines(model, [h.id for h in hits], claim.embedding)
    return [(h.id, cos.get(h.id, 0.0), h.method) for h in hits if h.id in cos]


def claim_match(*, claim_id: int, k: int | None = None) -> list[Match]:
    k = k or settings.MATCH_TOP_K
    claims_embed(claim_ids=[claim_id])  # no-op when the vector is current
    claim = Claim.objects.select_related("article").get(pk=claim_id)
    passages = _ranked(vector_search.PASSAGES, claim, k)
    others = _ranked(vector_search.CLAIMS, claim, k)
    version = embed.model_version()
    with transaction.atomic():
        # lock the claim row: two workers matching the same claim serialise here
        Claim.objects.select_for_update().filter(pk=claim_id).first()
        Match.objects.filter(claim_id=claim_id).delete()
        rows = [
            Match(claim_id=claim_id, passage_id=pid, score=score, rank=i, method=method,
                  model_version=version)
            for i, (pid, score, method) in enumerate(passages, start=1)
        ] + [
            Match(claim_id=claim_id, other_claim_id=cid, score=score, rank=i, method=method,
                  model_version=version)
            for i, (cid, score, method) in enumerate(others, start=1)
        ]
        Match.objects.bulk_create(rows)
        matches = list(
            Match.objects.filter(claim_id=claim_id).select_related("passage", "other_claim")
        )
        contradictions_detect(claim=claim, matches=matches)
        now = timezone.now()
        Claim.objects.filter(pk=claim_id).update(
            matched_at=now,
            status=(
                Claim.Status.NEEDS_REVIEW
                if claim.status == Claim.Status.PENDING else claim.status
            ),
        )
    return matches
