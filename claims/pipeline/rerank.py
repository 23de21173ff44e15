"""Learned re-ranking of the fused top candidates (claim -> reference passage).

A small model over hand-made pair features (see :data:`FEATURES`): the fused
search's own signals (cosine, BM25, fused score and the ranks they give), word,
bigram, title, number and capitalised-name overlap between the claim and the
passage, and their length ratio. It re-orders the fused top ``POOL`` only.

Plain functions, no Django::

    model = train_reranker(groups, kind="logistic")   # groups: [(features, labels)]
    save_reranker(model, path); model = load_reranker(path)   # None if absent
    order_scores = score(model, query_text, hits, docs)

The artefact is JSON (weights as lists, no pickle), read with NumPy only, so it is
version-proof and safe to load. ``bench/train_reranker.py`` rebuilds it from the
public CheckThat train splits; the card beside it says how and what it scores.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from claims.pipeline.retrieval import Hit, clean_query

MODEL_PATH = Path(__file__).resolve().parent / "models" / "reranker.json"
FORMAT = 1
POOL = 40  # fused candidates the model re-orders

FEATURES = (
    "cosine", "bm25_norm", "bm25_log", "fused", "fused_rank_log", "dense_rank_log",
    "lexical_rank_log", "cosine_gap", "fused_gap", "query_in_text", "query_in_title",
    "doc_in_query", "bigram_overlap", "numbers_matched", "numbers_unmatched",
    "names_matched", "names_unmatched", "length_ratio_log",
)


class RerankModelError(RuntimeError):
    """The artefact exists but cannot be used (corrupt, or another feature set)."""


# --------------------------------------------------------------------------- text


_WORD = re.compile(r"[A-Za-z0-9]+(?:[.,][0-9]+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+")


@lru_cache(maxsize=1)
def _stop_and_stem():
    from bm25s.stopwords import STOPWORDS_EN

    try:
        import Stemmer

        stem = Stemmer.Stemmer("english").stemWord
    except ImportError:  # stemming is optional (as in BM25Lexical)
        def stem(w):
            return w
    return frozenset(STOPWORDS_EN), stem


def _tokens(text: str) -> list[str]:
    stop, stem = _stop_and_stem()
    return [stem(w) for w in (m.lower() for m in _WORD.findall(text)) if w not in stop]


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def _names(text: str) -> set[str]:
    return {m.lower() for m in _NAME.findall(text)}


def _frac(part: set, whole: set) -> float:
    return len(part & whole) / len(part) if part else 0.0


def _bigrams(tokens: list[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:], strict=False))


@lru_cache(maxsize=65536)
def _doc_view(title: str, text: str):
    """A passage's tokens, bigrams, numbers and names (cached: the same passages come
    back in many claims' pools)."""
    body = f"{title} {text}"
    b_tok = _tokens(body)
    return (frozenset(_tokens(text)), frozenset(_tokens(title)), b_tok, frozenset(b_tok),
            frozenset(_bigrams(b_tok)), frozenset(_numbers(body)), frozenset(_names(body)))


@dataclass(frozen=True)
class Doc:
    title: str
    text: str


def features(query_text: str, hits: Sequence[Hit], docs: Sequence[Doc]) -> np.ndarray:
    """``(len(hits), len(FEATURES))`` float64 for one query's fused hits (best first)
    and their documents."""
    if len(hits) != len(docs):
        raise ValueError(f"{len(hits)} hits for {len(docs)} documents")
    n = len(hits)
    out = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if not n:
        return out
    q = clean_query(query_text)
    q_tok = _tokens(q)
    q_set, q_bi = set(q_tok), _bigrams(q_tok)
    q_num, q_names = _numbers(q), _names(q)
    cos = np.array([h.dense_score or 0.0 for h in hits])
    bm25 = np.array([h.lexical_score or 0.0 for h in hits])
    fused = np.array([h.score for h in hits])
    top_bm25 = bm25.max()
    dense_rank = np.empty(n)
    dense_rank[np.argsort(-cos, kind="stable")] = np.arange(n)
    lex_rank = np.empty(n)
    lex_rank[np.argsort(-bm25, kind="stable")] = np.arange(n)
    for i, d in enumerate(docs):
        t_set, title_set, b_tok, b_set, b_bi, d_num, d_names = _doc_view(d.title, d.text)
        out[i] = (
            cos[i],
            bm25[i] / top_bm25 if top_bm25 > 0 else 0.0,
            math.log1p(bm25[i]),
            fused[i],
            math.log1p(i),
            math.log1p(dense_rank[i]),
            math.log1p(lex_rank[i]),
            cos[i] - cos.max(),
            fused[i] - fused.max(),
            _frac(q_set, t_set),
            _frac(q_set, title_set),
            _frac(b_set, q_set),
            _frac(q_bi, b_bi),
            len(q_num & d_num),
            len(q_num - d_num),
            _frac(q_names, d_names),
            len(q_names - d_names) / max(1, len(q_names)),
            math.log((len(b_tok) + 1) / (len(q_tok) + 1)),
        )
    return out


# --------------------------------------------------------------------------- model


@dataclass
class Reranker:
    """A scorer over standardised :data:`FEATURES`: ``logistic`` (one linear layer) or
    ``mlp`` (ReLU hidden layers, then a logistic output)."""

    kind: str
    mean: np.ndarray
    scale: np.ndarray
    layers: list[tuple[np.ndarray, np.ndarray]]  # (weights, bias) per layer
    meta: dict = field(default_factory=dict)

    @property
    def version(self) -> str:
        """A short content hash: stored with every match it ranked."""
        blob = json.dumps(_to_json(self), sort_keys=True).encode()
        return f"rerank-{self.kind}-{hashlib.sha256(blob).hexdigest()[:10]}"

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Relevance logits, one per row (higher is better)."""
        h = (np.asarray(X, np.float64) - self.mean) / self.scale
        for i, (w, b) in enumerate(self.layers):
            h = h @ w + b
            if i < len(self.layers) - 1:
                h = np.maximum(h, 0.0)
        return h[:, 0]


def score(model: Reranker, query_text: str, hits: Sequence[Hit], docs: Sequence[Doc]):
    """The model's logits for one query's hits (same order as ``hits``)."""
    if not hits:
        return np.zeros(0)
    return model.predict(features(query_text, hits, docs))


def rerank(model: Reranker, query_text: str, hits: Sequence[Hit], docs: Sequence[Doc]):
    """``hits`` re-ordered by the model (ties: fused order)."""
    s = score(model, query_text, hits, docs)
    order = sorted(range(len(hits)), key=lambda i: (-s[i], i))
    return [hits[i] for i in order]


def train_reranker(
    groups: Sequence[tuple[np.ndarray, np.ndarray]],
    *,
    kind: str = "logistic",
    c: float = 1.0,
    hidden: tuple[int, ...] = (16,),
    seed: int = 0,
    meta: dict | None = None,
) -> Reranker:
    """Fit on ``groups``: one ``(features, labels)`` pair per query (labels 1 for a
    relevant passage, 0 otherwise). Pointwise, classes balanced."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    X = np.vstack([np.asarray(f, np.float64) for f, _ in groups])
    y = np.concatenate([np.asarray(lab, np.int64) for _, lab in groups])
    if X.shape[1] != len(FEATURES):
        raise ValueError(f"expected {len(FEATURES)} features, got {X.shape[1]}")
    if len(set(y.tolist())) != 2:
        raise ValueError("training needs both relevant and irrelevant candidates")
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = (X - mean) / scale
    if kind == "logistic":
        clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
        clf.fit(Z, y)
        layers = [(clf.coef_.T.copy(), clf.intercept_.copy())]
    elif kind == "mlp":
        # no class_weight in MLPClassifier: the fused top pool is what it is, and only
        # the order within a query matters, so the base rate does not
        clf = MLPClassifier(hidden_layer_sizes=hidden, alpha=1.0 / c, max_iter=500,
                            early_stopping=True, random_state=seed)
        clf.fit(Z, y)
        layers = [(w.copy(), b.copy()) for w, b in zip(clf.coefs_, clf.intercepts_, strict=True)]
    else:
        raise ValueError(f"unknown re-ranker kind {kind!r}")
    info = {"c": c, "rows": int(len(y)), "positives": int(y.sum()), **(meta or {})}
    if kind == "mlp":
        info["hidden"] = list(hidden)
    return Reranker(kind=kind, mean=mean, scale=scale, layers=layers, meta=info)


def _to_json(model: Reranker) -> dict:
    return {
        "format": FORMAT,
        "features": list(FEATURES),
        "kind": model.kind,
        "mean": model.mean.tolist(),
        "scale": model.scale.tolist(),
        "layers": [{"weights": w.tolist(), "bias": b.tolist()} for w, b in model.layers],
    }


def save_reranker(model: Reranker, path: Path | str = MODEL_PATH) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(reranker_to_bytes(model))
    tmp.replace(path)


def load_reranker(path: Path | str = MODEL_PATH) -> Reranker | None:
    """The model at ``path``, or None when there is no file (matching then keeps the
    fused order). A file that is there but unusable raises :class:`RerankModelError`."""
    path = Path(path)
    if not path.is_file():
        return None
    return reranker_from_bytes(path.read_bytes(), where=str(path))


def reranker_to_bytes(model: Reranker) -> bytes:
    """The artefact as stored in a file or a ``ModelVersion`` row (JSON, no pickle)."""
    doc = {**_to_json(model), "meta": model.meta}
    return (json.dumps(doc, indent=1, sort_keys=True) + "\n").encode("utf-8")


def reranker_from_bytes(blob: bytes, *, where: str = "re-ranker artefact") -> Reranker:
    """Parse and check an artefact; :class:`RerankModelError` when it is not usable here."""
    try:
        doc = json.loads(blob.decode("utf-8"))
        if doc.get("format") != FORMAT or doc.get("features") != list(FEATURES):
            raise RerankModelError(
                f"{where}: built for format {doc.get('format')} with features "
                f"{doc.get('features')}; this code has format {FORMAT} with {list(FEATURES)}. "
                "Rebuild it with bench/train_reranker.py"
            )
        layers = [(np.asarray(layer["weights"], np.float64), np.asarray(layer["bias"], np.float64))
                  for layer in doc["layers"]]
        model = Reranker(kind=doc["kind"], mean=np.asarray(doc["mean"], np.float64),
                         scale=np.asarray(doc["scale"], np.float64), layers=layers,
                         meta=doc.get("meta", {}))
        width = len(FEATURES)
        for w, b in layers:
            if w.ndim != 2 or w.shape[0] != width or b.shape != (w.shape[1],):
                raise RerankModelError(f"{where}: layer shapes do not chain")
            width = w.shape[1]
        if width != 1 or model.mean.shape != (len(FEATURES),):
            raise RerankModelError(f"{where}: the model does not end in one output")
    except RerankModelError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RerankModelError(f"{where}: not a re-ranker artefact ({exc})") from exc
    return model


_loaded: dict[str, tuple[float, Reranker | None]] = {}


def current(path: Path | str = MODEL_PATH) -> Reranker | None:
    """:func:`load_reranker`, cached per process and re-read when the file changes."""
    path = Path(path)
    mtime = path.stat().st_mtime if path.is_file() else -1.0
    cached = _loaded.get(str(path))
    if cached is None or cached[0] != mtime:
        cached = (mtime, load_reranker(path))
        _loaded[str(path)] = cached
    return cached[1]


def mean_average_precision(
    model: Reranker | None, groups: Sequence[tuple[np.ndarray, np.ndarray]], k: int = 5
) -> float:
    """MAP@k over ``groups`` (features in fused order, labels) when ``model`` orders
    them (None: the fused order). AP divides by the positives in the group, so compare
    models on the same groups only."""
    aps = []
    for feats, labels in groups:
        labels = np.asarray(labels)
        if not labels.any():
            continue
        if model is None:
            order = list(range(len(labels)))
        else:
            s = model.predict(feats)
            order = sorted(range(len(labels)), key=lambda i: (-s[i], i))
        hits, total = 0, 0.0
        for rank, i in enumerate(order[:k], start=1):
            if labels[i]:
                hits += 1
                total += hits / rank
        aps.append(total / labels.sum())
    return float(np.mean(aps)) if aps else 0.0
