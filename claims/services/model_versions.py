"""Writes of learned-model versions: ``model_promote`` (a new active version; re-score
queued), ``model_rescore`` (the re-score job) and ``model_rollback`` /
``model_rollback_to_shipped``.

Promote a trained artefact: a new ``ModelVersion`` becomes the active one; re-score queued.

The re-score job: after a learned model's version changes, stored outputs follow it.

* check-worthiness: every embedded claim is re-scored (one MiniLM pass per batch gives
  the layer and sentence vectors, as in the embed step) with the active version;
* stance and matcher: stances and matches are written by matching, so the contradiction
  sweep re-matches every claim (``runs.contradiction_sweep``, which refuses to
  overlap a sweep still running).

A moderator rolls a learned model back to an earlier version (or to the shipped artefact).
"""

from __future__ import annotations

import hashlib
import logging

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from claims.broker import enqueue_on_commit
from claims.models import Claim, ModelVersion
from claims.permissions import require_moderator
from claims.services.embeddings import BATCH


def queue_rescore(kind: str) -> None:
    """After the surrounding transaction commits: the re-score job for ``kind``."""
    enqueue_on_commit("claims.tasks.rescore_models", kind)


def model_rescore_request(*, kind: str, user) -> None:
    """A moderator asks for the re-score job now.

    Stored outputs follow a promotion or a rollback by themselves; they do not follow a
    new *shipped* artefact (a deploy), since a claim's score carries no model tag: the
    moderator re-scores from the runs page once the new code is out.
    """
    require_moderator(user)
    if kind not in ModelVersion.Kind.values:
        raise ValueError(f"no learned model called {kind!r}")
    queue_rescore(kind)


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


log = logging.getLogger(__name__)


def checkworthiness_rescore(*, claim_ids: list[int] | None = None) -> int:
    from claims import model_store
    from claims.pipeline import checkworthy, embed
    from claims.pipeline.claim_caps import capped

    adapter = model_store.checkworthy_adapter()
    rows = Claim.objects.filter(embedding__isnull=False)
    if claim_ids is not None:
        rows = rows.filter(pk__in=claim_ids)
    ids = list(rows.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), BATCH):
        batch = list(Claim.objects.filter(pk__in=ids[i : i + BATCH]).only(
            "pk", "text", "attribution").order_by("pk"))  # fmt: skip
        texts = [c.text for c in batch]
        vectors, layer = embed.embed_texts_and_layer(texts, layer=checkworthy.LAYER)
        if adapter is not None:
            scores = adapter.score(texts, vectors, layer)
        else:
            scores = checkworthy.score(texts, features=layer)
        for c, p in zip(batch, scores, strict=True):
            c.checkworthiness = min(1.0, max(0.0, capped(float(p), c.text,
                                                         attribution=c.attribution)))  # fmt: skip
        with transaction.atomic():
            Claim.objects.bulk_update(batch, ["checkworthiness"])
    return len(ids)


def model_rescore(*, kind: str) -> int | None:
    """Re-score what ``kind`` produced; returns claims re-scored, or the sweep run's id."""
    if kind == ModelVersion.Kind.CHECKWORTHY:
        return checkworthiness_rescore()
    if kind in (ModelVersion.Kind.STANCE, ModelVersion.Kind.MATCHER):
        from claims.services.runs import contradiction_sweep

        run = contradiction_sweep()
        return run.pk if run else None
    raise ValueError(f"unknown model kind {kind!r}")


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
