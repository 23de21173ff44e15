"""A reviewer confirms or dismisses a suspected contradiction between two sources."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Contradiction
from ..permissions import is_moderator, require_moderator, require_reviewer
from .claim_conflict_count import claim_conflict_counts_refresh

DECISIONS = {
    "confirm": Contradiction.Status.CONFIRMED,
    "dismiss": Contradiction.Status.DISMISSED,
    Contradiction.Status.CONFIRMED: Contradiction.Status.CONFIRMED,
    Contradiction.Status.DISMISSED: Contradiction.Status.DISMISSED,
}


def contradiction_resolve(
    *, contradiction_id: int, user, decision: str, note: str = ""
) -> Contradiction:
    """Set the status to confirmed or dismissed, with who, when and an optional note.

    A reviewer may resolve a suspected contradiction; changing one that is already
    resolved is an adjudication and needs a moderator.
    """
    require_reviewer(user)
    status = DECISIONS.get(decision)
    if status is None:
        raise ValidationError({"decision": "decide 'confirm' or 'dismiss'"})
    with transaction.atomic():
        c = Contradiction.objects.select_for_update().get(pk=contradiction_id)
        if c.status != Contradiction.Status.SUSPECTED and not is_moderator(user):
            raise PermissionDenied("This contradiction is already resolved; ask a moderator.")
        c.status = status
        c.note = (note or "").strip()
        c.resolved_by = user
        c.resolved_at = timezone.now()
        c._history_user = user
        c.save(update_fields=["status", "note", "resolved_by", "resolved_at"])
        claim_conflict_counts_refresh(claim_ids=[c.claim_id, c.other_claim_id])
        return c


def contradiction_reopen(*, contradiction_id: int, user, note: str = "") -> Contradiction:
    """A moderator sends a resolved contradiction back to ``suspected`` (counted again).

    Who resolved it and when stay in its history; the row itself is unresolved again."""
    require_moderator(user)
    with transaction.atomic():
        c = Contradiction.objects.select_for_update().get(pk=contradiction_id)
        c.status = Contradiction.Status.SUSPECTED
        c.note = (note or "").strip()
        c.resolved_by = None
        c.resolved_at = None
        c._history_user = user
        c.save(update_fields=["status", "note", "resolved_by", "resolved_at"])
        claim_conflict_counts_refresh(claim_ids=[c.claim_id, c.other_claim_id])
        return c
