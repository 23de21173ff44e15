"""Atoms: single time expressions found in a text and resolved against a reference date.

Each ``_find_*`` function scans for one family of patterns and appends the atoms
it resolves; ``find_atoms`` runs them in order of precedence (longer, more
explicit expressions first), each claiming its span so a later family cannot
read the same words again.

Resolution of what the text leaves open:

- a **yearless date** with a written weekday ("Friday, Dec. 6") takes the year
  near publication (the year before, of, or after) in which that day is that
  weekday; when none fits, the date keeps the year tense suggests and the flag
  step reports a ``weekday_mismatch``;
- a **yearless date** without a weekday takes the year tense points to (past: on
  or before the reference date; future or schedule: on or after), or the nearest
  to the reference date when tense says nothing;
- a **lone weekday** is the last such day (past) or the next (future, schedule);
  it is certain only two to five days from publication, since a publication date
  a day off would move a nearer one to another week;
- ``certain`` says whether the resolution may be written into a claim's text:
  False for a guessed year, week or tense, for approximate spans ("more than two
  decades ago"), periods ("mid-December") and generic "today".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from claims.pipeline.temporal import patterns as P
from claims.pipeline.temporal.labels import is_named_day, is_year_label
from claims.pipeline.temporal.tense import is_generic_today, tense_at


@dataclass
class Atom:
    start: int
    end: int
    gran: str  # day | month | year | range
    lo: date | None = None  # first day covered
    hi: date | None = None  # last day covered (None: open range)
    value: str = ""
    relative: bool = False
    weekday: str | None = None
    explicit_year: bool = True
    kind: str = ""  # dmy | md | bare_month | year | decade | rel ...
    month: int = 0  # for year re-anchoring of bare months / md
    day: int = 0
    certain: bool = True
    confidence: float = 1.0


def month_num(token: str) -> int:
    return P.MONTHS[token.rstrip(".").lower()]


def _last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def day_atom(start: int, end: int, d: date, **kw) -> Atom:
    return Atom(start, end, "day", d, d, d.isoformat(), **kw)


def month_atom(start: int, end: int, y: int, m: int, **kw) -> Atom:
    return Atom(start, end, "month", date(y, m, 1), _last_day(y, m), f"{y:04d}-{m:02d}", **kw)


def year_atom(start: int, end: int, y: int, **kw) -> Atom:
    return Atom(start, end, "year", date(y, 1, 1), date(y, 12, 31), f"{y:04d}", **kw)


def range_atom(start: int, end: int, a: Atom, b: Atom | None, **kw) -> Atom:
    if b is None:
        return Atom(start, end, "range", a.lo, None, f"{a.value}/..", **kw)
    return Atom(start, end, "range", a.lo, b.hi, f"{a.value}/{b.value}", **kw)


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z-]+)\W{0,2}$", text[max(0, pos - 24) : pos])
    return m.group(1).lower() if m else ""


def weekday_name(token: str | None) -> str | None:
    if not token:
        return None
    return P.WEEKDAYS[P.WD_INDEX[token.rstrip(".").lower()]]


def _period_prefix(text: str, s: int) -> bool:
    return bool(P.PERIOD_PREFIX_RE.search(text, max(0, s - 12), s))


def resolve_md(
    m: int, d: int, ref: date, tense: str, weekday: str | None
) -> tuple[date, bool, float] | None:
    """A yearless date: (date, certain, confidence); None when it exists in no nearby year."""
    cands = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            cands.append(date(y, m, d))
        except ValueError:
            continue  # 29 February
    if not cands:
        return None
    if weekday:
        wd = P.WEEKDAYS.index(weekday)
        fits = [c for c in cands if c.weekday() == wd]
        if len(fits) == 1:
            return fits[0], True, 0.95  # the written weekday settles the year
    if tense == "past":
        pick = max((c for c in cands if c <= ref), default=min(cands))
        agrees = pick <= ref
    elif tense in ("future", "schedule"):
        pick = min((c for c in cands if c >= ref), default=max(cands))
        agrees = pick >= ref
    else:
        pick = min(cands, key=lambda c: abs((c - ref).days))
        agrees = False
    # a reporting verb's tense is not the event's ("reported it plays on July 22"):
    # only a date within a few weeks of publication is sure enough to write in
    near = abs((pick - ref).days) <= 45
    certain = agrees and near and not weekday
    return pick, certain, 0.9 if certain else (0.7 if near else 0.5)


def _resolve_month(m: int, ref: date, tense: str, which: str) -> tuple[int, int]:
    y = ref.year
    future = tense in ("future", "schedule")
    if which == "last":
        if m >= ref.month:
            y -= 1
    elif which == "next":
        if m <= ref.month:
            y += 1
    elif which == "this":
        pass
    elif not future and m > ref.month:
        y -= 1
    elif future and m < ref.month:
        y += 1
    return y, m


class _Scan:
    """The text being scanned, the reference date, and the spans already claimed."""

    def __init__(self, text: str, reference: date | None):
        self.text = text
        self.ref = reference
        self.atoms: list[Atom] = []
        self.occupied: list[tuple[int, int]] = []

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.occupied)

    def take(self, s: int, e: int) -> bool:
        if self.free(s, e):
            self.occupied.append((s, e))
            return True
        return False

    def tense(self, s: int, e: int) -> str:
        return tense_at(self.text, s, e)


def _find_full_dates(sc: _Scan) -> None:
    text = sc.text
    for m in P.P_ISO.finditer(text):
        try:
            d = date(int(m["year"]), int(m["m"]), int(m["d"]))
        except ValueError:
            continue
        if sc.take(m.start(), m.end()):
            sc.atoms.append(day_atom(m.start(), m.end(), d, kind="dmy"))
    for pat in (P.P_DMY, P.P_MDY):
        for m in pat.finditer(text):
            if not sc.free(m.start(), m.end()):
                continue
            mon, d, y = month_num(m["mon"]), int(m["d"]), int(m["year"])
            try:
                dd = date(y, mon, d)
            except ValueError:
                sc.occupied.append((m.start(), m.end()))  # invalid date: see invalid_dates()
                continue
            sc.take(m.start(), m.end())
            sc.atoms.append(
                day_atom(m.start(), m.end(), dd, weekday=weekday_name(m["wd"]), kind="dmy")
            )
    for m in P.P_MY.finditer(text):
        if sc.take(m.start(), m.end()):
            sc.atoms.append(
                month_atom(m.start(), m.end(), int(m["year"]), month_num(m["mon"]), kind="my",
                           certain=not _period_prefix(text, m.start()))
            )  # fmt: skip


def _find_yearless_dates(sc: _Scan) -> None:
    text = sc.text
    for pat in (P.P_DM, P.P_MD):
        for m in pat.finditer(text):
            if not sc.free(m.start(), m.end()):
                continue
            mon, d = month_num(m["mon"]), int(m["d"])
            if not 1 <= d <= 31:
                continue
            sc.take(m.start(), m.end())
            if sc.ref is None:
                continue
            wd = weekday_name(m["wd"])
            got = resolve_md(mon, d, sc.ref, sc.tense(m.start(), m.end()), wd)
            if got is None:
                continue
            dd, certain, conf = got
            sc.atoms.append(
                day_atom(
                    m.start(), m.end(), dd, weekday=wd, relative=True, explicit_year=False,
                    kind="md", month=mon, day=d, certain=certain, confidence=conf,
                )
            )  # fmt: skip


def _find_years(sc: _Scan) -> None:
    text = sc.text
    for m in P.P_DECADE.finditer(text):
        if sc.take(m.start(), m.end()):
            y = int(m["year"])
            sc.atoms.append(
                Atom(m.start(), m.end(), "range", date(y, 1, 1), date(y + 9, 12, 31),
                     f"{y}/{y + 9}", kind="decade")
            )  # fmt: skip
    for m in P.P_YEAR_RANGE.finditer(text):
        y1 = int(m["year"])
        y2s = m["year2"]
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if y2 <= y1 or y2 - y1 > 50 or not sc.free(m.start(), m.end()):
            continue
        if P.NOT_YEAR_BEFORE.search(text, max(0, m.start() - 14), m.start()):
            continue
        sc.take(m.start(), m.end())
        if is_year_label(text, m.start(), m.end()):
            continue  # "the 2019-20 season"
        a = year_atom(m.start(), m.start() + 4, y1)
        b = year_atom(m.end() - len(y2s), m.end(), y2)
        sc.atoms.append(range_atom(m.start(), m.end(), a, b, kind="yrange"))
    for m in P.P_YEAR.finditer(text):
        s, e = m.start(), m.end()
        if not sc.free(s, e):
            continue
        if P.NOT_YEAR_BEFORE.search(text, max(0, s - 14), s):
            continue
        prev = _prev_word(text, s)
        if prev not in P.STRONG_YEAR_PREP and P.COUNT_WORD_RE.match(text, e):
            continue  # "2000 troops", "and 2000 people"
        sc.take(s, e)
        if is_year_label(text, s, e):
            continue  # "the 2020 Sentra", "Euro 2020", "RTX 2060": spans kept, no date
        sc.atoms.append(year_atom(s, e, int(m["year"]), kind="year",
                                  certain=not _period_prefix(text, s)))  # fmt: skip


def _find_ago(sc: _Scan) -> None:
    text, ref = sc.text, sc.ref
    for m in P.P_AGO.finditer(text):
        s, e = m.start(), m.end()
        if not sc.take(s, e) or ref is None:
            continue
        n_raw = m["n"].lower()
        n = int(n_raw) if n_raw.isdigit() else P.NUMBER_WORDS[n_raw]
        unit = m["unit"]
        approx = bool(P.APPROX_BEFORE_RE.search(text, max(0, s - 16), s))
        # only "three days ago" names one date; "five months ago" is a span around one
        kw = {"relative": True, "kind": "rel", "certain": unit == "day" and not approx,
              "confidence": 0.9 if unit == "day" else 0.6}  # fmt: skip
        try:
            sc.atoms.append(_ago_atom(s, e, ref, n, unit, kw))
        except (ValueError, OverflowError):
            continue  # "forty decades ago" from a year-30 reference: before year 1, no date


def _ago_atom(s: int, e: int, ref: date, n: int, unit: str, kw: dict):
    if unit == "day":
        return day_atom(s, e, ref - timedelta(days=n), **kw)
    if unit == "week":
        return day_atom(s, e, ref - timedelta(weeks=n), **kw)
    if unit == "month":
        d = ref - relativedelta(months=n)
        return month_atom(s, e, d.year, d.month, **kw)
    years = n * (10 if unit == "decade" else 1)
    if ref.year - years < 1:
        raise ValueError("before year 1")
    return year_atom(s, e, ref.year - years, **kw)


def _find_relative_days(sc: _Scan) -> None:
    text, ref = sc.text, sc.ref
    for m in P.P_REL_DAY.finditer(text):
        s, e = m.start(), m.end()
        if not sc.take(s, e) or ref is None:
            continue
        w = m["w"].lower()
        shift = {"yesterday": -1, "tomorrow": 1}.get(w, 0)
        generic = w == "today" and is_generic_today(text, s, e)
        sc.atoms.append(
            day_atom(s, e, ref + timedelta(days=shift), relative=True, kind="relday",
                     certain=not generic, confidence=0.4 if generic else 0.95)
        )  # fmt: skip
    for m in P.P_REL_UNIT.finditer(text):
        s, e = m.start(), m.end()
        if text[max(0, s - 4) : s].lower() in ("the ", "his ", "its ", "her "):
            continue  # "the last year" is a duration, not a calendar year
        if not sc.take(s, e) or ref is None:
            continue
        which = m["which"].lower().split()[-1]
        step = {"last": -1, "next": 1}.get(which, 0)
        unit = m["unit"]
        kw = {"relative": True, "certain": not _period_prefix(text, s)}
        if unit == "year":
            sc.atoms.append(year_atom(s, e, ref.year + step, kind="rel", **kw))
        elif unit == "month":
            d = ref + relativedelta(months=step)
            sc.atoms.append(month_atom(s, e, d.year, d.month, kind="rel", **kw))
        else:
            monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
            lo, hi = (monday, monday + timedelta(days=6))
            if unit == "weekend":
                lo, hi = monday + timedelta(days=5), monday + timedelta(days=6)
            sc.atoms.append(
                Atom(s, e, "range", lo, hi, f"{lo.isoformat()}/{hi.isoformat()}",
                     kind="week", **kw)
            )  # fmt: skip


def _find_weekdays(sc: _Scan) -> None:
    text, ref = sc.text, sc.ref
    for m in P.P_WEEKDAY.finditer(text):
        s, e = m.start(), m.end()
        wd_s = m.start("wd")
        if not sc.free(wd_s, e):
            continue
        if is_named_day(text, wd_s):
            sc.take(wd_s, e)  # "Black Friday": a name, not a date
            continue
        which = (m["which"] or "").lower()
        if which.startswith("on"):
            s = wd_s  # keep "on" outside the expression; the rewrite step re-uses it
            which = which[3:]
        sc.take(s, e)
        if ref is None:
            continue
        target = P.WD_INDEX[m["wd"].lower()]
        back = (ref.weekday() - target) % 7
        fwd = (target - ref.weekday()) % 7
        tense = sc.tense(s, e)
        # Publication dates are often a day off (time zones, late updates): a weekday
        # that is the day before, of or after publication could be either week.
        if which == "last":
            d, certain = ref - timedelta(days=back or 7), 1 <= back <= 5
        elif which == "next":
            d, certain = ref + timedelta(days=fwd or 7), 1 <= fwd <= 5
        elif tense in ("future", "schedule"):
            d, certain = ref + timedelta(days=fwd), tense == "future" and 1 <= fwd <= 5
        else:
            d, certain = ref - timedelta(days=back), tense == "past" and 1 <= back <= 5
        sc.atoms.append(
            day_atom(s, e, d, weekday=m["wd"], relative=True, kind="relwd", certain=certain,
                     confidence=0.9 if certain else 0.6)
        )  # fmt: skip


def _find_bare_months(sc: _Scan) -> None:
    text, ref = sc.text, sc.ref
    for m in P.P_MON_BARE.finditer(text):
        s, e = m.start(), m.end()
        if not sc.free(s, e):
            continue
        prev = _prev_word(text, s)
        if prev not in P.MONTH_PREP:
            continue
        if m["mon"] in ("May", "March") and prev in ("and", "or", "to", "of"):
            # "May" and "March" are verbs too: accept only in a date list or range
            before = text[max(0, s - 40) : s]
            if not re.search(P.MON_FULL.replace("?P<mon>", ""), before):
                continue
        which = prev if prev in ("last", "next", "this") else ""
        if which:
            s = s - len(which) - 1 if text[s - len(which) - 1 : s - 1].lower() == which else s
        sc.take(s, e)
        if ref is None:
            continue
        mon = month_num(m["mon"])
        y, mo = _resolve_month(mon, ref, sc.tense(s, e), which)
        # "last December" names one month; a bare "in May" leaves the year to a guess
        certain = bool(which) and not _period_prefix(text, s)
        sc.atoms.append(
            month_atom(s, e, y, mo, relative=True, explicit_year=False, kind="bare_month",
                       month=mon, certain=certain, confidence=0.9 if certain else 0.7)
        )  # fmt: skip


def find_atoms(text: str, reference: date | None) -> tuple[list[Atom], list[tuple[int, int]]]:
    """Atoms (resolved expressions) and spans of every expression seen (even unresolved)."""
    sc = _Scan(text, reference)
    if any(ch.isdigit() for ch in text):
        _find_full_dates(sc)
        _find_yearless_dates(sc)
        _find_years(sc)
    _find_ago(sc)
    _find_relative_days(sc)
    _find_weekdays(sc)
    _find_bare_months(sc)
    sc.atoms.sort(key=lambda a: a.start)
    return sc.atoms, sc.occupied
