"""Which way a time expression points: the tense and modality of the clause around it.

``tense_at(text, start, end)`` reads the clause holding ``text[start:end]`` (cut at
sentence ends, semicolons, colons, dashes and ", but"/", while") and answers

- ``"future"``: a future, modal or target marker (will, could, expected, slated,
  plans to, by/until/into + the date, "to be", "would" …);
- ``"schedule"``: a present-tense schedule verb ("The show opens Friday", "goes on
  sale in late January", "is stepping down in May"): future in meaning, though
  the grammar is present;
- ``"past"``: a past-tense or perfect verb and no future marker;
- ``"present"`` / ``"unknown"``: neither (a present-tense clause, or no verb found).

A false alarm costs more than a missed one, so the flag step asserts "after the
publication date" only for ``"past"``; the resolution step prefers the nearest
date to publication when the tense says nothing.
"""

from __future__ import annotations

import re

_CLAUSE_END_RE = re.compile(r"[.!?](?:\s|$)|;|:\s|\s[–—]\s|,\s+(?:but|while|whereas|although)\b")
_FUTURE_RE = re.compile(
    r"\b(?:will|won['’]t|shall|going to|gonna|would|wouldn['’]t|could|might|may|can|should"
    r"|must|ought|plans?|planned|planning|plan to|expects?|expected|expecting|expectation"
    r"|forecasts?|forecasted|projects?|projected|projection|predicts?|predicted|aims?|aimed"
    r"|targets?|targeted|goal|set to|due|slated|scheduled|upcoming|coming|next|to be|hopes?"
    r"|hoped|intends?|intended|proposes?|proposed|pledged?|pledges|promised?|promises|vow(?:s|ed)?"
    r"|estimates?|estimated|likely|unlikely|deadline|starting|beginning|from now|onwards?"
    r"|soon|tomorrow|would-be|potential(?:ly)?|possibl[ey]|if|unless"
    r"|tentative(?:ly)?|on track|in time for|seeks?|wants?|prepares|preparing"
    r"|anticipated?|envisage[sd]?|outlook|guidance|until|till|through|thru)\b",
    re.IGNORECASE,
)
# prepositions that make a later date a target or a limit, not an event: "by 2022", "into 2020"
_TARGET_PREP_RE = re.compile(
    r"\b(?:by|until|till|through|thru|into|before|ahead of|in time for|starting|beginning"
    r"|toward|towards|up to)\s+(?:the\s+(?:end|start|middle|beginning)\s+of\s+"
    r"|(?:early|late|mid|mid-|the)\s*)?$",
    re.IGNORECASE,
)
_IRREGULAR_PAST = frozenset(
    """was were had did said told took came went made won lost met began became held led left
    saw gave got found fell rose grew spent sold bought paid ran wrote spoke broke chose drove
    flew knew thought brought caught taught fought sought built sent felt kept meant stood
    understood struck shot fled slid sank sang swam threw wore woke withdrew overtook undertook
    arose forgot forgave froze hid hung laid lay lit rode rang shook shone sat slept stole stuck
    stung strode swore swept tore upheld won wound""".split()
)
_AUX_PRESENT = frozenset("is are am be been being 's 're will to".split())
_NOT_PAST_ED = frozenset(
    """need indeed speed seed feed bed red shed breed proceed exceed succeed deed weed
    embed hundred kindred sacred naked wicked rugged ragged crooked beloved learned
    skilled talented renewed advanced limited united based detailed related""".split()
)
_SCHEDULE_RE = re.compile(
    r"\b(?:opens|starts|begins|goes|go|run|runs|takes place|take place|kicks off|kick off"
    r"|arrives|arrive|launches|launch|debuts|debut|ends|closes|close|lands|airs|premieres"
    r"|hits|returns|resumes|continues|expires|opens up|wraps up|is on|are on|heads|meets"
    r"|meet|plays|play|faces|face|hosts|host|visits|visit|travels|travel|comes|come"
    r"|(?:is|are|am|['’]s|['’]re)\s+(?:\w+ly\s+)?[a-z]{2,}ing)\b",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[A-Za-z’']+")


def clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: (left, right) offsets."""
    left = max(0, start - 400)
    for m in _CLAUSE_END_RE.finditer(text, left, start):
        left = m.end()
    m = _CLAUSE_END_RE.search(text, end)
    right = m.start() if m else len(text)
    return left, right


def _has_past_verb(words: list[str]) -> bool:
    for i, w in enumerate(words):
        low = w.lower()
        if low in _IRREGULAR_PAST:
            return True
        if low.endswith("ed") and len(low) > 4 and low not in _NOT_PAST_ED:
            before = {x.lower() for x in words[max(0, i - 2) : i]}
            if before & _AUX_PRESENT and not before & {"was", "were", "had", "has", "have"}:
                continue  # "is scheduled", "to be completed": not a past event
            return True
    return False


def tense_at(text: str, start: int, end: int) -> str:
    """``future`` | ``schedule`` | ``past`` | ``present`` | ``unknown`` (see the module doc)."""
    left, right = clause_span(text, start, end)
    if _TARGET_PREP_RE.search(text, max(left, start - 40), start):
        return "future"
    clause = text[left:start] + " " + text[end:right]
    if _FUTURE_RE.search(clause):
        return "future"
    words = _WORD_RE.findall(clause)
    if _has_past_verb(words):
        return "past"
    if _SCHEDULE_RE.search(clause):
        return "schedule"
    if any(w.lower() in ("is", "are", "am", "has", "have", "does", "do") for w in words):
        return "present"
    return "unknown"


def is_future_context(text: str, start: int, end: int) -> bool:
    """True when the clause around ``text[start:end]`` speaks of the future (or a schedule)."""
    return tense_at(text, start, end) in ("future", "schedule")


_GENERIC_TODAY_BEFORE_RE = re.compile(
    r"(?:\b(?:of|than|until|till|still|even|like)\s+"
    r"|\b(?:we|you|us|our|people|humans|society|world|modern|everyone|anyone)\b"
    r"(?:\s+[a-z’']+){0,2}\s+)$",
    re.IGNORECASE,
)


def is_generic_today(text: str, start: int, end: int) -> bool:
    """'today' meaning 'nowadays' ("galaxies we observe today", "today's economy")."""
    if text[end : end + 2] in ("'s", "’s"):
        return True
    return bool(_GENERIC_TODAY_BEFORE_RE.search(text, max(0, start - 40), start))
