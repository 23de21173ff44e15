"""Entities: normalised names, when two mentions name one referent, and entity-slot conflicts."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from claims.pipeline.compare.records import Side, SlotConflict
from claims.pipeline.compare.spans import span, words_before
from claims.pipeline.negation import STOPWORDS, stem

# ---------------------------------------------------------------------------
# names

_LEADING_THE = re.compile(r"^(the|a|an)\s+", re.I)
_NON_WORD = re.compile(r"[^\w\s\-]")
_PERSON_TITLES = frozenset(
    "mr mrs ms dr prof president minister secretary general sir lord lady king queen "
    "prince princess senator gov governor rep chancellor premier pope saint st".split()
)


@lru_cache(maxsize=65536)  # pure; asked for the same names pair after pair
def normalise_entity(text: str) -> str:
    """Case, possessive, leading article, punctuation: "Russia's" -> "russia"."""
    t = unicodedata.normalize("NFC", text.strip().replace("’", "'"))
    t = re.sub(r"'s$|'$", "", t)
    t = _LEADING_THE.sub("", t)
    t = _NON_WORD.sub(" ", t.lower())
    return " ".join(t.split())


def _name_tokens(norm: str) -> list[str]:
    return [w for w in norm.split() if w not in _PERSON_TITLES]


def entities_match(a: dict, b: dict) -> tuple[bool, str]:
    """Same referent? Exact after normalising; surname for people; demonym prefix."""
    na, nb = normalise_entity(a["text"]), normalise_entity(b["text"])
    if not na or not nb:
        return False, ""
    if na == nb:
        return True, "same name"
    la, lb = a.get("label", ""), b.get("label", "")
    if "PERSON" in (la, lb) or not ({la, lb} - {"", "OTHER"}):
        ta, tb = _name_tokens(na), _name_tokens(nb)
        if ta and tb and ta[-1] == tb[-1]:
            # "Lavrov" = "Sergey Lavrov"; "Anna Lavrov" != "Sergey Lavrov".
            if len(ta) == 1 or len(tb) == 1:
                return True, "surname"
            if ta[0][0] == tb[0][0]:
                return True, "surname and initial"
    if {la, lb} <= {"GPE", "NORP"} and la != lb:
        short, long_ = sorted((na, nb), key=len)
        if len(short) >= 4 and long_.startswith(short[:-1]) and len(long_) - len(short) <= 3:
            return True, "demonym"  # "Russia" ~ "Russian"
        if (len(short) >= 5 and long_.startswith(short[:-2]) and len(long_) - len(short) <= 2
                and long_.endswith(("ish", "ian", "ese"))):
            return True, "demonym"  # "Turkey" ~ "Turkish"
    return False, ""


def shared_entities(a: Side, b: Side) -> list[tuple[str, str, str]]:
    """(text in a, text in b, why) for each entity of ``a`` matched in ``b``."""
    out = []
    for ea in a.entities:
        for eb in b.entities:
            ok, why = entities_match(ea, eb)
            if ok:
                out.append((ea["text"], eb["text"], why))
                break
    return out


def dedup_entities(ents: list[dict]) -> list[dict]:
    seen, out = set(), []
    for e in ents:
        n = normalise_entity(e.get("text", ""))
        if n and n not in seen:
            seen.add(n)
            out.append(e)
    return out


def entity_words(ents: list[dict]) -> set[str]:
    return {stem(w) for e in ents for w in normalise_entity(e.get("text", "")).split()}


# ---------------------------------------------------------------------------
# entity slots

_ROLE_PREPS = frozenset({"in", "at", "to", "from", "by", "with", "for", "against", "near"})
_SLOT_LABELS = frozenset({"GPE", "LOC", "ORG", "PERSON", "FAC"})


def _entity_role(side: Side, e: dict) -> tuple[str, set[str]] | None:
    """("in", {"talk"}) for "talks in Astana": the preposition and the head before it."""
    s, _ = span(side, e)
    before = words_before(side, s, 4)
    if not before:
        return None
    prep = before[-1]
    if prep == "the" and len(before) >= 2:
        before = before[:-1]
        prep = before[-1]
    if prep not in _ROLE_PREPS:
        return None
    head = {stem(w) for w in before[:-1] if w not in STOPWORDS and not w[0].isdigit()}
    return prep, head


def compare_entities(a: Side, b: Side, event: float) -> tuple[list[SlotConflict], list[str]]:
    conflicts: list[SlotConflict] = []
    agreements: list[str] = []
    ents_a, ents_b = dedup_entities(a.entities), dedup_entities(b.entities)
    unmatched_b = []
    for eb in ents_b:
        if not any(entities_match(ea, eb)[0] for ea in ents_a):
            unmatched_b.append(eb)
    for ea in ents_a:
        matches = [(eb, entities_match(ea, eb)[1]) for eb in ents_b if entities_match(ea, eb)[0]]
        if matches:
            eb, why = matches[0]
            if normalise_entity(ea["text"]) != normalise_entity(eb["text"]):
                agreements.append(f"entity: {ea['text']} = {eb['text']} ({why})")
            continue
        if ea.get("label") not in _SLOT_LABELS:
            continue
        role_a = _entity_role(a, ea)
        if role_a is None or not role_a[1]:
            continue
        for eb in unmatched_b:
            if eb.get("label") != ea.get("label"):
                continue
            role_b = _entity_role(b, eb)
            if role_b is None or role_b[0] != role_a[0] or not (role_a[1] & role_b[1]):
                continue
            head = ", ".join(sorted(role_a[1] & role_b[1]))
            align = 0.7
            conflicts.append(
                SlotConflict(
                    kind="entity",
                    value_a=ea["text"],
                    value_b=eb["text"],
                    confidence=round(event * align, 3),
                    detail=(
                        f"same slot '{head} {role_a[0]} …' filled by different "
                        f"{ea.get('label')}: '{ea['text']}' vs '{eb['text']}', and neither "
                        f"is named on the other side; confidence = event {event:.2f} x "
                        f"alignment {align:.2f}"
                    ),
                )
            )
            break
    return conflicts, agreements
