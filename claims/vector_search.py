"""Candidate search in the database: one interface, one backend per database.

:func:`candidates` takes many queries at once and returns, per query, the union of
its dense and lexical candidates with **both** exact scores for every candidate
(cosine and BM25), best dense first. The fusion and the learned re-ranking that
follow are plain functions (``claims.pipeline.retrieval.fuse_candidates``,
``claims.pipeline.rerank``), so everything after the candidate lists is the same
code on every database, in production, in the benchmarks and in the tests.

Dense: PostgreSQL uses pgvector HNSW (``<=>`` cosine, ``hnsw.ef_search`` set per
transaction); SQLite (embedded default) an exact NumPy search over the vectors
cached in process memory.

Lexical: BM25 (bm25s: English stop words, Snowball stemming with PyStemmer) over
the rows' text, on **both** backends, indexed in process memory from the
database's rows and rebuilt when the table changes (count, newest vector, newest
id). PostgreSQL's ``ts_rank_cd`` is not BM25 (no IDF, no length normalisation of
the same kind), so the lexical ranking would otherwise differ between backends;
with one implementation the two agree exactly, which ``tests/integration`` checks.
Queries are cleaned first (``clean_query``: links, handles, hashtags, tweet
trailers), the same on both backends.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max

from claims.models import Claim, ReferencePassage
from claims.pipeline import embed
from claims.pipeline.retrieval import BM25Lexical, Candidates, clean_query

PASSAGES = "passages"
CLAIMS = "claims"

DEFAULT_DEPTH = 100  # candidates per list (dense, lexical) before fusion
_BLOCK = 64  # queries per BM25 score block (a block is (64, n_docs) float32)

_lock = threading.Lock()
_cache: dict[tuple[str, bool], _Snapshot] = {}


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class Query:
    text: str
    vector: np.ndarray
    exclude_article: int | None = None  # its claims (and their verdicts' passages) are skipped


@dataclass
class _Snapshot:
    key: tuple
    ids: np.ndarray
    row: dict[int, int]  # id -> position
    article_ids: np.ndarray  # claims: their article; passages: the verdict's claim's article, else -1
    lexical: BM25Lexical
    matrix: np.ndarray | None  # unit vectors (SQLite only; PostgreSQL searches in the database)


def _queryset(kind: str, version: str):
    if kind == PASSAGES:
        return ReferencePassage.objects.filter(embedding_model=version)
    return Claim.objects.filter(embedding_model=version).exclude(
        status=Claim.Status.NOT_CHECKWORTHY
    )


def _table_state(kind: str, version: str) -> tuple:
    agg = _queryset(kind, version).aggregate(n=Count("pk"), m=Max("embedded_at"), top=Max("pk"))
    return (version, agg["n"], agg["m"], agg["top"])


def passage_text(title: str, text: str) -> str:
    """What a passage's lexical index holds (the embedding step embeds the same)."""
    return f"{title} {text}".strip()


def _snapshot(kind: str, *, with_vectors: bool) -> _Snapshot:
    version = embed.model_version()
    key = _table_state(kind, version)
    slot = (kind, with_vectors)
    snap = _cache.get(slot)
    if snap is not None and snap.key == key:
        return snap
    with _lock:
        snap = _cache.get(slot)
        if snap is not None and snap.key == key:
            return snap
        vec = ("embedding",) if with_vectors else ()
        qs = _queryset(kind, version).order_by("pk")
        if kind == PASSAGES:
            rows = list(qs.values_list("pk", "from_verdict__claim__article_id", "title", "text", *vec))
            texts = [passage_text(r[2], r[3]) for r in rows]
        else:
            rows = list(qs.values_list("pk", "article_id", "text", *vec))
            texts = [r[2] for r in rows]
        ids = np.asarray([r[0] for r in rows], dtype=np.int64)
        matrix = None
        if with_vectors:
            matrix = (
                embed.normalise(np.vstack([r[-1] for r in rows])) if rows
                else np.zeros((0, embed.DIMENSIONS), np.float32)
            )
        snap = _Snapshot(
            key=key, ids=ids, row={int(i): n for n, i in enumerate(ids)},
            article_ids=np.asarray([-1 if r[1] is None else r[1] for r in rows], dtype=np.int64),
            lexical=BM25Lexical(texts), matrix=matrix,
        )
        _cache[slot] = snap
        return snap


def _allowed(snap: _Snapshot, exclude_article: int | None) -> np.ndarray | None:
    """Boolean mask of the rows a query may see (None: all)."""
    if exclude_article is None:
        return None
    mask = snap.article_ids != exclude_article
    return None if mask.all() else mask


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    """Positions of the ``n`` best positive-or-any scores, best first (ties: lower position)."""
    n = min(n, len(scores))
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    idx = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
    return idx[np.lexsort((idx, -scores[idx]))]


# --- PostgreSQL dense ----------------------------------------------------------------
_TABLES = {PASSAGES: "claims_referencepassage", CLAIMS: "claims_claim"}


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


def _pg_dense(kind: str, queries: Sequence[Query], depth: int, extra_ids: list[set[int]]):
    """Per query: its top ``depth`` by HNSW, plus the exact cosine of ``extra_ids``."""
    table = _TABLES[kind]
    version = embed.model_version()
    # the WHERE filters apply after the graph search, which yields at most ef_search
    # rows: keep room for the rows they drop (pgvector 0.6 has no iterative scan)
    ef_search = max(int(settings.HNSW_EF_SEARCH), 2 * depth)
    out = []
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL hnsw.ef_search = %s", [ef_search])
        for q, extra in zip(queries, extra_ids, strict=True):
            where, params = _pg_filter(kind, q.exclude_article)
            lit = _vec_literal(q.vector)
            cur.execute(
                f"SELECT id, 1 - (embedding <=> %s::vector) FROM {table} "
                f"WHERE embedding_model = %s{where} ORDER BY embedding <=> %s::vector LIMIT %s",
                [lit, version, *params, lit, depth],
            )
            hits = {row[0]: float(row[1]) for row in cur.fetchall()}
            missing = sorted(extra - set(hits))
            exact = {}
            if missing:
                cur.execute(
                    f"SELECT id, 1 - (embedding <=> %s::vector) FROM {table} WHERE id = ANY(%s)",
                    [lit, missing],
                )
                exact = {row[0]: float(row[1]) for row in cur.fetchall()}
            out.append((hits, exact))
    return out


# --- public ------------------------------------------------------------------------
def candidates(
    kind: str, queries: Sequence[Query], *, depth: int = DEFAULT_DEPTH
) -> list[Candidates]:
    """Per query, the union of its top ``depth`` dense and top ``depth`` lexical
    candidates, each with its exact cosine and BM25 (0 where no word is shared)."""
    if not queries:
        return []
    postgres = _is_postgres()
    snap = _snapshot(kind, with_vectors=not postgres)
    if len(snap.ids) == 0:
        return [Candidates.empty() for _ in queries]
    texts = [clean_query(q.text) for q in queries]
    masks = [_allowed(snap, q.exclude_article) for q in queries]
    bm25 = np.zeros((len(queries), len(snap.ids)), dtype=np.float32)
    for start in range(0, len(queries), _BLOCK):
        bm25[start : start + _BLOCK] = snap.lexical.scores(texts[start : start + _BLOCK])
    lexical_top: list[np.ndarray] = []
    for n, mask in enumerate(masks):
        scores = bm25[n] if mask is None else np.where(mask, bm25[n], 0.0)
        top = _top(scores, depth)
        lexical_top.append(top[scores[top] > 0])

    out: list[Candidates] = []
    if postgres:
        extra = [{int(snap.ids[p]) for p in top} for top in lexical_top]
        dense = _pg_dense(kind, queries, depth, extra)
        for n, ((hits, exact), top) in enumerate(zip(dense, lexical_top, strict=True)):
            cos = {**exact, **hits}
            ids = list(dict.fromkeys([*hits, *(int(snap.ids[p]) for p in top)]))
            ids = [i for i in ids if i in cos and i in snap.row]
            out.append(Candidates.build(
                ids, [cos[i] for i in ids], [float(bm25[n, snap.row[i]]) for i in ids],
            ))
        return out
    vectors = embed.normalise(np.vstack([q.vector for q in queries]))
    for start in range(0, len(queries), _BLOCK):
        sims = vectors[start : start + _BLOCK] @ snap.matrix.T
        for j, row in enumerate(sims):
            n = start + j
            mask = masks[n]
            scores = row if mask is None else np.where(mask, row, -np.inf)
            top = _top(scores, depth)
            top = top[np.isfinite(scores[top])]
            pos = list(dict.fromkeys([*top.tolist(), *lexical_top[n].tolist()]))
            out.append(Candidates.build(
                snap.ids[pos].tolist(), row[pos].astype(float).tolist(),
                bm25[n, pos].astype(float).tolist(),
            ))
    return out


def search(
    kind: str, *, text: str, vector: np.ndarray, k: int, exclude_article: int | None = None
) -> tuple[list, list]:
    """One query's candidates as ``(dense_hits, lexical_hits)``: ``[(id, score)]`` best first
    (dense: cosine; lexical: BM25 > 0), each list at most ``max(4k, 20)`` long."""
    depth = max(k * 4, 20)
    (c,) = candidates(kind, [Query(text, np.asarray(vector), exclude_article)], depth=depth)
    return c.dense_hits()[:depth], c.lexical_hits()[:depth]


def clear_cache() -> None:
    with _lock:
        _cache.clear()
