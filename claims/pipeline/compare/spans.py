"""Where a slot stands in its side's text, and the content words around it (its role)."""

from __future__ import annotations

from claims.pipeline.compare.records import Side
from claims.pipeline.negation import STOPWORDS, stem, tokens


def span(side: Side, slot: dict) -> tuple[int, int]:
    """Offsets of a slot in ``side.text``; re-found by text if the stored ones don't fit."""
    s, e = slot.get("start"), slot.get("end")
    t = slot.get("text", "")
    if isinstance(s, int) and isinstance(e, int) and side.text[s:e] == t:
        return s, e
    idx = side.text.find(t) if t else -1
    if idx >= 0:
        return idx, idx + len(t)
    return -1, -1


def words_before(side: Side, start: int, n: int) -> list[str]:
    if start < 0:
        return []
    return [t.lower for t in tokens(side.text[:start])][-n:]


def context(side: Side, slot: dict, left: int = 5, right: int = 3) -> set[str]:
    """Content stems near a slot (its role: "talks in Astana", "the call on 17 December")."""
    s, e = span(side, slot)
    if s < 0:
        return set()
    before = [t for t in tokens(side.text[:s])][-left:]
    after = [t for t in tokens(side.text[e:])][:right]
    return {
        stem(t.lower)
        for t in before + after
        if t.lower not in STOPWORDS and not t.lower[0].isdigit() and len(t.lower) > 1
    }


def overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
