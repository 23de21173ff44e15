"""The extraction orchestrator: cleaned text -> normalised, scored atomic claims.

segment -> decompose -> per claim: dates, quantities, entities, date flags and
check-worthiness. Date flags are computed on the original sentence (where the
written weekday, "today" and the explicit date sit together) and attached to the
claims of that sentence that contain the flagged expression (all of them when
none does). Claim dates come from the claim text (relative expressions already
rewritten as absolute); when the claim text has none, the sentence's dates are
used for an attributed claim (the date of the statement) and marked
``"source": "sentence"`` (their offsets are into the sentence).
"""

from __future__ import annotations

import re
from datetime import date

from claims.pipeline.claim_caps import capped
from claims.pipeline.decompose import decompose
from claims.pipeline.entities import extract_entities
from claims.pipeline.flags import date_flags_with_exprs
from claims.pipeline.quantities import extract_quantities
from claims.pipeline.records import ExtractedClaim, Flag, Sentence
from claims.pipeline.temporal import extract_dates

_FALLBACK_SPLIT_RE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"’)]))\s+(?=[“\"‘(]?[A-Z0-9])|\n\s*\n")


def _segment(text: str) -> list[Sentence]:
    try:
        from claims.pipeline.segment import segment
    except ImportError:
        return _fallback_segment(text)
    return segment(text)


def _fallback_segment(text: str) -> list[Sentence]:
    """Used only while claims.pipeline.segment is missing: split at . ! ? and blank lines."""
    out = []
    pos = 0
    for m in _FALLBACK_SPLIT_RE.finditer(text + "\n\n"):
        chunk = text[pos : m.start()]
        lead = len(chunk) - len(chunk.lstrip())
        chunk = chunk.strip()
        if chunk:
            out.append(Sentence(chunk, pos + lead, pos + lead + len(chunk)))
        pos = m.end()
    return out


def _score(texts: list[str]) -> list[float]:
    if not texts:
        return []
    try:
        from claims.pipeline.checkworthy import score
    except ImportError:
        return [0.5] * len(texts)
    return [float(x) for x in score(texts)]


def extract_claims(clean_text: str, *, published: date | None) -> list[ExtractedClaim]:
    """Atomic claims of ``clean_text`` in text order, with everything normalised."""
    if not clean_text or not clean_text.strip():
        return []
    sentences = _segment(clean_text)
    atoms = decompose(sentences, published=published)
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for i, a in enumerate(atoms):
        by_sentence.setdefault((a.sentence.start, a.sentence.end), []).append(i)

    flags: list[list[Flag]] = [[] for _ in atoms]
    sentence_dates: dict[tuple[int, int], list[dict]] = {}
    for key, idxs in by_sentence.items():
        sent = atoms[idxs[0]].sentence
        sdates = extract_dates(sent.text, reference=published)
        sentence_dates[key] = [dict(d.to_dict(), source="sentence") for d in sdates]
        for flag, expr in date_flags_with_exprs(sdates, published=published, text=sent.text):
            holders = [i for i in idxs if expr is not None and expr.text in atoms[i].text]
            for i in holders or idxs:
                if flag not in flags[i]:
                    flags[i].append(flag)

    people: set[str] = set()
    out: list[ExtractedClaim] = []
    for i, a in enumerate(atoms):
        dates = [dict(d.to_dict(), source="claim") for d in
                 extract_dates(a.text, reference=published)]  # fmt: skip
        if not dates and a.attribution:  # "X, Lavrov revealed on January 31": the saying's date
            dates = sentence_dates[(a.sentence.start, a.sentence.end)]
        ents = extract_entities(a.text, known_people=people)
        people.update(e.text for e in ents if e.label == "PERSON")
        out.append(
            ExtractedClaim(
                text=a.text,
                sentence=a.sentence.text,
                start=a.sentence.start,
                end=a.sentence.end,
                attribution=a.attribution,
                dates=dates,
                numbers=[q.to_dict() for q in extract_quantities(a.text)],
                entities=[e.to_dict() for e in ents],
                flags=flags[i],
                edits=[e.to_dict() for e in a.edits],
                annotations=[n.to_dict() for n in a.annotations],
            )
        )
    for claim, s in zip(out, _score([c.text for c in out]), strict=True):
        s = capped(s, claim.text, attribution=claim.attribution)  # questions, promos, "I" ...
        claim.checkworthiness = min(1.0, max(0.0, s))
    out.sort(key=lambda c: c.start)  # stable: claims of one sentence keep their order
    return out
