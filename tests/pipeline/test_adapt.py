"""Residual logistic adaptation: stays at the base without signal, learns a planted one."""

from __future__ import annotations

import numpy as np
import pytest

from claims.pipeline import adapt


def _data(n=400, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5))
    base = rng.normal(size=n) * 0.3
    return rng, X, base


def test_binary_learns_a_direction_the_base_misses():
    rng, X, base = _data()
    y = (X[:, 2] + 0.2 * rng.normal(size=len(X)) > 0).astype(int)
    m = adapt.fit_offset_logistic(X, base, y, l2=0.01)
    z = m.logits(X, base)[:, 0]
    assert adapt.roc_auc(y, z) > 0.95 > adapt.roc_auc(y, base) + 0.3
    assert abs(m.W[2, 0]) == np.abs(m.W).max()


def test_heavy_penalty_keeps_the_base_model():
    rng, X, base = _data()
    y = (X[:, 0] > 0).astype(int)
    m = adapt.fit_offset_logistic(X, base, y, l2=1e6)
    assert np.allclose(m.logits(X, base)[:, 0], base, atol=1e-3)


def test_multiclass_offset_and_weights():
    rng, X, _ = _data()
    y = np.where(X[:, 0] > 0.5, 0, np.where(X[:, 1] > 0, 1, 2))
    base = np.zeros((len(X), 3))
    m = adapt.fit_offset_logistic(X, base, y, l2=0.01)
    acc = (m.logits(X, base).argmax(1) == y).mean()
    assert acc > 0.8
    # zero-weight labels do not move the model
    w = np.zeros(len(X))
    m0 = adapt.fit_offset_logistic(X, base, y, weights=w + 1e-12, l2=1.0)
    assert np.allclose(m0.W, 0, atol=1e-4)


def test_bytes_round_trip_and_bad_bytes():
    rng, X, base = _data(50)
    y = (X[:, 0] > 0).astype(int)
    m = adapt.fit_offset_logistic(X, base, y)
    blob = adapt.to_bytes(m, {"kind": "k"})
    assert adapt.is_adapter(blob)
    back = adapt.from_bytes(blob)
    assert back.meta["kind"] == "k"
    assert np.allclose(back.logits(X, base), m.logits(X, base))
    with pytest.raises(ValueError, match="not an adapter"):
        adapt.from_bytes(b"not a zip at all")


def test_label_out_of_range_is_refused():
    _, X, base = _data(20)
    with pytest.raises(ValueError, match="out of range"):
        adapt.fit_offset_logistic(X, base, np.full(20, 2))


def test_roc_auc_ties_and_missing_class():
    assert adapt.roc_auc([1, 0], [0.5, 0.5]) == 0.5
    assert adapt.roc_auc([1, 1], [0.1, 0.9]) == 0.5
    assert adapt.roc_auc([1, 0, 1, 0], [0.9, 0.1, 0.8, 0.2]) == 1.0
