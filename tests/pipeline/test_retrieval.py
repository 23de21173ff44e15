"""Hybrid retrieval: query cleaning, BM25, fusion, and the retriever end to end.

Dense vectors here are hand-made (no model), so the tests are fast and exact.
"""

import numpy as np
import pytest

from claims.pipeline.retrieval import BM25Lexical, Hit, HybridRetriever, clean_query, fuse

DOCS = {
    "eiffel": "The Eiffel Tower in Paris was completed in 1889.",
    "vaccine": "A vaccine against measles causes autism in children.",
    "wall": "President Trump said the border wall is being built in Colorado.",
    "fries": "McDonald's restaurants are offering $1 any size fries.",
}


def test_clean_query_strips_links_handles_and_trailer_date():
    tweet = (
        "Measles vaccine causes autism!! #VaccinesKill https://t.co/AbC123 "
        "pic.twitter.com/xyz — Jane Doe (@JaneDoe42) January 14, 2020"
    )
    cleaned = clean_query(tweet)
    assert "t.co" not in cleaned and "pic.twitter" not in cleaned
    assert "2020" not in cleaned and "@" not in cleaned and "#" not in cleaned
    assert "Vaccines Kill" in cleaned
    assert cleaned.startswith("Measles vaccine causes autism!!")
    assert cleaned.endswith("Jane Doe")


def test_clean_query_leaves_plain_sentences_alone():
    s = "The unemployment rate fell to 3.5% in 2019."
    assert clean_query(s) == s


def test_clean_query_splits_mentions_into_words():
    assert clean_query("Thanks @realDonaldTrump for this") == "Thanks real Donald Trump for this"


def test_bm25_stems_and_ignores_stopwords():
    lex = BM25Lexical(list(DOCS.values()))
    scores = lex.scores(["vaccines cause autism", "the of and", ""])
    assert scores.shape == (3, 4)
    assert int(np.argmax(scores[0])) == 1
    if lex.stemmer is not None:  # "vaccines"/"cause" only match through stemming
        assert scores[0, 1] > 0
    assert not scores[1].any() and not scores[2].any()


def test_fuse_weighted_combines_both_signals():
    dense = [("a", 0.9), ("b", 0.85), ("c", 0.3)]
    lexical = [("b", 10.0), ("c", 8.0), ("a", 1.0)]
    hits = fuse(dense, lexical, method="weighted", dense_weight=0.5)
    assert [h.id for h in hits] == ["b", "c", "a"]
    b = hits[0]
    assert b.score == pytest.approx(0.5 * 0.85 + 0.5 * 1.0)
    assert (b.dense_score, b.lexical_score, b.method) == (0.85, 10.0, "hybrid")
    # all dense: lexical ignored
    assert [h.id for h in fuse(dense, lexical, dense_weight=1.0)] == ["a", "b", "c"]


def test_fuse_rrf_rewards_agreement_and_fills_missing():
    dense = [("a", 0.9), ("b", 0.8)]
    lexical = [("b", 3.0), ("c", 2.0)]
    hits = fuse(dense, lexical, method="rrf", rrf_k=60, k=2)
    assert [h.id for h in hits] == ["b", "a"]
    assert hits[0].score == pytest.approx(1 / 62 + 1 / 61)
    assert hits[1].lexical_score is None
    with pytest.raises(ValueError):
        fuse(dense, lexical, method="nope")


def test_fuse_with_missing_lexical_uses_floor_not_zero_crash():
    hits = fuse([("a", 0.5), ("b", 0.4)], [], dense_weight=0.6)
    assert [h.id for h in hits] == ["a", "b"]
    assert hits[0].score == pytest.approx(0.3)


def _retriever(**kw):
    ids = list(DOCS)
    vecs = np.eye(4, 16, dtype=np.float32)  # doc i = unit vector e_i
    return HybridRetriever(ids, list(DOCS.values()), vecs, **kw)


def test_dense_only_follows_the_vectors():
    r = _retriever()
    q = np.zeros((1, 16), np.float32)
    q[0, 3] = 1.0
    q[0, 0] = 0.5
    (hits,) = r.search(["anything at all"], q, k=2, method="dense")
    assert [h.id for h in hits] == ["fries", "eiffel"]
    assert all(isinstance(h, Hit) and h.method == "dense" for h in hits)
    assert hits[0].dense_score == pytest.approx(1 / np.sqrt(1.25), abs=1e-5)


def test_lexical_only_follows_the_words():
    r = _retriever()
    (hits,) = r.search(["border wall Colorado"], k=1, method="lexical")
    assert hits[0].id == "wall" and hits[0].lexical_score > 0 and hits[0].dense_score is None


def test_hybrid_lets_strong_words_beat_weak_vector():
    r = _retriever(dense_weight=0.5)
    q = np.full((1, 16), 0.01, np.float32)
    q[0, 0] = 0.3  # vector mildly prefers "eiffel"
    q[0, 2] = 0.25
    (hits,) = r.search(["Trump border wall Colorado"], q, k=4)
    assert hits[0].id == "wall"
    assert hits[0].method == "hybrid"
    assert hits[0].dense_score is not None and hits[0].lexical_score > 0
    assert len(hits) == 4 and len({h.id for h in hits}) == 4
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_multi_field_vectors_take_the_best_field():
    ids = ["x", "y"]
    f1 = np.array([[1, 0, 0], [0, 1, 0]], np.float32)
    f2 = np.array([[0, 1, 0], [0, 1, 0]], np.float32)
    r = HybridRetriever(ids, ["alpha", "beta"], [f1, f2])
    q = np.array([[0, 1, 0]], np.float32)
    (hits,) = r.search(["zzz"], q, k=2, method="dense")
    assert [h.dense_score for h in hits] == pytest.approx([1.0, 1.0])


def test_bad_construction_is_rejected():
    with pytest.raises(ValueError):
        HybridRetriever(["a", "a"], ["x", "y"], np.eye(2))
    with pytest.raises(ValueError):
        HybridRetriever(["a", "b"], ["x", "y"], np.eye(3))


def test_empty_corpus_and_no_queries():
    r = HybridRetriever([], [], np.zeros((0, 8), np.float32))
    assert r.search(["q"], np.ones((1, 8), np.float32), k=3) == [[]]
    assert _retriever().search([], np.zeros((0, 16)), k=3) == []


def test_near_duplicate_documents_are_indexed_once_under_the_first_id():
    ids = ["first", "other", "copy"]
    texts = [
        'Did he say "my crimes can\'t be investigated"?',
        "Was the stadium turned into houses?",
        "Did he say \u2018my crimes can\u2019t be investigated\u2019?",
    ]
    vecs = np.array([[1, 0, 0], [0, 1, 0], [0.99, 0.1, 0]], np.float32)
    r = HybridRetriever(ids, texts, vecs)
    assert len(r) == 2 and r.duplicates == {"copy": "first"}
    (hits,) = r.search(["my crimes investigated"], np.array([[1, 0, 0]], np.float32), k=3)
    assert [h.id for h in hits] == ["first", "other"]
    kept_both = HybridRetriever(ids, texts, vecs, dedupe=False)
    assert len(kept_both) == 3 and kept_both.duplicates == {}
