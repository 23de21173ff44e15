"""Pair features for the learned stance model (claim vs evidence).

Two blocks, both computed without Django:

* **embedding**: the MiniLM sentence vectors ``u`` (claim) and ``v`` (evidence),
  combined the usual way for sentence-pair classifiers (InferSent / SBERT):
  ``[u, v, |u - v|, u * v]`` (4 x 384);
* **rules**: what the rule-based ``compare`` step sees (similarity, same-event
  score, anchoring, predicate overlap, shared entities, strongest slot conflict
  and its kind) plus a few lexical cues (negation on one side only, claim words
  the evidence lacks, absolute words such as "only"/"never"). These stay the
  explanation shown to reviewers; here they are also inputs.

``pair_features(claims, evidences, U, V, side_builder)`` returns a dense float
matrix, one row per pair; ``RULE_FEATURES`` names the rule columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from claims.pipeline.compare import Side, compare_slots, event_evidence
from claims.pipeline.negation import content_stems, negations, stem, tokens

CONFLICT_KINDS = ("date", "number", "entity", "negation", "other")
RULE_FEATURES = (
    "similarity", "event_score", "anchored", "predicate", "shared_entities", "max_conflict",
    *(f"conflict_{k}" for k in CONFLICT_KINDS),
    "neg_claim", "neg_evidence", "neg_one_side", "claim_words_missing", "evidence_words_missing",
    "absolute_claim", "absolute_evidence", "claim_words", "evidence_words",
)  # fmt: skip

_ABSOLUTE = re.compile(
    r"\b(only|never|always|exclusively|solely|none|nobody|nothing|all|every|incapable|"
    r"unable|refused|failed|lacks?|zero)\b",
    re.I,
)


def rule_features(claim: Side, evidence: Side, similarity: float) -> list[float]:
    ev = event_evidence(claim, evidence, similarity=float(similarity))
    conflicts, _ = compare_slots(claim, evidence, ev.score)
    kinds = {c.kind for c in conflicts}
    sa, sb = content_stems(claim.text), content_stems(evidence.text)
    na, nb = len(negations(claim.text)), len(negations(evidence.text))
    return [
        float(similarity),
        float(ev.score),
        float(ev.anchored),
        float(ev.predicate or 0.0),
        float(min(ev.shared_entities, 5)),
        max((c.confidence for c in conflicts), default=0.0),
        *(float(k in kinds) for k in CONFLICT_KINDS),
        float(min(na, 3)),
        float(min(nb, 3)),
        float((na > 0) != (nb > 0)),
        len(sa - sb) / max(len(sa), 1),
        len(sb - sa) / max(len(sb), 1),
        float(bool(_ABSOLUTE.search(claim.text))),
        float(bool(_ABSOLUTE.search(evidence.text))),
        float(np.log1p(len(claim.text.split()))),
        float(np.log1p(len(evidence.text.split()))),
    ]


def embedding_features(U: np.ndarray, V: np.ndarray) -> np.ndarray:
    U = np.asarray(U, dtype=np.float32)
    V = np.asarray(V, dtype=np.float32)
    if U.shape != V.shape or U.ndim != 2:
        raise ValueError(f"claim and evidence vectors must have one shape, got {U.shape}, {V.shape}")
    return np.hstack([U, V, np.abs(U - V), U * V])


ALIGN_FEATURES = (
    "align_claim_mean", "align_claim_min", "align_claim_below_60", "align_claim_below_75",
    "align_claim_below_85", "align_evidence_mean", "align_claim_min2",
)  # fmt: skip


def alignment_features(A: np.ndarray, B: np.ndarray) -> list[float]:
    """How well each claim token is matched by some evidence token (and back).

    ``A``/``B``: L2-normalised contextual token vectors (rows) of the claim / evidence.
    A claim word nothing in the evidence resembles ("only", a changed name or year) is
    what flips a contrastive pair; sentence vectors average it away.
    """
    if not len(A) or not len(B):
        return [0.0] * len(ALIGN_FEATURES)
    S = A @ B.T
    a = S.max(axis=1)
    b = S.max(axis=0)
    srt = np.sort(a)
    return [
        float(a.mean()), float(srt[0]), float((a < 0.60).mean()), float((a < 0.75).mean()),
        float((a < 0.85).mean()), float(b.mean()), float(srt[1] if len(srt) > 1 else srt[0]),
    ]  # fmt: skip


def claim_only_words(claim: str, evidence: str) -> str:
    """Stems of the claim's words that the evidence lacks (stopwords kept: "only", "not",
    "never" are what minimal edits add), space-joined; a claim number the evidence lacks
    is ``_num_``."""
    ev = {stem(t.lower) for t in tokens(evidence)}
    out = set()
    for t in tokens(claim):
        s = stem(t.lower)
        if s in ev:
            continue
        out.add("_num_" if t.lower[0].isdigit() else s)
    return " ".join(sorted(out))


def pair_features(
    claims: Sequence[str],
    evidences: Sequence[str],
    U: np.ndarray,
    V: np.ndarray,
    side_builder: Callable[[str], Side],
    token_vectors: Callable[[str], np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(embedding block, rule block, claim-only words) for each (claim, evidence) pair.

    ``U``/``V``: L2-normalised sentence vectors of the claims / evidences, row-aligned.
    ``token_vectors``: text -> its normalised contextual token vectors; when given, the
    rule block ends with ``ALIGN_FEATURES``.
    """
    if not (len(claims) == len(evidences) == len(U) == len(V)):
        raise ValueError("claims, evidences and their vectors must be row-aligned")
    sims = np.einsum("ij,ij->i", np.asarray(U, dtype=np.float64), np.asarray(V, dtype=np.float64))
    cache: dict[str, Side] = {}

    def side(text: str) -> Side:
        if text not in cache:
            cache[text] = side_builder(text)
        return cache[text]

    width = len(RULE_FEATURES) + (len(ALIGN_FEATURES) if token_vectors else 0)
    rows = []
    for a, b, s in zip(claims, evidences, sims, strict=True):
        row = rule_features(side(a), side(b), s)
        if token_vectors is not None:
            row += alignment_features(token_vectors(a), token_vectors(b))
        rows.append(row)
    R = np.array(rows, dtype=np.float64).reshape(len(claims), width)
    D = [claim_only_words(a, b) for a, b in zip(claims, evidences, strict=True)]
    return embedding_features(U, V), R, D
