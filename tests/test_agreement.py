"""Cohen's kappa: a textbook case, hand-computed cases, degenerate cases, per-pair report."""

import math
import random
from collections import Counter

import pytest

from claims.agreement import agreement_report, cohen_kappa


def _hand_kappa(pairs):
    """p_o and kappa written out from the definition, to check the library against."""
    n = len(pairs)
    p_o = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    p_e = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / n**2
    return p_o, (p_o - p_e) / (1 - p_e)


def test_textbook_two_by_two():
    # Wikipedia "Cohen's kappa" example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no:
    # p_o = 35/50 = 0.7, p_e = 0.5*0.6 + 0.5*0.4 = 0.5, kappa = (0.7-0.5)/(1-0.5) = 0.4
    pairs = ([("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10
             + [("no", "no")] * 15)
    a = cohen_kappa(pairs)
    assert a.items == 50
    assert a.observed == pytest.approx(0.7)
    assert a.kappa == pytest.approx(0.4)


def test_three_labels_by_hand():
    # p_o = 7/10; A: s4 r4 m2, B: s3 r5 m2 -> p_e = (12+20+4)/100 = 0.36;
    # kappa = (0.7-0.36)/0.64 = 0.53125
    pairs = [("s", "s"), ("s", "s"), ("s", "r"), ("s", "r"), ("r", "r"), ("r", "r"),
             ("r", "r"), ("r", "s"), ("m", "m"), ("m", "m")]
    a = cohen_kappa(pairs)
    assert a.observed == pytest.approx(0.7)
    assert a.kappa == pytest.approx(0.53125)


def test_library_matches_the_definition_on_random_data():
    rng = random.Random(7)
    labels = ["supported", "refuted", "misleading", "not_enough_evidence"]
    for _ in range(20):
        pairs = [(rng.choice(labels), rng.choice(labels)) for _ in range(rng.randint(5, 40))]
        if len({x for p in pairs for x in p}) == 1:
            continue
        p_o, kappa = _hand_kappa(pairs)
        got = cohen_kappa(pairs)
        assert got.observed == pytest.approx(p_o)
        assert got.kappa == pytest.approx(kappa)


def test_perfect_agreement_and_systematic_disagreement():
    assert cohen_kappa([("a", "a"), ("b", "b"), ("a", "a")]).kappa == pytest.approx(1.0)
    opposite = cohen_kappa([("a", "b"), ("b", "a")])
    assert opposite.observed == 0 and opposite.kappa == pytest.approx(-1.0)


def test_degenerate_cases():
    # nothing to compare
    empty = cohen_kappa([])
    assert empty.items == 0 and empty.observed is None and empty.kappa is None
    assert empty.undefined_reason == "no items"
    # one label used by both reviewers throughout: chance agreement is 1, kappa is 0/0
    one = cohen_kappa([("refuted", "refuted")] * 4)
    assert one.observed == 1.0 and one.kappa is None
    assert "single, identical label" in one.undefined_reason
    # each reviewer used a single label, but different ones: p_e = 0, kappa = 0
    split = cohen_kappa([("a", "b")] * 3)
    assert split.observed == 0 and split.kappa == pytest.approx(0.0)
    assert not math.isnan(split.kappa)


def test_report_groups_unordered_pairs_and_pools_overall():
    rounds = [
        (1, "ann", "a", 2, "bob", "a"),
        (2, "bob", "b", 1, "ann", "b"),   # same pair, other order
        (1, "ann", "a", 2, "bob", "b"),
        (3, "cy", "a", 1, "ann", "a"),
    ]
    overall, pairs = agreement_report(rounds)
    assert overall.items == 4 and overall.observed == pytest.approx(0.75)
    assert [p.reviewers for p in pairs] == [("ann", "bob"), ("ann", "cy")]
    ann_bob = pairs[0].agreement
    assert ann_bob.items == 3 and ann_bob.observed == pytest.approx(2 / 3)
    # (ann, bob) labels, ann first: (a,a) (b,b) (a,b) -> p_o 2/3, p_e = 2/3*1/3+1/3*2/3 = 4/9
    assert ann_bob.kappa == pytest.approx((2 / 3 - 4 / 9) / (1 - 4 / 9))
    assert pairs[1].agreement.kappa is None  # one item, one label
