"""Moderators assign articles or claims to reviewers; reassigning keeps the old row.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import Article, Assignment, Claim, ReviewMode
from claims.permissions import is_reviewer, require_moderator


def _end(assignment: Assignment, *, user, now, reason: str) -> None:
    assignment.is_active = False
    assignment.ended_at = now
    assignment.ended_by = user
    assignment._history_user = user
    assignment._change_reason = reason[:100]
    assignment.save(update_fields=["is_active", "ended_at", "ended_by"])


def assignment_assign(
    *,
    user,
    reviewer_id: int,
    claim_id: int | None = None,
    article_id: int | None = None,
    replace_id: int | None = None,
) -> Assignment:
    """Give one claim or one article to ``reviewer_id``.

    Reassignment is recorded, never overwritten: the replaced assignment is ended
    (``is_active=False`` with who and when) and a new row is added.

    * ``replace_id``: end that active assignment of the same target, then assign.
    * otherwise, in single-review mode the target's active assignments are ended
      (one reviewer at a time); in two-reviewer mode a second reviewer is added
      beside the first, and a third is refused until ``replace_id`` says whom
      they replace.

    Refused with ``ValidationError`` (nothing written): not exactly one target, an
    unknown target, a user who is not a reviewer, a reviewer already assigned to it.
    """
    require_moderator(user)
    if (claim_id is None) == (article_id is None):
        raise ValidationError("Assign either a claim or an article.")
    reviewer = get_user_model().objects.filter(pk=reviewer_id, is_active=True).first()
    if reviewer is None or not is_reviewer(reviewer):
        raise ValidationError({"reviewer": "Choose an active user with the reviewer role."})
    with transaction.atomic():
        if claim_id is not None:
            target = Claim.objects.select_related("article").filter(pk=claim_id).first()
            if target is None:
                raise ValidationError({"claim": f"no claim {claim_id}"})
            mode = target.effective_review_mode
            active = Assignment.objects.filter(claim_id=claim_id, is_active=True)
        else:
            target = Article.objects.only("id", "review_mode").filter(pk=article_id).first()
            if target is None:
                raise ValidationError({"article": f"no article {article_id}"})
            mode = target.review_mode
            active = Assignment.objects.filter(article_id=article_id, is_active=True)
        current = list(active.select_for_update().order_by("assigned_at", "id"))
        if any(a.reviewer_id == reviewer.pk for a in current):
            raise ValidationError({"reviewer": f"{reviewer.get_username()} is already assigned."})
        now = timezone.now()
        if replace_id is not None:
            old = next((a for a in current if a.pk == int(replace_id)), None)
            if old is None:
                raise ValidationError({"replace": "that is not an active assignment of this item"})
            to_end = [old]
        elif mode == ReviewMode.DOUBLE:
            if len(current) >= 2:
                raise ValidationError(
                    "Two reviewers are already assigned; say which one this reviewer replaces."
                )
            to_end = []
        else:
            to_end = current
        for old in to_end:
            _end(old, user=user, now=now,
                 reason=f"reassigned to {reviewer.get_username()}")
        assignment = Assignment(
            claim_id=claim_id, article_id=article_id, reviewer=reviewer, assigned_by=user,
        )
        assignment._history_user = user
        assignment.save()
        return assignment


def assignment_end(*, user, assignment_id: int) -> Assignment:
    """Take an item away from its reviewer (the row stays, marked ended)."""
    require_moderator(user)
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().filter(pk=assignment_id).first()
        if assignment is None:
            raise ValidationError(f"no assignment {assignment_id}")
        if not assignment.is_active:
            raise ValidationError("This assignment has already ended.")
        _end(assignment, user=user, now=timezone.now(), reason="unassigned")
        return assignment
