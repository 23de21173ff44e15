"""Assignments: assign, reassign (recorded), two reviewers in two-reviewer mode, end."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from claims.models import Assignment, ReviewMode
from claims.services.assignments import assignment_assign, assignment_end
from tests.factories import ArticleFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers(reviewer, reviewer_group):
    others = [UserFactory(username=f"rev{i}") for i in range(2)]
    for u in others:
        u.groups.add(reviewer_group)
    return [reviewer, *others]


def test_assign_a_claim(moderator, reviewer):
    claim = ClaimFactory()
    a = assignment_assign(user=moderator, reviewer_id=reviewer.pk, claim_id=claim.pk)
    assert a.is_active and a.claim == claim and a.reviewer == reviewer
    assert a.assigned_by == moderator and a.ended_at is None
    assert a.history.first().history_user == moderator


def test_reassigning_in_single_mode_ends_the_old_row(moderator, reviewers):
    claim = ClaimFactory()
    old = assignment_assign(user=moderator, reviewer_id=reviewers[0].pk, claim_id=claim.pk)
    new = assignment_assign(user=moderator, reviewer_id=reviewers[1].pk, claim_id=claim.pk)
    old.refresh_from_db()
    assert not old.is_active and old.ended_by == moderator and old.ended_at is not None
    assert new.is_active
    assert list(Assignment.objects.filter(claim=claim).order_by("id")) == [old, new]
    assert old.history.first().history_change_reason == f"reassigned to {reviewers[1].username}"


def test_two_reviewer_mode_takes_two_then_needs_a_replacement(moderator, reviewers):
    article = ArticleFactory(review_mode=ReviewMode.DOUBLE)
    a = assignment_assign(user=moderator, reviewer_id=reviewers[0].pk, article_id=article.pk)
    b = assignment_assign(user=moderator, reviewer_id=reviewers[1].pk, article_id=article.pk)
    assert Assignment.objects.filter(article=article, is_active=True).count() == 2
    with pytest.raises(ValidationError, match="which one"):
        assignment_assign(user=moderator, reviewer_id=reviewers[2].pk, article_id=article.pk)
    c = assignment_assign(user=moderator, reviewer_id=reviewers[2].pk, article_id=article.pk,
                          replace_id=a.pk)
    a.refresh_from_db()
    assert not a.is_active
    assert set(Assignment.objects.filter(article=article, is_active=True)) == {b, c}


def test_refusals_write_nothing(moderator, reviewer, outsider):
    claim = ClaimFactory()
    with pytest.raises(ValidationError):
        assignment_assign(user=moderator, reviewer_id=outsider.pk, claim_id=claim.pk)
    with pytest.raises(ValidationError):
        assignment_assign(user=moderator, reviewer_id=reviewer.pk)
    with pytest.raises(ValidationError):
        assignment_assign(user=moderator, reviewer_id=reviewer.pk, claim_id=claim.pk,
                          article_id=claim.article_id)
    with pytest.raises(ValidationError):
        assignment_assign(user=moderator, reviewer_id=reviewer.pk, claim_id=10**9)
    with pytest.raises(PermissionDenied):
        assignment_assign(user=reviewer, reviewer_id=reviewer.pk, claim_id=claim.pk)
    assert not Assignment.objects.exists()
    assignment_assign(user=moderator, reviewer_id=reviewer.pk, claim_id=claim.pk)
    with pytest.raises(ValidationError, match="already assigned"):
        assignment_assign(user=moderator, reviewer_id=reviewer.pk, claim_id=claim.pk)
    with pytest.raises(ValidationError):
        assignment_assign(user=moderator, reviewer_id=reviewer.pk, claim_id=claim.pk,
                          replace_id=10**9)
    assert Assignment.objects.count() == 1


def test_end_an_assignment(moderator, reviewer):
    a = assignment_assign(user=moderator, reviewer_id=reviewer.pk, claim_id=ClaimFactory().pk)
    with pytest.raises(PermissionDenied):
        assignment_end(user=reviewer, assignment_id=a.pk)
    assignment_end(user=moderator, assignment_id=a.pk)
    a.refresh_from_db()
    assert not a.is_active and a.ended_by == moderator
    with pytest.raises(ValidationError, match="already ended"):
        assignment_end(user=moderator, assignment_id=a.pk)


def test_database_keeps_one_target_and_one_active_row_per_reviewer(moderator, reviewer):
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(reviewer=reviewer, assigned_by=moderator)
    Assignment.objects.create(claim=claim, reviewer=reviewer, assigned_by=moderator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(claim=claim, reviewer=reviewer, assigned_by=moderator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(claim=claim, reviewer=reviewer, assigned_by=moderator,
                                  is_active=False)  # ended without a time
