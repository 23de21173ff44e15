"""Hybrid retrieval: BM25 (lexical) + embedding cosine (dense), fused.

``HybridRetriever`` holds a corpus in memory (the SQLite / bench path). The fusion
itself is the pure function :func:`fuse`, so the PostgreSQL path (pgvector for the
dense candidates, full-text search for the lexical ones) can reuse it on candidate
lists it fetched itself.

Defaults were tuned on the CheckThat 2020 and 2022 TRAIN splits (tweets -> Snopes
verified claims); see bench/retrieval.py for the figures and the commands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from claims.pipeline.dedupe import normal_form
from claims.pipeline.index import NumpyIndex

# Tuned on the TRAIN splits of CheckThat 2020 task 2 and 2022 task 2A (English):
# MAP@5 peaked at w=0.75-0.8 on both (cosine + BM25/max-BM25); RRF was 1-1.5 points lower.
DEFAULT_DENSE_WEIGHT = 0.8
DEFAULT_RRF_K = 60
DEFAULT_CANDIDATES = 100


@dataclass(frozen=True)
class Hit:
    id: Any
    score: float  # the fused score (or the single method's score), higher is better
    method: str  # "hybrid" | "dense" | "lexical"
    dense_score: float | None = None  # cosine similarity
    lexical_score: float | None = None  # raw BM25 (or the lexical backend's rank score)


# --------------------------------------------------------------------------- queries

_URL = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S+|\b\w+\.co/\S+", re.I)
_TRAILER = re.compile(r"\s+[—–-]{1,2}\s+([^()\n—]{0,80}?)\s*\(@\w+\)\s+\w+ \d{1,2}, \d{4}\s*$")
_MENTION = re.compile(r"@(\w+)")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_SPACES = re.compile(r"\s+")


def _split_camel(word: str) -> str:
    return _CAMEL.sub(" ", word)


def clean_query(text: str) -> str:
    """Tweet-shaped text -> the claim-bearing words.

    Drops links (``https://…``, ``t.co/…``, ``pic.twitter.com/…``) and the embedded
    tweet trailer's handle and date (``— Name (@handle) January 5, 2020`` keeps
    ``Name``), turns ``@handles`` and ``#HashTags`` into words
    (``#AustralianFires`` -> ``Australian Fires``). Plain sentences pass unchanged.
    """
    text = text.replace("&amp;", "&")
    text = _URL.sub(" ", text)
    text = _TRAILER.sub(lambda m: f" — {m.group(1).strip()}", text)
    text = _MENTION.sub(lambda m: _split_camel(m.group(1)), text)
    text = _HASHTAG.sub(lambda m: _split_camel(m.group(1)), text)
    return _SPACES.sub(" ", text).strip()


# --------------------------------------------------------------------------- lexical


def _stemmer():
    try:
        import Stemmer  # PyStemmer

        return Stemmer.Stemmer("english")
    except ImportError:  # stemming is optional
        return None


class BM25Lexical:
    """BM25 over ``doc_texts`` with bm25s: English stopwords, Snowball stemming when
    PyStemmer is installed."""

    def __init__(self, doc_texts: Sequence[str], *, k1: float = 1.2, b: float = 0.75) -> None:
        import bm25s

        self._bm25s = bm25s
        self.stemmer = _stemmer()
        self.size = len(doc_texts)
        tokens = bm25s.tokenize(
            list(doc_texts), stopwords="en", stemmer=self.stemmer, show_progress=False
        )
        self.model = bm25s.BM25(k1=k1, b=b)
        if self.size:
            self.model.index(tokens, show_progress=False)

    def tokenize(self, texts: Sequence[str]) -> list[list[str]]:
        return self._bm25s.tokenize(
            list(texts),
            stopwords="en",
            stemmer=self.stemmer,
            show_progress=False,
            return_ids=False,
        )

    def scores(self, query_texts: Sequence[str]) -> np.ndarray:
        """BM25 of every query against every document, ``(n_queries, n_docs)`` float32."""
        out = np.zeros((len(query_texts), self.size), dtype=np.float32)
        if not self.size:
            return out
        for row, tokens in enumerate(self.tokenize(query_texts)):
            if tokens:
                out[row] = self.model.get_scores(tokens)
        return out


# --------------------------------------------------------------------------- fusion


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    n = min(n, len(scores))
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    idx = np.argpartition(-scores, n - 1)[:n] if n < len(scores) else np.arange(len(scores))
    return idx[np.argsort(-scores[idx], kind="stable")]


def fuse(
    dense_hits: Sequence[tuple[Any, float]],
    lexical_hits: Sequence[tuple[Any, float]],
    *,
    method: str = "weighted",
    dense_weight: float = DEFAULT_DENSE_WEIGHT,
    rrf_k: int = DEFAULT_RRF_K,
    k: int | None = None,
) -> list[Hit]:
    """Fuse two ranked candidate lists of ``(id, score)`` (best first) into Hits.

    ``method="weighted"``: ``dense_weight * cosine + (1 - dense_weight) * bm25 / max_bm25``
    where ``max_bm25`` is the best lexical score in the list (so put the lexical top
    hit in it). A candidate missing from one list gets that list's lowest score (an
    upper bound for anything below the cut), and its ``*_score`` field stays None.

    ``method="rrf"``: reciprocal rank fusion, ``sum 1 / (rrf_k + rank)`` over the
    lists a candidate appears in (ranks from 1); scores need not be comparable.

    Ties are broken by the dense score, then by first appearance.
    """
    if method not in {"weighted", "rrf"}:
        raise ValueError(f"unknown fusion method {method!r}")
    dense = {}
    for i, s in dense_hits:
        dense.setdefault(i, float(s))
    lexical = {}
    for i, s in lexical_hits:
        lexical.setdefault(i, float(s))
    ids = list(dict.fromkeys([i for i, _ in dense_hits] + [i for i, _ in lexical_hits]))
    if method == "rrf":
        dense_rank = {i: r for r, i in enumerate(dense, start=1)}
        lex_rank = {i: r for r, i in enumerate(lexical, start=1)}
        fused = {
            i: (1.0 / (rrf_k + dense_rank[i]) if i in dense_rank else 0.0)
            + (1.0 / (rrf_k + lex_rank[i]) if i in lex_rank else 0.0)
            for i in ids
        }
    else:
        dense_floor = min(dense.values()) if dense else 0.0
        lex_floor = min(lexical.values()) if lexical else 0.0
        lex_max = max(lexical.values()) if lexical else 0.0
        lex_scale = 1.0 / lex_max if lex_max > 0 else 0.0
        fused = {
            i: dense_weight * dense.get(i, dense_floor)
            + (1.0 - dense_weight) * lexical.get(i, lex_floor) * lex_scale
            for i in ids
        }
    order = {i: n for n, i in enumerate(ids)}
    ranked = sorted(ids, key=lambda i: (-fused[i], -dense.get(i, float("-inf")), order[i]))
    if k is not None:
        ranked = ranked[:k]
    return [
        Hit(
            id=i,
            score=float(fused[i]),
            method="hybrid",
            dense_score=dense.get(i),
            lexical_score=lexical.get(i),
        )
        for i in ranked
    ]


# --------------------------------------------------------------------------- retriever


class HybridRetriever:
    """In-memory hybrid search over a corpus.

    ``doc_vectors``: ``(n, 384)`` vectors of ``doc_texts`` (embedded here if None), or
    a list of such matrices, one per field of the document (e.g. claim text and
    title): a document's dense score is then the best over its fields.

    ``dedupe`` (default): documents whose text equals an earlier one's up to case,
    spacing, quote marks and dashes (:mod:`claims.pipeline.dedupe`, the rule the
    reference loader applies) are not indexed; ``duplicates`` maps each such id to
    the first id, which stands for both.
    """

    def __init__(
        self,
        doc_ids: Sequence[Any],
        doc_texts: Sequence[str],
        doc_vectors: np.ndarray | Sequence[np.ndarray] | None = None,
        *,
        fusion: str = "weighted",
        dense_weight: float = DEFAULT_DENSE_WEIGHT,
        rrf_k: int = DEFAULT_RRF_K,
        candidates: int = DEFAULT_CANDIDATES,
        clean_queries: bool = True,
        bm25_k1: float = 1.2,
        bm25_b: float = 0.75,
        dedupe: bool = True,
    ) -> None:
        if len(doc_ids) != len(doc_texts):
            raise ValueError(f"{len(doc_ids)} ids for {len(doc_texts)} texts")
        if len(set(doc_ids)) != len(doc_ids):
            raise ValueError("duplicate document ids")
        keep = list(range(len(doc_ids)))
        self.duplicates: dict[Any, Any] = {}
        if dedupe:
            first: dict[str, Any] = {}
            keep = []
            for i, (doc_id, text) in enumerate(zip(doc_ids, doc_texts, strict=True)):
                key = normal_form(text)
                if key in first:
                    self.duplicates[doc_id] = first[key]
                else:
                    first[key] = doc_id
                    keep.append(i)
        if len(keep) < len(doc_ids):
            doc_ids = [doc_ids[i] for i in keep]
            doc_texts = [doc_texts[i] for i in keep]
            if doc_vectors is not None:
                if isinstance(doc_vectors, np.ndarray):
                    doc_vectors = np.asarray(doc_vectors)[keep]
                else:
                    doc_vectors = [np.asarray(m)[keep] for m in doc_vectors]
        self.doc_ids = list(doc_ids)
        self.fusion = fusion
        self.dense_weight = dense_weight
        self.rrf_k = rrf_k
        self.candidates = candidates
        self.clean_queries = clean_queries
        if doc_vectors is None:
            from claims.pipeline.embed import embed_texts

            doc_vectors = embed_texts(list(doc_texts))
        fields = [doc_vectors] if isinstance(doc_vectors, np.ndarray) else list(doc_vectors)
        self.dense: list[NumpyIndex] = []
        for matrix in fields:
            matrix = np.asarray(matrix, dtype=np.float32)
            if matrix.shape[0] != len(self.doc_ids):
                raise ValueError(f"{matrix.shape[0]} vectors for {len(self.doc_ids)} documents")
            index = NumpyIndex(matrix.shape[1])
            index.add(range(len(self.doc_ids)), matrix)
            self.dense.append(index)
        self.lexical = BM25Lexical(doc_texts, k1=bm25_k1, b=bm25_b)

    def __len__(self) -> int:
        return len(self.doc_ids)

    # -- score matrices (n_queries, n_docs): also used by the bench to tune

    def prepare(self, query_texts: Sequence[str]) -> list[str]:
        return [clean_query(t) for t in query_texts] if self.clean_queries else list(query_texts)

    def dense_scores(self, query_vectors: np.ndarray) -> np.ndarray:
        return np.max(np.stack([ix.scores(query_vectors) for ix in self.dense]), axis=0)

    def lexical_scores(self, query_texts: Sequence[str]) -> np.ndarray:
        return self.lexical.scores(query_texts)

    def search(
        self,
        query_texts: Sequence[str],
        query_vectors: np.ndarray | None = None,
        k: int = 5,
        *,
        method: str = "hybrid",
    ) -> list[list[Hit]]:
        """Top ``k`` documents per query. ``method``: hybrid | dense | lexical."""
        if method not in {"hybrid", "dense", "lexical"}:
            raise ValueError(f"unknown method {method!r}")
        texts = self.prepare(query_texts)
        if not texts:
            return []
        n_docs = len(self.doc_ids)
        dense = lexical = None
        if method in {"hybrid", "dense"}:
            if query_vectors is None:
                from claims.pipeline.embed import embed_texts

                query_vectors = embed_texts(texts)
            if len(query_vectors) != len(texts):
                raise ValueError(f"{len(query_vectors)} query vectors for {len(texts)} queries")
            dense = self.dense_scores(query_vectors) if n_docs else None
        if method in {"hybrid", "lexical"}:
            lexical = self.lexical_scores(texts) if n_docs else None
        if not n_docs:
            return [[] for _ in texts]
        results: list[list[Hit]] = []
        for q in range(len(texts)):
            if method == "dense":
                top = _top(dense[q], k)
                results.append(
                    [
                        Hit(self.doc_ids[d], float(dense[q, d]), "dense", float(dense[q, d]), None)
                        for d in top
                    ]
                )
                continue
            if method == "lexical":
                top = _top(lexical[q], k)
                results.append(
                    [
                        Hit(
                            self.doc_ids[d],
                            float(lexical[q, d]),
                            "lexical",
                            None,
                            float(lexical[q, d]),
                        )
                        for d in top
                    ]
                )
                continue
            pool = max(self.candidates, k)
            cand = list(dict.fromkeys([*_top(dense[q], pool), *_top(lexical[q], pool)]))
            # exact scores for every candidate in both lists; lexical best first so
            # fuse() normalises by the query's best BM25 score
            lex_order = sorted(cand, key=lambda d: -lexical[q, d])
            dense_order = sorted(cand, key=lambda d: -dense[q, d])
            fused = fuse(
                [(d, dense[q, d]) for d in dense_order],
                [(d, lexical[q, d]) for d in lex_order],
                method=self.fusion,
                dense_weight=self.dense_weight,
                rrf_k=self.rrf_k,
                k=k,
            )
            results.append(
                [
                    Hit(self.doc_ids[h.id], h.score, "hybrid", h.dense_score, h.lexical_score)
                    for h in fused
                ]
            )
        return results
