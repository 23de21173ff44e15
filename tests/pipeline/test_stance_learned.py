"""The learned stance model (artefact in claims/pipeline/models/stance.joblib)."""

from __future__ import annotations

import numpy as np
import pytest

from claims.pipeline import stance_learned as sl
from claims.pipeline.compare import Side
from claims.pipeline.stance import compare_with, get_stance_model
from claims.pipeline.stance_features import (
    ALIGN_FEATURES,
    RULE_FEATURES,
    alignment_features,
    claim_only_words,
)

pytestmark = pytest.mark.slow

PAIRS = [
    ("The ministers met in Moscow on 20 December 2016.",
     "The foreign ministers of Russia, Turkey and Iran met in Moscow on 20 December 2016."),
    ("The ministers met in Moscow on 20 December 2017.",
     "The foreign ministers of Russia, Turkey and Iran met in Moscow on 20 December 2016."),
    ("Port Kessova exported 60 percent of the region's grain.",
     "The Lindholm ferry timetable changes in spring."),
]  # fmt: skip


@pytest.fixture(scope="module")
def model():
    return get_stance_model("learned")


def test_registered_and_reads_the_shipped_artefact(model):
    assert model.name == "learned"
    assert model.meta["variant"] in sl.VARIANTS
    assert "figures" in model.meta


def test_gives_a_distribution_over_the_three_labels(model):
    P = model.proba(PAIRS)
    assert P.shape == (3, 3) and np.allclose(P.sum(1), 1)
    labels = model.classifier.labels
    support, refute, nei = (labels.index(x) for x in ("support", "refute", "nei"))
    # the paraphrase supports more than the changed year does; the year change refutes more
    assert P[0, support] > P[1, support]
    assert P[1, refute] > P[0, refute]
    # an unrelated passage is the most NEI of the three
    assert P[2, nei] == P[:, nei].max()
    out = model.predict(PAIRS)
    assert [lab for lab, _ in out][2] == "nei" and all(0 <= c <= 1 for _, c in out)
    assert model.predict([]) == []


def test_compare_with_keeps_the_rules_explanation(model):
    a, b = Side(PAIRS[1][0]), Side(PAIRS[1][1])
    result = compare_with(model, a, b, similarity=0.9)
    assert result.stance in {"support", "contradict", "related"}
    if result.stance == "contradict":
        assert result.conflicts and all(c.detail for c in result.conflicts)


def test_missing_or_foreign_artefact_is_a_clear_error(tmp_path):
    with pytest.raises(sl.StanceModelError, match="not found"):
        sl.load(tmp_path / "nope.joblib")
    bad = tmp_path / "bad.joblib"
    bad.write_bytes(b"garbage")
    with pytest.raises(sl.StanceModelError, match="not a stance artefact"):
        sl.load(bad)


def test_feature_helpers():
    A = np.eye(3)
    assert alignment_features(A, A)[:2] == [1.0, 1.0]
    assert alignment_features(A, np.zeros((0, 3))) == [0.0] * len(ALIGN_FEATURES)
    words = set(claim_only_words("Penn is only a stage actor in 1981", "Penn is a film actor").split())
    assert {"only", "stage", "_num_"} <= words
    assert not words & {"penn", "actor", "is", "a"}
    assert len(RULE_FEATURES) == len(set(RULE_FEATURES))
