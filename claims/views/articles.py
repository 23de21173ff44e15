"""Article pages: the articles list, adding articles (text, URL or file) with
their progress, and one article with its claims highlighted.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from claims.filters import ArticleListFilter
from claims.forms import ArticleAddForm, AssignForm, ReviewModeForm
from claims.models import Article, Source
from claims.permissions import is_moderator, reviewer_required
from claims.selectors import articles as article_reads
from claims.selectors.articles import VerificationState, article_with_claims
from claims.selectors.reviews import article_assignments, assignable_reviewers
from claims.services.articles import articles_add
from claims.views.display import article_segments

ARTICLES_PAGE_SIZE = 25


@require_http_methods(["GET", "POST"])
@reviewer_required
def article_add(request):
    outcomes = None
    status = 200
    if request.method == "POST":
        form = ArticleAddForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            outcomes = articles_add(
                items=form.items(), source_name=data["source"], title=data["title"],
                published=data["published"],
            )
            progress = {
                o.article.pk: article_reads.article_progress(pk=o.article.pk)
                for o in outcomes if o.status == "stored"
            }
            outcomes = [(o, progress.get(o.article.pk) if o.article else None) for o in outcomes]
            form = ArticleAddForm()  # the next batch starts empty
        else:
            status = 400
    else:
        form = ArticleAddForm()
    ctx = {
        "form": form, "outcomes": outcomes,
        "sources": Source.objects.filter(kind=Source.Kind.NEWS).values_list("name", flat=True)
        .order_by("name")[:200],
    }
    if request.htmx and outcomes is not None:
        return render(request, "claims/front/_add_results.html", ctx)
    if request.htmx:  # the form again, with its errors, in place (htmx swaps 200s only)
        response = render(request, "claims/front/_add_form.html", ctx)
        response["HX-Retarget"] = "#add-form"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "claims/front/article_add.html", ctx, status=status)


@require_GET
@reviewer_required
def article_progress(request, pk: int):
    try:
        progress = article_reads.article_progress(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    return render(request, "claims/front/_article_progress.html", {"p": progress})


@require_GET
@reviewer_required
def article_list(request):
    flt = ArticleListFilter(request.GET, queryset=article_reads.article_list())
    articles = flt.qs if flt.is_valid() else article_reads.article_list().none()
    page = Paginator(articles, ARTICLES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/front/article_list.html", {
        "filter": flt, "page": page,
        "current_sort": flt.form.cleaned_data.get("sort", ["-added"])[0]
        if flt.is_valid() and flt.form.cleaned_data.get("sort") else "-added",
        "state_labels": VerificationState.LABELS,
        "filtered": any(request.GET.get(k) for k in
                        ("q", "source", "published_after", "published_before", "state")),
    })


@require_GET
@reviewer_required
def article_detail(request, pk: int):
    try:
        article = article_with_claims(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    claims = list(article.claims.all())
    figures = article_reads.article_list().filter(pk=pk).first()  # the list's figures and state
    dropped = [d for d in (article.dropped or []) if isinstance(d, dict)]
    reasons: dict[str, int] = {}
    for d in dropped:
        reasons[d.get("reason") or "unspecified"] = reasons.get(d.get("reason") or "unspecified", 0) + 1
    return render(request, "claims/article.html", {
        "article": article,
        "claims": claims,
        "segments": article_segments(article.cleaned_text or "", claims),
        "dropped": dropped,
        "dropped_reasons": sorted(reasons.items(), key=lambda kv: -kv[1]),
        "flagged_count": sum(1 for c in claims if c.flags.all()),
        "figures": figures,
        "state_label": VerificationState.LABELS.get(figures.state, "") if figures else "",
        "runs": list(article.runs.all()[:5]),
        "last_matched": max((c.matched_at for c in claims if c.matched_at), default=None),
        **(_article_moderation_context(article) if is_moderator(request.user) else {}),
    })


def _article_moderation_context(article: Article) -> dict:
    assignments = article_assignments(article_id=article.pk)
    return {
        "can_moderate": True,
        "assignments": assignments,
        "assign_form": AssignForm(reviewers=assignable_reviewers(), current=assignments),
        "mode_form": ReviewModeForm(initial={"review_mode": article.review_mode}),
    }
