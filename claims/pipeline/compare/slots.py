"""Slot by slot on one event, the stance, and ``compare`` (the step's entry point)."""

from __future__ import annotations

from claims.pipeline.compare.dates import compare_dates
from claims.pipeline.compare.entities import compare_entities
from claims.pipeline.compare.events import decide_same_event, event_evidence
from claims.pipeline.compare.negation import compare_negation
from claims.pipeline.compare.numbers import compare_numbers
from claims.pipeline.compare.records import (
    DEFAULT_THRESHOLDS,
    Comparison,
    Side,
    SlotConflict,
    Thresholds,
)


def compare_slots(a: Side, b: Side, event_score: float) -> tuple[list[SlotConflict], list[str]]:
    """Slot by slot, assuming one event of certainty ``event_score``."""
    conflicts: list[SlotConflict] = []
    agreements: list[str] = []
    for step in (compare_dates, compare_numbers, compare_entities, compare_negation):
        c, ag = step(a, b, event_score)
        conflicts.extend(c)
        agreements.extend(ag)
    conflicts.sort(key=lambda c: -c.confidence)
    return conflicts, agreements


def decide_stance(
    *,
    same: bool,
    similarity: float,
    event_score: float,
    max_conflict: float,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> str:
    """support | contradict | related | unknown, from the pieces above."""
    if not same:
        related = event_score >= thresholds.related or similarity >= 0.6
        return "related" if related else "unknown"
    if max_conflict >= thresholds.contradict:
        return "contradict"
    if event_score >= thresholds.support:
        return "support"
    return "related"


def compare(
    a: Side, b: Side, *, similarity: float, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> Comparison:
    """Same event? Then slot by slot: conflicts (contradiction candidates) and agreements."""
    ev = event_evidence(a, b, similarity=similarity)
    decision, verdict = decide_same_event(ev, thresholds)
    result = Comparison(
        same_event=decision, event_score=ev.score, event_detail=f"{ev.explanation} -> {verdict}"
    )
    if decision:
        result.conflicts, result.agreements = compare_slots(a, b, ev.score)
    result.stance = decide_stance(
        same=decision,
        similarity=similarity,
        event_score=ev.score,
        max_conflict=max((c.confidence for c in result.conflicts), default=0.0),
        thresholds=thresholds,
    )
    return result
