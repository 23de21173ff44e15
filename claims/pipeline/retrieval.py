"""Hybrid retrieval: BM25 (lexical) + embedding cosine (dense), fused.

The database search (``claims.vector_search.candidates``) returns, per query, a
:class:`Candidates`: the union of the dense and lexical top lists with both exact
scores for every member. :func:`fuse_candidates` ranks them (the weighted fusion
below); ``claims.pipeline.rerank`` may then re-rank the fused top. All of it is
plain functions, the same on every database backend.

Defaults were tuned on the CheckThat 2020 and 2022 TRAIN splits (tweets -> Snopes
verified claims); see bench/retrieval.py for the figures and the commands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

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


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class Candidates:
    """One query's candidates: ``ids`` with their exact ``cosine`` and ``bm25`` (0 when
    no word is shared), in the order the search found them."""

    ids: tuple
    cosine: np.ndarray
    bm25: np.ndarray

    @classmethod
    def build(cls, ids: Sequence[Any], cosine: Sequence[float], bm25: Sequence[float]):
        if not (len(ids) == len(cosine) == len(bm25)):
            raise ValueError(f"{len(ids)} ids, {len(cosine)} cosines, {len(bm25)} BM25 scores")
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate candidate ids")
        return cls(tuple(ids), np.asarray(cosine, np.float64), np.asarray(bm25, np.float64))

    @classmethod
    def empty(cls) -> Candidates:
        return cls.build([], [], [])

    def __len__(self) -> int:
        return len(self.ids)

    def dense_hits(self) -> list[tuple[Any, float]]:
        order = sorted(range(len(self)), key=lambda n: (-self.cosine[n], n))
        return [(self.ids[n], float(self.cosine[n])) for n in order]

    def lexical_hits(self) -> list[tuple[Any, float]]:
        order = sorted((n for n in range(len(self)) if self.bm25[n] > 0),
                       key=lambda n: (-self.bm25[n], n))
        return [(self.ids[n], float(self.bm25[n])) for n in order]


def fuse_candidates(
    candidates: Candidates, *, dense_weight: float = DEFAULT_DENSE_WEIGHT, k: int | None = None
) -> list[Hit]:
    """Weighted fusion with exact scores on both sides: ``w * cosine + (1 - w) * bm25 /
    max_bm25`` (the query's best BM25 among its candidates, which holds its lexical top
    hit). Ties: higher cosine, then search order."""
    if not len(candidates):
        return []
    top = candidates.bm25.max()
    lex = candidates.bm25 / top if top > 0 else np.zeros_like(candidates.bm25)
    fused = dense_weight * candidates.cosine + (1.0 - dense_weight) * lex
    order = sorted(range(len(candidates)), key=lambda n: (-fused[n], -candidates.cosine[n], n))
    if k is not None:
        order = order[:k]
    return [
        Hit(id=candidates.ids[n], score=float(fused[n]), method="hybrid",
            dense_score=float(candidates.cosine[n]), lexical_score=float(candidates.bm25[n]))
        for n in order
    ]
