"""The compiled patterns and word lists of time expressions (no logic here)."""

from __future__ import annotations

import calendar
import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
MONTH_NAMES = [calendar.month_name[i] for i in range(13)]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WD_INDEX = {w.lower(): i for i, w in enumerate(WEEKDAYS)}
WD_INDEX.update({w[:3].lower(): i for i, w in enumerate(WEEKDAYS)})
WD_INDEX.update({"tues": 1, "wed": 2, "thur": 3, "thurs": 3})

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
MON_FULL = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Sept\.?)"
)
_WD = (
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|Mon\.|Tue\.|Tues\.|Wed\.|Thu\.|Thur\.|Thurs\.|Fri\.|Sat\.|Sun\.)"
)
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d|2100)"

P_ISO = re.compile(r"(?<![\w/.-])(?P<year>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w/-])")
P_DMY = re.compile(
    rf"(?:\b{_WD},?\s+(?:the\s+)?)?\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b"
)
P_MDY = re.compile(rf"(?:\b{_WD},?\s+)?\b{_MON}\s+(?P<d>\d{{1,2}}){_ORD},?\s+{_YEAR}\b")
P_DM = re.compile(
    rf"(?:\b{_WD},?\s+(?:the\s+)?)?\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MON}(?![\w.])"
)
P_MD = re.compile(rf"(?:\b{_WD},?\s+)?\b{_MON}\s+(?P<d>\d{{1,2}}){_ORD}\b(?![.,:]?\d|\s*%)")
P_MY = re.compile(rf"\b{_MON},?\s+(?:of\s+)?{_YEAR}\b")
P_DECADE = re.compile(r"\b(?:the\s+)?(?P<year>1[89]\d0|20\d0)['’]?s\b")
P_YEAR_RANGE = re.compile(
    rf"(?<![\w$€£#.,-]){_YEAR}\s*[-–—]\s*(?P<year2>1[89]\d\d|20\d\d|\d\d)(?![\w%.,-]\d|\w)"
)
P_YEAR = re.compile(rf"(?<![\w$€£#.,/-]){_YEAR}(?![\w%/-]|[.,]\d)")
P_MON_BARE = re.compile(rf"\b{MON_FULL}(?![\w])")
P_REL_DAY = re.compile(
    r"\b(?P<w>[Tt]oday|[Tt]onight|[Yy]esterday|[Tt]omorrow|[Tt]his (?:morning|afternoon|evening))\b"
)
P_REL_UNIT = re.compile(
    r"\b(?P<which>[Tt]his|[Ll]ast|[Nn]ext|[Ee]arlier this|[Ll]ater this)\s+"
    r"(?P<unit>week|month|year|weekend)\b(?!\s+(?:and|or)\s+(?:a\s+half|so))(?!s)"
)
P_WEEKDAY = re.compile(
    r"\b(?:(?P<which>[Ll]ast|[Nn]ext|[Tt]his|[Oo]n|[Oo]n last|[Oo]n next)\s+)?"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!s)"
)
P_AGO = re.compile(
    r"\b(?P<n>\d{1,3}|[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight"
    r"|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve|[Tt]hirteen|[Ff]ourteen|[Ff]ifteen|[Tt]wenty"
    r"|[Tt]hirty|[Ff]orty|[Ff]ifty)\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b"
)
P_INVALID = (
    re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}}){_ORD},?\s+{_YEAR}\b"),
)

# Words after which a 4-digit number followed by a plural noun is still a year ("in 2015 troops").
STRONG_YEAR_PREP = frozenset(
    "in since by until till during before after around circa early late mid mid- of".split()
)
MONTH_PREP = frozenset(
    """in since by until till from to through during before after early late mid mid- of
    between and or last next this""".split()
)
# A bare number followed by one of these is a count, not a year ("2000 troops").
COUNT_WORD_RE = re.compile(
    r"\s*(?:[a-z]+s\b(?<!\bwas)(?<!\bhas)(?<!\bis)(?<!\bthis)(?<!\bas)(?<!\bits)(?<!\bus)"
    r"|million|billion|thousand|hundred|percent|per\b|km|kg|tons?|tonnes?|people|men|women"
    r"|children|feet|meters|metres|dollars|euros|pounds|%)"
)
NOT_YEAR_BEFORE = re.compile(
    r"(?:\b(?:[Rr]esolution|[Nn]o\.?|[Nn]umber|[Pp]ages?|pp\.?|[Aa]rticle|[Ss]ection|[Rr]ule"
    r"|[Ff]light|[Rr]oute|[Rr]oom|[Cc]hapter|[Mm]odel|[Cc]ode|[Ll]aw|[Bb]ill|[Aa]ct|[Ii]tem"
    r"|[Uu]nit|[Vv]ersion|[Vv]ol\.?|[Pp]rotocol|[Bb]oeing|[Aa]irbus)\s+|[#№]\s*)$"
)
# "mid-December", "early 2019", "late last year": the expression is only part of the period
PERIOD_PREFIX_RE = re.compile(r"(?:\b(?:[Ee]arly|[Ll]ate|[Mm]id|[Mm]iddle of)\s+|\b[Mm]id-)$")
APPROX_BEFORE_RE = re.compile(
    r"\b(?:more than|over|almost|nearly|about|around|some|less than|under|roughly|at least"
    r"|up to|just over|just under|well over|barely|only|a few|several)\s+$",
    re.IGNORECASE,
)
