"""Hybrid retrieval: query cleaning, BM25, candidate lists and fusion.

Dense vectors here are hand-made (no model), so the tests are fast and exact.
"""

import numpy as np
import pytest

from claims.pipeline.retrieval import (
    BM25Lexical,
    Candidates,
    Hit,
    clean_query,
    fuse,
    fuse_candidates,
)

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


def test_candidates_list_each_signal_best_first():
    c = Candidates.build(["a", "b", "c"], [0.2, 0.9, 0.5], [3.0, 0.0, 7.0])
    assert c.dense_hits() == [("b", 0.9), ("c", 0.5), ("a", 0.2)]
    assert c.lexical_hits() == [("c", 7.0), ("a", 3.0)]  # no shared word: not a lexical hit
    with pytest.raises(ValueError):
        Candidates.build(["a", "a"], [0.1, 0.2], [0.0, 0.0])
    with pytest.raises(ValueError):
        Candidates.build(["a"], [0.1, 0.2], [0.0])


def test_fuse_candidates_uses_exact_scores_on_both_sides():
    c = Candidates.build(["eiffel", "wall", "fries"], [0.30, 0.25, 0.10], [0.0, 8.0, 2.0])
    hits = fuse_candidates(c, dense_weight=0.5)
    assert [h.id for h in hits] == ["wall", "fries", "eiffel"]
    assert hits[0].score == pytest.approx(0.5 * 0.25 + 0.5 * 1.0)
    assert hits[1].score == pytest.approx(0.5 * 0.10 + 0.5 * 0.25)
    assert all(isinstance(h, Hit) and h.method == "hybrid" for h in hits)
    assert (hits[2].dense_score, hits[2].lexical_score) == (0.30, 0.0)
    # all dense: the words are ignored; k cuts
    assert [h.id for h in fuse_candidates(c, dense_weight=1.0, k=2)] == ["eiffel", "wall"]


def test_fuse_candidates_without_words_follows_the_vectors_and_breaks_ties_by_order():
    c = Candidates.build(["x", "y", "z"], [0.5, 0.7, 0.5], [0.0, 0.0, 0.0])
    assert [h.id for h in fuse_candidates(c)] == ["y", "x", "z"]
    assert fuse_candidates(Candidates.empty()) == []
