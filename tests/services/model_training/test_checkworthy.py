"""manage.py train on the project's own sample data: reviewer labels -> a better model.

Claims are the sample articles' own (data/sample, cleaned and extracted by the pipeline).
The labels follow a desk policy the shipped check-worthiness model cannot know: this desk
checks the Syria-talks claims and marks the port-and-grain business claims "not
check-worthy". Both kinds read as checkable facts, so the shipped model ranks them alike;
after training, the held-back claims of each kind must be ranked apart.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claims.models import Claim, ModelVersion
from claims.pipeline.adapt import roc_auc
from claims.pipeline.clean import clean_document
from claims.pipeline.extract import extract_claims
from claims.selectors.labels import training_labels
from claims.services.model_training import NotEnoughLabels, model_train
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "sample" / "articles"
PORT = ["harbour_ledger_2017-03-07_kessova_reopens.txt", "northgate_review_2017-03-09_kessova_grain.txt",
        "bellwether_dispatch_2017-03-08_kessova_first_ship.html"]  # fmt: skip
TALKS = ["steppe_observer_2017-01-24_astana_opens.txt", "continental_wire_2016-12-22_ankara_meeting.txt",
         "meridian_post_2018-01-10_astana_retrospective.txt"]  # fmt: skip


def sample_claims(name: str) -> list[str]:
    raw = (SAMPLE / name).read_text(encoding="utf-8")
    cleaned = clean_document(raw)
    texts = [c.text for c in extract_claims(cleaned.text, published=None)]
    return [t for t in texts if len(t.split()) >= 6]


@pytest.fixture
def desk_labels(reviewer):
    made = {"port": [], "talks": []}
    for kind, files in (("port", PORT), ("talks", TALKS)):
        for name in files:
            article = ArticleFactory(title=name)
            for text in sample_claims(name):
                if kind == "port":
                    c = ClaimFactory(article=article, text=text, status=Claim.Status.NOT_CHECKWORTHY)
                else:
                    c = ClaimFactory(article=article, text=text, status=Claim.Status.REVIEWED)
                    VerdictFactory(claim=c, reviewer=reviewer)
                made[kind].append(c)
    assert len(made["port"]) >= 8 and len(made["talks"]) >= 8
    return made


def test_labels_train_a_checkworthiness_model_that_ranks_held_back_claims_better(
    desk_labels, django_capture_on_commit_callbacks
):
    held = [lab for lab in training_labels("checkworthy") if lab.held_back]
    assert {lab.value for lab in held} == {0, 1}

    dry = model_train(kind="checkworthy", dry_run=True)
    assert not dry.promoted and not ModelVersion.objects.exists()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = model_train(kind="checkworthy")
    assert result.metric == "roc_auc"
    assert result.new_score > result.current_score + 0.1, result
    assert result.new_score == pytest.approx(dry.new_score)
    assert result.promoted and result.version.version == 1 and result.version.is_active
    assert result.version.previous_score == pytest.approx(result.current_score)
    assert len(callbacks) == 1  # the re-score job

    # the re-score job re-scores embedded claims (these factory claims had no vector):
    # once embedded, re-scoring moves the held-back ones apart
    from claims.pipeline import embed
    from claims.services.model_versions import checkworthiness_rescore

    ids = [lab.claim_id for lab in held]
    vecs = embed.embed_texts([Claim.objects.get(pk=i).text for i in ids])
    for pk, v in zip(ids, vecs, strict=True):
        Claim.objects.filter(pk=pk).update(embedding=v, embedding_model=embed.model_version())
    before = np.array([Claim.objects.get(pk=i).checkworthiness for i in ids])
    assert checkworthiness_rescore(claim_ids=ids) == len(ids)
    after = np.array([Claim.objects.get(pk=i).checkworthiness for i in ids])
    y = [lab.value for lab in held]
    assert not np.allclose(before, after)
    # stored scores pass the pipeline's caps (claim_caps), so ties can lower the figure a bit
    assert roc_auc(y, after) > result.current_score + 0.1

    # a second run judges against the promoted version: no better, so nothing new
    again = model_train(kind="checkworthy")
    assert again.current_tag == result.version.tag
    assert again.current_score == pytest.approx(result.new_score, abs=1e-6)
    assert not again.promoted and ModelVersion.objects.count() == 1


def test_too_few_labels_is_a_clear_error_and_writes_nothing(reviewer):
    VerdictFactory(claim=ClaimFactory(text="Exports rose 8 percent in 2016."), reviewer=reviewer)
    with pytest.raises(NotEnoughLabels, match="not enough labels"):
        model_train(kind="checkworthy")
    assert not ModelVersion.objects.exists()
