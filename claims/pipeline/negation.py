"""Word-level helpers for the compare step: tokens, a crude stemmer, negation scopes.

Plain functions, no Django and no model. The stemmer is deliberately crude: it
only has to map the two sides of a comparison onto the same key ("attended",
"attends", "attend" -> "attend"; "modelled" -> "model"), not produce real roots.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_TOKEN_RE = re.compile(r"[^\W\d_][\w'’\-\u0300-\u036f]*|\d+(?:[.,]\d+)*")

STOPWORDS = frozenset(
    """
    a an the and or but if then than that this these those there here of in on at to for from by
    with without as into onto over under about above below between after before during since until
    till through via per is are was were be been being am has have had having do does did doing
    will would shall should can could may might must it its it's they them their theirs he him his
    she her hers we us our ours you your yours i me my mine who whom whose which what when where
    why how also so such very more most much many some any all each every both either neither
    other another own same just only even still yet too again further once one s t also said says
    say according while although though because however which whereas not no nor never n't
    """.split()
)

# Words that sit between a negation cue and the predicate it negates.
_SCOPE_SKIP = frozenset(
    """
    be been being is are was were am have has had do does did to a an the ever yet even really
    actually always currently officially formally personally quite entirely fully completely
    any anything there
    """.split()
)

# Single-token cues. "n't" is handled as a suffix too ("didn't", FEVER's "did n't").
NEGATION_CUES = frozenset(
    """
    not no never none nobody nothing neither nor without cannot cant can't won't wont
    don't doesn't didn't isn't aren't wasn't weren't hasn't haven't hadn't shouldn't
    wouldn't couldn't mustn't n't nowhere
    """.split()
)
# Verbs whose complement is negated ("refused to attend", "failed to win", "denied meeting").
NEGATING_VERBS = frozenset(
    """
    refuse refused refuses refusing fail failed fails failing deny denied denies denying
    decline declined declines declining unable incapable lack lacked lacks
    """.split()
)


@dataclass(frozen=True)
class Token:
    text: str  # as written
    lower: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    return list(_tokens(text))


# The comparison step reads the same claim and passage texts for many pairs, so the
# pure text functions below are cached (bounded; the results are immutable).
@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    out = []
    for m in _TOKEN_RE.finditer(text):
        raw = unicodedata.normalize("NFC", m.group(0).replace("’", "'"))
        out.append(Token(m.group(0), raw.lower().strip("'-"), m.start(), m.end()))
    return tuple(t for t in out if t.lower)


_DOUBLE_END = re.compile(r"([bdfgklmnprtz])\1$")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Crude, consistent suffix stripping: the same key for the usual inflections."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.rstrip("'")
    if len(w) <= 3 or w.isdigit():
        return w
    for suffix, repl, min_len in (
        ("ies", "y", 5),
        ("ied", "y", 5),
        ("ing", "", 6),
        ("ed", "", 5),
        ("es", "", 5),
        ("s", "", 4),
    ):
        if w.endswith(suffix) and len(w) >= min_len:
            if suffix == "es" and not w.endswith(("ses", "xes", "zes", "ches", "shes")):
                continue  # "sides" -> "side" via the "s" rule, not "sid"
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                continue
            w = w[: len(w) - len(suffix)] + repl
            if suffix in ("ing", "ed"):
                w = _DOUBLE_END.sub(r"\1", w)
            break
    return w


def content_stems(text: str) -> set[str]:
    """Stems of the non-stopword, non-numeric words of ``text``."""
    return set(_content_stems(text))


@lru_cache(maxsize=4096)
def _content_stems(text: str) -> frozenset[str]:
    return frozenset(
        stem(t.lower)
        for t in _tokens(text)
        if t.lower not in STOPWORDS and not t.lower[0].isdigit() and len(t.lower) > 1
    )


def is_cue(tok: Token) -> bool:
    return tok.lower in NEGATION_CUES or tok.lower.endswith("n't")


@dataclass(frozen=True)
class Negation:
    cue: str  # as written: "did not", "never", "refused"
    predicate: str  # the word it negates, as written
    key: str  # stem of the predicate: what the other side is matched on
    start: int  # offsets of the cue..predicate span in the text
    end: int


def negations(text: str) -> list[Negation]:
    """Each negation cue with the first content word in its scope (up to 4 words on)."""
    toks = tokens(text)
    out: list[Negation] = []
    for i, tok in enumerate(toks):
        cue_kind = None
        if is_cue(tok):
            cue_kind = "cue"
        elif tok.lower in NEGATING_VERBS:
            cue_kind = "verb"
        if cue_kind is None:
            continue
        # "not only", "no longer than", "no doubt": not a negation of a predicate.
        nxt = toks[i + 1].lower if i + 1 < len(toks) else ""
        if cue_kind == "cue" and nxt in {"only", "doubt", "matter", "less", "fewer"}:
            continue
        for j in range(i + 1, min(i + 5, len(toks))):
            cand = toks[j]
            if cand.lower in _SCOPE_SKIP or is_cue(cand):
                continue
            if cand.lower in STOPWORDS or cand.lower[0].isdigit():
                break
            out.append(
                Negation(
                    cue=text[tok.start : tok.end],
                    predicate=cand.text,
                    key=stem(cand.lower),
                    start=tok.start,
                    end=cand.end,
                )
            )
            break
    return out


def affirmed_keys(text: str) -> dict[str, str]:
    """Stem -> word as written, for content words NOT inside a negation scope."""
    negated_spans = [(n.start, n.end) for n in negations(text)]
    out: dict[str, str] = {}
    for t in tokens(text):
        if t.lower in STOPWORDS or t.lower in NEGATING_VERBS or is_cue(t):
            continue
        if any(s <= t.start < e for s, e in negated_spans):
            continue
        out.setdefault(stem(t.lower), t.text)
    return out
