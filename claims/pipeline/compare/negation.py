"""Polarity: one side negates what the other states, or the predicates are antonyms."""

from __future__ import annotations

from claims.pipeline.compare.records import Side, SlotConflict
from claims.pipeline.negation import affirmed_keys, negations, stem

_ANTONYMS = {
    "alive": "dead",
    "win": "lose",
    "won": "lost",
    "increase": "decrease",
    "rise": "fall",
    "rose": "fell",
    "accept": "reject",
    "accepted": "rejected",
    "approve": "reject",
    "approved": "rejected",
    "true": "false",
    "allow": "ban",
    "allowed": "banned",
    "male": "female",
    "success": "failure",
    "successful": "unsuccessful",
    "legal": "illegal",
    "possible": "impossible",
    "warming": "cooling",
    "growing": "shrinking",
    "gain": "loss",
}
_ANTONYM_PAIRS = {frozenset((stem(x), stem(y))) for x, y in _ANTONYMS.items()}


def compare_negation(a: Side, b: Side, event: float) -> tuple[list[SlotConflict], list[str]]:
    conflicts: list[SlotConflict] = []
    agreements: list[str] = []
    seen: set[str] = set()
    neg_a, neg_b = negations(a.text), negations(b.text)
    aff_a, aff_b = affirmed_keys(a.text), affirmed_keys(b.text)
    keys_neg_a = {n.key for n in neg_a}
    keys_neg_b = {n.key for n in neg_b}
    for negs, aff_other, neg_other_keys, negated_side in (
        (neg_a, aff_b, keys_neg_b, "a"),
        (neg_b, aff_a, keys_neg_a, "b"),
    ):
        for n in negs:
            if n.key in seen:
                continue
            if n.key in neg_other_keys:
                seen.add(n.key)
                agreements.append(f"polarity: both sides negate '{n.predicate}'")
                continue
            if n.key not in aff_other:
                continue
            seen.add(n.key)
            neg_text = f"{n.cue} … {n.predicate}" if n.cue != n.predicate else n.cue
            other = aff_other[n.key]
            # A negated noun ("no troops") is a weaker alignment than a negated verb.
            align = 0.8 if len(negs) == 1 else 0.65
            va, vb = (neg_text, other) if negated_side == "a" else (other, neg_text)
            conflicts.append(
                SlotConflict(
                    kind="negation",
                    value_a=va,
                    value_b=vb,
                    confidence=round(event * align, 3),
                    detail=(
                        f"side {negated_side} negates '{n.predicate}' ('{neg_text}') while the "
                        f"other states '{other}' without negation; confidence = event "
                        f"{event:.2f} x alignment {align:.2f}"
                    ),
                )
            )
    # Antonymous predicates ("rose" vs "fell"): reported as 'other', weaker.
    sa, sb = set(aff_a), set(aff_b)
    for pair in _ANTONYM_PAIRS:
        x, y = tuple(pair)
        for p, q in ((x, y), (y, x)):
            if p in sa and q in sb and p not in sb and q not in sa:
                align = 0.55
                conflicts.append(
                    SlotConflict(
                        kind="other",
                        value_a=aff_a[p],
                        value_b=aff_b[q],
                        confidence=round(event * align, 3),
                        detail=(
                            f"antonymous predicates '{aff_a[p]}' vs '{aff_b[q]}'; confidence = "
                            f"event {event:.2f} x alignment {align:.2f}"
                        ),
                    )
                )
    return conflicts, agreements
