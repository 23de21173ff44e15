"""Time expressions: find them with compiled regexes, resolve them against a reference date.

``extract_dates(text, reference=...)`` returns :class:`records.TimeExpr` records in
text order. Absolute expressions ("Saturday 17th December 2017", "Dec. 2016",
"the 1990s") resolve without a reference; relative ones ("today", "on Friday",
"last December", "five months ago", "on January 31" with no year) need the
publication date and are left out when there is none.

Detection is ours (regexes, no ``dateparser.search``: it is slow and silently
drops written weekdays); the arithmetic is ``datetime`` / ``dateutil``. The
weekday as written is kept in ``TimeExpr.weekday`` so the flag step can check it.

The package, by concern:

- ``patterns``: the compiled patterns and word lists;
- ``tense``: the tense and modality of the clause around an expression;
- ``labels``: years that label things ("the 2020 Sentra", "Euro 2020"), model
  numbers ("RTX 2060") and named days ("Black Friday"): not dates;
- ``atoms``: single expressions found and resolved, with ``certain`` (may the
  resolution be written into a claim?) and ``confidence``;
- ``ranges``: atoms joined into ranges.
"""

from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache

from claims.pipeline.records import TimeExpr
from claims.pipeline.temporal.atoms import Atom, find_atoms, month_num
from claims.pipeline.temporal.patterns import (
    MONTH_NAMES,
    MONTHS,
    P_DM,
    P_INVALID,
    P_MD,
    WEEKDAYS,
)
from claims.pipeline.temporal.ranges import merge_ranges
from claims.pipeline.temporal.tense import is_future_context, tense_at

__all__ = [
    "MONTHS", "MONTH_NAMES", "WEEKDAYS", "extract_dates", "format_day", "format_expr",
    "invalid_dates", "is_future_context", "tense_at", "time_spans",
]  # fmt: skip


def _to_expr(text: str, a: Atom) -> TimeExpr:
    return TimeExpr(
        text=text[a.start : a.end],
        start=a.start,
        end=a.end,
        granularity=a.gran,
        value=a.value,
        start_date=a.lo.isoformat() if a.lo else "",
        end_date=a.hi.isoformat() if a.hi else None,
        relative=a.relative,
        weekday=a.weekday,
        certain=a.certain,
        confidence=a.confidence,
    )


@lru_cache(maxsize=4096)
def _extract_cached(text: str, reference: date | None) -> tuple[TimeExpr, ...]:
    atoms, _ = find_atoms(text, reference)
    return tuple(_to_expr(text, a) for a in merge_ranges(text, atoms))


def extract_dates(text: str, *, reference: date | None) -> list[TimeExpr]:
    """Time expressions in ``text`` (text order), resolved against ``reference``."""
    if not text:
        return []
    if reference is not None and not 2 <= reference.year <= 9990:
        reference = None  # relative arithmetic would leave the calendar
    return list(_extract_cached(text, reference))


@lru_cache(maxsize=4096)
def time_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of every time expression, resolvable or not (for the quantity step)."""
    _, occupied = find_atoms(text, date(2000, 1, 1))
    return tuple(sorted(occupied))


def invalid_dates(text: str) -> list[tuple[str, str]]:
    """Dates that do not exist ("31 February 2017"): (as written, why)."""
    out = []
    if not any(ch.isdigit() for ch in text):
        return out
    for pat in P_INVALID:
        for m in pat.finditer(text):
            mon, d, y = month_num(m["mon"]), int(m["d"]), int(m["year"])
            last = calendar.monthrange(y, mon)[1]
            if d > last or d == 0:
                out.append((m.group(0), f"{MONTH_NAMES[mon]} {y} has {last} days"))
    seen = {w for w, _ in out}
    for pat in (P_DM, P_MD):  # "November 31": no year has it
        for m in pat.finditer(text):
            mon, d = month_num(m["mon"]), int(m["d"])
            longest = 29 if mon == 2 else calendar.monthrange(2001, mon)[1]
            if longest < d <= 31 and not any(m.group(0) in w for w in seen):
                out.append((m.group(0), f"{MONTH_NAMES[mon]} never has {d} days"))
    return out


def format_day(d: date) -> str:
    """'17 December 2016'."""
    return f"{d.day} {MONTH_NAMES[d.month]} {d.year}"


def format_expr(expr: TimeExpr) -> str:
    """A human, absolute rendering of a resolved expression."""
    lo = date.fromisoformat(expr.start_date)
    if expr.granularity == "day":
        return format_day(lo)
    if expr.granularity == "month":
        return f"{MONTH_NAMES[lo.month]} {lo.year}"
    if expr.granularity == "year":
        return str(lo.year)
    if expr.end_date is None:
        return f"since {expr.value.split('/')[0]}"
    return f"{expr.value.split('/')[0]} to {expr.value.split('/')[1]}"
