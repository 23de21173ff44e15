"""Kinds of sentence that are not checkable claims in a news article, whatever the model says.

The check-worthiness model was trained on debate transcripts (ClaimBuster), where
"We cut taxes by 20%" is a claim. In an article, the same words in the writer's
own voice are something else: a question to the reader, the writer's experience,
advice, a promo, a teaser. ``cap(text, attribution=...)`` returns the ceiling such
a claim's score is held under (below the review threshold) and why, or None.

Reported speech is left to the model: "We cut taxes," the mayor said is the
mayor's claim, and the attribution is on the claim.
"""

from __future__ import annotations

import re

# (ceiling, reason) for each kind
QUESTION = (0.1, "a question")
PROMO = (0.05, "a promotion or instruction to the reader")
TEASER = (0.1, "a teaser list item")
FIRST_PERSON = (0.2, "the writer's own voice (first person)")
SECOND_PERSON = (0.2, "addressed to the reader (second person)")
UNRESOLVED = (0.25, "its subject is a pronoun the machine could not resolve")

_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"")
_PROMO_RE = re.compile(
    r"^\W*(?:sign up|subscribe|click|tap|follow us|follow the|join us|join our|read more"
    r"|read the|watch|listen|download|share this|like our|like us|support us|support our"
    r"|don['’]t miss|let['’]s|let us|find out|check out|register|donate|tell us|email us"
    r"|contact us|get the|get our|learn more|see more|see also|sponsored|advertisement"
    r"|this article (?:has been|was) (?:adapted|updated|corrected|amended)"
    r"|this story (?:has been|was) (?:adapted|updated|corrected|amended))\b",
    re.IGNORECASE,
)
_TEASER_RE = re.compile(r"^\s*[-•*–]\s+")
_FIRST_RE = re.compile(r"\b(?:I|me|my|mine|myself|I['’](?:m|ve|d|ll))\b")
_FIRST_PLURAL_RE = re.compile(r"\b(?:we|us|our|ours|ourselves|we['’](?:re|ve|d|ll))\b", re.I)
_SECOND_RE = re.compile(r"\b(?:you|your|yours|yourself|you['’](?:re|ve|d|ll))\b", re.I)
_PRONOUN_START_RE = re.compile(
    r"^\W*(?:he|she|they|it|this|these|those|that|its|their|his|her|him|them)\b(?!['’]s\s+\d)",
    re.IGNORECASE,
)
_EXPLETIVE_RE = re.compile(
    r"^\W*it\s+(?:is|was|has been|had been)\s+(?:estimated|reported|expected|thought|believed"
    r"|known|said|announced|confirmed|clear|true|false|illegal|legal)\b",
    re.IGNORECASE,
)


def cap(text: str, *, attribution: str = "") -> tuple[float, str] | None:
    """The ceiling on this claim's check-worthiness and why; None when there is none."""
    stripped = text.strip()
    if not stripped:
        return None
    if _PROMO_RE.search(stripped):
        return PROMO
    if _TEASER_RE.match(stripped):
        return TEASER
    if stripped.rstrip("”\"’') ").endswith("?"):
        return QUESTION
    if attribution:
        return None  # reported speech: the speaker's voice, judged by the model
    own = _QUOTED_RE.sub(" ", stripped)  # the writer's words, quotations left out
    if _FIRST_RE.search(own) or _FIRST_PLURAL_RE.search(own):
        return FIRST_PERSON
    if _SECOND_RE.search(own):
        return SECOND_PERSON
    if _PRONOUN_START_RE.match(stripped) and not _EXPLETIVE_RE.match(stripped):
        return UNRESOLVED
    return None


def capped(score: float, text: str, *, attribution: str = "") -> float:
    """``score`` held under the ceiling of its kind."""
    c = cap(text, attribution=attribution)
    return min(score, c[0]) if c else score
