"""Reads about articles: the articles list with its per-article figures, one
article with its claims, the add-articles progress, article search and the export's
read.

Every list is one query per page (plus the paginator's count): the per-article figures
are correlated subqueries, never a query per row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from claims.models import Article, Claim, ClaimFlag, Contradiction, Match, VerificationRun
from claims.pipeline import embed
from claims.selectors.claims import below_threshold_q, search_terms
from claims.selectors.counts import correlated_count
from claims.selectors.reviews import current_verdicts_prefetch, verdicts_visible_to


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


ACTIVE_RUN = (VerificationRun.Status.QUEUED, VerificationRun.Status.RUNNING)


def _outer_article_claims(**filters) -> QuerySet:
    return Claim.objects.filter(article_id=OuterRef("pk"), **filters)


class VerificationState:
    RUNNING = "running"
    UNMATCHED = "unmatched"
    IN_REVIEW = "in_review"
    REVIEWED = "reviewed"
    NOTHING = "nothing"

    CHOICES = [
        (RUNNING, "Verifying now"),
        (UNMATCHED, "Not matched yet"),
        (IN_REVIEW, "Matched, in review"),
        (REVIEWED, "Fully reviewed"),
        (NOTHING, "Nothing to check"),
    ]
    LABELS = dict(CHOICES)


def article_list() -> QuerySet[Article]:
    """Articles with their figures: ``n_claims`` (check-worthy), ``n_flagged`` (claims
    with a flag), ``n_conflicts`` (open contradictions of its claims, as the queue counts them),
    ``n_pending`` (not matched yet), ``n_reviewed``, ``reviewed_share`` (0-1),
    ``running`` (a verification run of it is queued or running) and ``state``."""

    checkworthy = ~Q(status=Claim.Status.NOT_CHECKWORTHY) & ~below_threshold_q()
    flagged = Claim.objects.filter(article_id=OuterRef("pk")).filter(
        Exists(ClaimFlag.objects.filter(claim_id=OuterRef("pk")))
    )
    qs = (
        Article.objects.select_related("source")
        .defer("raw_text", "cleaned_text", "dropped")
        .annotate(
            n_claims=correlated_count(_outer_article_claims().filter(checkworthy)),
            n_flagged=correlated_count(flagged),
            # the stored per-claim count the queue shows, summed (an index walk per
            # article, not a join through every contradiction)
            n_conflicts=Coalesce(Subquery(
                Claim.objects.filter(article_id=OuterRef("pk")).order_by()
                .values("article_id").annotate(s=Sum("conflict_count")).values("s"),
                output_field=IntegerField(),
            ), Value(0)),
            n_pending=correlated_count(_outer_article_claims(status=Claim.Status.PENDING)),
            n_reviewed=correlated_count(_outer_article_claims(status=Claim.Status.REVIEWED)),
            running=Exists(VerificationRun.objects.filter(
                article_id=OuterRef("pk"), status__in=ACTIVE_RUN
            )),
        )
        .annotate(
            reviewed_share=Case(
                When(n_claims=0, then=Value(0.0)),
                default=Cast(F("n_reviewed"), FloatField()) / Cast(F("n_claims"), FloatField()),
                output_field=FloatField(),
            ),
            state=Case(
                When(running=True, then=Value(VerificationState.RUNNING)),
                When(n_claims=0, then=Value(VerificationState.NOTHING)),
                When(n_pending__gt=0, then=Value(VerificationState.UNMATCHED)),
                When(n_reviewed__gte=F("n_claims"), then=Value(VerificationState.REVIEWED)),
                default=Value(VerificationState.IN_REVIEW),
            ),
        )
    )
    return qs


@dataclass
class ArticleProgress:
    article: Article
    run: VerificationRun | None
    claims: list[Claim]
    embedded: int  # claims of the run embedded with the current model
    steps: list[dict]
    percent: int
    active: bool


def _dropped_detail(n: int) -> str:
    if not n:
        return "nothing to remove"
    return f"{n} block{'s' if n != 1 else ''} of page clutter removed"


def _latest_run(article_id: int) -> VerificationRun | None:
    return (
        VerificationRun.objects.filter(article_id=article_id)
        .order_by("-created_at", "-id").first()
    )


def article_progress(*, pk: int) -> ArticleProgress:
    """Where a new article is: cleaned, claims extracted, embedding, matching, done."""
    article = (
        Article.objects.select_related("source").defer("raw_text", "cleaned_text").get(pk=pk)
    )
    run = _latest_run(pk)
    claims = list(
        Claim.objects.filter(article_id=pk)
        .defer("embedding")
        .annotate(n_matches=correlated_count(Match.objects.filter(claim_id=OuterRef("pk"))))
        .prefetch_related(Prefetch("flags", queryset=ClaimFlag.objects.order_by("code")))
        .order_by("position")
    )
    # flagged and conflicting claims first, then in the article's order
    claims.sort(key=lambda c: (not (c.flags.all() or c.conflict_count), c.position))
    checkworthy = [c for c in claims if c.status != Claim.Status.NOT_CHECKWORTHY]
    version = embed.model_version()
    embedded = sum(1 for c in checkworthy if c.embedding_model == version)
    active = run is not None and run.status in ACTIVE_RUN
    total = run.total if run else len(checkworthy)
    phase = run.phase if run else None
    failed = run is not None and run.status == VerificationRun.Status.FAILED
    done = run is not None and run.status == VerificationRun.Status.COMPLETE

    def state(step: str) -> str:
        if step in ("clean", "extract"):
            return "done"
        if run is None:
            return "waiting"
        if done or phase == VerificationRun.Phase.DONE:
            return "failed" if failed and step == "match" else "done"
        if step == "embed":
            if phase == VerificationRun.Phase.EMBED:
                return "failed" if failed else ("active" if active else "waiting")
            return "done"
        if phase == VerificationRun.Phase.MATCH:
            return "failed" if failed else "active"
        return "waiting"

    embed_frac = min(1.0, embedded / total) if total else 1.0
    match_frac = (run.done + run.failed) / run.total if run and run.total else (
        1.0 if done else 0.0)
    if done or (run is not None and phase == VerificationRun.Phase.DONE):
        percent = 100
    else:
        percent = int(25 + 35 * (embed_frac if phase != VerificationRun.Phase.MATCH else 1.0)
                      + 40 * (match_frac if phase == VerificationRun.Phase.MATCH else 0.0))
    n = len(claims)
    steps = [
        {"key": "clean", "label": "Cleaned", "state": state("clean"),
         "detail": _dropped_detail(len(article.dropped or []))},
        {"key": "extract", "label": "Claims extracted", "state": state("extract"),
         "detail": f"{n} claim{'s' if n != 1 else ''}, {len(checkworthy)} check-worthy"},
        {"key": "embed", "label": "Embedding", "state": state("embed"),
         "detail": f"{total if state('embed') == 'done' else min(embedded, total)} of {total}"},
        {"key": "match", "label": "Matching", "state": state("match"),
         "detail": f"{run.done if run else 0} of {total}"},
    ]
    return ArticleProgress(article=article, run=run, claims=claims, embedded=embedded,
                           steps=steps, percent=percent, active=active)


def articles_matching_words(q: str, *, limit: int = 8) -> list[Article]:
    """Articles whose title or source name holds every term of ``q``."""
    terms = search_terms(q)
    if not terms:
        return []
    qs = Article.objects.select_related("source").defer("raw_text", "cleaned_text", "dropped")
    for term in terms:
        qs = qs.filter(Q(title__icontains=term) | Q(source__name__icontains=term))
    return list(qs.order_by("-published", "-id")[:limit])


def articles_for_export(*, article_id: int | None = None) -> QuerySet[Article]:
    claims = Claim.objects.order_by("position").prefetch_related(
        Prefetch("flags", queryset=ClaimFlag.objects.order_by("code", "id")),
        Prefetch(
            "matches",
            # the passage's verdict, if it is one: exported as "checked before"
            queryset=Match.objects.select_related("passage__from_verdict")
            .defer("passage__embedding", "passage__text")
            .order_by("rank"),
        ),
        Prefetch(
            "verdicts",
            # exports are for nobody in particular: never a sealed review
            queryset=verdicts_visible_to(None).filter(is_current=True)
            .select_related("reviewer"),
            to_attr="current_verdicts",
        ),
        Prefetch("contradictions", queryset=Contradiction.objects.order_by("id")),
        Prefetch("contradicted_by", queryset=Contradiction.objects.order_by("id")),
    )
    qs = Article.objects.select_related("source").prefetch_related(
        Prefetch("claims", queryset=claims)
    ).order_by("id")
    if article_id is not None:
        qs = qs.filter(pk=article_id)
    return qs
