"""Mechanical date checks a reviewer should see next to a claim.

``date_flags(dates, published=..., text=...)`` looks at the time expressions of
one sentence (``temporal.extract_dates`` output, offsets into ``text``) and
returns :class:`records.Flag` records with stable codes:

``weekday_mismatch``
    a written weekday that does not fit its date ("Saturday 17 December 2017:
    17 Dec 2017 was a Sunday"). dateparser and dateutil silently ignore the
    weekday, so this check is ours. A yearless date ("Friday, Dec. 6") takes the
    year near publication in which the weekday fits (``temporal.atoms``); only when
    no such year exists is it a mismatch.
``date_after_publication``
    a date after the publication date that the text asserts as past: a past-tense
    or perfect verb in its clause, and no future, modal or target wording
    ("will", "could", "expected", "slated", "by 2022", "into 2020", "to be").
    A year counts only as "in/during YEAR" (a bare "2020" is too often a label);
    year labels ("the 2020 Sentra", "Euro 2020"), model numbers and named days
    are not dates at all (``temporal.labels``). Present-tense schedules ("opens
    Friday") are future in meaning and never flagged.
``relative_date_conflict``
    "today" / "yesterday" / "tomorrow" right next to an explicit date that does not
    match what the word means relative to the publication date.
``invalid_date``
    a date that does not exist ("31 February 2017").
``range_reversed``
    a range whose start is after its end ("between 2016 and 2014").
"""

from __future__ import annotations

import re
from datetime import date

from claims.pipeline.records import Flag, TimeExpr
from claims.pipeline.temporal import (
    WEEKDAYS,
    format_day,
    format_expr,
    invalid_dates,
    tense_at,
)

_REL_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_GAP_RE = re.compile(r"^[\s,;:(–—-]*(?:on\s+|,\s*)?$", re.IGNORECASE)


def _short(d: date) -> str:
    return f"{d.day} {d.strftime('%b')} {d.year}"


def weekday_flag(expr: TimeExpr) -> Flag | None:
    """``weekday_mismatch`` for one expression, or None when it fits (or cannot be checked)."""
    if not expr.weekday or expr.granularity != "day" or not expr.start_date:
        return None
    d = date.fromisoformat(expr.start_date)
    actual = WEEKDAYS[d.weekday()]
    if actual == expr.weekday:
        return None
    if expr.relative:
        # a yearless date: the resolver looked for a year near publication that fits
        years = ", ".join(
            f"{y}: {WEEKDAYS[date(y, d.month, d.day).weekday()]}"
            for y in (d.year - 1, d.year, d.year + 1)
            if _exists(y, d.month, d.day)
        )
        return Flag(
            "weekday_mismatch",
            f"{expr.text}: {d.day} {d.strftime('%B')} is not a {expr.weekday} in any year "
            f"near the publication date ({years})",
        )
    verb = "was" if d <= date.today() else "is"
    return Flag(
        "weekday_mismatch",
        f"{expr.text}: {_short(d)} {verb} a {actual}, not a {expr.weekday}",
    )


def _exists(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


_IN_YEAR_RE = re.compile(r"\b(?:in|during|throughout)\s+$", re.IGNORECASE)
_DEICTIC_BEFORE_RE = re.compile(r"\b(?:today|yesterday|tonight|this morning),?\s+$", re.I)
_DEICTIC_AFTER_RE = re.compile(r",?\s+(?:today|yesterday|tonight|this morning)\b", re.I)
_SLACK_DAYS = 1  # publication dates are often a day off (time zones, late updates)


def _after_publication(expr: TimeExpr, published: date | None, text: str) -> Flag | None:
    if published is None or expr.relative or not expr.start_date:
        return None
    lo = date.fromisoformat(expr.start_date)
    if (lo - published).days <= _SLACK_DAYS:
        return None
    if expr.granularity == "year" and not _IN_YEAR_RE.search(text, 0, expr.start):
        return None  # a bare year is too often a label, a target or a model
    if expr.granularity == "range" and expr.end_date is not None:
        return None  # "between 2020 and 2022": a span, rarely asserted as past
    deictic = _DEICTIC_BEFORE_RE.search(text, max(0, expr.start - 16), expr.start) or (
        _DEICTIC_AFTER_RE.match(text, expr.end)
    )  # "today Saturday 17th December 2017": asserted as the day of writing
    if not deictic and tense_at(text, expr.start, expr.end) != "past":
        return None
    return Flag(
        "date_after_publication",
        f"{expr.text}: {format_expr(expr)} is after the publication date "
        f"{format_day(published)}, but the text presents it as past",
    )


def _relative_conflicts(
    dates: list[TimeExpr], published: date | None, text: str
) -> list[tuple[Flag, TimeExpr]]:
    out = []
    if published is None:
        return out
    for i, rel in enumerate(dates):
        word = rel.text.lower()
        if word not in _REL_WORDS:
            continue
        for j in (i - 1, i + 1):
            if not 0 <= j < len(dates):
                continue
            other = dates[j]
            if other.relative or other.granularity != "day":
                continue
            gap = text[rel.end : other.start] if j > i else text[other.end : rel.start]
            if len(gap) > 12 or not _GAP_RE.match(gap):
                continue
            if other.start_date != rel.start_date:
                meant = date.fromisoformat(rel.start_date)
                out.append(
                    (
                        Flag(
                            "relative_date_conflict",
                            f'"{rel.text}" next to "{other.text}": by the publication date '
                            f"{format_day(published)}, {rel.text.lower()} is "
                            f"{format_day(meant)}, not "
                            f"{format_day(date.fromisoformat(other.start_date))}",
                        ),
                        other,
                    )
                )
    return out


def date_flags_with_exprs(
    dates: list[TimeExpr], *, published: date | None, text: str
) -> list[tuple[Flag, TimeExpr | None]]:
    """Like :func:`date_flags`, each flag paired with the expression it is about."""
    out: list[tuple[Flag, TimeExpr | None]] = []
    for expr in dates:
        f = weekday_flag(expr)
        if f:
            out.append((f, expr))
        f = _after_publication(expr, published, text)
        if f:
            out.append((f, expr))
        if expr.granularity == "range" and expr.end_date and expr.start_date > expr.end_date:
            out.append(
                (Flag("range_reversed", f"{expr.text}: the range starts after it ends"), expr)
            )
    out.extend(_relative_conflicts(dates, published, text))
    for written, why in invalid_dates(text):
        out.append((Flag("invalid_date", f"{written}: no such date ({why})"), None))
    return out


def date_flags(dates: list[TimeExpr], *, published: date | None, text: str) -> list[Flag]:
    """Flags for the time expressions ``dates`` found in ``text`` (one sentence)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for flag, _ in date_flags_with_exprs(dates, published=published, text=text):
        if (flag.code, flag.message) not in seen:
            seen.add((flag.code, flag.message))
            out.append(flag)
    return out
