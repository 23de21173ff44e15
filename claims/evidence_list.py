"""How a claim's evidence is listed: one score, one order, a floor, the shared words marked.

Pure presentation over already-loaded ``Match`` rows (no queries):

- ordered by ``Match.score`` (the cosine similarity between the claim and the passage
  or other claim), best first, the figure shown beside each row. ``Match.rank`` is the
  retrieval's fused rank, which mixes in a lexical score the reviewer never sees, so
  listing by it showed similarities out of order;
- under ``settings.EVIDENCE_FLOOR`` a row is not offered as evidence: the page says
  "no relevant evidence found" and keeps those rows behind a toggle, marked as
  probably unrelated, and they cannot be cited (the floor was calibrated with
  ``bench/evidence_floor.py``; see its docstring and the README);
- the first ``settings.EVIDENCE_SHOWN`` rows above the floor are open, the rest behind
  "show more";
- the words a row shares with the claim (not stopwords, compared by a crude stem)
  are wrapped in ``<mark>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.pipeline.negation import STOPWORDS, stem, tokens

# what the method and stance labels mean, for the legend and the tooltips
METHOD_HELP = {
    "hybrid": "Hybrid (fused): found by both searches, by meaning (embeddings) and by "
              "shared words; the two rankings were combined.",
    "dense": "Embedding: found by meaning (the sentence embeddings), not by shared words.",
    "lexical": "Lexical: found by shared words only.",
}
STANCE_HELP = {
    "support": "Supports: the machine reads it as the same event, with no date, number, "
               "name or negation in conflict.",
    "contradict": "Contradicts: same event, but a date, number, name or negation differs.",
    "related": "Related: on the same subject, but the machine could not tell whether it "
               "is the same event, or found nothing to compare.",
    "unknown": "Unknown: not compared (too far from the claim, or not the same event); "
               "read it yourself before relying on it.",
}


def evidence_floor() -> float:
    return float(getattr(settings, "EVIDENCE_FLOOR", 0.0))


def evidence_shown() -> int:
    return int(getattr(settings, "EVIDENCE_SHOWN", 3))


def _keys(text: str) -> set[str]:
    return {
        stem(t.lower) for t in tokens(text)
        if t.lower not in STOPWORDS and len(t.lower) > 2
    }


def mark_shared(text: str, claim_text: str) -> SafeString:
    """``text`` escaped, each word it shares with ``claim_text`` in <mark class="term">."""
    keys = _keys(claim_text)
    out, cursor = [], 0
    for t in tokens(text):
        if t.lower in STOPWORDS or len(t.lower) <= 2 or stem(t.lower) not in keys:
            continue
        out.append(escape(text[cursor:t.start]))
        out.append(f'<mark class="term">{escape(text[t.start:t.end])}</mark>')
        cursor = t.end
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))  # noqa: S308 -- every piece is escaped above


def cut_at_word(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–—(")
    return (cut or text[:limit]) + "…"


@dataclass
class EvidenceRow:
    match: object
    text_html: SafeString
    method_help: str
    stance_help: str


@dataclass
class EvidenceList:
    shown: list[EvidenceRow] = field(default_factory=list)
    more: list[EvidenceRow] = field(default_factory=list)
    below: list[EvidenceRow] = field(default_factory=list)
    floor: float = 0.0

    @property
    def citable(self) -> list:
        """The matches a verdict may cite: those above the floor, in the listed order."""
        return [r.match for r in self.shown + self.more]

    @property
    def count(self) -> int:
        return len(self.shown) + len(self.more)


def _row_text(m) -> str:
    if m.passage_id:
        return m.passage.text
    return m.other_claim.text


def evidence_list(matches, claim_text: str, *, excerpt: int = 500) -> EvidenceList:
    floor, first = evidence_floor(), evidence_shown()
    ordered = sorted(matches, key=lambda m: (-m.score, m.rank, m.pk or 0))
    result = EvidenceList(floor=floor)
    for m in ordered:
        row = EvidenceRow(
            match=m,
            text_html=mark_shared(cut_at_word(_row_text(m), excerpt), claim_text),
            method_help=METHOD_HELP.get(m.method, ""),
            stance_help=STANCE_HELP.get(m.stance, ""),
        )
        if m.score < floor:
            result.below.append(row)
        elif len(result.shown) < first:
            result.shown.append(row)
        else:
            result.more.append(row)
    return result


def match_name(m, *, limit: int = 90) -> str:
    """A match as a reviewer knows it: "Reference · Harbour Authority: Barrier opened …"."""
    if m.passage_id:
        p = m.passage
        if p.from_verdict_id:
            return f"Checked before: {cut_at_word(p.text, limit)}"
        head = " · ".join(x for x in (p.source, p.title) if x)
        return f"Reference{' · ' + head if head else ''}: {cut_at_word(p.text, limit)}"
    return f"{m.other_claim.article.source.name}: {cut_at_word(m.other_claim.text, limit)}"
