"""Is a slot governed by the same predicate on both sides? (used by events and dates)"""

from __future__ import annotations

from claims.pipeline.compare.entities import entity_words
from claims.pipeline.compare.records import Side
from claims.pipeline.compare.spans import context
from claims.pipeline.negation import content_stems


def slot_words(side: Side) -> set[str]:
    """Stems inside date and number expressions ("December", "percent", "million")."""
    words: set[str] = set()
    for slot in list(side.dates) + list(side.numbers):
        words |= content_stems(str(slot.get("text", "")))
    return words


def predicate_overlap(
    a: Side, slot_a: dict, b: Side, slot_b: dict, *, with_names: bool = False
) -> tuple[float, list[str]]:
    """Is the slot governed by the same predicate on both sides?

    The words around each slot (its predicate: "talks opened in … on", "the call
    on", "passed through Kessova") are looked up among all content words of the
    other side, both ways; entity names and words inside dates/numbers do not
    count (they are the anchors and the slots, not the predicate). Returns the
    larger share of one slot's context found on the other side, and those words.
    ``with_names`` keeps entity words (a range's anchor is often a name).
    """
    skip = slot_words(a) | slot_words(b)
    if not with_names:
        skip |= entity_words(a.entities) | entity_words(b.entities)
    words_a = content_stems(a.text) - skip
    words_b = content_stems(b.text) - skip
    ctx_a = context(a, slot_a, left=6, right=4) - skip
    ctx_b = context(b, slot_b, left=6, right=4) - skip
    best, shared = 0.0, set()
    for ctx, other in ((ctx_a, words_b), (ctx_b, words_a)):
        if ctx:
            hit = ctx & other
            share = len(hit) / len(ctx)
            if share > best:
                best, shared = share, hit
    return best, sorted(shared)
