"""verdict_record, verdict_override, claims_mark_not_checkworthy, roles_setup."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from claims.models import Claim, Verdict
from claims.services.claim_mark import claims_mark_not_checkworthy
from claims.services.roles_setup import roles_setup
from claims.services.verdict_override import verdict_override
from claims.services.verdict_record import StaleClaimVersion, verdict_record
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


def test_override_replaces_the_current_verdict_with_a_reason(reviewer, moderator):
    claim = ClaimFactory(status=Claim.Status.NEEDS_REVIEW)
    match = MatchFactory(claim=claim)
    old = verdict_record(claim_id=claim.pk, user=reviewer, label="supported", rationale="ok",
                         expected_version=0, cited_match_ids=[match.pk])
    new = verdict_override(verdict_id=old.pk, user=moderator, label="refuted",
                           reason="The reference says 2017, not 2016.")
    old.refresh_from_db()
    claim.refresh_from_db()
    assert not old.is_current and new.is_current
    assert new.kind == Verdict.Kind.OVERRIDE and new.reviewer == moderator
    assert new.rationale == "The reference says 2017, not 2016."
    assert list(new.cited_matches.all()) == [match]
    assert claim.version == 2
    created = new.history.get(history_type="+")
    assert "The reference says 2017" in created.history_change_reason


def test_override_rules(reviewer, moderator):
    v = VerdictFactory(reviewer=reviewer)
    with pytest.raises(PermissionDenied):
        verdict_override(verdict_id=v.pk, user=reviewer, label="refuted", reason="x")
    with pytest.raises(ValidationError):
        verdict_override(verdict_id=v.pk, user=moderator, label="refuted", reason="  ")
    retired = VerdictFactory(reviewer=reviewer, is_current=False)
    with pytest.raises(ValidationError):
        verdict_override(verdict_id=retired.pk, user=moderator, label="refuted", reason="x")
    adj = verdict_override(verdict_id=v.pk, user=moderator, label="conflicting",
                           reason="Sources split", kind=Verdict.Kind.ADJUDICATION)
    assert adj.kind == Verdict.Kind.ADJUDICATION
    assert Verdict.objects.filter(claim=v.claim).count() == 2


def test_mark_not_checkworthy(moderator, reviewer):
    a, b = ClaimFactory(), ClaimFactory(status=Claim.Status.NOT_CHECKWORTHY)
    untouched = ClaimFactory()
    with pytest.raises(PermissionDenied):
        claims_mark_not_checkworthy(claim_ids=[a.pk], user=reviewer)
    assert claims_mark_not_checkworthy(claim_ids=[a.pk, b.pk], user=moderator) == 1
    a.refresh_from_db()
    untouched.refresh_from_db()
    assert a.status == Claim.Status.NOT_CHECKWORTHY and a.version == 1
    assert untouched.status == Claim.Status.PENDING


def test_roles_setup_is_idempotent_and_exact():
    first = roles_setup()
    reviewer = Group.objects.get(name="reviewer")
    codenames = set(reviewer.permissions.values_list("codename", flat=True))
    assert {"view_claim", "add_verdict", "change_contradiction"} <= codenames
    assert "change_verdict" not in codenames
    moderator = Group.objects.get(name="moderator")
    mod = set(moderator.permissions.values_list("codename", flat=True))
    assert codenames < mod and {"change_verdict", "change_periodictask"} <= mod
    reviewer.permissions.add(moderator.permissions.get(codename="change_verdict"))
    assert roles_setup() == first
    assert "change_verdict" not in set(reviewer.permissions.values_list("codename", flat=True))
    assert Group.objects.filter(name__in=["reviewer", "moderator"]).count() == 2
