"""What a run has to do: claims and passages without a current vector, claims whose
matches are older than the corpus or the model."""

import pytest

from claims.model_store import match_versions
from claims.models import Claim, Match
from claims.pipeline import embed
from claims.selectors.runs import stale_claim_ids, stale_embedding_ids, stale_passage_ids
from tests.factories import ClaimFactory, MatchFactory, ReferencePassageFactory

pytestmark = pytest.mark.django_db


def _current(obj):
    """Give ``obj`` a vector tagged with the model in use now."""
    obj.embedding_model = embed.model_version()
    obj.save()
    return obj


def test_stale_passages_are_those_without_a_current_vector():
    current = ReferencePassageFactory(embedded=True)
    current.embedding_model = embed.model_version()
    current.save()
    never = ReferencePassageFactory()  # no vector, tag ""
    other_model = ReferencePassageFactory(embedded=True)  # tag of another model
    assert stale_passage_ids() == sorted([never.pk, other_model.pk])



def test_stale_embeddings_are_unembedded_or_other_model_and_never_not_checkworthy():
    fresh = _current(ClaimFactory(embedded=True))
    unembedded = ClaimFactory()
    other_model = ClaimFactory(embedded=True)  # the factory's tag is not the model's version
    ClaimFactory(status=Claim.Status.NOT_CHECKWORTHY)  # never embedded, never stale
    passage_fresh = _current(ReferencePassageFactory(embedded=True))
    passage_never = ReferencePassageFactory()

    claim_ids, passage_ids = stale_embedding_ids()

    assert sorted(claim_ids) == sorted([unembedded.pk, other_model.pk])
    assert fresh.pk not in claim_ids
    assert passage_never.pk in passage_ids and passage_fresh.pk not in passage_ids


def test_stale_claims_follow_the_corpus_and_the_models():
    passage_version, _claim_version = match_versions()
    claim = _current(ClaimFactory(embedded=True))
    assert claim.pk in stale_claim_ids()  # never matched

    match = MatchFactory(claim=claim, model_version=passage_version)
    Claim.objects.filter(pk=claim.pk).update(matched_at=match.passage.created_at)
    ReferencePassageFactory()  # a newer passage: the corpus changed since the match
    assert claim.pk in stale_claim_ids()

    Claim.objects.filter(pk=claim.pk).update(matched_at=claim.created_at.replace(year=2999))
    assert claim.pk not in stale_claim_ids()

    Match.objects.filter(pk=match.pk).update(model_version="an-older-reranker")
    assert claim.pk in stale_claim_ids()  # made by another model: match again
