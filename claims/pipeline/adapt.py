"""Adapting a shipped model to a project's own labels: residual (offset) logistic regression.

The shipped artefacts were fitted on public data that is not at hand when a newsroom
retrains. What is at hand is the base model itself and the reviewers' labels. So the
new model keeps the base model's logits as a fixed *offset* and learns only a small,
L2-penalised correction from features of the labelled items:

    logits_new(x) = logits_base(x) + x @ W + b

With no labels (or a huge penalty) it is the base model exactly; with few labels it
moves only as far as they pull. One function serves the binary case (check-worthiness,
one logit) and the multi-class case (stance, one logit per label). Fitted with
scipy's L-BFGS (scipy is already a dependency via scikit-learn); deterministic.

No Django here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import minimize


@dataclass
class OffsetLogistic:
    """``W`` (features x classes), ``b`` (classes), plus the feature standardisation."""

    W: np.ndarray
    b: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    meta: dict = field(default_factory=dict)

    def logits(self, X: np.ndarray, base_logits: np.ndarray) -> np.ndarray:
        Z = (np.asarray(X, dtype=np.float64) - self.mean) / self.scale
        return np.asarray(base_logits, dtype=np.float64).reshape(len(Z), -1) + Z @ self.W + self.b


def softmax(L: np.ndarray) -> np.ndarray:
    L = L - L.max(axis=1, keepdims=True)
    P = np.exp(L)
    return P / P.sum(axis=1, keepdims=True)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


def fit_offset_logistic(
    X: np.ndarray,
    base_logits: np.ndarray,
    y: np.ndarray,
    *,
    weights: np.ndarray | None = None,
    l2: float = 1.0,
) -> OffsetLogistic:
    """Fit the correction.

    ``base_logits``: (n,) for binary (``y`` in {0, 1}), or (n, k) for k classes
    (``y`` = class index 0..k-1). ``weights``: per-label weight (weak labels < 1).
    ``l2``: penalty on ``W`` and ``b`` per unit of total label weight.
    """
    X = np.asarray(X, dtype=np.float64)
    n = len(X)
    if n == 0:
        raise ValueError("no labels to fit")
    B = np.asarray(base_logits, dtype=np.float64)
    binary = B.ndim == 1
    B = B.reshape(n, -1)
    k = B.shape[1]
    y = np.asarray(y, dtype=np.int64)
    if y.min() < 0 or y.max() >= (2 if binary else k):
        raise ValueError("label index out of range")
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    mean = X.mean(axis=0)
    scale = X.std(axis=0) + 1e-6
    Z = (X - mean) / scale
    d = Z.shape[1]
    lam = float(l2) * w.sum() / n

    if binary:
        t = y.astype(np.float64)

        def loss(theta):
            Wv, bv = theta[:d], theta[d]
            z = B[:, 0] + Z @ Wv + bv
            p = sigmoid(z)
            ll = w * (np.logaddexp(0, z) - t * z)
            g = w * (p - t)
            obj = ll.sum() / n + 0.5 * lam * (Wv @ Wv + bv * bv)
            grad = np.concatenate([Z.T @ g / n + lam * Wv, [g.sum() / n + lam * bv]])
            return obj, grad

        theta0 = np.zeros(d + 1)
    else:
        Y = np.eye(k)[y]

        def loss(theta):
            Wm = theta[: d * k].reshape(d, k)
            bv = theta[d * k :]
            L = B + Z @ Wm + bv
            P = softmax(L)
            logZ = np.log(np.exp(L - L.max(1, keepdims=True)).sum(1)) + L.max(1)
            ll = w * (logZ - (L * Y).sum(1))
            G = (P - Y) * w[:, None]
            obj = ll.sum() / n + 0.5 * lam * ((Wm * Wm).sum() + bv @ bv)
            grad = np.concatenate([(Z.T @ G / n + lam * Wm).ravel(), G.sum(0) / n + lam * bv])
            return obj, grad

        theta0 = np.zeros(d * k + k)
    res = minimize(loss, theta0, jac=True, method="L-BFGS-B", options={"maxiter": 500})
    cols = 1 if binary else k
    W = res.x[: d * cols].reshape(d, cols)
    b = res.x[d * cols :]
    return OffsetLogistic(W=W, b=b, mean=mean, scale=scale,
                          meta={"converged": bool(res.success), "l2": l2})  # fmt: skip


def roc_auc(y: np.ndarray, score: np.ndarray, weights: np.ndarray | None = None) -> float:
    """Weighted ROC AUC (ties count half); 0.5 when one class is missing."""
    y = np.asarray(y).astype(bool)
    s = np.asarray(score, dtype=np.float64)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
    pos, neg = s[y], s[~y]
    wp, wn = w[y], w[~y]
    if not len(pos) or not len(neg):
        return 0.5
    gt = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
    return float((wp[:, None] * wn[None, :] * gt).sum() / (wp.sum() * wn.sum()))


# --------------------------------------------------------------------------- artefact bytes

ADAPTER_FORMAT = 1


def to_bytes(model: OffsetLogistic, meta: dict) -> bytes:
    """An ``.npz`` (arrays + JSON meta; no pickle, so a stored row cannot run code)."""
    import io
    import json

    buf = io.BytesIO()
    np.savez_compressed(
        buf, W=model.W, b=model.b, mean=model.mean, scale=model.scale,
        meta=np.array(json.dumps({**model.meta, **meta, "adapter_format": ADAPTER_FORMAT})),
    )  # fmt: skip
    return buf.getvalue()


def from_bytes(blob: bytes) -> OffsetLogistic:
    import io
    import json

    try:
        z = np.load(io.BytesIO(blob), allow_pickle=False)
        meta = json.loads(str(z["meta"]))
        model = OffsetLogistic(W=z["W"], b=z["b"], mean=z["mean"], scale=z["scale"], meta=meta)
    except Exception as exc:
        raise ValueError(f"not an adapter artefact ({exc})") from exc
    if meta.get("adapter_format") != ADAPTER_FORMAT:
        raise ValueError(f"adapter format {meta.get('adapter_format')}, expected {ADAPTER_FORMAT}")
    return model


def is_adapter(blob_or_path) -> bool:
    """True for an adapter ``.npz`` (a zip file), by its first bytes."""
    from pathlib import Path

    if isinstance(blob_or_path, bytes | bytearray):
        head = bytes(blob_or_path[:2])
    else:
        with Path(blob_or_path).open("rb") as fh:
            head = fh.read(2)
    return head == b"PK"
