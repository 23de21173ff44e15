"""Numbers and quantities with units, for slot comparison between claims.

``extract_quantities(text)`` finds "50 percent", "50%", "22million tons",
"$2.5 billion", "3,000 troops", "two thirds", "five", "a dozen" and returns
:class:`records.Quantity` records (value as a float, unit normalised where we
know it: percent, USD, EUR, GBP, tons, km ...; otherwise the counted noun as
written, e.g. "troops").

Not quantities: names with digits ("S-400", "F-35", "Su-24", "G20", "COVID-19",
"Resolution 2254", "Article 5"), and years and dates (anything inside a span that
``temporal.time_spans`` reports).
"""

from __future__ import annotations

import re

from claims.pipeline.records import Quantity
from claims.pipeline.temporal import time_spans

_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
_CURRENCY_PREFIX = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB"}
_UNITS = {
    "%": "percent", "percent": "percent", "per cent": "percent", "pct": "percent",
    "percentage points": "percentage points",
    "dollars": "USD", "dollar": "USD", "usd": "USD", "euros": "EUR", "euro": "EUR",
    "pounds": "GBP", "rubles": "RUB", "roubles": "RUB", "lira": "TRY", "rials": "IRR",
    "tons": "tons", "tonnes": "tons", "ton": "tons", "tonne": "tons",
    "km": "km", "kilometers": "km", "kilometres": "km", "miles": "miles", "mile": "miles",
    "kg": "kg", "kilograms": "kg", "barrels": "barrels", "bpd": "barrels per day",
}  # fmt: skip
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "a thousand": 1000,
    "a dozen": 12, "dozen": 12, "half a dozen": 6, "a million": 1e6, "a billion": 1e9,
}  # fmt: skip
_FRACTIONS = {
    "half": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25,
    "fifth": 0.2, "fifths": 0.2, "tenth": 0.1, "tenths": 0.1,
}  # fmt: skip
# Words after a number that make it part of a name or a reference, not a quantity.
_NAME_BEFORE_RE = re.compile(
    r"(?:[A-Za-z]-?|\b(?:[Rr]esolution|[Aa]rticle|[Nn]o\.|[Nn]umber|[Ss]ection|[Cc]hapter"
    r"|[Ff]light|[Rr]oute|[Pp]age|[Pp]ages|pp\.|[Pp]rotocol|[Bb]oeing|[Aa]irbus|[Rr]ule"
    r"|[Vv]ersion|[Uu]nit|[Ll]ine|[Rr]oom|[Pp]hase|[Ll]evel|[Gg]roup|[Cc]ode|[Mm]odel)\s+"
    r"|[#№]\s*)$"
)
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_P_NUMBER = re.compile(
    r"(?P<cur>US\$|\$|€|£|¥|₽)?\s?" + _NUM
    + r"(?:\s?(?P<scale>thousand|million|billion|trillion|mln|mn|bn|tn|[kmb])\b)?"
    + r"(?P<pct>\s?%)?"
    + r"(?P<unit>\s?(?:percentage points|per cent|percent|pct|dollars?|usd|euros?|pounds|"
    r"rubles|roubles|lira|rials|tonnes?|tons?|km|kilomet(?:er|re)s|miles?|kg|kilograms|"
    r"barrels|bpd)\b)?"
    + r"(?P<cur_after>\s?(?:\$|€|£))?",
    re.IGNORECASE,
)  # fmt: skip
_WORD_ALT = "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
_P_WORDNUM = re.compile(
    rf"\b(?P<w>{_WORD_ALT})(?:[\s-]+(?P<w2>one|two|three|four|five|six|seven|eight|nine))?"
    r"(?:\s+(?P<scale>thousand|million|billion|hundred))?\b",
    re.IGNORECASE,
)
_P_FRACTION = re.compile(
    r"\b(?P<n>one|two|three|four|a)[\s-]+(?P<f>half|thirds?|quarters?|fifths?|tenths?)\b",
    re.IGNORECASE,
)
_P_NEXT_NOUN = re.compile(r"\s+(?:of\s+(?:the\s+)?)?(?P<noun>[a-z][a-z-]{2,})\b")
_NOT_NOUNS = frozenset(
    """and or but of to in on at by for with from as is are was were be been has have had
    that which who than per into the a an its their his her more less over under about
    after before since until while when where also still years-old percent""".split()
)
_SKIP_ONE_BEFORE = frozenset("the no any every each this that which someone anyone".split())


def _overlaps(spans, s: int, e: int) -> bool:
    return any(not (e <= a or s >= b) for a, b in spans)


def _noun_after(text: str, end: int) -> str:
    m = _P_NEXT_NOUN.match(text, end)
    if not m or m["noun"] in _NOT_NOUNS:
        return ""
    return m["noun"]


def extract_quantities(text: str) -> list[Quantity]:
    """Quantities in ``text``, in text order."""
    if not text:
        return []
    taken: list[tuple[int, int]] = list(time_spans(text))
    out: list[Quantity] = []

    if any(ch.isdigit() for ch in text):
        for m in _P_NUMBER.finditer(text):
            s = m.start("num")
            e = m.end()
            if m["cur"]:
                s = m.start("cur")
            if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "-/."):
                continue  # "S-400", "G20", "COVID-19", "1/2"
            if _NAME_BEFORE_RE.search(text, max(0, s - 16), s) and not m["cur"]:
                continue
            if (
                e < len(text)
                and (text[e].isalpha() or text[e] == "-")
                and not (m["scale"] or m["unit"])
            ):
                if not re.match(r"-(?:year|month|day|week|strong|member|point)", text[e:]):
                    continue  # "400s", "24M", "19-year" (kept: "30-year", "5-member")
            if _overlaps(taken, s, e):
                continue
            value = float(m["num"].replace(",", ""))
            scale = (m["scale"] or "").lower()
            if scale:
                value *= _SCALES[scale]
            unit = ""
            cur = (m["cur"] or m["cur_after"] or "").strip().lower()
            if cur:
                unit = _CURRENCY_PREFIX.get(cur, "USD")
            if m["pct"]:
                unit = "percent"
            if m["unit"]:
                unit = _UNITS.get(m["unit"].strip().lower(), m["unit"].strip().lower())
            if not unit:
                unit = _noun_after(text, e)
            end = e if not m["cur_after"] else m.end("cur_after")
            while end > s and text[end - 1].isspace():
                end -= 1
            taken.append((s, end))
            out.append(Quantity(text[s:end], s, end, value, unit))

    for m in _P_FRACTION.finditer(text):
        s, e = m.start(), m.end()
        if _overlaps(taken, s, e):
            continue
        n = 1 if m["n"].lower() == "a" else _WORD_NUMBERS[m["n"].lower()]
        taken.append((s, e))
        out.append(Quantity(text[s:e], s, e, n * _FRACTIONS[m["f"].lower()], "fraction"))

    for m in _P_WORDNUM.finditer(text):
        s, e = m.start(), m.end()
        if _overlaps(taken, s, e):
            continue
        w = m["w"].lower()
        if w in ("hundred",) and not m["scale"]:
            continue
        value = float(_WORD_NUMBERS[w])
        if m["w2"]:
            value += _WORD_NUMBERS[m["w2"].lower()]
        if m["scale"]:
            value *= _SCALES.get(m["scale"].lower(), 100.0)
        noun = _noun_after(text, e)
        if w == "one":
            before = re.search(r"(\w+)\W*$", text[max(0, s - 16) : s])
            if (before and before.group(1).lower() in _SKIP_ONE_BEFORE) or not noun:
                continue  # "one of many", "the one who"
            if re.match(r"\s+of\b", text[e:]):
                continue
        taken.append((s, e))
        out.append(Quantity(text[s:e], s, e, value, noun))

    out.sort(key=lambda q: q.start)
    return out
