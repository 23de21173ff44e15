"""Scheduled re-verification and the cross-source contradiction sweep.

Both refuse to overlap themselves: if a run of the same kind is still queued
or running, the new firing is recorded as a *skipped* run and nothing is queued.
Two firings at the same moment are serialised by a lock per kind, so the second
sees the first one's run.
"""

from __future__ import annotations

import hashlib

from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from claims.models import Claim, Match, ReferencePassage, VerificationRun
from claims.pipeline import embed

from .claim_match import match_versions
from .verification_start import verification_start

ACTIVE = (VerificationRun.Status.QUEUED, VerificationRun.Status.RUNNING)


def _kind_lock(kind: str) -> None:
    """Hold a lock on ``kind`` until the surrounding transaction ends.

    Locking the active runs' rows is not enough: when none is active there is no
    row to lock, and two firings at once would both start a run. On PostgreSQL a
    transaction-level advisory lock serialises them across every process and host
    that shares the database. SQLite (the single-process embedded default) lets one
    writer in at a time anyway.
    """
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"factcheck.run.{kind}".encode()).digest()[:8], "big",
                             signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _skip_if_active(kind: str) -> VerificationRun | None:
    _kind_lock(kind)
    active = VerificationRun.objects.filter(kind=kind, status__in=ACTIVE).order_by("pk").first()
    if active:
        why = f"skipped: run {active.pk} of this kind is still active ({active.status})"
        return VerificationRun.objects.create(
            kind=kind, status=VerificationRun.Status.SKIPPED, finished_at=timezone.now(),
            errors=[{"error": why}],
        )
    return None


def stale_claim_ids() -> list[int]:
    """Claims whose matches predate the newest corpus passage or the current model."""
    # verdicts published as passages (verdict_reference) do not make the corpus stale
    corpus = ReferencePassage.objects.filter(from_verdict__isnull=True)
    newest = corpus.aggregate(m=Max("created_at"))["m"]
    version = embed.model_version()
    stale = Q(matched_at__isnull=True) | ~Q(embedding_model=version)
    if newest:
        stale |= Q(matched_at__lt=newest)
    # a match made by another embedding model or re-ranker artefact (claim_match)
    passage_version, claim_version = match_versions()
    old_model = Match.objects.filter(
        Q(passage__isnull=False) & ~Q(model_version=passage_version)
        | Q(other_claim__isnull=False) & ~Q(model_version=claim_version)
    ).values("claim_id")
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
