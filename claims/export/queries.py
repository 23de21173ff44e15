"""Reads behind the exports: articles with everything a claim record needs, no N+1."""

from django.db.models import Prefetch, QuerySet

from claims.models import Article, Claim, ClaimFlag, Contradiction, Match
from claims.selectors import verdicts_visible_to


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
