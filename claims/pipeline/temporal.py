"""Time expressions: find them with compiled regexes, resolve them against a reference date.

``extract_dates(text, reference=...)`` returns :class:`records.TimeExpr` records in
text order. Absolute expressions ("Saturday 17th December 2017", "Dec. 2016",
"the 1990s") resolve without a reference; relative ones ("today", "on Friday",
"last December", "five months ago", "on January 31" with no year) need the
publication date and are left out when there is none.

Detection is ours (regexes, no ``dateparser.search``: it is slow and silently
drops written weekdays); the arithmetic is ``datetime`` / ``dateutil``. The
weekday as written is kept in ``TimeExpr.weekday`` so the flag step can check it.

Tense decides which way an ambiguous relative expression points: "on Friday" in
past-tense text is the most recent Friday on or before the reference date, in
future text ("will meet on Friday") the next one on or after it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from claims.pipeline.records import TimeExpr

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
MONTH_NAMES = [calendar.month_name[i] for i in range(13)]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WD_INDEX = {w.lower(): i for i, w in enumerate(WEEKDAYS)}
_WD_INDEX.update({w[:3].lower(): i for i, w in enumerate(WEEKDAYS)})
_WD_INDEX.update({"tues": 1, "wed": 2, "thur": 3, "thurs": 3})

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip

_MON = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_MON_FULL = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Sept\.?)"
)
_WD = (
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|Mon\.|Tue\.|Tues\.|Wed\.|Thu\.|Thur\.|Thurs\.|Fri\.|Sat\.|Sun\.)"
)
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d|2100)"

_P_ISO = re.compile(r"(?<![\w/.-])(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w/-])")
_P_DMY = re.compile(
    rf"(?:\b{_WD},?\s+(?:the\s+)?)?\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b"
)
_P_MDY = re.compile(rf"(?:\b{_WD},?\s+)?\b{_MON}\s+(?P<d>\d{{1,2}}){_ORD},?\s+{_YEAR}\b")
_P_DM = re.compile(
    rf"(?:\b{_WD},?\s+(?:the\s+)?)?\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MON}(?![\w.])"
)
_P_MD = re.compile(rf"(?:\b{_WD},?\s+)?\b{_MON}\s+(?P<d>\d{{1,2}}){_ORD}\b(?![.,:]?\d|\s*%)")
_P_MY = re.compile(rf"\b{_MON},?\s+(?:of\s+)?{_YEAR}\b")
_P_DECADE = re.compile(r"\b(?:the\s+)?(?P<year>1[89]\d0|20\d0)['’]?s\b")
_P_YEAR_RANGE = re.compile(
    rf"(?<![\w$€£#.,-]){_YEAR}\s*[-–—]\s*(?P<year2>1[89]\d\d|20\d\d|\d\d)(?![\w%.,-]\d|\w)"
)
_P_YEAR = re.compile(rf"(?<![\w$€£#.,/-]){_YEAR}(?![\w%/-]|[.,]\d)")
_P_MON_BARE = re.compile(rf"\b{_MON_FULL}(?![\w])")
_P_REL_DAY = re.compile(
    r"\b(?P<w>[Tt]oday|[Tt]onight|[Yy]esterday|[Tt]omorrow|[Tt]his (?:morning|afternoon|evening))\b"
)
_P_REL_UNIT = re.compile(
    r"\b(?P<which>[Tt]his|[Ll]ast|[Nn]ext|[Ee]arlier this|[Ll]ater this)\s+"
    r"(?P<unit>week|month|year|weekend)\b(?!\s+(?:and|or)\s+(?:a\s+half|so))(?!s)"
)
_P_WEEKDAY = re.compile(
    r"\b(?:(?P<which>[Ll]ast|[Nn]ext|[Tt]his|[Oo]n|[Oo]n last|[Oo]n next)\s+)?"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!s)"
)
_P_AGO = re.compile(
    r"\b(?P<n>\d{1,3}|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight"
    r"|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve|[Tt]hirteen|[Ff]ourteen|[Ff]ifteen|[Tt]wenty"
    r"|[Tt]hirty|[Ff]orty|[Ff]ifty)\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b"
)

# Words after which a 4-digit number followed by a plural noun is still a year ("in 2015 troops").
_STRONG_YEAR_PREP = frozenset(
    "in since by until till during before after around circa early late mid mid- of".split()
)
_MONTH_PREP = frozenset(
    """in since by until till from to through during before after early late mid mid- of
    between and or last next this""".split()
)
# A bare number followed by one of these is a count, not a year ("2000 troops").
_COUNT_WORD_RE = re.compile(
    r"\s*(?:[a-z]+s\b(?<!\bwas)(?<!\bhas)(?<!\bis)(?<!\bthis)(?<!\bas)(?<!\bits)(?<!\bus)"
    r"|million|billion|thousand|hundred|percent|per\b|km|kg|tons?|tonnes?|people|men|women"
    r"|children|feet|meters|metres|dollars|euros|pounds|%)"
)
_NOT_YEAR_BEFORE = re.compile(
    r"(?:\b(?:[Rr]esolution|[Nn]o\.?|[Nn]umber|[Pp]ages?|pp\.?|[Aa]rticle|[Ss]ection|[Rr]ule"
    r"|[Ff]light|[Rr]oute|[Rr]oom|[Cc]hapter|[Mm]odel|[Cc]ode|[Ll]aw|[Bb]ill|[Aa]ct|[Ii]tem"
    r"|[Uu]nit|[Vv]ersion|[Vv]ol\.?|[Pp]rotocol|[Bb]oeing|[Aa]irbus)\s+|[#№]\s*)$"
)
_FUTURE_RE = re.compile(
    r"\b(?:will|won['’]t|shall|going to|plans? to|planning to|(?:is|are) set to|(?:is|are) to"
    r"|(?:is|are) due|scheduled|upcoming|expected to|intends? to|tomorrow|next)\b",
    re.IGNORECASE,
)
_SENT_END_RE = re.compile(r"[.!?]\s")


@dataclass
class _Atom:
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


def _month_num(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def _last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _iso_month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def day_atom(start: int, end: int, d: date, **kw) -> _Atom:
    return _Atom(start, end, "day", d, d, d.isoformat(), **kw)


def month_atom(start: int, end: int, y: int, m: int, **kw) -> _Atom:
    return _Atom(start, end, "month", date(y, m, 1), _last_day(y, m), _iso_month(y, m), **kw)


def year_atom(start: int, end: int, y: int, **kw) -> _Atom:
    return _Atom(start, end, "year", date(y, 1, 1), date(y, 12, 31), f"{y:04d}", **kw)


def _range_atom(start: int, end: int, a: _Atom, b: _Atom | None, **kw) -> _Atom:
    if b is None:
        return _Atom(start, end, "range", a.lo, None, f"{a.value}/..", **kw)
    return _Atom(start, end, "range", a.lo, b.hi, f"{a.value}/{b.value}", **kw)


def is_future_context(text: str, start: int, end: int) -> bool:
    """True when the sentence around ``text[start:end]`` speaks of the future."""
    left = text.rfind(". ", 0, start)
    left = 0 if left < 0 else left + 2
    m = _SENT_END_RE.search(text, end)
    right = len(text) if m is None else m.start()
    window = text[max(left, start - 160) : min(right, end + 160)]
    return _FUTURE_RE.search(window) is not None


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z-]+)\W{0,2}$", text[max(0, pos - 24) : pos])
    return m.group(1).lower() if m else ""


def _free(occupied: list[tuple[int, int]], s: int, e: int) -> bool:
    return all(e <= a or s >= b for a, b in occupied)


def _weekday_name(token: str | None) -> str | None:
    if not token:
        return None
    return WEEKDAYS[_WD_INDEX[token.rstrip(".").lower()]]


def _resolve_md(m: int, d: int, ref: date, future: bool) -> date | None:
    """Month+day without a year: the reference year, shifted when tense demands it."""
    try:
        cand = date(ref.year, m, d)
    except ValueError:
        return None
    if not future and cand > ref:
        cand = cand.replace(year=ref.year - 1) if not (m == 2 and d == 29) else None
    elif future and cand < ref:
        cand = cand.replace(year=ref.year + 1) if not (m == 2 and d == 29) else None
    return cand


def _resolve_month(m: int, ref: date, future: bool, which: str) -> tuple[int, int]:
    y = ref.year
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


def _find_atoms(text: str, reference: date | None) -> tuple[list[_Atom], list[tuple[int, int]]]:
    """Atoms (resolved expressions) and spans of every expression seen (even unresolved)."""
    atoms: list[_Atom] = []
    occupied: list[tuple[int, int]] = []

    def take(s: int, e: int) -> bool:
        if _free(occupied, s, e):
            occupied.append((s, e))
            return True
        return False

    def tense(s: int, e: int) -> bool:
        return is_future_context(text, s, e)

    has_digit = any(ch.isdigit() for ch in text)
    if has_digit:
        for m in _P_ISO.finditer(text):
            try:
                d = date(int(m["year"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
            if take(m.start(), m.end()):
                atoms.append(day_atom(m.start(), m.end(), d, kind="dmy"))
        for pat in (_P_DMY, _P_MDY):
            for m in pat.finditer(text):
                if not _free(occupied, m.start(), m.end()):
                    continue
                mon, d, y = _month_num(m["mon"]), int(m["d"]), int(m["year"])
                try:
                    dd = date(y, mon, d)
                except ValueError:
                    occupied.append((m.start(), m.end()))  # invalid date: see invalid_dates()
                    continue
                take(m.start(), m.end())
                atoms.append(
                    day_atom(m.start(), m.end(), dd, weekday=_weekday_name(m["wd"]), kind="dmy")
                )
        for m in _P_MY.finditer(text):
            if take(m.start(), m.end()):
                atoms.append(
                    month_atom(m.start(), m.end(), int(m["year"]), _month_num(m["mon"]), kind="my")
                )
        for pat in (_P_DM, _P_MD):
            for m in pat.finditer(text):
                if not _free(occupied, m.start(), m.end()):
                    continue
                mon, d = _month_num(m["mon"]), int(m["d"])
                if not 1 <= d <= 31:
                    continue
                take(m.start(), m.end())
                if reference is None:
                    continue
                dd = _resolve_md(mon, d, reference, tense(m.start(), m.end()))
                if dd is None:
                    continue
                atoms.append(
                    day_atom(
                        m.start(), m.end(), dd, weekday=_weekday_name(m["wd"]), relative=True,
                        explicit_year=False, kind="md", month=mon, day=d,
                    )
                )  # fmt: skip
        for m in _P_DECADE.finditer(text):
            if take(m.start(), m.end()):
                y = int(m["year"])
                atoms.append(
                    _Atom(
                        m.start(), m.end(), "range", date(y, 1, 1), date(y + 9, 12, 31),
                        f"{y}/{y + 9}", kind="decade",
                    )
                )  # fmt: skip
        for m in _P_YEAR_RANGE.finditer(text):
            y1 = int(m["year"])
            y2s = m["year2"]
            y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
            if y2 <= y1 or y2 - y1 > 50 or not _free(occupied, m.start(), m.end()):
                continue
            if _NOT_YEAR_BEFORE.search(text, max(0, m.start() - 14), m.start()):
                continue
            take(m.start(), m.end())
            a = year_atom(m.start(), m.start() + 4, y1)
            b = year_atom(m.end() - len(y2s), m.end(), y2)
            atoms.append(_range_atom(m.start(), m.end(), a, b, kind="yrange"))
        for m in _P_YEAR.finditer(text):
            s, e = m.start(), m.end()
            if not _free(occupied, s, e):
                continue
            if _NOT_YEAR_BEFORE.search(text, max(0, s - 14), s):
                continue
            prev = _prev_word(text, s)
            if prev not in _STRONG_YEAR_PREP and _COUNT_WORD_RE.match(text, e):
                continue  # "2000 troops", "and 2000 people"
            take(s, e)
            atoms.append(year_atom(s, e, int(m["year"]), kind="year"))

    for m in _P_AGO.finditer(text):
        s, e = m.start(), m.end()
        if not take(s, e) or reference is None:
            continue
        n_raw = m["n"].lower()
        n = int(n_raw) if n_raw.isdigit() else NUMBER_WORDS[n_raw]
        unit = m["unit"]
        if unit == "day":
            atoms.append(day_atom(s, e, reference - timedelta(days=n), relative=True, kind="rel"))
        elif unit == "week":
            atoms.append(day_atom(s, e, reference - timedelta(weeks=n), relative=True, kind="rel"))
        elif unit == "month":
            d = reference - relativedelta(months=n)
            atoms.append(month_atom(s, e, d.year, d.month, relative=True, kind="rel"))
        else:
            years = n * (10 if unit == "decade" else 1)
            atoms.append(year_atom(s, e, reference.year - years, relative=True, kind="rel"))

    for m in _P_REL_DAY.finditer(text):
        s, e = m.start(), m.end()
        if not take(s, e) or reference is None:
            continue
        w = m["w"].lower()
        shift = {"yesterday": -1, "tomorrow": 1}.get(w, 0)
        atoms.append(
            day_atom(s, e, reference + timedelta(days=shift), relative=True, kind="relday")
        )

    for m in _P_REL_UNIT.finditer(text):
        s, e = m.start(), m.end()
        if text[max(0, s - 4) : s].lower() in ("the ", "his ", "its ", "her "):
            continue  # "the last year" is a duration, not a calendar year
        if not take(s, e) or reference is None:
            continue
        which = m["which"].lower().split()[-1]
        step = {"last": -1, "next": 1}.get(which, 0)
        unit = m["unit"]
        if unit == "year":
            atoms.append(year_atom(s, e, reference.year + step, relative=True, kind="rel"))
        elif unit == "month":
            d = reference + relativedelta(months=step)
            atoms.append(month_atom(s, e, d.year, d.month, relative=True, kind="rel"))
        else:
            monday = reference - timedelta(days=reference.weekday()) + timedelta(weeks=step)
            lo, hi = (monday, monday + timedelta(days=6))
            if unit == "weekend":
                lo, hi = monday + timedelta(days=5), monday + timedelta(days=6)
            atoms.append(
                _Atom(s, e, "range", lo, hi, f"{lo.isoformat()}/{hi.isoformat()}",
                      relative=True, kind="week")
            )  # fmt: skip

    for m in _P_WEEKDAY.finditer(text):
        s, e = m.start(), m.end()
        wd_s = m.start("wd")
        if not _free(occupied, wd_s, e):
            continue
        which = (m["which"] or "").lower()
        if which.startswith("on"):
            s = wd_s  # keep "on" outside the expression; the rewrite step re-uses it
            which = which[3:]
        take(s, e)
        if reference is None:
            continue
        target = _WD_INDEX[m["wd"].lower()]
        back = (reference.weekday() - target) % 7
        fwd = (target - reference.weekday()) % 7
        if which == "last":
            d = reference - timedelta(days=back or 7)
        elif which == "next":
            d = reference + timedelta(days=fwd or 7)
        elif tense(s, e):
            d = reference + timedelta(days=fwd)
        else:
            d = reference - timedelta(days=back)
        atoms.append(day_atom(s, e, d, weekday=m["wd"], relative=True, kind="relwd"))

    for m in _P_MON_BARE.finditer(text):
        s, e = m.start(), m.end()
        if not _free(occupied, s, e):
            continue
        prev = _prev_word(text, s)
        if prev not in _MONTH_PREP:
            continue
        if m["mon"] in ("May", "March") and prev in ("and", "or", "to", "of"):
            # "May" and "March" are verbs too: accept only in a date list or range
            before = text[max(0, s - 40) : s]
            if not re.search(_MON_FULL.replace("?P<mon>", ""), before):
                continue
        which = prev if prev in ("last", "next", "this") else ""
        if which:
            s = s - len(which) - 1 if text[s - len(which) - 1 : s - 1].lower() == which else s
        take(s, e)
        if reference is None:
            continue
        mon = _month_num(m["mon"])
        y, mo = _resolve_month(mon, reference, tense(s, e), which)
        atoms.append(
            month_atom(s, e, y, mo, relative=True, explicit_year=False, kind="bare_month",
                       month=mon)
        )  # fmt: skip

    atoms.sort(key=lambda a: a.start)
    return _merge_ranges(text, atoms), occupied


_SINCE_RE = re.compile(r"\b([Ss]ince|[Ss]tarting(?: in| from)?|[Ff]rom)\s+(?:the\s+)?$")
_BETWEEN_RE = re.compile(r"\b([Bb]etween|[Ff]rom)\s+(?:the\s+)?$")
_AND_RE = re.compile(r"^\s*(?:and|to|until|till|through|thru|[-–—])\s*(?:the\s+)?$")


def _reanchor(a: _Atom, b: _Atom) -> _Atom:
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


def _merge_ranges(text: str, atoms: list[_Atom]) -> list[_Atom]:
    out: list[_Atom] = []
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
                    out.append(
                        _range_atom(s, b.end, a2, b, relative=a.relative or b.relative,
                                    kind="range")
                    )  # fmt: skip
                    i += 2
                    continue
            if b.gran != "range" and re.fullmatch(r"\s*[-–—]\s*", text[a.end : b.start]):
                a2 = _reanchor(a, b)
                out.append(_range_atom(a.start, b.end, a2, b, relative=a.relative, kind="range"))
                i += 2
                continue
        ms = _SINCE_RE.search(before)
        if ms and ms.group(1).lower() != "from" and a.kind not in ("week", "decade"):
            s = a.start - (len(before) - ms.start())
            base = a if a.gran != "range" else _Atom(a.start, a.end, "day", a.lo, a.lo,
                                                     a.lo.isoformat())  # fmt: skip
            out.append(_range_atom(s, a.end, base, None, relative=a.relative, kind="since"))
            i += 1
            continue
        out.append(a)
        i += 1
    return out


def _to_expr(text: str, a: _Atom) -> TimeExpr:
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
    )


@lru_cache(maxsize=4096)
def _extract_cached(text: str, reference: date | None) -> tuple[TimeExpr, ...]:
    atoms, _ = _find_atoms(text, reference)
    return tuple(_to_expr(text, a) for a in atoms)


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
    _, occupied = _find_atoms(text, date(2000, 1, 1))
    return tuple(sorted(occupied))


_P_INVALID = (
    re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}}){_ORD},?\s+{_YEAR}\b"),
)


def invalid_dates(text: str) -> list[tuple[str, str]]:
    """Dates that do not exist ("31 February 2017"): (as written, why)."""
    out = []
    if not any(ch.isdigit() for ch in text):
        return out
    for pat in _P_INVALID:
        for m in pat.finditer(text):
            mon, d, y = _month_num(m["mon"]), int(m["d"]), int(m["year"])
            last = calendar.monthrange(y, mon)[1]
            if d > last or d == 0:
                out.append((m.group(0), f"{MONTH_NAMES[mon]} {y} has {last} days"))
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
