"""verdict_record: one current verdict, optimistic locking, bad input, roles."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from claims.models import Claim, Verdict
from claims.services.verdicts import StaleClaimVersion, verdict_record
from tests.factories import ClaimFactory, MatchFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def test_record_makes_the_new_verdict_current_and_the_claim_reviewed(reviewer):
    claim = ClaimFactory(status=Claim.Status.NEEDS_REVIEW)
    match = MatchFactory(claim=claim)
    first = verdict_record(claim_id=claim.pk, user=reviewer, label="supported",
                           rationale="  Same date in the reference.  ", expected_version=0,
                           cited_match_ids=[match.pk])
    second = verdict_record(claim_id=claim.pk, user=reviewer, label="refuted",
                            rationale="Second look: wrong year.", expected_version=1)
    claim.refresh_from_db()
    first.refresh_from_db()
    assert claim.status == Claim.Status.REVIEWED
    assert claim.version == 2
    assert not first.is_current and second.is_current
    assert first.rationale == "Same date in the reference."
    assert list(first.cited_matches.all()) == [match]
    assert list(Verdict.objects.filter(claim=claim, is_current=True)) == [second]
    # history: first created, then retired; second created
    kinds = sorted((h.id, h.history_type, h.is_current) for h in Verdict.history.all())
    assert kinds == [(first.pk, "+", True), (first.pk, "~", False), (second.pk, "+", True)]
    assert all(h.history_user_id == reviewer.pk for h in Verdict.history.all())


def test_stale_version_writes_nothing(reviewer, moderator):
    claim = ClaimFactory(status=Claim.Status.NEEDS_REVIEW)
    verdict_record(claim_id=claim.pk, user=moderator, label="supported", rationale="ok",
                   expected_version=0)
    with pytest.raises(StaleClaimVersion) as exc:
        verdict_record(claim_id=claim.pk, user=reviewer, label="refuted", rationale="no",
                       expected_version=0)
    assert exc.value.current == 1 and exc.value.expected == 0
    assert Verdict.objects.filter(claim=claim).count() == 1
    assert Verdict.objects.get(claim=claim).label == "supported"
    claim.refresh_from_db()
    assert claim.version == 1


def test_failure_after_the_version_bump_rolls_everything_back(reviewer):
    claim = ClaimFactory(status=Claim.Status.NEEDS_REVIEW)
    other_claims_match = MatchFactory()
    with pytest.raises(ValidationError):
        verdict_record(claim_id=claim.pk, user=reviewer, label="supported", rationale="x",
                       expected_version=0, cited_match_ids=[other_claims_match.pk])
    claim.refresh_from_db()
    assert claim.version == 0 and claim.status == Claim.Status.NEEDS_REVIEW
    assert not Verdict.objects.exists()


@pytest.mark.parametrize("label,rationale", [("bogus", "x"), ("supported", "   ")])
def test_bad_input_is_rejected(reviewer, label, rationale):
    claim = ClaimFactory()
    with pytest.raises(ValidationError):
        verdict_record(claim_id=claim.pk, user=reviewer, label=label, rationale=rationale,
                       expected_version=0)
    assert not Verdict.objects.exists()


def test_outsider_cannot_record(outsider):
    claim = ClaimFactory()
    with pytest.raises(PermissionDenied):
        verdict_record(claim_id=claim.pk, user=outsider, label="supported", rationale="x",
                       expected_version=0)


def test_database_keeps_one_current_verdict(reviewer):
    claim = ClaimFactory()
    VerdictFactory(claim=claim, reviewer=reviewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        VerdictFactory(claim=claim, reviewer=reviewer)
