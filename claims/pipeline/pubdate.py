"""Find the publication date of a pasted text page from a dated header line.

We only detect the header line ("Sunday, March 21, 2021", "Posted on 21 March 2021",
"Published: 2021-03-21 10:15"); parsing the date is left to dateutil, with dateparser
as the fallback for other languages and odd formats.
"""

from __future__ import annotations

import re
from datetime import date

from dateutil import parser as dateutil_parser

# How far down the page a dated header line may sit.
HEADER_LINES = 12

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_TIME = r"(?:(?:at\s+|@\s*|,\s*|-\s*|\|\s*|(?:às|as|a\s+las)\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?" \
    r"(?:\s*[A-Z]{2,5}|\s*[+-]\d{2}:?\d{2}|Z)?)"
_DATE_FORMS = (
    rf"(?:{_WEEKDAY},?\s+)?{_MONTHS}\s+{_DAY},?\s+{_YEAR}",  # (Sunday,) March 21, 2021
    rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTHS},?\s+{_YEAR}",  # 21 March 2021
    rf"{_YEAR}-\d{{1,2}}-\d{{1,2}}(?:T\d{{2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?",
    rf"\d{{1,2}}[/.]\d{{1,2}}[/.]{_YEAR}",  # 21/03/2021, 03/21/2021, 21.03.2021
    rf"{_YEAR}/\d{{1,2}}/\d{{1,2}}",
    # Portuguese / Spanish: "(sexta-feira,) 22 de outubro de 2010"
    rf"(?:[^\W\d_][^\W\d_-]{{2,12}}(?:-[^\W\d_]{{3,6}})?,?\s+)?\d{{1,2}}\s+de\s+[^\W\d_]{{3,10}}\.?"
    rf"\s+(?:de\s+|del\s+)?{_YEAR}",
)
_PREFIX = (
    r"(?:(?:originally\s+)?(?:posted|published|updated|last\s+updated|modified|date|dated|"
    r"first\s+published|released)\b\s*(?:on|at)?\s*:?\s*)?"
)
_SUFFIX = (
    r"(?:\s*(?:\||·|•|-|–|—|,)?\s*(?:by\s+[\w.'’ -]{2,60}|\d+\s+min(?:ute)?s?\s+read|"
    r"\d+\s+comments?|updated.*))?"
)
# "Astana, 24 January 2017": a place name before the date (news dateline style)
_PLACE = r"(?:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2},\s+)?"
DATELINE = re.compile(
    rf"^\s*{_PLACE}{_PREFIX}(?P<date>{'|'.join(_DATE_FORMS)})\s*{_TIME}?{_SUFFIX}\s*[.]?\s*$",
    re.I,
)
# "Published", "Posted on", "Updated:" left without their date (a widget lost in the paste).
BARE_DATE_LABEL = re.compile(
    r"^\s*(?:posted|published|updated|last\s+updated|date)\s*(?:on|at)?\s*:?\s*$", re.I
)


def _parse(fragment: str) -> date | None:
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", fragment, flags=re.I)
    cleaned = re.sub(r"\bthe\b|\bof\b", " ", cleaned, flags=re.I)
    dayfirst = bool(re.match(r"\d{1,2}\.\d{1,2}\.", cleaned))
    try:
        parsed = dateutil_parser.parse(cleaned, dayfirst=dayfirst, fuzzy=False)
        return parsed.date()
    except (ValueError, OverflowError):
        pass
    import dateparser  # slow import: only when dateutil could not read it

    parsed = dateparser.parse(
        fragment, settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date() if parsed else None


def parse_dateline(line: str) -> date | None:
    """The date if ``line`` is a dated header line (a date, maybe labelled), else None."""
    if len(line) > 120:
        return None
    match = DATELINE.match(line)
    if not match:
        return None
    return _parse(match.group("date"))


def find_dateline(lines: list[str], *, limit: int = HEADER_LINES) -> tuple[int, date] | None:
    """Index and date of the first dated header line among the first ``limit`` non-empty lines."""
    seen = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > limit:
            break
        found = parse_dateline(line)
        if found is not None:
            return index, found
    return None
