"""Dates: which dates a side asserts, their role (point, start, end of range), conflicts."""

from __future__ import annotations

import re
from datetime import date

from claims.pipeline.compare.entities import normalise_entity
from claims.pipeline.compare.predicate import predicate_overlap
from claims.pipeline.compare.records import Side, SlotConflict
from claims.pipeline.compare.spans import context, overlap, span, words_before

_APPOSITION_GAP = re.compile(r"^[\s,(\-–—]*(on\s+)?$", re.I)


def slot_dates(side: Side) -> list[dict]:
    """The side's dates, minus relative ones standing in apposition to an absolute one.

    "today, Saturday 17 December 2017" and "yesterday (20 December)" name one time
    twice; the written-out date is what the text asserts, so the relative
    expression is not compared on its own (it would otherwise agree or disagree
    with the other side by itself).
    """
    spans = [(span(side, d), d) for d in side.dates]
    out = []
    for (s, e), d in spans:
        if d.get("relative") and s >= 0:
            apposed = False
            for (s2, e2), d2 in spans:
                if d2 is d or d2.get("relative") or s2 < 0:
                    continue
                gap = side.text[e:s2] if s2 >= e else side.text[e2:s]
                if len(gap) <= 6 and _APPOSITION_GAP.match(gap):
                    apposed = True
                    break
            if apposed:
                continue
        out.append(d)
    return out


def _date_interval(d: dict) -> tuple[date, date | None] | None:
    try:
        start = date.fromisoformat(d["start_date"])
        end = date.fromisoformat(d["end_date"]) if d.get("end_date") else None
    except (KeyError, TypeError, ValueError):
        return None
    return start, end


def intervals_overlap(a: dict, b: dict) -> bool | None:
    ia, ib = _date_interval(a), _date_interval(b)
    if ia is None or ib is None:
        return None
    a_end = ia[1] or date.max
    b_end = ib[1] or date.max
    return ia[0] <= b_end and ib[0] <= a_end


_START_CUES = frozenset({"since", "from", "starting", "beginning", "began", "begun"})
_END_CUES = frozenset({"until", "till", "til", "through", "by", "ending"})
_RELATION_CUES = frozenset({"before", "after", "prior", "earlier", "later"})
_GRAN_LEN = {"year": 4, "month": 7, "day": 10}


def date_role(side: Side, d: dict) -> str:
    s, _ = span(side, d)
    before = words_before(side, s, 2)
    first = normalise_entity(d.get("text", "")).split()[:1]
    cue_words = set(before[-1:]) | set(first)
    if cue_words & _RELATION_CUES:
        return "relation"  # "before 2016": a bound, not the date of the event
    if cue_words & _START_CUES or (d.get("end_date") is None and "/" in d.get("value", "")):
        return "start"
    if cue_words & _END_CUES:
        return "end"
    return "point"


def _start_value(d: dict) -> str:
    value = d.get("value", "")
    if "/" in value:
        head = value.split("/")[0]
        if head and head != "..":
            return head
    gran = d.get("granularity", "day")
    return (d.get("start_date") or "")[: _GRAN_LEN.get(gran, 10)]


def _end_value(d: dict) -> str:
    value = d.get("value", "")
    if "/" in value:
        tail = value.split("/")[-1]
        if tail and tail != "..":
            return tail
    gran = d.get("granularity", "day")
    return (d.get("end_date") or d.get("start_date") or "")[: _GRAN_LEN.get(gran, 10)]


def _which_part_differs(x: str, y: str) -> str:
    n = min(len(x), len(y))
    if x[:4] != y[:4]:
        return "year"
    if n >= 7 and x[:7] != y[:7]:
        return "month"
    return "day"


def _point_conflict_detail(a: dict, b: dict) -> tuple[str, float]:
    """What differs between two disjoint point dates, and a factor for near misses."""
    sa, sb = a.get("start_date", ""), b.get("start_date", "")
    part = _which_part_differs(sa, sb)
    factor = 1.0
    ia, ib = _date_interval(a), _date_interval(b)
    if ia and ib:
        gap = min(
            abs((ib[0] - (ia[1] or ia[0])).days),
            abs((ia[0] - (ib[1] or ib[0])).days),
        )
        if gap <= 1:
            factor = 0.5  # a night event or a time zone: 16 vs 17 December is weak
            part += " (adjacent days)"
    return part, factor


_YEAR_IN = re.compile(r"\b(1[5-9]\d\d|2[01]\d\d)\b")


def _year_written(side: Side, d: dict) -> bool:
    """Did the article itself write this date's year? ("at the end of December" did not:
    the year was inferred from the publication date, even if our claim text spells it.)"""
    if not side.source_text:
        return True
    years = _YEAR_IN.findall(str(d.get("text", "")))
    if not years:
        return not d.get("relative")
    return all(y in side.source_text for y in years)


def compare_dates(a: Side, b: Side, event: float) -> tuple[list[SlotConflict], list[str]]:
    conflicts: list[SlotConflict] = []
    agreements: list[str] = []
    roles_a = [(d, date_role(a, d)) for d in slot_dates(a)]
    roles_b = [(d, date_role(b, d)) for d in slot_dates(b)]
    for da, ra in roles_a:
        if ra == "relation":
            continue
        cands = [db for db, rb in roles_b if rb == ra]
        if not cands:
            continue
        if ra == "point":
            agree = [db for db in cands if intervals_overlap(da, db)]
            if agree:
                db = agree[0]
                how = (
                    "same date" if da.get("value") == db.get("value") else "compatible granularity"
                )
                agreements.append(f"date: {da.get('text')} ~ {db.get('text')} ({how})")
                continue
        else:
            pick = _start_value if ra == "start" else _end_value
            va = pick(da)
            agree = [db for db in cands if va[: len(pick(db))] == pick(db)[: len(va)]]
            if agree:
                agreements.append(
                    f"date: {da.get('text')} ~ {agree[0].get('text')} (same {ra} of range)"
                )
                continue
        # No compatible candidate: align with the best-context one, if any is credible.
        ctx_a = context(a, da)
        scored = sorted(
            ((overlap(ctx_a, context(b, db)), i, db) for i, db in enumerate(cands)),
            key=lambda x: (-x[0], x[1]),
        )
        ctx, _, db = scored[0]
        n_same_role_a = sum(1 for _, r in roles_a if r == ra)
        if len(cands) == 1 and n_same_role_a == 1:
            align = 0.85 if ctx > 0 else 0.75
            why = "the only " + ("point date" if ra == "point" else f"{ra}-of-range date")
            why += " on each side"
        elif ctx > 0:
            align = 0.45 + 0.4 * ctx
            why = f"best context match ({ctx:.2f}) among {len(cands)} candidate dates"
        else:
            continue  # several dates and nothing to tell them apart: say nothing
        if ra == "point":
            # Two dated events in one story (the talks opened on X, the call was on Y)
            # differ in their predicate: a point-date conflict needs the words that
            # govern one date to occur on the other side too.
            pred, pred_words = predicate_overlap(a, da, b, db)
            if pred == 0:
                continue
            why += f"; same predicate ({', '.join(pred_words)})"
        factor = 1.0
        if da.get("relative") or db.get("relative"):
            factor *= 0.7
            why += "; one date was resolved from a relative expression"
        if ra == "point":
            part, near = _point_conflict_detail(da, db)
            factor *= near
            va, vb = da.get("value", ""), db.get("value", "")
            what = f"{part} differs"
            if part.startswith("year") and not (_year_written(a, da) and _year_written(b, db)):
                factor *= 0.5
                why += "; one year was inferred from the publication date, not written"
        else:
            pick = _start_value if ra == "start" else _end_value
            va, vb = pick(da), pick(db)
            what = f"{'start' if ra == 'start' else 'end'} of range differs"
        conf = round(event * align * factor, 3)
        conflicts.append(
            SlotConflict(
                kind="date",
                value_a=va,
                value_b=vb,
                confidence=conf,
                detail=(
                    f"'{da.get('text')}' vs '{db.get('text')}': {what} ({va} vs {vb}); "
                    f"aligned as {why}; confidence = event {event:.2f} x alignment "
                    f"{align:.2f}" + (f" x {factor:.2f}" if factor != 1.0 else "")
                ),
            )
        )
    return conflicts, agreements
