"""Scheduled re-verification and the cross-source contradiction sweep.

Both refuse to overlap themselves: if a run of the same kind is still queued
or running, the new firing is recorded as a *skipped* run and nothing is queued.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, Q

from claims.models import Claim, Match, ReferencePassage, VerificationRun
from claims.pipeline import embed

from .verification_start import verification_start

ACTIVE = (VerificationRun.Status.QUEUED, VerificationRun.Status.RUNNING)


def _skip_if_active(kind: str) -> VerificationRun | None:
    # the select_for_update on the active runs serialises two beats firing at once
    active = VerificationRun.objects.select_for_update().filter(kind=kind, status__in=ACTIVE)
    if active.exists():
        return VerificationRun.objects.create(
            kind=kind, status=VerificationRun.Status.SKIPPED,
            errors=[{"error": f"skipped: run {active.first().pk} of this kind is still active"}],
        )
    return None


def stale_claim_ids() -> list[int]:
    """Claims whose matches predate the newest reference passage or the current model."""
    newest = ReferencePassage.objects.aggregate(m=Max("created_at"))["m"]
    version = embed.model_version()
    stale = Q(matched_at__isnull=True) | ~Q(embedding_model=version)
    if newest:
        stale |= Q(matched_at__lt=newest)
    old_model = Match.objects.exclude(model_version=version).values("claim_id")
    stale |= Q(pk__in=old_model)
    return list(
        Claim.objects.exclude(status=Claim.Status.NOT_CHECKWORTHY)
        .filter(stale).order_by("pk").values_list("pk", flat=True)
    )


@transaction.atomic
def reverify_stale() -> VerificationRun | None:
    skipped = _skip_if_active(VerificationRun.Kind.REVERIFY)
    if skipped:
        return skipped
    ids = stale_claim_ids()
    if not ids:
        return None
    return verification_start(claim_ids=ids, kind=VerificationRun.Kind.REVERIFY)


@transaction.atomic
def contradiction_sweep() -> VerificationRun | None:
    """Re-match every check-worthy claim that has other-source matches or none yet."""
    skipped = _skip_if_active(VerificationRun.Kind.SWEEP)
    if skipped:
        return skipped
    return verification_start(all_claims=True, kind=VerificationRun.Kind.SWEEP)
