"""Numbers and names that look like dates and are not.

- **Year labels**: a year that names a thing rather than dating an event: models
  ("the 2020 Sentra"), events and tournaments ("Euro 2020", "the 2020 election
  campaign"), fiscal and model years, bonds ("its 2025 bond"), seasons, editions.
- **Product and model numbers**: "RTX 2060", "a total score of 2072".
- **Named days**: "Black Friday", "Cyber Monday", "Good Friday", "Super Tuesday":
  a weekday inside a name is not a date.
"""

from __future__ import annotations

import re

# nouns a year can label: "the 2020 election", "its 2025 bonds", "the 2019 season"
_LABEL_NOUNS = (
    r"election|elections|campaign|campaigns|race|races|primary|primaries|caucus|caucuses"
    r"|season|seasons|edition|editions|model|models|model-year|bond|bonds|notes|note"
    r"|budget|budgets|census|olympics|olympic|games|cup|world|championship|championships"
    r"|tournament|final|finals|draft|class|vintage|version|release|lineup|line-up|range"
    r"|calendar|cycle|contest|contests|ballot|ticket|nominee|nominees|candidate|candidates"
    r"|presidential|midterm|midterms|general|summit|expo|exhibition|festival|awards|award"
    r"|fiscal|financial|tax|school|academic|guidance|forecast|target|targets|goal|goals"
    r"|plan|plans|agenda|vision|strategy|deadline|maturity|maturities|debt|loan|loans"
    r"|series|tour|trophy|prize|rankings|ranking|list|report|survey|study|index|crop"
    r"|harvest|pick|picks|roster|team|squad|standings|schedule|fixtures|bowl|marathon|grand"
)
_LABEL_AFTER_RE = re.compile(rf"^[-\s]*(?:{_LABEL_NOUNS})\b", re.IGNORECASE)
# a capitalised word right after the year names a product or event: "2020 Sentra"
_CAP_AFTER_RE = re.compile(r"^\s+(?!(?:I|A|The|In|On|At|And|But|Or|So|As|It|He|She|They|We)\b)"
                           r"[A-Z][\w’'-]*")
_LABEL_BEFORE_RE = re.compile(
    r"(?:\b(?:fiscal|financial|model|school|academic|tax|calendar)\s+(?:year\s+)?|\bFY\s*"
    r"|\bclass\s+of\s+|\bvintage\s+|\bsize\s+|\bscore\s+of\s+|\btotal\s+of\s+|\bsum\s+of\s+"
    r"|\b(?:number|count|tally|figure|price|cost|value|average|rate|record|height|salary"
    r"|population|capacity|total|score|points?|rating)\s+(?:of\s+)?)$",
    re.IGNORECASE,
)
# a capitalised word or a code right before the year: "Euro 2020", "RTX 2060", "Vision 2030"
_NAME_BEFORE_RE = re.compile(r"\b(?P<w>[A-Z][\w’'-]*|[A-Z]{2,}\d*)\s+$")
_NOT_NAMES = frozenset(
    """In Since By Until Till During Before After Around Circa Early Late Mid From Of
    Between And Or To Through For At On The This That Last Next Spring Summer Autumn Fall
    Winter Christmas Easter January February March April May June July August September
    October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Also But
    So As Then Until When While Back Even Only Year Years""".split()
)
_THE_BEFORE_RE = re.compile(r"\b(?:the|a|an|its|their|his|her|our|this|that|next|last|"
                            r"[\w’']+['’]s)\s+$", re.IGNORECASE)


_DATE_PREP_BEFORE_RE = re.compile(
    r"\b(?:in|since|during|by|until|till|before|after|from|through|throughout|of|between|and"
    r"|to|early|late|mid|mid-|around|circa|spring|summer|autumn|fall|winter)\s+$",
    re.IGNORECASE,
)


def is_year_label(text: str, start: int, end: int) -> bool:
    """True when the year ``text[start:end]`` labels a thing rather than dates an event."""
    before = text[max(0, start - 30) : start]
    after = text[end : end + 30]
    if _LABEL_BEFORE_RE.search(before):
        return True
    m = _NAME_BEFORE_RE.search(before)
    if m and m["w"].rstrip(".") not in _NOT_NAMES:
        return True  # "Euro 2020", "RTX 2060"
    if _DATE_PREP_BEFORE_RE.search(before):
        return False  # "in 2020", "since 2017": a date, whatever follows
    if _LABEL_AFTER_RE.match(after):
        return True  # "the 2020 election", "its 2025 bond"
    return bool(_CAP_AFTER_RE.match(after) and (_THE_BEFORE_RE.search(before) or not before.strip()))


_NAMED_DAY_BEFORE_RE = re.compile(
    r"\b(?:Black|Cyber|Good|Holy|Maundy|Ash|Palm|Easter|Super|Giving|Shrove|Fat|Bloody"
    r"|Blue|Manic|Mad|Thanksgiving|Pentecost|Whit|Low|Plough|Small Business|Travel"
    r"|Bowl|Boxing|Patriots['’]?)\s+$",
    re.IGNORECASE,  # "il black Friday"
)


def is_named_day(text: str, start: int) -> bool:
    """True when the weekday at ``start`` is part of a name ("Black Friday")."""
    return bool(_NAMED_DAY_BEFORE_RE.search(text, max(0, start - 20), start))
