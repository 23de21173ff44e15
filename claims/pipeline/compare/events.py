"""Same event? The evidence (similarity, shared entities and words, time, predicate)
and the decision on it."""

from __future__ import annotations

from dataclasses import dataclass

from claims.pipeline.compare.dates import date_role, intervals_overlap, slot_dates
from claims.pipeline.compare.entities import dedup_entities, entity_words, shared_entities
from claims.pipeline.compare.numbers import norm_unit, slot_numbers
from claims.pipeline.compare.predicate import predicate_overlap, slot_words
from claims.pipeline.compare.records import DEFAULT_THRESHOLDS, Side, Thresholds
from claims.pipeline.compare.spans import overlap
from claims.pipeline.negation import content_stems


@dataclass(frozen=True)
class EventEvidence:
    """What the same-event decision rests on (thresholds are applied separately)."""

    similarity: float
    score: float  # 0..1 blend of similarity, shared entities, shared words, time, predicate
    anchored: bool  # at least one shared entity, or enough shared content words
    explanation: str  # the evidence, for a reviewer
    predicate: float = 0.0  # same predicate around a slot both sides fill (0..1)
    shared_entities: int = 0


def event_evidence(a: Side, b: Side, *, similarity: float) -> EventEvidence:
    """Similarity, shared entities (normalised, surnames), shared words, time overlap."""
    parts = [f"similarity {similarity:.2f}"]
    ents_a, ents_b = dedup_entities(a.entities), dedup_entities(b.entities)
    shared = shared_entities(Side(a.text, entities=ents_a), Side(b.text, entities=ents_b))
    words_a, words_b = content_stems(a.text), content_stems(b.text)
    # Entity words are counted as entities, and words inside dates and numbers
    # ("December", "percent") as time and slots, not again as content words.
    ent_words = entity_words(ents_a + ents_b) | slot_words(a) | slot_words(b)
    wa, wb = words_a - ent_words, words_b - ent_words
    common_words = sorted(wa & wb)
    word_score = overlap(wa, wb)

    if ents_a and ents_b:
        # Dice: one shared country among several named things is weak evidence.
        ent_score = 2 * len(shared) / (len(ents_a) + len(ents_b))
        ent_score = min(1.0, ent_score * 1.5) if len(shared) >= 2 else ent_score
        if min(len(ents_a), len(ents_b)) >= 2:
            # A claim whose several names all recur in a longer passage: strong evidence.
            ent_score = max(ent_score, 0.8 * len(shared) / min(len(ents_a), len(ents_b)))
        names = ", ".join(x if x == y else f"{x} = {y} ({why})" for x, y, why in shared)
        parts.append(
            f"shared entities {len(shared)}/{len(ents_a)}+{len(ents_b)}"
            + (f": {names}" if names else "")
        )
    else:
        ent_score = word_score
        parts.append("entities: not available on both sides")
    parts.append(
        f"shared words {word_score:.2f}"
        + (f": {', '.join(common_words[:8])}" if common_words else "")
    )

    time_score = 0.5
    dates_a, dates_b = slot_dates(a), slot_dates(b)
    if dates_a and dates_b:
        overlaps = [intervals_overlap(x, y) for x in dates_a for y in dates_b]
        if any(o for o in overlaps):
            time_score, note = 1.0, "time overlaps"
        elif all(o is False for o in overlaps):
            time_score, note = 0.3, "time differs (may itself be the contradiction)"
        else:
            note = "time not comparable"
        parts.append(note)

    slot_score, slot_note = _slot_predicate(a, b)
    if slot_score is None:  # nothing to align: the other evidence carries the score
        score = 0.45 * similarity + 0.25 * ent_score + 0.2 * word_score + 0.1 * time_score
    else:
        parts.append(slot_note)
        score = (0.4 * similarity + 0.25 * ent_score + 0.15 * word_score + 0.1 * time_score
                 + 0.1 * slot_score)
    score = round(max(0.0, min(1.0, score)), 3)
    anchored = bool(shared) or word_score >= 0.3
    return EventEvidence(similarity, score, anchored, "; ".join(parts),
                         predicate=slot_score or 0.0, shared_entities=len(shared))


def _slot_predicate(a: Side, b: Side) -> tuple[float | None, str]:
    """Best "same predicate" evidence over slots both sides fill (dates of one role,
    numbers of one unit): how far the words governing a slot recur on the other side.

    For a range ("since 2016") the anchor is usually a name ("talks in Astana
    since", "the Astana process since"), so entity words count there; for point
    dates and numbers only the predicate's own words do. ``None`` when the sides
    share no slot kind at all.
    """
    pairs: list[tuple[dict, dict, bool]] = []
    roles_b = [(d, date_role(b, d)) for d in slot_dates(b)]
    for da in slot_dates(a):
        ra = date_role(a, da)
        if ra == "relation":
            continue
        pairs += [(da, db, ra != "point") for db, rb in roles_b if rb == ra]
    for qa in slot_numbers(a):
        ua = norm_unit(qa.get("unit", ""))
        if ua:
            pairs += [(qa, qb, False) for qb in slot_numbers(b) if norm_unit(qb.get("unit", "")) == ua]
    if not pairs:
        return None, ""
    best, words = 0.0, []
    for x, y, with_names in pairs:
        score, shared = predicate_overlap(a, x, b, y, with_names=with_names)
        if score > best:
            best, words = score, shared
    note = f"same predicate around a shared slot {best:.2f}" + (
        f": {', '.join(words)}" if words else ""
    )
    return best, note


def decide_same_event(ev: EventEvidence, thresholds: Thresholds) -> tuple[bool, str]:
    if ev.similarity < thresholds.min_similarity:
        return False, f"similarity below {thresholds.min_similarity}: different events"
    if ev.score < thresholds.same_event:
        # A long sentence dilutes similarity and entity overlap; a named thing in
        # common plus the same predicate around a slot both fill still makes one event.
        if (ev.shared_entities and ev.predicate >= thresholds.same_predicate
                and ev.similarity >= thresholds.same_event):
            return True, (f"score {ev.score:.2f} < {thresholds.same_event}, but a shared "
                          f"entity and the same predicate ({ev.predicate:.2f}): same event")
        return False, f"score {ev.score:.2f} < {thresholds.same_event}: different events"
    if not ev.anchored:
        return False, "no shared entity or content word: not the same event"
    return True, f"score {ev.score:.2f} >= {thresholds.same_event}: same event"


def same_event(
    a: Side, b: Side, *, similarity: float, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> tuple[bool, float, str]:
    """Do ``a`` and ``b`` speak of the same event? Returns (decision, score, explanation)."""
    ev = event_evidence(a, b, similarity=similarity)
    decision, verdict = decide_same_event(ev, thresholds)
    return decision, ev.score, f"{ev.explanation} -> {verdict}"
