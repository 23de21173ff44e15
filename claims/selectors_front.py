"""Reads for the articles list, the add-articles progress, search and the corpus page.

Every list is one query per page (plus the paginator's count): the per-article
figures are correlated subqueries, never a query per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    FloatField,
    Func,
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
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce

from claims.models import (
    Article,
    Claim,
    ClaimFlag,
    Match,
    ReferencePassage,
    VerificationRun,
)
from claims.pipeline import embed

ACTIVE_RUN = (VerificationRun.Status.QUEUED, VerificationRun.Status.RUNNING)


class _CountStar(Func):
    function = "COUNT"
    template = "COUNT(*)"
    output_field = IntegerField()


def _count(qs: QuerySet) -> Coalesce:
    """COUNT(*) of ``qs`` (already correlated with ``OuterRef``), as a subquery."""
    sub = qs.order_by().annotate(n=_CountStar()).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def _article_claims(**filters) -> QuerySet:
    return Claim.objects.filter(article_id=OuterRef("pk"), **filters)


# --- articles list ----------------------------------------------------------------

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
    from claims.selectors import below_threshold_q

    checkworthy = ~Q(status=Claim.Status.NOT_CHECKWORTHY) & ~below_threshold_q()
    flagged = Claim.objects.filter(article_id=OuterRef("pk")).filter(
        Exists(ClaimFlag.objects.filter(claim_id=OuterRef("pk")))
    )
    qs = (
        Article.objects.select_related("source")
        .defer("raw_text", "cleaned_text", "dropped")
        .annotate(
            n_claims=_count(_article_claims().filter(checkworthy)),
            n_flagged=_count(flagged),
            # the stored per-claim count the queue shows, summed (an index walk per
            # article, not a join through every contradiction)
            n_conflicts=Coalesce(Subquery(
                Claim.objects.filter(article_id=OuterRef("pk")).order_by()
                .values("article_id").annotate(s=Sum("conflict_count")).values("s"),
                output_field=IntegerField(),
            ), Value(0)),
            n_pending=_count(_article_claims(status=Claim.Status.PENDING)),
            n_reviewed=_count(_article_claims(status=Claim.Status.REVIEWED)),
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


# --- one article's progress (add-articles page) ---------------------------------------

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
        .annotate(n_matches=_count(Match.objects.filter(claim_id=OuterRef("pk"))))
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


# --- search -----------------------------------------------------------------------------

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
    rechecks the stored value instead of re-parsing each candidate's text). SQLite (the embedded default): every term must
    occur in the claim text, case-insensitively (LIKE). Both order by check-worthiness,
    as the queue does: ranking by ``ts_rank_cd`` recomputes every match's tsvector
    (149 ms for a word in 10k of 100k claims, against 8 ms in this order). The embedded BM25 index covers only embedded, check-worthy
    claims, so it is not used for a search that must find every claim.
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


def articles_matching_words(q: str, *, limit: int = 8) -> list[Article]:
    """Articles whose title or source name holds every term of ``q``."""
    terms = search_terms(q)
    if not terms:
        return []
    qs = Article.objects.select_related("source").defer("raw_text", "cleaned_text", "dropped")
    for term in terms:
        qs = qs.filter(Q(title__icontains=term) | Q(source__name__icontains=term))
    return list(qs.order_by("-published", "-id")[:limit])


def similar_claim_hits(q: str, *, k: int = 50) -> list[tuple[int, float]]:
    """(claim id, cosine) of the stored claims nearest to the text ``q``, best first."""
    from claims import vector_search

    vector = embed.embed_texts([q])[0]
    dense, _lexical = vector_search.search(vector_search.CLAIMS, text=q, vector=vector, k=k)
    return dense[:k]


# --- reference corpus -------------------------------------------------------------------

def reference_passages(q: str = "") -> QuerySet[ReferencePassage]:
    qs = ReferencePassage.objects.defer("embedding").annotate(
        n_matches=_count(Match.objects.filter(passage_id=OuterRef("pk")))
    )
    for term in search_terms(q):
        qs = qs.filter(Q(text__icontains=term) | Q(title__icontains=term)
                       | Q(source__icontains=term))
    return qs.order_by("-created_at", "-id")


# --- scheduled jobs (runs page) ------------------------------------------------------

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
