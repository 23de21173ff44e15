import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims.models import Contradiction
from claims.services.contradictions import contradiction_reopen, contradiction_resolve
from tests.factories import ContradictionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("decision,status", [("confirm", "confirmed"), ("dismiss", "dismissed")])
def test_reviewer_resolves_a_suspected_contradiction(reviewer, decision, status):
    c = ContradictionFactory()
    out = contradiction_resolve(contradiction_id=c.pk, user=reviewer, decision=decision,
                                note="  checked both articles ")
    c.refresh_from_db()
    assert c.status == status == out.status
    assert c.note == "checked both articles"
    assert c.resolved_by == reviewer and c.resolved_at is not None
    last = c.history.first()
    assert last.history_type == "~" and last.status == status
    assert last.history_user == reviewer


def test_resolved_contradictions_need_a_moderator_to_change(reviewer, moderator):
    c = ContradictionFactory()
    contradiction_resolve(contradiction_id=c.pk, user=reviewer, decision="confirm")
    with pytest.raises(PermissionDenied):
        contradiction_resolve(contradiction_id=c.pk, user=reviewer, decision="dismiss")
    c.refresh_from_db()
    assert c.status == Contradiction.Status.CONFIRMED
    contradiction_resolve(contradiction_id=c.pk, user=moderator, decision="dismiss",
                          note="Different events")
    c.refresh_from_db()
    assert c.status == Contradiction.Status.DISMISSED and c.resolved_by == moderator


def test_bad_decision_and_outsider(reviewer, outsider):
    c = ContradictionFactory()
    with pytest.raises(ValidationError):
        contradiction_resolve(contradiction_id=c.pk, user=reviewer, decision="maybe")
    with pytest.raises(PermissionDenied):
        contradiction_resolve(contradiction_id=c.pk, user=outsider, decision="confirm")
    c.refresh_from_db()
    assert c.status == Contradiction.Status.SUSPECTED and c.resolved_by is None


def test_a_moderator_reopens_a_resolved_contradiction_and_it_counts_again(reviewer, moderator):
    c = ContradictionFactory()
    contradiction_resolve(contradiction_id=c.pk, user=reviewer, decision="dismiss")
    c.claim.refresh_from_db()
    assert c.claim.conflict_count == 0
    with pytest.raises(PermissionDenied):
        contradiction_reopen(contradiction_id=c.pk, user=reviewer)
    contradiction_reopen(contradiction_id=c.pk, user=moderator, note=" same event after all ")
    c.refresh_from_db()
    c.claim.refresh_from_db()
    assert (c.status, c.resolved_by, c.resolved_at, c.note) == (
        Contradiction.Status.SUSPECTED, None, None, "same event after all")
    assert c.claim.conflict_count == 1
    assert c.history.first().history_user == moderator
