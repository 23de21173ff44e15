"""Ranges: two atoms joined ("between 2009 and 2012", "March–May 2019") or an open one ("since 2011")."""

from __future__ import annotations

import re
from datetime import date

from claims.pipeline.temporal.atoms import Atom, day_atom, month_atom, range_atom

_SINCE_RE = re.compile(r"\b([Ss]ince|[Ss]tarting(?: in| from)?|[Ff]rom)\s+(?:the\s+)?$")
_BETWEEN_RE = re.compile(r"\b([Bb]etween|[Ff]rom)\s+(?:the\s+)?$")
_AND_RE = re.compile(r"^\s*(?:and|to|until|till|through|thru|[-–—])\s*(?:the\s+)?$")


def _reanchor(a: Atom, b: Atom) -> Atom:
    """'from March to May 2019': the first end takes the year of the second."""
    if a.explicit_year or not b.explicit_year or b.lo is None:
        return a
    y = b.lo.year
    if a.kind == "bare_month":
        if a.month > b.lo.month:
            y -= 1
        return month_atom(a.start, a.end, y, a.month, explicit_year=False, kind=a.kind)
    if a.kind == "md":
        try:
            d = date(y, a.month, a.day)
        except ValueError:
            return a
        if d > b.lo:
            d = d.replace(year=y - 1)
        return day_atom(a.start, a.end, d, weekday=a.weekday, explicit_year=False, kind="md")
    return a


def _joined(a: Atom, b: Atom, **kw) -> dict:
    return {"relative": a.relative or b.relative, "certain": a.certain and b.certain,
            "confidence": min(a.confidence, b.confidence), **kw}  # fmt: skip


def merge_ranges(text: str, atoms: list[Atom]) -> list[Atom]:
    out: list[Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        before = text[max(0, a.start - 24) : a.start]
        if a.gran != "range" and i + 1 < len(atoms):
            b = atoms[i + 1]
            mb = _BETWEEN_RE.search(before)
            if mb and b.gran != "range" and _AND_RE.match(text[a.end : b.start]):
                joiner = text[a.end : b.start].strip().lower()
                if (mb.group(1).lower() == "between") == (joiner == "and"):
                    a2 = _reanchor(a, b)
                    s = a.start - (len(before) - mb.start())
                    out.append(range_atom(s, b.end, a2, b, **_joined(a, b, kind="range")))
                    i += 2
                    continue
            if b.gran != "range" and re.fullmatch(r"\s*[-–—]\s*", text[a.end : b.start]):
                a2 = _reanchor(a, b)
                out.append(range_atom(a.start, b.end, a2, b, **_joined(a, b, kind="range")))
                i += 2
                continue
        ms = _SINCE_RE.search(before)
        if ms and ms.group(1).lower() != "from" and a.kind not in ("week", "decade"):
            s = a.start - (len(before) - ms.start())
            base = a if a.gran != "range" else Atom(a.start, a.end, "day", a.lo, a.lo,
                                                    a.lo.isoformat())  # fmt: skip
            out.append(range_atom(s, a.end, base, None, relative=a.relative, kind="since",
                                  certain=a.certain, confidence=a.confidence))  # fmt: skip
            i += 1
            continue
        out.append(a)
        i += 1
    return out
