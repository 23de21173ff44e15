"""Candidate search in the database: dense (vectors) and lexical (words).

PostgreSQL: pgvector HNSW (``<=>`` cosine) and full-text search (GIN index).
SQLite (embedded default): exact NumPy search and BM25 over rows cached in
process memory, refreshed when the table changes.

Both return ``[(id, score), ...]`` best first; the fusion of the two lists is
the pure function ``claims.pipeline.retrieval.fuse`` (the same code the
retrieval benchmark measures).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max

from claims.models import Claim, ReferencePassage
from claims.pipeline import embed
from claims.pipeline.index import NumpyIndex
from claims.pipeline.retrieval import BM25Lexical

PASSAGES = "passages"
CLAIMS = "claims"

_lock = threading.Lock()
_cache: dict[str, _Snapshot] = {}


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- SQLite / in-memory ------------------------------------------------------
@dataclass
class _Snapshot:
    key: tuple
    ids: np.ndarray
    article_ids: np.ndarray  # a passage: its verdict's claim's article, else -1
    dense: NumpyIndex
    lexical: BM25Lexical

    def lexical_search(self, text: str, n: int) -> list[tuple[int, float]]:
        scores = self.lexical.scores([text])[0]
        n = min(n, len(scores))
        if n <= 0:
            return []
        top = np.argpartition(-scores, n - 1)[:n]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self.ids[i]), float(scores[i])) for i in top if scores[i] > 0]


def _table_state(kind: str, version: str) -> tuple:
    if kind == PASSAGES:
        qs = ReferencePassage.objects.filter(embedding_model=version)
    else:
        qs = Claim.objects.filter(embedding_model=version).exclude(
            status=Claim.Status.NOT_CHECKWORTHY
        )
    agg = qs.aggregate(n=Count("pk"), m=Max("embedded_at"), top=Max("pk"))
    return (version, agg["n"], agg["m"], agg["top"])


def _snapshot(kind: str) -> _Snapshot:
    version = embed.model_version()
    key = _table_state(kind, version)
    snap = _cache.get(kind)
    if snap is not None and snap.key == key:
        return snap
    with _lock:
        snap = _cache.get(kind)
        if snap is not None and snap.key == key:
            return snap
        if kind == PASSAGES:
            rows = list(
                ReferencePassage.objects.filter(embedding_model=version)
                .values_list("pk", "title", "text", "embedding", "from_verdict__claim__article_id")
                .order_by("pk")
            )
            ids = [r[0] for r in rows]
            texts = [f"{r[1]} {r[2]}".strip() for r in rows]
            vecs = [r[3] for r in rows]
            arts = [-1 if r[4] is None else r[4] for r in rows]
        else:
            rows = list(
                Claim.objects.filter(embedding_model=version)
                .exclude(status=Claim.Status.NOT_CHECKWORTHY)
                .values_list("pk", "text", "embedding", "article_id")
                .order_by("pk")
            )
            ids = [r[0] for r in rows]
            texts = [r[1] for r in rows]
            vecs = [r[2] for r in rows]
            arts = [r[3] for r in rows]
        index = NumpyIndex(dim=embed.DIMENSIONS)
        if rows:
            index.add(ids, np.vstack(vecs))
        snap = _Snapshot(
            key=key, ids=np.asarray(ids), article_ids=np.asarray(arts),
            dense=index, lexical=BM25Lexical(texts),
        )
        _cache[kind] = snap
        return snap


# --- PostgreSQL ----------------------------------------------------------------
_TABLES = {PASSAGES: "claims_referencepassage", CLAIMS: "claims_claim"}
_FTS = {
    PASSAGES: "to_tsvector('english', coalesce(title, '') || ' ' || text)",
    CLAIMS: "to_tsvector('english', text)",
}


def _pg_filter(kind: str, exclude_article: int | None) -> tuple[str, list]:
    """Claims: check-worthy, from another article. Passages: not a verdict on a claim
    of ``exclude_article`` (``verdict_reference``)."""
    if kind == CLAIMS:
        return (
            " AND status <> %s AND article_id <> %s",
            [Claim.Status.NOT_CHECKWORTHY, exclude_article if exclude_article is not None else -1],
        )
    if exclude_article is None:
        return "", []
    return (
        " AND (from_verdict_id IS NULL OR from_verdict_id NOT IN (SELECT v.id FROM"
        " claims_verdict v JOIN claims_claim c ON c.id = v.claim_id WHERE c.article_id = %s))",
        [exclude_article],
    )


def _vec_literal(vec: np.ndarray) -> str:
    return "[" + ",".join(f"{float(x):.7g}" for x in vec) + "]"


def _pg_dense(kind: str, vec: np.ndarray, k: int, exclude_article: int | None) -> list:
    extra, params = _pg_filter(kind, exclude_article)
    q = _vec_literal(vec)
    sql = (
        f"SELECT id, 1 - (embedding <=> %s::vector) FROM {_TABLES[kind]} "
        f"WHERE embedding_model = %s{extra} ORDER BY embedding <=> %s::vector LIMIT %s"
    )
    # the WHERE filters apply after the graph search, which yields at most ef_search
    # rows: keep room for the rows they drop (pgvector 0.6 has no iterative scan)
    ef_search = max(int(settings.HNSW_EF_SEARCH), 2 * k)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL hnsw.ef_search = %s", [ef_search])
        cur.execute(sql, [q, embed.model_version(), *params, q, k])
        return [(row[0], float(row[1])) for row in cur.fetchall()]


_WORD = re.compile(r"[A-Za-z0-9]+")


def _pg_lexical(kind: str, text: str, k: int, exclude_article: int | None) -> list:
    words = [w for w in _WORD.findall(text) if len(w) > 1][:64]
    if not words:
        return []
    extra, params = _pg_filter(kind, exclude_article)
    fts = _FTS[kind]
    sql = (
        f"SELECT id, ts_rank_cd({fts}, q) AS r FROM {_TABLES[kind]}, "
        f"to_tsquery('english', %s) q WHERE {fts} @@ q{extra} ORDER BY r DESC LIMIT %s"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [" | ".join(words), *params, k])
        return [(row[0], float(row[1])) for row in cur.fetchall()]


# --- public --------------------------------------------------------------------
def search(
    kind: str, *, text: str, vector: np.ndarray, k: int, exclude_article: int | None = None
) -> tuple[list, list]:
    """Dense and lexical candidates for one query: ``(dense_hits, lexical_hits)``."""
    depth = max(k * 4, 20)
    if _is_postgres():
        return (
            _pg_dense(kind, vector, depth, exclude_article),
            _pg_lexical(kind, text, depth, exclude_article),
        )
    snap = _snapshot(kind)
    if len(snap.dense) == 0:
        return [], []
    extra = 0
    if exclude_article is not None:
        extra = int((snap.article_ids == exclude_article).sum())
    dense = snap.dense.search(np.asarray(vector)[None, :], depth + extra)[0]
    lexical = snap.lexical_search(text, depth + extra)
    if extra:
        own = set(snap.ids[snap.article_ids == exclude_article].tolist())
        dense = [h for h in dense if h[0] not in own][:depth]
        lexical = [h for h in lexical if h[0] not in own][:depth]
    return dense, lexical


def clear_cache() -> None:
    with _lock:
        _cache.clear()
