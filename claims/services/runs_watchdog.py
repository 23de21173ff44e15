"""The watchdog for verification runs that stopped moving (a worker died, a task was lost)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import Claim, VerificationRun

from .verification_start import verification_start


def runs_watchdog() -> list[VerificationRun]:
    """Mark runs stuck past their time limit as failed; re-queue their unfinished claims."""
    limit = timezone.now() - timedelta(seconds=settings.RUN_STUCK_AFTER)
    stuck = VerificationRun.objects.filter(
        Q(status=VerificationRun.Status.RUNNING, started_at__lt=limit)
        | Q(status=VerificationRun.Status.QUEUED, created_at__lt=limit)
    )
    requeued = []
    for run in stuck:
        with transaction.atomic():
            locked = VerificationRun.objects.select_for_update().get(pk=run.pk)
            if locked.status not in (VerificationRun.Status.RUNNING,
                                     VerificationRun.Status.QUEUED):
                continue
            ids = locked.params.get("claim_ids", [])
            since = locked.started_at or locked.created_at
            finished = set(
                Claim.objects.filter(pk__in=ids, matched_at__gte=since).values_list(
                    "pk", flat=True
                )
            )
            left = [i for i in ids if i not in finished]
            locked.status = VerificationRun.Status.FAILED
            locked.finished_at = timezone.now()
            locked.errors = locked.errors + [
                {"error": f"stuck past {settings.RUN_STUCK_AFTER} s; "
                          f"{len(left)} claims re-queued"}
            ]
            locked.save(update_fields=["status", "finished_at", "errors"])
            if left:
                requeued.append(
                    verification_start(claim_ids=left, kind=locked.kind)
                )
    return requeued
