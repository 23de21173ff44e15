"""A moderator rolls a learned model back to an earlier version (or to the shipped artefact)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import ModelVersion
from ..permissions import require_moderator
from .model_promote import queue_rescore


@transaction.atomic
def model_rollback(*, version_id: int, user) -> ModelVersion:
    """Make ``version_id`` its kind's active version; queues the re-score job."""
    require_moderator(user)
    target = ModelVersion.objects.select_for_update().get(pk=version_id)
    if target.is_active:
        return target
    ModelVersion.objects.select_for_update().filter(kind=target.kind, is_active=True).update(
        is_active=False
    )
    target.is_active = True
    target.activated_at = timezone.now()
    target.save(update_fields=["is_active", "activated_at"])
    queue_rescore(target.kind)
    return target


@transaction.atomic
def model_rollback_to_shipped(*, kind: str, user) -> int:
    """No trained version active: the artefact shipped in the repository serves ``kind``."""
    require_moderator(user)
    n = ModelVersion.objects.select_for_update().filter(kind=kind, is_active=True).update(
        is_active=False
    )
    if n:
        queue_rescore(kind)
    return n
