"""Bulk status changes on claims made by moderators."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from ..models import Claim
from ..permissions import require_moderator


def claims_mark_not_checkworthy(*, claim_ids: Iterable[int], user) -> int:
    """Take claims out of the review queue. Bumps ``version`` so open forms go stale.

    Returns the number of claims changed (already-marked claims are left alone).
    """
    require_moderator(user)
    ids = sorted({int(i) for i in claim_ids})
    with transaction.atomic():
        return (
            Claim.objects.filter(pk__in=ids)
            .exclude(status=Claim.Status.NOT_CHECKWORTHY)
            .update(status=Claim.Status.NOT_CHECKWORTHY, version=F("version") + 1)
        )
