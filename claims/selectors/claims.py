"""Reads about claims: the review queue and its counts, one claim with its
evidence, its audit history, and claim search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from claims.models import Claim, ClaimFlag, Contradiction, Match, Verdict
from claims.pipeline import embed
from claims.selectors.reviews import (
    current_verdicts_prefetch,
    open_round_expr,
    verdict_history_visible_to,
    verdicts_visible_to,
)

OPEN_STATUSES = (Claim.Status.PENDING, Claim.Status.NEEDS_REVIEW, Claim.Status.DISPUTED)


def checkworthy_threshold() -> float:
    return float(getattr(settings, "CHECKWORTHY_THRESHOLD", 0.3))


def below_threshold_q() -> Q:
    """Claims the machine still holds open (awaiting matching, needs review) whose score
    is under ``CHECKWORTHY_THRESHOLD``: the queue counts and lists them as not
    check-worthy. Extraction applies the threshold, but the re-score at embedding time
    can lower a score without moving the status; a claim a person reviewed keeps its
    status whatever its score."""
    return Q(status__in=(Claim.Status.PENDING, Claim.Status.NEEDS_REVIEW),
             checkworthiness__lt=checkworthy_threshold())


def claim_queue(*, status: str | None = None) -> QuerySet[Claim]:
    qs = (
        Claim.objects.select_related("article", "article__source")
        .defer("embedding", "article__raw_text", "article__cleaned_text", "article__dropped")
        .prefetch_related(
            Prefetch("flags", queryset=ClaimFlag.objects.order_by("code")),
            current_verdicts_prefetch(),
        )
        .annotate(open_round=open_round_expr())
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-checkworthiness", "id")


STATUS_COUNTS_KEY = "claims:status_counts"


def claim_status_counts(*, cached: bool = True) -> dict[str, int]:
    """{status: number of claims} for every status, plus ``open`` and ``all``.

    The GROUP BY passes over every claim (tens of ms at 100k claims), and the queue
    asks on every request, for its tabs and its page total. The figures are kept in
    Django's cache for ``settings.QUEUE_COUNTS_CACHE_SECONDS`` (default 5; 0 turns
    caching off). A short time-to-live rather than invalidation: claim status is
    changed by a dozen services, several through ``QuerySet.update()`` and some in
    Celery workers whose cache is not the web process's (locmem by default), so a
    delete-on-write could be missed; a few seconds of lag in the tab totals cannot.
    The rows of the queue itself are always read fresh.
    """
    ttl = int(getattr(settings, "QUEUE_COUNTS_CACHE_SECONDS", 5))
    if cached and ttl > 0:
        hit = cache.get(STATUS_COUNTS_KEY)
        if hit is not None:
            return hit
    counts = _status_counts()
    if cached and ttl > 0:
        cache.set(STATUS_COUNTS_KEY, counts, ttl)
    return counts


def _status_counts() -> dict[str, int]:
    counts = {value: 0 for value in Claim.Status.values}
    shown = Case(When(below_threshold_q(), then=Value(Claim.Status.NOT_CHECKWORTHY.value)),
                 default=F("status"), output_field=CharField())
    for row in Claim.objects.order_by().values(shown_status=shown).annotate(n=Count("pk")):
        counts[row["shown_status"]] += row["n"]
    counts["open"] = sum(counts[s] for s in OPEN_STATUSES)
    counts["all"] = sum(counts[s] for s in Claim.Status.values)
    return counts


def flag_codes() -> list[str]:
    return list(
        ClaimFlag.objects.order_by("code").values_list("code", flat=True).distinct()
    )


def matches_shown():
    """Matches as pages and the API show them: the passage, the earlier verdict it may
    be and that verdict's claim (its status), the other claim and its source; no
    vectors or article bodies."""
    return Match.objects.select_related(
        "passage", "passage__from_verdict", "passage__from_verdict__claim",
        "other_claim__article__source",
    ).defer(
        "passage__embedding", "passage__from_verdict__claim__embedding",
        "other_claim__embedding", "other_claim__article__raw_text",
        "other_claim__article__cleaned_text", "other_claim__article__dropped",
    )


def claim_detail(*, pk: int, viewer=None) -> Claim:
    """A claim with flags, matches and the verdicts ``viewer`` may see (``None``: no
    sealed review at all).

    ``open_round`` says whether a first blind review waits for its second, whoever
    wrote it; the hidden verdict itself is not loaded.
    """
    verdicts = verdicts_visible_to(viewer).select_related("reviewer").prefetch_related(
        Prefetch("cited_matches", queryset=matches_shown())
    )
    return (
        Claim.objects.select_related("article", "article__source")
        .annotate(open_round=open_round_expr())
        .defer("embedding", "article__raw_text")
        .prefetch_related(
            Prefetch("flags", queryset=ClaimFlag.objects.order_by("code")),
            Prefetch("matches", queryset=matches_shown().order_by("rank")),
            Prefetch("verdicts", queryset=verdicts),
        )
        .get(pk=pk)
    )


@dataclass
class HistoryEntry:
    when: object
    who: object
    what: str  # "verdict" | "contradiction"
    action: str  # "created" | "changed" | "deleted"
    record: object
    reason: str = ""


_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def claim_history(*, claim_id: int, viewer=None) -> list[HistoryEntry]:
    """Audit trail of this claim's verdicts and contradictions, newest first.

    The history of a sealed blind review by someone other than ``viewer`` is left out
    (it would show the label the viewer must not see yet); ``viewer=None`` leaves out
    every sealed review's history.
    """
    verdicts = verdict_history_visible_to(
        viewer, Verdict.history.filter(claim_id=claim_id)
    ).select_related("history_user")
    contradictions = Contradiction.history.filter(
        Q(claim_id=claim_id) | Q(other_claim_id=claim_id)
    ).select_related("history_user")
    entries = [
        HistoryEntry(h.history_date, h.history_user, "verdict", _ACTIONS[h.history_type], h,
                     h.history_change_reason or "")
        for h in verdicts
    ] + [
        HistoryEntry(h.history_date, h.history_user, "contradiction", _ACTIONS[h.history_type],
                     h, h.history_change_reason or "")
        for h in contradictions
    ]
    entries.sort(key=lambda e: (e.when, e.record.history_id), reverse=True)
    return entries


QUEUE_NOT_FILTERS = ("status", "sort", "page", "format")  # a tab, an order, a page, a format


def status_only_count(
    params, *, default_status: str, counts: dict[str, int] | None = None
) -> int | None:
    """The queue's total when the status tab is its only filter, else None (the
    paginator then counts the rows itself).

    ``params`` are the filter's values (the page's cleaned filter form, or the API's
    query parameters); a status not given is ``default_status`` (the page opens on
    "open", the API lists "all"). The figure is the tab's from ``counts``, or from the
    cached ``claim_status_counts``. One rule for the page and the API.
    """
    if any(v not in (None, "") for k, v in params.items() if k not in QUEUE_NOT_FILTERS):
        return None
    counts = claim_status_counts() if counts is None else counts
    return counts.get(params.get("status") or default_status)


_TERM = re.compile(r'"([^"]+)"|(\S+)')


def search_terms(q: str) -> list[str]:
    """Words and "quoted phrases" of a query, in order, at most 12."""
    terms = []
    for phrase, word in _TERM.findall(q or ""):
        term = (phrase or word).strip().strip('"')
        if term:
            terms.append(term)
    return terms[:12]


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def claim_search_base() -> QuerySet[Claim]:
    """Claims as search results show them (flags and article joined, no vectors)."""
    return (
        Claim.objects.select_related("article", "article__source")
        .defer("embedding", "article__raw_text", "article__cleaned_text", "article__dropped")
        .prefetch_related(Prefetch("flags", queryset=ClaimFlag.objects.order_by("code")))
    )


def claims_matching_words(qs: QuerySet[Claim], q: str) -> QuerySet[Claim]:
    """Claims containing every word and phrase of ``q``.

    PostgreSQL: full-text search (``websearch_to_tsquery``: words, "phrases", -not,
    or) on the stored ``text_tsv`` column and its GIN index (migration 0014: a phrase
    rechecks the stored value instead of re-parsing each candidate's text). SQLite (the
    embedded default): every term must occur in the claim text, case-insensitively
    (LIKE). Both order by check-worthiness, as the queue does: ranking by
    ``ts_rank_cd`` recomputes every match's tsvector, an order of magnitude slower
    for a common word (``bench/ui.py`` times the search page). The embedded BM25 index
    covers only embedded, check-worthy claims, so it is not used for a search that
    must find every claim.
    """
    if _is_postgres():
        match = RawSQL(
            "claims_claim.text_tsv @@ websearch_to_tsquery('english', %s)",
            [q], output_field=BooleanField(),
        )
        return qs.filter(match).order_by("-checkworthiness", "id")
    terms = search_terms(q)
    if not terms:
        return qs.none()
    for term in terms:
        qs = qs.filter(text__icontains=term)
    return qs.order_by("-checkworthiness", "id")


def similar_claim_hits(q: str, *, k: int = 50) -> list[tuple[int, float]]:
    """(claim id, cosine) of the stored claims nearest to the text ``q``, best first."""
    from claims import vector_search

    vector = embed.embed_texts([q])[0]
    dense, _lexical = vector_search.search(vector_search.CLAIMS, text=q, vector=vector, k=k)
    return dense[:k]
