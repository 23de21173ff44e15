"""verdict_override: a moderator replaces the current verdict, with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims.models import Claim, Verdict
from claims.services.verdicts import verdict_override, verdict_record
from tests.factories import ClaimFactory, MatchFactory, VerdictFactory

pytestmark = pytest.mark.django_db


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
