"""Reads about verification runs: the runs list, the beat schedules, and what
needs (re-)embedding or (re-)matching.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet

from claims.model_store import match_versions
from claims.models import Claim, Match, ReferencePassage, VerificationRun
from claims.pipeline import embed


def verification_runs(*, active_only: bool = False) -> QuerySet[VerificationRun]:
    qs = VerificationRun.objects.select_related("article").defer(
        "article__raw_text", "article__cleaned_text", "article__dropped"
    )
    if active_only:
        qs = qs.filter(status__in=[VerificationRun.Status.QUEUED, VerificationRun.Status.RUNNING])
    return qs.order_by("-created_at", "-id")


@dataclass
class Schedule:
    name: str
    task: str
    every: str
    enabled: bool
    last_run_at: object


def schedules() -> list[Schedule]:
    """The celery beat schedules (django-celery-beat's table), one query."""
    from django_celery_beat.models import PeriodicTask

    rows = PeriodicTask.objects.select_related("interval", "crontab").order_by("name")
    return [
        Schedule(p.name, p.task, str(p.interval or p.crontab or ""), p.enabled, p.last_run_at)
        for p in rows if not p.name.startswith("celery.")
    ]


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


def stale_passage_ids() -> list[int]:
    """Reference passages whose vector is missing or from another model.

    Asked on every run's dispatch, so it must not scan a large corpus that is all
    embedded: it is written as the two ranges of the ``embedding_model`` index on
    either side of the current tag (a passage never embedded has the tag ``""``),
    which costs two index probes when nothing is stale. A vector is only ever
    stored together with its tag (``_embed_rows``), so "no vector" is "another tag".
    """
    version = embed.model_version()
    return list(
        ReferencePassage.objects.filter(
            Q(embedding_model__lt=version) | Q(embedding_model__gt=version)
        ).order_by("pk").values_list("pk", flat=True)
    )


def stale_embedding_ids() -> tuple[list[int], list[int]]:
    """Claims and passages whose vector is missing or from another model."""
    version = embed.model_version()
    stale = Q(embedding__isnull=True) | ~Q(embedding_model=version)
    claim_ids = list(
        Claim.objects.filter(stale).exclude(status=Claim.Status.NOT_CHECKWORTHY)
        .values_list("pk", flat=True)
    )
    passage_ids = list(ReferencePassage.objects.filter(stale).values_list("pk", flat=True))
    return claim_ids, passage_ids
