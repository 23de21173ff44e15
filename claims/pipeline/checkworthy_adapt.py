"""Check-worthiness adapted to a project's own labels (``manage.py train --what checkworthy``).

Base: the shipped artefact's embedded-claim score (``checkworthy.score`` with the MiniLM
layer vectors, the score the embed step stores). Correction
(``adapt.fit_offset_logistic``): over the claim's MiniLM sentence vector and the
handcrafted cues. Both vectors come from one forward pass
(``embed.embed_texts_and_layer``), as in the embed step. Labels: a moderator's "not check-worthy" mark is a
0, a claim a reviewer gave a verdict is a 1.

No Django here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from claims.pipeline import adapt
from claims.pipeline import checkworthy as cw

KIND = "checkworthy-adapter"


def features(texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
    V = np.asarray(vectors, dtype=np.float64).reshape(len(texts), -1)
    H = np.array([cw.hand_features(t) for t in texts], dtype=np.float64).reshape(len(texts), -1)
    return np.hstack([V, H])


def base_logits(
    texts: Sequence[str], layer_vectors: np.ndarray, base_path: Path | str = cw.MODEL_PATH
) -> np.ndarray:
    p = base_score(texts, layer_vectors, base_path)
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def train(
    texts: Sequence[str],
    vectors: np.ndarray,
    layer_vectors: np.ndarray,
    y: Sequence[int],
    *,
    weights: Sequence[float] | None = None,
    l2: float = 1.0,
    base_path: Path | str = cw.MODEL_PATH,
) -> bytes:
    y = np.asarray(y, dtype=np.int64)
    if len(set(y.tolist())) < 2:
        raise ValueError("check-worthiness labels need both kinds (marked and reviewed claims)")
    model = adapt.fit_offset_logistic(
        features(texts, vectors), base_logits(texts, layer_vectors, base_path), y, weights=weights, l2=l2
    )
    base_sha = cw.file_sha256(Path(base_path))
    return adapt.to_bytes(model, {"kind": KIND, "base_sha256": base_sha, "n": int(len(y))})


class AdaptedCheckworthy:
    def __init__(self, blob: bytes, base_path: Path | str = cw.MODEL_PATH):
        self.adapter = adapt.from_bytes(blob)
        if self.adapter.meta.get("kind") != KIND:
            raise ValueError(f"not a check-worthiness adapter: {self.adapter.meta.get('kind')}")
        if self.adapter.meta.get("base_sha256") != cw.file_sha256(Path(base_path)):
            raise cw.CheckworthyModelError(
                "the adapter was trained over another base artefact; retrain with manage.py train"
            )
        self.base_path = base_path

    def score(
        self, texts: Sequence[str], vectors: np.ndarray, layer_vectors: np.ndarray
    ) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros(0)
        z = self.adapter.logits(
            features(texts, vectors), base_logits(texts, layer_vectors, self.base_path)
        )
        p = adapt.sigmoid(z[:, 0])
        p[[not t.strip() for t in texts]] = 0.0
        return p


def base_score(
    texts: Sequence[str], layer_vectors: np.ndarray, base_path: Path | str = cw.MODEL_PATH
) -> np.ndarray:
    """The shipped model's embedded-claim score (what 'current' is before any promotion)."""
    return np.asarray(cw.score(list(texts), features=layer_vectors, model_path=base_path))
