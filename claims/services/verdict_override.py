"""Moderator corrections: override (or adjudicate) a claim's current verdict."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Verdict
from ..permissions import require_moderator
from .verdict_write import verdict_write


def verdict_override(
    *,
    verdict_id: int,
    user,
    label: str,
    reason: str,
    kind: str = Verdict.Kind.OVERRIDE,
    expected_version: int | None = None,
) -> Verdict:
    """Replace verdict ``verdict_id`` with a moderator's verdict; ``reason`` is required.

    The new verdict keeps the overridden one's cited evidence, its rationale is the
    reason, and the reason is also stored as the history change reason.
    """
    require_moderator(user)
    if kind not in (Verdict.Kind.OVERRIDE, Verdict.Kind.ADJUDICATION):
        raise ValidationError({"kind": "an override is an override or an adjudication"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "an override needs a reason"})
    with transaction.atomic():
        old = Verdict.objects.select_for_update().get(pk=verdict_id)
        if not old.is_current:
            raise ValidationError("only the current verdict of a claim can be overridden")
        cited = list(old.cited_matches.values_list("pk", flat=True))
        return verdict_write(
            claim_id=old.claim_id, user=user, label=label, rationale=reason, kind=kind,
            cited_match_ids=cited, expected_version=expected_version,
            change_reason=f"{kind} of verdict {old.pk}: {reason.strip()}"[:100],
        )
