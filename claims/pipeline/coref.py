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

Each resolution is *certain* or not (:func:`pronoun_resolutions`): only a
certain one is written into a claim; the others are shown as annotations.
Certain means one compatible candidate: he/she with exactly one person named in
the antecedent sentence; they with a coordination that is that sentence's
subject; it only before a verb of saying or doing that a place or organisation
takes ("It said", "It plans"). A candidate that is not a name ("Getting
Disney", from a sentence opening with a gerund) is never used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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


_NOT_NAME_WORDS = frozenset(
    """The A An This That These Those There Here It Its In On At For With From By As After
    Before During Also But And Or So Then Now When While If Although Though Since Until
    However Meanwhile Still Even Just Only Some Many Most All Any Every Each Both""".split()
)
# words that describe a person rather than name one ("Veteran Nollywood actress ...")
_DESCRIPTOR_WORDS = frozenset(
    """Veteran Former Actress Actor Singer Star Rapper Coach Chief Captain Striker Midfielder
    Defender Goalkeeper Manager Director Producer Author Writer Officer Agent Host Comedian
    Billionaire Businessman Businesswoman Entrepreneur Lawmaker Legislator Senator Governor
    Minister President Premier Judge Detective Sergeant Professor Doctor Nurse Spokesman
    Spokeswoman Spokesperson Superstar Legend Icon Newcomer Rookie Late""".split()
)
_AGENT_VERB_RE = re.compile(
    r"^\s+(?:also\s+|later\s+|then\s+|now\s+|previously\s+)?(?:said|says|announced|announces"
    r"|plans|planned|wants|wanted|claimed|claims|reported|reports|denied|denies|added|adds"
    r"|stated|states|confirmed|confirms|agreed|agrees|signed|launched|warned|warns|accused"
    r"|accuses|rejected|rejects|refused|refuses|insisted|insists|argued|argues|called|calls"
    r"|demanded|demands|threatened|threatens|has\s+said|has\s+announced)\b"
)


# what may stand before a sentence's subject: a connective, titles, a possessive place
_SUBJECT_LEAD_RE = re.compile(
    r"[\s“\"‘']*(?:(?:Meanwhile|However|But|And|Also|Later|Earlier|Then|Now|Still),?\s+)?"
    r"(?:(?:[A-Z][\w.-]*(?:[’']s)?|the|of|former|then)\s+)*"
)


@dataclass(frozen=True)
class Resolution:
    """A subject pronoun and the entity it most likely refers to."""

    start: int  # span of the pronoun in the text it was found in
    end: int
    pronoun: str
    antecedent: str
    certain: bool  # one compatible candidate: may be written into the claim
    confidence: float


def _is_name(s: str) -> bool:
    words = s.split()
    if not words or words[0] in _NOT_NAME_WORDS or words[0] in _DESCRIPTOR_WORDS:
        return False
    first = words[0].strip("“\"‘'")
    if first.lower().endswith("ing") and len(words) > 1:
        return False  # "Getting Disney": a gerund opening the sentence, not a name
    return all(w[:1].isupper() or w.lower() in ("of", "the", "de", "al", "and", "&", "bin")
               for w in words)


def _same_person(a: str, b: str) -> bool:
    return a == b or a.split()[-1] == b.split()[-1]


def _person_antecedent(
    context: list[str], ents: list[list[Entity]]
) -> tuple[str, bool] | None:
    budget = 2
    for k in range(len(context) - 1, -1, -1):
        if _CHAIN_RE.match(context[k]) or context[k].lstrip().startswith(("“", '"')):
            continue  # same referent chain or quoted speech: look past it
        people = [e for e in ents[k] if e.label == "PERSON" and _is_name(e.text)]
        if people:
            distinct: list[str] = []
            for p in people:
                if not any(_same_person(p.text, q) for q in distinct):
                    distinct.append(p.text)
            # the subject of the previous sentence is the one a subject pronoun continues
            lead = context[k][: people[0].start]
            subject = bool(_SUBJECT_LEAD_RE.fullmatch(lead))
            return distinct[0], len(distinct) == 1 or subject
        budget -= 1
        if budget == 0:
            break
    return None


def _coordination(sentence: str, ents: list[Entity]) -> str | None:
    """The last 'A and B' / 'A, B and C' of named entities in ``sentence``."""
    found = _coordinations(sentence, ents)
    return found[-1][2] if found else None


def _coordinations(sentence: str, ents: list[Entity]) -> list[tuple[int, int, str]]:
    named = [e for e in ents if e.label in ("GPE", "ORG", "PERSON", "NORP")]
    out = []
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
            out.append((group[0].start, group[-1].end,
                        sentence[group[0].start : group[-1].end]))  # fmt: skip
        i = j + 1
    return out


def _they_antecedent(
    context: list[str], ents: list[list[Entity]]
) -> tuple[str, bool] | None:
    budget = 2
    for k in range(len(context) - 1, -1, -1):
        chain = _CHAIN_THEY_RE.match(context[k])
        found = None if chain else _coordinations(context[k], ents[k])
        if found:
            start, _end, text = found[-1]
            before = context[k][:start]
            subject = before.strip(" “\"‘'") == "" or bool(re.search(r"\bthat\s+$", before))
            names_ok = all(_is_name(p.strip()) for p in re.split(r",\s+and\s+|,\s+|\s+and\s+|\s+&\s+", text))
            if not names_ok:
                return None
            return text, subject and len(found) == 1
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


def pronoun_resolutions(
    sentence_text: str,
    *,
    context: list[str],
    entities_so_far: Sequence[Sequence[Entity]] | None = None,
) -> list[Resolution]:
    """Subject pronouns of ``sentence_text`` with their likely antecedents, in text order.

    ``context``: the previous sentences, oldest first. ``entities_so_far``: the
    entities of each of those sentences (same order and length; computed when None).
    """
    if not _SUBJ_RE.search(sentence_text):
        return []
    context = list(context[-_MAX_BACK:])
    if entities_so_far is None:
        ents = [extract_entities(c) for c in context]
    else:
        ents = [list(e) for e in list(entities_so_far)[-len(context) :]] if context else []
    if len(ents) != len(context):
        ents = [extract_entities(c) for c in context]
    out: list[Resolution] = []
    for m in _SUBJ_RE.finditer(sentence_text):
        p = m["p"].lower()
        if _in_quotes(sentence_text, m.start()):
            continue
        if m.start() > 0 and _CAPITAL_INSIDE_RE.search(sentence_text, 1, m.start()):
            continue  # "The Russians made clear that they ...": an antecedent in the sentence
        if p in ("he", "she"):
            found = _person_antecedent(context, ents)
        elif p == "they":
            found = _they_antecedent(context, ents)
        else:
            if _EXPLETIVE_IT_RE.match(sentence_text[m.end() :]):
                continue
            ante = _it_antecedent(context, ents)
            found = (ante, bool(_AGENT_VERB_RE.match(sentence_text[m.end() :]))) if ante else None
        if not found:
            continue
        ante, certain = found
        out.append(Resolution(m.start(), m.end(), m["p"], ante, certain, 0.9 if certain else 0.5))
    return out


def resolve_pronouns(
    sentence_text: str,
    *,
    context: list[str],
    entities_so_far: Sequence[Sequence[Entity]] | None = None,
) -> str:
    """``sentence_text`` with subject pronouns replaced where the antecedent is certain."""
    out = []
    pos = 0
    for r in pronoun_resolutions(sentence_text, context=context, entities_so_far=entities_so_far):
        if not r.certain:
            continue
        out.append(sentence_text[pos : r.start])
        out.append(r.antecedent)
        pos = r.end
    out.append(sentence_text[pos:])
    return "".join(out)
