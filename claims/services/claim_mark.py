"""Bulk status changes on claims made by moderators."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from ..models import Claim, ReferencePassage
from ..permissions import require_moderator


def claims_mark_not_checkworthy(*, claim_ids: Iterable[int], user) -> int:
    """Take claims out of the review queue. Bumps ``version`` so open forms go stale.

    A verdict such a claim had is withdrawn from the reference corpus too
    (``verdict_reference``): a claim not worth checking is no precedent.
    Returns the number of claims changed (already-marked claims are left alone).
    """
    require_moderator(user)
    ids = sorted({int(i) for i in claim_ids})
    with transaction.atomic():
        changed = list(
            Claim.objects.select_for_update()
            .filter(pk__in=ids)
            .exclude(status=Claim.Status.NOT_CHECKWORTHY)
            .values_list("pk", flat=True)
        )
        ReferencePassage.objects.filter(from_verdict__claim_id__in=changed).delete()
        return Claim.objects.filter(pk__in=changed).update(
            status=Claim.Status.NOT_CHECKWORTHY, version=F("version") + 1
        )
