"""Reads for views, API and admin. Each returns a queryset with its joins done.

Counts are correlated subqueries rather than JOIN + COUNT(DISTINCT): they stay
cheap when a claim has many flags, matches and contradictions at once.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from .models import (
    Article,
    Assignment,
    Claim,
    ClaimFlag,
    Contradiction,
    Match,
    Verdict,
    VerificationRun,
)

OPEN_STATUSES = (Claim.Status.PENDING, Claim.Status.NEEDS_REVIEW, Claim.Status.DISPUTED)


def count_subquery(qs: QuerySet, ref: str) -> Coalesce:
    """COUNT(*) of ``qs`` rows whose ``ref`` is the outer row's pk, as a subquery."""
    sub = (
        qs.filter(**{ref: OuterRef("pk")})
        .order_by()
        .values(ref)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def conflict_count_expr():
    """Open contradictions of the outer claim, counted: what ``Claim.conflict_count``
    stores (services.claim_conflict_count); pages read the stored column."""
    live = Contradiction.objects.exclude(status=Contradiction.Status.DISMISSED)
    return count_subquery(live, "claim") + count_subquery(live, "other_claim")


def current_verdicts_prefetch(lookup: str = "verdicts") -> Prefetch:
    """A claim's settled verdict (a sealed review is never current; the rule is applied
    anyway, so this prefetch can never carry one)."""
    return Prefetch(
        lookup,
        queryset=verdicts_visible_to(None).filter(is_current=True).select_related("reviewer"),
        to_attr="current_verdicts",
    )


# --- the blind-review rule ----------------------------------------------------------
#
# ONE rule decides which verdicts a user may see: every verdict except a sealed first
# blind review written by someone else. It applies to everyone, moderators and
# superusers included (a moderator may be the second reviewer or the adjudicator, and
# the agreement statistics are worthless if either saw the first label). Every read of
# verdicts (pages, API, admin, exports, charts, history) goes through
# ``verdicts_visible_to`` or ``verdict_history_visible_to``; ``viewer=None`` means
# "nobody in particular" (exports, charts, cached figures): sealed reviews are left out.


def verdict_visible_q(user, prefix: str = "") -> Q:
    """Verdicts ``user`` may see: all but sealed first blind reviews by someone else.

    A sealed verdict (an open two-reviewer round) is shown to its author only, so
    whoever might still record the second review records it blind.
    """
    return ~Q(**{f"{prefix}sealed": True}) | Q(**{f"{prefix}reviewer_id": getattr(user, "pk", None)})


def verdicts_visible_to(user, queryset: QuerySet[Verdict] | None = None) -> QuerySet[Verdict]:
    """``queryset`` (default: every verdict) less what ``user`` may not see (see above)."""
    qs = Verdict.objects.all() if queryset is None else queryset
    return qs.filter(verdict_visible_q(user))


def verdict_history_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """Historical verdict records ``user`` may see: none of a verdict that is sealed now
    and not theirs (its earlier records would show the label just as well). Once the
    round completes the verdict is unsealed and its whole history is visible."""
    qs = Verdict.history.all() if queryset is None else queryset
    hidden = Verdict.objects.exclude(verdict_visible_q(user)).values("pk")
    return qs.exclude(id__in=hidden)


def open_round_expr() -> Exists:
    """True when the claim has a first blind review waiting for its second."""
    return Exists(Verdict.objects.filter(claim_id=OuterRef("pk"), sealed=True))


def claims_assigned_to(user) -> Q:
    """Claims given to ``user`` by an active assignment, of the claim or of its article."""
    mine = Assignment.objects.filter(reviewer_id=getattr(user, "pk", None), is_active=True)
    return Q(pk__in=mine.filter(claim__isnull=False).values("claim_id")) | Q(
        article_id__in=mine.filter(article__isnull=False).values("article_id")
    )


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


def _article_claims(*extra) -> Prefetch:
    """An article's claims in order with their flags (and ``extra`` prefetches); no vectors."""
    claims = (
        Claim.objects.defer("embedding")
        .prefetch_related(Prefetch("flags", queryset=ClaimFlag.objects.order_by("code")), *extra)
        .order_by("position")
    )
    return Prefetch("claims", queryset=claims)


def articles_with_claims():
    """Articles with their claims (in order) and flags: three queries for a page of them."""
    return Article.objects.select_related("source").prefetch_related(_article_claims())


def article_with_claims(*, pk: int) -> Article:
    """The article, its claims in order with their flags and settled verdicts, and its
    verification runs, newest first (``article.runs.all``)."""
    return Article.objects.select_related("source").prefetch_related(
        _article_claims(current_verdicts_prefetch()),
        Prefetch("runs", queryset=VerificationRun.objects.order_by("-created_at", "-id")),
    ).get(pk=pk)


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


def claim_assignments(*, claim: Claim) -> list[Assignment]:
    """Active assignments of the claim and of its article, oldest first."""
    return list(
        Assignment.objects.filter(
            Q(claim_id=claim.pk) | Q(article_id=claim.article_id), is_active=True
        )
        .select_related("reviewer", "assigned_by")
        .order_by("assigned_at", "id")
    )


def article_assignments(*, article_id: int) -> list[Assignment]:
    return list(
        Assignment.objects.filter(article_id=article_id, is_active=True)
        .select_related("reviewer", "assigned_by")
        .order_by("assigned_at", "id")
    )


def assignable_reviewers():
    """Active users with the reviewer or moderator role, or superusers, by name."""
    from .permissions import ROLES

    return (
        get_user_model().objects.filter(is_active=True)
        .filter(Q(groups__name__in=ROLES) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


def blind_review_rounds() -> list[tuple[int, str, str, int, str, str]]:
    """Every completed blind round as (first reviewer id, name, label, second reviewer
    id, name, label): one row per second review, one query."""
    return list(
        Verdict.objects.filter(kind=Verdict.Kind.SECOND_REVIEW, first_review__isnull=False)
        .order_by("id")
        .values_list(
            "first_review__reviewer_id", "first_review__reviewer__username",
            "first_review__label", "reviewer_id", "reviewer__username", "label",
        )
    )


def claim_contradictions(*, claim_id: int) -> list[Contradiction]:
    """Contradictions on either side of the pair, with both sides loaded."""
    return list(
        Contradiction.objects.filter(Q(claim_id=claim_id) | Q(other_claim_id=claim_id))
        .select_related(
            "claim__article__source", "other_claim__article__source", "passage", "resolved_by"
        )
        .defer("claim__embedding", "other_claim__embedding", "passage__embedding",
               "claim__article__raw_text", "claim__article__cleaned_text",
               "other_claim__article__raw_text", "other_claim__article__cleaned_text")
        .order_by("status", "-confidence", "id")
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


@dataclass
class EventVersion:
    claim: Claim
    score: float | None
    stance: str = ""
    method: str = ""
    contradictions: list = field(default_factory=list)


def claim_event(*, claim_id: int, threshold: float) -> tuple[Claim, list[EventVersion]]:
    """The claim and every other source's claim matched to it at ``score >= threshold``.

    Matches are read in both directions (A matched B, or B matched A); the best
    score wins. Each version carries the contradictions between it and the claim.
    """
    claim = (
        Claim.objects.select_related("article__source")
        .defer("embedding", "article__raw_text", "article__cleaned_text")
        .prefetch_related(Prefetch("flags", queryset=ClaimFlag.objects.order_by("code")),
                          current_verdicts_prefetch())
        .get(pk=claim_id)
    )
    pairs = Match.objects.filter(
        Q(claim_id=claim_id, other_claim__isnull=False) | Q(other_claim_id=claim_id),
        score__gte=threshold,
    ).values_list("claim_id", "other_claim_id", "score", "stance", "method")
    best: dict[int, tuple[float, str, str]] = {}
    for a, b, score, stance, method in pairs:
        other = b if a == claim_id else a
        if other not in best or score > best[other][0]:
            best[other] = (score, stance, method)
    others = (
        Claim.objects.filter(pk__in=best)
        .select_related("article__source")
        .defer("embedding", "article__raw_text", "article__cleaned_text")
        .prefetch_related(Prefetch("flags", queryset=ClaimFlag.objects.order_by("code")),
                          current_verdicts_prefetch())
    )
    contradictions: dict[int, list[Contradiction]] = {}
    for c in Contradiction.objects.filter(
        Q(claim_id=claim_id, other_claim_id__in=best) | Q(other_claim_id=claim_id, claim_id__in=best)
    ).order_by("kind"):
        other = c.other_claim_id if c.claim_id == claim_id else c.claim_id
        contradictions.setdefault(other, []).append(c)
    versions = [
        EventVersion(o, best[o.pk][0], best[o.pk][1], best[o.pk][2], contradictions.get(o.pk, []))
        for o in others
    ]
    versions.sort(key=lambda v: (-v.score, v.claim.pk))
    return claim, versions


def verification_runs(*, active_only: bool = False) -> QuerySet[VerificationRun]:
    qs = VerificationRun.objects.select_related("article").defer(
        "article__raw_text", "article__cleaned_text", "article__dropped"
    )
    if active_only:
        qs = qs.filter(status__in=[VerificationRun.Status.QUEUED, VerificationRun.Status.RUNNING])
    return qs.order_by("-created_at", "-id")
