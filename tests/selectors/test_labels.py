"""Reviewer actions -> training labels for the matcher, stance and check-worthiness models."""

from __future__ import annotations

import pytest

from claims.models import Claim, Contradiction, Verdict
from claims.selectors.labels import WEAK, training_labels
from tests.factories import (
    ClaimFactory,
    ContradictionFactory,
    MatchFactory,
    ReferencePassageFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def _by(model):
    return {(lab.origin, lab.claim_id, lab.passage_id, lab.other_claim_id): lab
            for lab in training_labels(model)}  # fmt: skip


def test_every_reviewer_action_is_a_label():
    claim = ClaimFactory(text="The ferry carried 12,000 passengers in 2015.")
    cited = MatchFactory(claim=claim, rank=2)
    shown = MatchFactory(claim=claim, rank=1)
    far = MatchFactory(claim=claim, rank=5)  # not in front of the reviewer
    VerdictFactory(claim=claim, label=Verdict.Label.REFUTED, cited_matches=[cited])
    other = ClaimFactory()
    passage = ReferencePassageFactory()
    confirmed = ContradictionFactory(claim=other, other_claim=None, passage=passage,
                                     status=Contradiction.Status.CONFIRMED)  # fmt: skip
    pair_a, pair_b = ClaimFactory(), ClaimFactory()
    dismissed = ContradictionFactory(claim=pair_a, other_claim=pair_b,
                                     status=Contradiction.Status.DISMISSED)  # fmt: skip
    ContradictionFactory(status=Contradiction.Status.SUSPECTED)  # no decision: no label
    marked = ClaimFactory(text="What a wonderful day.", status=Claim.Status.NOT_CHECKWORTHY)

    matcher = _by("matcher")
    pos = matcher[("cited_match", claim.pk, cited.passage_id, None)]
    assert (pos.value, pos.weight, pos.target_text) == (1, 1.0, cited.passage.text)
    neg = matcher[("shown_not_cited", claim.pk, shown.passage_id, None)]
    assert (neg.value, neg.weight) == (0, WEAK)
    assert not any(k[2] == far.passage_id for k in matcher)

    stance = _by("stance")
    assert stance[("cited_by_refuted", claim.pk, cited.passage_id, None)].value == "refute"
    assert stance[("confirmed_contradiction", confirmed.claim_id, passage.pk, None)].value == (
        "refute")  # fmt: skip
    d = stance[("dismissed_contradiction", dismissed.claim_id, None, dismissed.other_claim_id)]
    assert d.value == "nei" and d.weight == 1.0
    assert len(stance) == 3

    cw = _by("checkworthy")
    assert cw[("reviewed_claim", claim.pk, None, None)].value == 1
    assert cw[("marked_not_checkworthy", marked.pk, None, None)].value == 0
    assert len(cw) == 2


def test_sealed_and_retired_verdicts_are_not_labels():
    claim = ClaimFactory()
    m = MatchFactory(claim=claim)
    VerdictFactory(claim=claim, is_current=False, cited_matches=[m])
    VerdictFactory(claim=claim, is_current=False, sealed=True, cited_matches=[m])
    assert training_labels() == []


def test_a_mark_beats_an_older_verdict_and_a_decision_beats_a_citation():
    claim = ClaimFactory(status=Claim.Status.NOT_CHECKWORTHY)
    passage = ReferencePassageFactory()
    m = MatchFactory(claim=claim, passage=passage)
    VerdictFactory(claim=claim, label=Verdict.Label.SUPPORTED, cited_matches=[m])
    ContradictionFactory(claim=claim, other_claim=None, passage=passage,
                         status=Contradiction.Status.DISMISSED)  # fmt: skip
    cw = training_labels("checkworthy")
    assert [(lab.origin, lab.value) for lab in cw] == [("marked_not_checkworthy", 0)]
    st = training_labels("stance")
    assert [(lab.origin, lab.value) for lab in st] == [("dismissed_contradiction", "nei")]


def test_held_back_splits_by_claim_and_keeps_every_kind_on_both_sides():
    for i in range(12):
        ClaimFactory(text=f"Opinion number {i}.", status=Claim.Status.NOT_CHECKWORTHY)
        VerdictFactory(claim=ClaimFactory(text=f"Fact number {i} in 2015."))
    labels = training_labels("checkworthy")
    held = [lab for lab in labels if lab.held_back]
    train = [lab for lab in labels if not lab.held_back]
    assert {lab.value for lab in held} == {lab.value for lab in train} == {0, 1}
    assert 4 <= len(held) <= 8
    assert labels == training_labels("checkworthy")  # deterministic
