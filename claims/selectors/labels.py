"""Reviewer actions read as training labels, for all three learned models (``manage.py train``).

Every label is one ``Label`` row; ``model`` says which learned model it trains:

=========================================  ===========  ==========================  ======
reviewer action                            model        value                       weight
=========================================  ===========  ==========================  ======
a match cited by a current verdict         matcher      1 (relevant)                1.0
an uncited match shown beside it (rank<=3) matcher      0 (weak negative)           0.3
cited by a *supported* verdict             stance       support                     1.0
cited by a *refuted* verdict               stance       refute                      1.0
a confirmed contradiction                  stance       refute                      1.0
a dismissed contradiction                  stance       nei (hard negative)         1.0
a claim marked not check-worthy            checkworthy  0                           1.0
a claim a reviewer gave a current verdict  checkworthy  1                           1.0
=========================================  ===========  ==========================  ======

Only settled, visible decisions count: current, unsealed verdicts (a blind first review
in an open round is not a label yet). Where two actions label the same pair for one
model (a confirmed contradiction whose passage a refuted verdict also cites), the pair
is kept once. ``held_back`` splits by claim (a claim's labels are all on one side),
deterministically, per model and value, so both sides hold every kind of label when
there are at least two of it.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from dataclasses import dataclass, replace

from claims.models import Claim, Contradiction, Match, Verdict

SHOWN_TOP = 3  # uncited matches at or above this rank were in front of the reviewer
WEAK = 0.3
HELD_BACK_EVERY = 4  # one claim in four (per model and value) is held back


@dataclass(frozen=True)
class Label:
    model: str  # "matcher" | "stance" | "checkworthy"
    claim_id: int
    text: str  # the claim
    value: str | int  # matcher/checkworthy: 1/0; stance: support/refute/nei
    weight: float
    origin: str  # the reviewer action it came from
    target_text: str = ""  # the passage or other claim (empty for checkworthy)
    passage_id: int | None = None
    other_claim_id: int | None = None
    held_back: bool = False

    @property
    def key(self) -> tuple:
        return (self.model, self.claim_id, self.passage_id, self.other_claim_id)


def _verdicts():
    return (
        Verdict.objects.filter(is_current=True, sealed=False)
        .select_related("claim")
        .prefetch_related("cited_matches__passage", "cited_matches__other_claim")
    )


def _match_target(m: Match) -> tuple[str, int | None, int | None]:
    if m.passage_id:
        return m.passage.text, m.passage_id, None
    return m.other_claim.text, None, m.other_claim_id


def verdict_labels() -> list[Label]:
    out: list[Label] = []
    stance_of = {Verdict.Label.SUPPORTED: "support", Verdict.Label.REFUTED: "refute"}
    verdicts = list(_verdicts())
    cited_ids = {v.claim_id: {m.pk for m in v.cited_matches.all()} for v in verdicts}
    shown = defaultdict(list)
    for m in (
        Match.objects.filter(claim_id__in=[c for c, ids in cited_ids.items() if ids],
                             rank__lte=SHOWN_TOP)
        .select_related("passage", "other_claim").order_by("claim_id", "rank")
    ):  # fmt: skip
        shown[m.claim_id].append(m)
    for v in verdicts:
        claim = v.claim
        out.append(Label("checkworthy", claim.pk, claim.text, 1, 1.0, "reviewed_claim"))
        for m in v.cited_matches.all():
            text, pid, oid = _match_target(m)
            out.append(Label("matcher", claim.pk, claim.text, 1, 1.0, "cited_match", text, pid, oid))
            if v.label in stance_of:
                out.append(Label("stance", claim.pk, claim.text, stance_of[v.label], 1.0,
                                 f"cited_by_{v.label}", text, pid, oid))  # fmt: skip
        for m in shown.get(claim.pk, []):
            if m.pk in cited_ids[claim.pk]:
                continue
            text, pid, oid = _match_target(m)
            out.append(Label("matcher", claim.pk, claim.text, 0, WEAK, "shown_not_cited",
                             text, pid, oid))  # fmt: skip
    return out


def contradiction_labels() -> list[Label]:
    out = []
    for c in (
        Contradiction.objects.filter(
            status__in=[Contradiction.Status.CONFIRMED, Contradiction.Status.DISMISSED]
        ).select_related("claim", "passage", "other_claim")
    ):
        confirmed = c.status == Contradiction.Status.CONFIRMED
        value, origin = ("refute", "confirmed_contradiction") if confirmed else (
            "nei", "dismissed_contradiction")  # fmt: skip
        target = c.passage.text if c.passage_id else c.other_claim.text
        out.append(Label("stance", c.claim_id, c.claim.text, value, 1.0, origin, target,
                         c.passage_id, c.other_claim_id))  # fmt: skip
    return out


def checkworthy_mark_labels() -> list[Label]:
    return [
        Label("checkworthy", pk, text, 0, 1.0, "marked_not_checkworthy")
        for pk, text in Claim.objects.filter(status=Claim.Status.NOT_CHECKWORTHY)
        .order_by("pk").values_list("pk", "text")
    ]


def _dedupe(labels: list[Label]) -> list[Label]:
    """One label per (model, pair); a confirmed/dismissed decision beats a verdict's citation,
    a strong label beats a weak one, a not-check-worthy mark beats an older verdict."""
    rank = {"confirmed_contradiction": 3, "dismissed_contradiction": 3,
            "marked_not_checkworthy": 3}  # fmt: skip
    best: dict[tuple, Label] = {}
    for lab in labels:
        have = best.get(lab.key)
        if have is None or (rank.get(lab.origin, 0), lab.weight) > (
            rank.get(have.origin, 0), have.weight
        ):
            best[lab.key] = lab
    return list(best.values())


def _hold_back(labels: list[Label]) -> list[Label]:
    by: dict[tuple, list[Label]] = defaultdict(list)
    for lab in labels:
        by[(lab.model, str(lab.value))].append(lab)
    out = []
    for group in by.values():
        claims = sorted({lab.claim_id for lab in group},
                        key=lambda c: (zlib.crc32(f"claim-{c}".encode()), c))  # fmt: skip
        held = set(claims[::HELD_BACK_EVERY]) if len(claims) >= 2 else set()
        out.extend(replace(lab, held_back=lab.claim_id in held) for lab in group)
    # a claim held back for one value is held back for all of its labels of that model
    held_claims = {(lab.model, lab.claim_id) for lab in out if lab.held_back}
    return [replace(lab, held_back=(lab.model, lab.claim_id) in held_claims) for lab in out]


def training_labels(model: str | None = None) -> list[Label]:
    """All labels (or one model's), deduplicated, with the held-back flag set."""
    labels = _dedupe(verdict_labels() + contradiction_labels() + checkworthy_mark_labels())
    if model is not None:
        labels = [lab for lab in labels if lab.model == model]
    labels.sort(key=lambda lab: (lab.model, lab.claim_id, lab.passage_id or 0,
                                 lab.other_claim_id or 0))  # fmt: skip
    return _hold_back(labels)


def label_counts() -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for lab in training_labels():
        out[lab.model][lab.origin] += 1
    return {k: dict(v) for k, v in out.items()}
