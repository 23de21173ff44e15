"""VectorIndex: NumpyIndex (PgvectorIndex is measured by bench/knn.py against it)."""

import numpy as np
import pytest

from claims.pipeline.index import NumpyIndex

DIM = 8


def _make(kind):
    assert kind == "numpy"
    return NumpyIndex(DIM)


BACKENDS = ["numpy"]


def _unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


@pytest.fixture
def rng():
    return np.random.default_rng(7)


@pytest.mark.parametrize("kind", BACKENDS)
def test_empty_index_returns_no_hits(kind):
    index = _make(kind)
    assert len(index) == 0
    assert index.search(np.ones((2, DIM)), 3) == [[], []]


@pytest.mark.parametrize("kind", BACKENDS)
def test_exact_match_ranks_first_with_cosine_one(kind, rng):
    index = _make(kind)
    vecs = rng.normal(size=(50, DIM)).astype(np.float32)
    index.add([f"doc-{i}" for i in range(50)], vecs)
    assert len(index) == 50
    hits = index.search(vecs[[3, 17]] * 5.0, 4)  # scale must not matter
    assert [h[0][0] for h in hits] == ["doc-3", "doc-17"]
    assert hits[0][0][1] == pytest.approx(1.0, abs=1e-5)
    for row in hits:
        assert len(row) == 4
        scores = [s for _, s in row]
        assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("kind", BACKENDS)
def test_scores_are_cosine_similarities(kind):
    index = _make(kind)
    a = np.zeros(DIM)
    a[0] = 1
    b = np.zeros(DIM)
    b[:2] = 1
    c = np.zeros(DIM)
    c[1] = -1
    index.add([1, 2, 3], np.stack([a, b, c]))
    (row,) = index.search(a[None, :], 3)
    assert [i for i, _ in row] == [1, 2, 3]
    assert [s for _, s in row] == pytest.approx([1.0, 1 / np.sqrt(2), 0.0], abs=1e-5)


@pytest.mark.parametrize("kind", BACKENDS)
def test_matches_brute_force_top_k(kind, rng):
    index = _make(kind)
    docs = rng.normal(size=(300, DIM))
    queries = rng.normal(size=(20, DIM))
    index.add(list(range(300)), docs)
    dn = docs / np.linalg.norm(docs, axis=1, keepdims=True)
    qn = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    expected = np.argsort(-(qn @ dn.T), axis=1)[:, :10]
    got = index.search(queries, 10)
    for exp, row in zip(expected, got, strict=True):
        assert [i for i, _ in row] == exp.tolist()


@pytest.mark.parametrize("kind", BACKENDS)
def test_k_larger_than_index_returns_everything(kind, rng):
    index = _make(kind)
    index.add([10, 20, 30], rng.normal(size=(3, DIM)))
    (row,) = index.search(rng.normal(size=(1, DIM)), 10)
    assert sorted(i for i, _ in row) == [10, 20, 30]


@pytest.mark.parametrize("kind", BACKENDS)
def test_adding_an_existing_id_replaces_its_vector(kind):
    index = _make(kind)
    x, y = np.eye(DIM)[0], np.eye(DIM)[1]
    index.add(["a", "b"], np.stack([x, y]))
    index.add(["a"], y[None, :] + 0.01 * x)
    assert len(index) == 2
    (row,) = index.search(y[None, :], 2)
    assert {i for i, _ in row} == {"a", "b"}
    assert dict(row)["a"] > 0.99


@pytest.mark.parametrize("kind", BACKENDS)
def test_incremental_adds_and_remove(kind, rng):
    index = _make(kind)
    vecs = rng.normal(size=(10, DIM))
    index.add(list(range(5)), vecs[:5])
    index.add(list(range(5, 10)), vecs[5:])
    assert len(index) == 10
    index.remove([7, 99])
    assert len(index) == 9
    (row,) = index.search(vecs[7:8], 9)
    assert 7 not in {i for i, _ in row}
    (row,) = index.search(vecs[8:9], 1)
    assert row[0][0] == 8


@pytest.mark.parametrize("kind", BACKENDS)
def test_bad_input_is_rejected(kind, rng):
    index = _make(kind)
    with pytest.raises(ValueError):
        index.add([1, 2], rng.normal(size=(3, DIM)))
    with pytest.raises(ValueError):
        index.add([1, 1], rng.normal(size=(2, DIM)))
    with pytest.raises(ValueError):
        index.add([1], rng.normal(size=(1, DIM + 1)))


def test_numpy_search_in_query_blocks_matches_single_block(rng):
    docs = rng.normal(size=(100, DIM))
    queries = rng.normal(size=(9, DIM))
    small = NumpyIndex(DIM, query_block=2)
    big = NumpyIndex(DIM)
    small.add(list(range(100)), docs)
    big.add(list(range(100)), docs)
    a, b = small.search(queries, 5), big.search(queries, 5)
    assert [[i for i, _ in r] for r in a] == [[i for i, _ in r] for r in b]
    assert [s for r in a for _, s in r] == pytest.approx([s for r in b for _, s in r], abs=1e-5)
