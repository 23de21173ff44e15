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
NAMELESS = (0.25, "it names no person, place, organisation, date or number")
NOT_ENGLISH = (0.25, "not in English: the check-worthiness model reads English only")

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
# lower case, or capitalised at the start: "The We Company" is a name
_FIRST_PLURAL_RE = re.compile(
    r"\b(?:we|us|our|ours|ourselves|we['’](?:re|ve|d|ll))\b|^\W*(?:We|Our|Us)\b"
)
_SECOND_RE = re.compile(r"\b(?:you|your|yours|yourself|you['’](?:re|ve|d|ll))\b", re.I)
_PRONOUN_START_RE = re.compile(
    r"^\W*(?:(?:he|she|they|it|its|their|his|her|him|them)\b(?!['’]s\s+\d)"
    # "this/that" as a pronoun ("This comes after ..."), not a determiner ("This process")
    r"|(?:this|that|these|those)\s+(?:is|was|are|were|has|had|have|will|would|could|can|may"
    r"|might|comes|came|means|meant|shows|showed|follows|followed|marks|marked)\b)",
    re.IGNORECASE,
)
_NAME_RE = re.compile(r"(?<!^)(?<![.!?“\"‘(]\s)(?<![“\"‘(])\b[A-Z][\w’'-]*|\d")
# Function words: a sentence that uses more of another language's than of English's,
# or is mostly written in another script, is not English.
_ENGLISH = frozenset(
    """the a an of to in and is was for on that with as by at from it its are were has have
    be been this said will their his her he she they not but or which who than after""".split()
)
_FOREIGN = frozenset(
    """de da do das dos em que para com não uma um os nas nos pelo pela mais também foi são
    el la los las del y en por con una es su al lo como pero más fue sus este esta
    il di che della dei delle nel per non sono alla gli anche è
    le les des du et est une pour dans sur pas qui au aux avec sont ont été
    der die das und ist nicht mit sich auf dem den ein eine zu von für auch im
    dan yang di ini itu dengan untuk tidak dari ke pada akan juga adalah
    het een van en zijn niet op voor met""".split()
) - _ENGLISH
_WORD_RE = re.compile(r"[^\W\d_]+")
_LATIN_RE = re.compile(r"[A-Za-zÀ-ɏ]")


def is_english(text: str) -> bool:
    """A rough test, enough to know when an English-only model should not be trusted."""
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(bool(_LATIN_RE.match(ch)) for ch in letters) < 0.5 * len(letters):
        return False  # mostly another script: CJK, Cyrillic, Hangul, Arabic ...
    words = _WORD_RE.findall(text.lower())
    foreign = sum(w in _FOREIGN for w in words)
    return not (foreign >= 2 and foreign > sum(w in _ENGLISH for w in words))


_EXPLETIVE_RE = re.compile(
    r"^\W*it\s+(?:is|was|has been|had been)\s+(?:estimated|reported|expected|thought|believed"
    r"|known|said|announced|confirmed|clear|true|false|illegal|legal)\b",
    re.IGNORECASE,
)


_STARTERS = frozenset(
    """the a an this that these those it its there here he she they we you i his her their
    our your my some many most all both each every no none one another other such so but and
    or yet then now when while if as after before because although though since until once
    however meanwhile still also even only just instead indeed yes perhaps maybe why what who
    how where which whose""".split()
)


def _first_word_is_name(text: str) -> bool:
    m = re.match(r"\W*([A-Z][\w’'-]*)", text)
    return bool(m) and m.group(1).lower() not in _STARTERS


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
    if not is_english(stripped):
        return NOT_ENGLISH
    if attribution:
        return None  # reported speech: the speaker's voice, judged by the model
    if not _NAME_RE.search(stripped) and not _first_word_is_name(stripped):
        return NAMELESS  # "The deal was signed after weeks of talks."
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
