"""The learned re-ranker: features, training, the JSON artefact."""

import json

import numpy as np
import pytest

from claims.pipeline import rerank
from claims.pipeline.retrieval import Hit

DOCS = [
    rerank.Doc("Eiffel Tower", "The Eiffel Tower in Paris was completed in 1889."),
    rerank.Doc("Border wall", "No border wall is being built in Colorado, says Trump."),
    rerank.Doc("Fries", "McDonald's is not offering $1 fries of any size."),
]


def _hits(cos, bm25):
    fused = [0.8 * c + 0.2 * b / max(bm25) for c, b in zip(cos, bm25, strict=True)]
    return [Hit(i, f, "hybrid", c, b) for i, (f, c, b) in enumerate(zip(fused, cos, bm25, strict=True))]


def test_features_see_words_numbers_and_names():
    hits = _hits([0.6, 0.5, 0.2], [1.0, 9.0, 0.0])
    f = rerank.features("Trump is building a border wall in Colorado https://t.co/x", hits, DOCS)
    col = {name: f[:, i] for i, name in enumerate(rerank.FEATURES)}
    assert f.shape == (3, len(rerank.FEATURES))
    assert col["query_in_text"][1] > 0.7 and col["query_in_text"][2] == 0
    assert col["names_matched"][1] == 1.0 and col["names_matched"][0] == 0.0
    assert col["bm25_norm"][1] == 1.0 and col["cosine_gap"][0] == 0.0
    g = rerank.features("The tower was finished in 1889", hits, DOCS)
    assert g[0, rerank.FEATURES.index("numbers_matched")] == 1
    assert g[1, rerank.FEATURES.index("numbers_unmatched")] == 1
    with pytest.raises(ValueError):
        rerank.features("x", hits[:2], DOCS)
    assert rerank.features("x", [], []).shape == (0, len(rerank.FEATURES))


def _groups(rng, n=60):
    """Synthetic queries where the relevant doc has the most word overlap but often
    not the best cosine: a model must learn to trust the words."""
    groups = []
    for _ in range(n):
        f = rng.normal(size=(10, len(rerank.FEATURES)))
        y = np.zeros(10, np.int64)
        pos = rng.integers(10)
        y[pos] = 1
        f[:, rerank.FEATURES.index("query_in_text")] = rng.uniform(0, 0.5, 10)
        f[pos, rerank.FEATURES.index("query_in_text")] = 0.9
        groups.append((f, y))
    return groups


@pytest.mark.parametrize("kind", ["logistic", "mlp"])
def test_training_learns_the_signal_and_the_artefact_round_trips(tmp_path, kind):
    rng = np.random.default_rng(0)
    model = rerank.train_reranker(_groups(rng, n=300), kind=kind, hidden=(8,), c=10.0)
    test = _groups(np.random.default_rng(1), n=30)
    top1 = np.mean([y[int(np.argmax(model.predict(f)))] for f, y in test])
    assert top1 > 0.9
    path = tmp_path / "r.json"
    rerank.save_reranker(model, path)
    again = rerank.load_reranker(path)
    assert again.version == model.version and again.kind == kind
    f = test[0][0]
    assert np.allclose(again.predict(f), model.predict(f))


def test_training_rejects_bad_input():
    f = np.zeros((3, len(rerank.FEATURES)))
    with pytest.raises(ValueError, match="both"):
        rerank.train_reranker([(f, np.zeros(3))])
    with pytest.raises(ValueError, match="features"):
        rerank.train_reranker([(np.zeros((2, 3)), np.array([0, 1]))])
    with pytest.raises(ValueError, match="kind"):
        rerank.train_reranker([(f, np.array([0, 1, 0]))], kind="forest")


def test_missing_artefact_is_none_and_a_broken_one_is_an_error(tmp_path):
    assert rerank.load_reranker(tmp_path / "none.json") is None
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(rerank.RerankModelError):
        rerank.load_reranker(bad)
    model = rerank.train_reranker(_groups(np.random.default_rng(2)), kind="logistic")
    rerank.save_reranker(model, bad)
    doc = json.loads(bad.read_text())
    doc["features"] = doc["features"][:-1]
    bad.write_text(json.dumps(doc))
    with pytest.raises(rerank.RerankModelError, match="features"):
        rerank.load_reranker(bad)
    doc = json.loads(bad.read_text())
    doc["features"] = list(rerank.FEATURES)
    doc["layers"][0]["weights"] = [[1.0]]
    bad.write_text(json.dumps(doc))
    with pytest.raises(rerank.RerankModelError, match="shapes"):
        rerank.load_reranker(bad)


def test_rerank_reorders_by_the_model():
    w = np.zeros((len(rerank.FEATURES), 1))
    w[rerank.FEATURES.index("names_matched"), 0] = 1.0
    model = rerank.Reranker("logistic", np.zeros(len(rerank.FEATURES)),
                            np.ones(len(rerank.FEATURES)), [(w, np.zeros(1))])
    hits = _hits([0.9, 0.5, 0.4], [1.0, 1.0, 1.0])
    out = rerank.rerank(model, "Did Trump wall off Colorado?", hits, DOCS)
    assert [h.id for h in out] == [1, 0, 2]
