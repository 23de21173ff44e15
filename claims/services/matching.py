"""Match claims against the reference corpus and other sources' claims.

One path for one claim (:func:`claim_match`) or many (:func:`claims_match`):

1. ``claims_embed`` (a no-op when the vectors are current);
2. ``vector_search.candidates``: dense + BM25 candidates with exact scores, all
   the claims of the batch at once;
3. ``fuse_candidates`` (weighted cosine + normalised BM25);
4. passages only: the learned re-ranker re-orders the fused top ``rerank.POOL``
   when its artefact is present (``Match.method`` "reranked", ``model_version``
   says ``<embedding model>+<re-ranker version>``); without it the fused order is
   kept (method "hybrid") and a warning is logged once;
5. the top ``k`` are written in one transaction with the claims' rows locked:
   their old matches are deleted and the new ones bulk-created, so a redelivered
   task or two racing workers never leave duplicates (the unique constraints on
   (claim, passage) and (claim, other_claim) back that up); then each close pair
   is compared slot by slot for contradictions.

``Match.score`` stays the cosine similarity (what the contradiction step and the
UI threshold on); ``Match.rank`` is the order the search chose.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims import vector_search
from claims.model_store import reranker
from claims.models import Claim, Match, ReferencePassage
from claims.pipeline import embed, rerank
from claims.pipeline.retrieval import Hit, fuse_candidates
from claims.services.contradictions import contradictions_detect, detection_stance_model
from claims.services.embeddings import claims_embed

log = logging.getLogger(__name__)


def passage_docs(ids) -> dict[int, rerank.Doc]:
    """The re-ranker's view of the passages ``ids``."""
    return {
        pk: rerank.Doc(title=title, text=text)
        for pk, title, text in ReferencePassage.objects.filter(pk__in=list(ids))
        .values_list("pk", "title", "text")
    }


def _rerank_passages(
    model: rerank.Reranker, claims: list[Claim], fused: list[list[Hit]]
) -> list[list[Hit]]:
    docs = passage_docs({h.id for hits in fused for h in hits[: rerank.POOL]})
    out = []
    for claim, hits in zip(claims, fused, strict=True):
        pool = [h for h in hits[: rerank.POOL] if h.id in docs]
        ordered = rerank.rerank(model, claim.text, pool, [docs[h.id] for h in pool])
        out.append(ordered + [h for h in hits[rerank.POOL :]])
    return out


def ranked_candidates(kind: str, claims: Sequence[Claim], k: int) -> list[list[Hit]]:
    """Per claim, its fused candidates (at least the re-ranker's pool), best first."""
    queries = [
        vector_search.Query(c.text, np.asarray(c.embedding, np.float32), c.article_id)
        for c in claims
    ]
    found = vector_search.candidates(kind, queries)
    depth = max(k, rerank.POOL)
    return [fuse_candidates(c, k=depth) for c in found]


def claims_match(*, claim_ids: Sequence[int], k: int | None = None) -> dict[int, list[Match]]:
    """Match every claim of ``claim_ids`` (ids that no longer exist are skipped);
    returns each claim's matches, passages then other claims, in rank order."""
    k = k or settings.MATCH_TOP_K
    ids = list(dict.fromkeys(int(i) for i in claim_ids))
    if not ids:
        return {}
    claims_embed(claim_ids=ids)  # no-op when the vectors are current
    claims = list(Claim.objects.select_related("article").filter(pk__in=ids).order_by("pk"))
    claims = [c for c in claims if c.embedding is not None]
    if not claims:
        return {}
    version = embed.model_version()
    passages = ranked_candidates(vector_search.PASSAGES, claims, k)
    model = reranker()
    passage_method, passage_version = Match.Method.HYBRID, version
    if model is not None:
        passages = _rerank_passages(model, claims, passages)
        passage_method = Match.Method.RERANKED
        passage_version = f"{version}+{model.version}"
    others = ranked_candidates(vector_search.CLAIMS, claims, k)
    rows: list[Match] = []
    for claim, p_hits, c_hits in zip(claims, passages, others, strict=True):
        rows += [
            Match(claim_id=claim.pk, passage_id=h.id, score=h.dense_score or 0.0, rank=i,
                  method=passage_method, model_version=passage_version)
            for i, h in enumerate(p_hits[:k], start=1)
        ]
        rows += [
            Match(claim_id=claim.pk, other_claim_id=h.id, score=h.dense_score or 0.0, rank=i,
                  method=Match.Method.HYBRID, model_version=version)
            for i, h in enumerate(c_hits[:k], start=1)
        ]
    done = [c.pk for c in claims]
    with transaction.atomic():
        # lock the claim rows (in id order): two workers matching a claim serialise here
        list(Claim.objects.select_for_update().filter(pk__in=done).order_by("pk").values("pk"))
        Match.objects.filter(claim_id__in=done).delete()
        Match.objects.bulk_create(rows, batch_size=500)
        stored: dict[int, list[Match]] = {pk: [] for pk in done}
        found = Match.objects.filter(claim_id__in=done).select_related("passage", "other_claim")
        for m in sorted(found, key=lambda m: (m.claim_id, m.passage_id is None, m.rank)):
            stored[m.claim_id].append(m)
        stance = detection_stance_model()
        for claim in claims:
            contradictions_detect(claim=claim, matches=stored[claim.pk], model=stance)
        now = timezone.now()
        Claim.objects.filter(pk__in=done).update(matched_at=now)
        Claim.objects.filter(pk__in=done, status=Claim.Status.PENDING).update(
            status=Claim.Status.NEEDS_REVIEW
        )
    return stored


def claim_match(*, claim_id: int, k: int | None = None) -> list[Match]:
    """Match one claim (raises ``Claim.DoesNotExist`` when there is no such claim)."""
    if not Claim.objects.filter(pk=claim_id).exists():
        raise Claim.DoesNotExist(f"no claim {claim_id}")
    return claims_match(claim_ids=[claim_id], k=k).get(claim_id, [])


def rerank_training_groups(
    *, labels: dict[int, set[int]], negatives: dict[int, set[int]] | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Training rows for ``rerank.train_reranker`` from labelled claims (e.g. reviewers'
    cited passages): per claim, the features of its fused pool (what the re-ranker
    sees in production) with 1 for the passages in ``labels[claim_id]``, 0 for the
    others. ``negatives`` (optional, e.g. shown-but-not-cited passages) limits the
    zeros to those ids; pool members in neither set are then left out. Claims without
    a vector or whose positives are all outside the pool give no group."""
    claims = list(Claim.objects.filter(pk__in=list(labels), embedding__isnull=False).order_by("pk"))
    if not claims:
        return []
    pools = ranked_candidates(vector_search.PASSAGES, claims, rerank.POOL)
    docs = passage_docs({h.id for hits in pools for h in hits[: rerank.POOL]})
    groups = []
    for claim, hits in zip(claims, pools, strict=True):
        pos = labels.get(claim.pk, set())
        neg = None if negatives is None else negatives.get(claim.pk, set())
        pool = [h for h in hits[: rerank.POOL] if h.id in docs]
        y = np.array([h.id in pos for h in pool], dtype=np.int64)
        if not y.any():
            continue
        feats = rerank.features(claim.text, pool, [docs[h.id] for h in pool])
        if neg is not None:
            keep = np.array([h.id in pos or h.id in neg for h in pool])
            feats, y = feats[keep], y[keep]
        groups.append((feats, y))
    return groups
