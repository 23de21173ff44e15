"""Subject-pronoun resolution with a few explainable rules.

``resolve_pronouns(text, context=[previous sentences], entities_so_far=...)``
replaces "He" / "She" / "They" / "It" in subject position (sentence start, after
"that", after "; " and ", and" / ", but") with the entity they most likely refer
to, and leaves the text alone when unsure:

* he / she -> the first PERSON of the nearest previous sentence that names one.
  A sentence that itself starts with "He"/"She" continues the chain, so we look
  past it ("Zarif was content. He said X. He said Y." -> both are Zarif).
* they -> a coordination of named entities ("Russia and Turkey", "Iran, Russia and
  Turkey") in the nearest previous sentence that has one (again looking past
  sentences that start with "They").
* it -> a single GPE/ORG that starts the previous sentence ("Turkey wants X. It
  also wants Y."), never an expletive "it" ("It is clear that", "It has been
  suggested").
Pronouns inside quotation marks are left alone: they belong to the speaker.
Two previous sentences are searched, not counting those that continue a pronoun chain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claims.pipeline.entities import extract_entities
from claims.pipeline.records import Entity

_SUBJ_RE = re.compile(
    r"(?:^|(?<=\bthat )|(?<=; )|(?<=, and )|(?<=, but )|(?<=\bwhile ))"
    r"(?P<p>He|She|They|It|he|she|they|it)\b(?!['’])"
)
_EXPLETIVE_IT_RE = re.compile(
    r"^\s+(?:is|was|has been|had been|would be|will be|seems|appears|remains|'s|’s)\b"
    r"|^\s+\w+\s+(?:that|to)\b",
    re.IGNORECASE,
)
_CHAIN_RE = re.compile(r"^[\s“\"‘']*(?:He|She)\b")
_CHAIN_THEY_RE = re.compile(r"^[\s“\"‘']*They\b")
_CAPITAL_INSIDE_RE = re.compile(r"(?<=\s)[A-Z][a-z]")
_QUOTES_OPEN = '“"‘'
_MAX_BACK = 4


def _in_quotes(text: str, pos: int) -> bool:
    before = text[:pos]
    opens = before.count("“") + before.count("‘")
    closes = before.count("”") + before.count("’ ")
    if opens > closes:
        return True
    return before.count('"') % 2 == 1


def _person_antecedent(context: list[str], ents: list[list[Entity]]) -> str | None:
    budget = 2
    for k in range(len(context) - 1, -1, -1):
        if _CHAIN_RE.match(context[k]) or context[k].lstrip().startswith(("“", '"')):
            continue  # same referent chain or quoted speech: look past it
        people = [e for e in ents[k] if e.label == "PERSON"]
        if people:
            return people[0].text
        budget -= 1
        if budget == 0:
            break
    return None


def _coordination(sentence: str, ents: list[Entity]) -> str | None:
    """The last 'A and B' / 'A, B and C' of named entities in ``sentence``."""
    named = [e for e in ents if e.label in ("GPE", "ORG", "PERSON", "NORP")]
    best = None
    i = 0
    while i < len(named):
        group = [named[i]]
        j = i
        while j + 1 < len(named):
            gap = sentence[named[j].end : named[j + 1].start]
            if gap in (", ", " and ", ", and ", " & "):
                group.append(named[j + 1])
                j += 1
                if gap.strip(", ") in ("and", "&"):
                    break
            else:
                break
        last_gap = sentence[group[-2].end : group[-1].start] if len(group) > 1 else ""
        if len(group) > 1 and last_gap.strip(", ") in ("and", "&"):
            best = sentence[group[0].start : group[-1].end]
        i = j + 1
    return best


def _they_antecedent(context: list[str], ents: list[list[Entity]]) -> str | None:
    budget = 2
    for k in range(len(context) - 1, -1, -1):
        chain = _CHAIN_THEY_RE.match(context[k])
        found = None if chain else _coordination(context[k], ents[k])
        if found:
            return found
        if not chain:
            budget -= 1
            if budget == 0:
                break
    return None


def _it_antecedent(context: list[str], ents: list[list[Entity]]) -> str | None:
    if not context:
        return None
    prev, prev_ents = context[-1], ents[-1]
    lead = prev.lstrip(' “"')
    offset = len(prev) - len(lead)
    for e in prev_ents:
        if e.start == offset and e.label in ("GPE", "ORG"):
            after = prev[e.end : e.end + 8]
            if after.startswith((" and ", ", ")):
                return None  # a coordination is a "they"
            return e.text
    return None


def resolve_pronouns(
    sentence_text: str,
    *,
    context: list[str],
    entities_so_far: Sequence[Sequence[Entity]] | None = None,
) -> str:
    """``sentence_text`` with subject pronouns replaced where the antecedent is clear.

    ``context``: the previous sentences, oldest first. ``entities_so_far``: the
    entities of each of those sentences (same order and length; computed when None).
    """
    if not _SUBJ_RE.search(sentence_text):
        return sentence_text
    context = list(context[-_MAX_BACK:])
    if entities_so_far is None:
        ents = [extract_entities(c) for c in context]
    else:
        ents = [list(e) for e in list(entities_so_far)[-len(context) :]] if context else []
    if len(ents) != len(context):
        ents = [extract_entities(c) for c in context]
    out = []
    pos = 0
    for m in _SUBJ_RE.finditer(sentence_text):
        p = m["p"].lower()
        if _in_quotes(sentence_text, m.start()):
            continue
        if m.start() > 0 and _CAPITAL_INSIDE_RE.search(sentence_text, 1, m.start()):
            continue  # "The Russians made clear that they ...": an antecedent in the sentence
        if p in ("he", "she"):
            ante = _person_antecedent(context, ents)
        elif p == "they":
            ante = _they_antecedent(context, ents)
        else:
            if _EXPLETIVE_IT_RE.match(sentence_text[m.end() :]):
                continue
            ante = _it_antecedent(context, ents)
        if not ante:
            continue
        out.append(sentence_text[pos : m.start()])
        out.append(ante)
        pos = m.end()
    out.append(sentence_text[pos:])
    return "".join(out)
