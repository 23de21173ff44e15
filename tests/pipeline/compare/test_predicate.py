"""The same predicate around a slot (our own sentences)."""

from __future__ import annotations

from claims.pipeline.compare import predicate_overlap
from tests.pipeline.compare.sides import side


def test_predicate_overlap_ignores_names_and_slot_words():
    a = side("The Oster bridge opened in Lindholm on 4 May 2015.")
    b = side("Lindholm councillors voted on 4 May 2016.")
    score, words = predicate_overlap(a, a.dates[0], b, b.dates[0])
    assert score == 0.0 and words == []
    score_named, words_named = predicate_overlap(a, a.dates[0], b, b.dates[0], with_names=True)
    assert score_named > 0 and "lindholm" in words_named
