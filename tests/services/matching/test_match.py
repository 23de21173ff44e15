"""claim_match / claims_match: one search path, bulk writes, idempotent, re-ranker optional.

Vectors are hand-made (no model): a claim's vector sits close to one passage's, and
``claims_embed`` is a no-op because the claims carry a current vector.
"""

import logging

import numpy as np
import pytest
from django.utils import timezone

from claims.models import Match
from claims.pipeline import embed, rerank
from claims.services.matching import claim_match, claims_match, rerank_training_groups
from claims.vector_search import clear_cache
from tests.factories import ArticleFactory, ClaimFactory, ReferencePassageFactory, unit_vector

pytestmark = pytest.mark.django_db

TEXTS = [
    ("Eiffel Tower", "The Eiffel Tower in Paris was completed in 1889."),
    ("Vaccines", "Measles vaccines do not cause autism in children."),
    ("Border wall", "No border wall is being built in Colorado."),
    ("Fries", "McDonald's is not offering $1 fries of any size."),
]


def _near(vec, seed, eps=0.3):
    v = vec + eps * unit_vector(seed)
    return (v / np.linalg.norm(v)).astype(np.float32)


@pytest.fixture
def corpus():
    clear_cache()
    version = embed.model_version()
    out = [
        ReferencePassageFactory(title=t, text=x, embedding=unit_vector(100 + i),
                                embedding_model=version, embedded_at=timezone.now())
        for i, (t, x) in enumerate(TEXTS)
    ]
    yield out
    clear_cache()


def _claim(text, vector, **kw):
    return ClaimFactory(text=text, sentence=text, embedding=vector,
                        embedding_model=embed.model_version(), embedded_at=timezone.now(), **kw)


@pytest.fixture
def no_reranker(settings):
    settings.MATCH_RERANKER = ""


def test_the_close_passage_ranks_first_and_rows_say_how(corpus, no_reranker):
    claim = _claim("They are building a border wall in Colorado", _near(corpus[2].embedding, 1))
    matches = claim_match(claim_id=claim.pk, k=3)
    passages = [m for m in matches if m.passage_id]
    assert [m.rank for m in passages] == [1, 2, 3]
    assert passages[0].passage_id == corpus[2].pk
    assert passages[0].method == Match.Method.HYBRID
    assert passages[0].model_version == embed.model_version()
    # the stored score is the cosine, not the fused score
    cos = float(np.dot(embed.normalise(claim.embedding)[0], embed.normalise(corpus[2].embedding)[0]))
    assert passages[0].score == pytest.approx(cos, abs=1e-5)
    claim.refresh_from_db()
    assert claim.matched_at is not None and claim.status == "needs_review"


def test_redelivery_replaces_rather_than_duplicates(corpus, no_reranker):
    a = _claim("Measles vaccines cause autism", _near(corpus[1].embedding, 2))
    b = _claim("The Eiffel Tower opened in 1889", _near(corpus[0].embedding, 3))
    first = claims_match(claim_ids=[a.pk, b.pk], k=2)
    again = claims_match(claim_ids=[b.pk, a.pk, a.pk], k=2)
    assert Match.objects.filter(claim=a, passage__isnull=False).count() == 2
    assert Match.objects.filter(claim__in=[a, b]).count() == sum(len(v) for v in again.values())
    for pk in (a.pk, b.pk):
        assert [(m.passage_id, m.other_claim_id, m.rank) for m in first[pk]] == [
            (m.passage_id, m.other_claim_id, m.rank) for m in again[pk]
        ]


def test_a_batch_ranks_each_claim_as_it_would_alone(corpus, no_reranker):
    claims = [
        _claim(t, _near(p.embedding, 10 + i, eps=0.6), article=ArticleFactory())
        for i, ((t, _x), p) in enumerate(zip(TEXTS, corpus, strict=True))
    ]
    batch = claims_match(claim_ids=[c.pk for c in claims], k=4)
    for c in claims:
        alone = claim_match(claim_id=c.pk, k=4)
        key = [(m.passage_id, m.other_claim_id, m.rank) for m in alone]
        assert key == [(m.passage_id, m.other_claim_id, m.rank) for m in batch[c.pk]]
    # other claims are candidates too (from other articles)
    assert any(m.other_claim_id for m in batch[claims[0].pk])


def test_missing_ids_are_skipped_in_a_batch_and_an_error_alone(corpus, no_reranker):
    c = _claim("Fries cost $1", _near(corpus[3].embedding, 4))
    assert set(claims_match(claim_ids=[c.pk, 987654])) == {c.pk}
    with pytest.raises(Exception, match="987654"):
        claim_match(claim_id=987654)


def _tiny_model(weights):
    """A logistic re-ranker whose only weight is on one feature."""
    w = np.zeros((len(rerank.FEATURES), 1))
    for name, value in weights.items():
        w[rerank.FEATURES.index(name), 0] = value
    return rerank.Reranker(kind="logistic", mean=np.zeros(len(rerank.FEATURES)),
                           scale=np.ones(len(rerank.FEATURES)), layers=[(w, np.zeros(1))])


def test_the_reranker_reorders_and_is_recorded(corpus, settings, tmp_path):
    # vector close to the Eiffel passage, words of the fries one
    claim = _claim("McDonald's offering $1 fries of any size", _near(corpus[0].embedding, 5, 0.1))
    settings.MATCH_RERANKER = ""
    fused = [m.passage_id for m in claim_match(claim_id=claim.pk, k=4) if m.passage_id]
    assert fused[0] == corpus[0].pk
    path = tmp_path / "reranker.json"
    model = _tiny_model({"query_in_text": 5.0})
    rerank.save_reranker(model, path)
    settings.MATCH_RERANKER = str(path)
    matches = [m for m in claim_match(claim_id=claim.pk, k=4) if m.passage_id]
    assert matches[0].passage_id == corpus[3].pk
    assert {m.method for m in matches} == {Match.Method.RERANKED}
    assert matches[0].model_version == f"{embed.model_version()}+{model.version}"
    assert sorted(m.passage_id for m in matches) == sorted(fused)


def test_an_unusable_artefact_falls_back_to_the_fused_order(corpus, settings, tmp_path, caplog):
    claim = _claim("McDonald's offering $1 fries", _near(corpus[0].embedding, 6, 0.1))
    bad = tmp_path / "reranker.json"
    bad.write_text('{"format": 1, "features": ["cosine"]}')
    for path in (bad, tmp_path / "absent.json"):
        settings.MATCH_RERANKER = str(path)
        with caplog.at_level(logging.WARNING):
            matches = claim_match(claim_id=claim.pk, k=2)
        assert {m.method for m in matches} == {Match.Method.HYBRID}
        assert str(path) in caplog.text


def test_reviewer_labels_train_a_model_that_ranks_the_cited_passage_higher(corpus):
    """Claims worded like one passage but with vectors near another: labelled with the
    worded one (a reviewer's citation), the trained model puts it above the fused order."""
    claims = []
    for i in range(16):
        target = corpus[i % 4]
        decoy = corpus[(i + 1) % 4]
        claims.append(_claim(target.text.replace(".", f" ({i})."),
                             _near(decoy.embedding, 50 + i, eps=0.2), article=ArticleFactory()))
    labels = {c.pk: {corpus[i % 4].pk} for i, c in enumerate(claims)}
    groups = rerank_training_groups(labels=labels)
    assert len(groups) == 16 and all(y.sum() == 1 for _f, y in groups)
    model = rerank.train_reranker(groups[:12], kind="logistic")
    before = rerank.mean_average_precision(None, groups[12:])
    after = rerank.mean_average_precision(model, groups[12:])
    assert after > before and after == pytest.approx(1.0)
    only = rerank_training_groups(labels=labels, negatives={claims[0].pk: {corpus[1].pk}})
    assert len(only[0][1]) == 2  # the cited passage and the one shown-but-not-cited


def test_a_new_artefact_makes_the_matches_it_ranked_stale(corpus, settings, tmp_path):
    from claims.selectors.runs import stale_claim_ids

    claim = _claim("McDonald's offering $1 fries", _near(corpus[3].embedding, 7))
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    rerank.save_reranker(_tiny_model({"query_in_text": 5.0}), first)
    rerank.save_reranker(_tiny_model({"query_in_text": 4.0}), second)
    settings.MATCH_RERANKER = str(first)
    claim_match(claim_id=claim.pk)
    assert claim.pk not in stale_claim_ids()
    settings.MATCH_RERANKER = str(second)
    assert claim.pk in stale_claim_ids()
    claim_match(claim_id=claim.pk)
    assert claim.pk not in stale_claim_ids()
