"""Promote a trained artefact: a new ``ModelVersion`` becomes the active one; re-score queued."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..broker import enqueue_on_commit
from ..models import ModelVersion


def queue_rescore(kind: str) -> None:
    """After the surrounding transaction commits: the re-score job for ``kind``."""
    enqueue_on_commit("claims.tasks.rescore_models", kind)


@transaction.atomic
def model_promote(
    *,
    kind: str,
    artefact: bytes,
    metric: str,
    score: float,
    previous_score: float | None,
    figures: dict,
    n_train: int,
    n_held_back: int,
    user=None,
) -> ModelVersion:
    if kind not in ModelVersion.Kind.values:
        raise ValueError(f"unknown model kind {kind!r}")
    if not artefact:
        raise ValueError("empty artefact")
    # lock the kind's rows: two promotions at once get consecutive versions
    rows = ModelVersion.objects.select_for_update().filter(kind=kind)
    last = rows.aggregate(m=Max("version"))["m"] or 0
    rows.filter(is_active=True).update(is_active=False)
    version = ModelVersion.objects.create(
        kind=kind, version=last + 1, artefact=artefact,
        artefact_sha256=hashlib.sha256(artefact).hexdigest(), metric=metric, score=score,
        previous_score=previous_score, figures=figures, n_train=n_train, n_held_back=n_held_back,
        is_active=True, created_by=user, activated_at=timezone.now(),
    )  # fmt: skip
    queue_rescore(kind)
    return version
