"""The newsroom's front door: add articles, the articles list, search, the reference
corpus. Thin: reads from ``selectors_front``, writes through the services that the
command line and the API use."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from . import selectors_front as sel
from .filters_front import ArticleListFilter, SearchClaimFilter
from .forms_front import ArticleAddForm, ReferenceUploadForm, SearchForm
from .models import Article, ReferencePassage, Source
from .permissions import moderator_required, reviewer_required
from .pipeline.errors import InputError
from .services.articles_add import articles_add
from .services.reference_load import reference_load_data

ARTICLES_PAGE_SIZE = 25
SEARCH_PAGE_SIZE = 25
SIMILAR_K = 50
PASSAGES_PAGE_SIZE = 30


# --- add articles ------------------------------------------------------------------

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
                o.article.pk: sel.article_progress(pk=o.article.pk)
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
        progress = sel.article_progress(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    return render(request, "claims/front/_article_progress.html", {"p": progress})


# --- articles list -------------------------------------------------------------------

@require_GET
@reviewer_required
def article_list(request):
    flt = ArticleListFilter(request.GET, queryset=sel.article_list())
    articles = flt.qs if flt.is_valid() else sel.article_list().none()
    page = Paginator(articles, ARTICLES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/front/article_list.html", {
        "filter": flt, "page": page,
        "current_sort": flt.form.cleaned_data.get("sort", ["-added"])[0]
        if flt.is_valid() and flt.form.cleaned_data.get("sort") else "-added",
        "state_labels": sel.VerificationState.LABELS,
        "filtered": any(request.GET.get(k) for k in
                        ("q", "source", "published_after", "published_before", "state")),
    })


# --- search --------------------------------------------------------------------------

@require_GET
@reviewer_required
def search(request):
    form = SearchForm(request.GET)
    form.is_valid()
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    mode = form.cleaned_data.get("mode", "words") if form.is_valid() else "words"
    flt = SearchClaimFilter(request.GET, queryset=sel.claim_search_base(), request=request)
    ctx = {"form": form, "q": q, "mode": mode, "filter": flt, "articles": [], "page": None,
           "scores": {}, "error": ""}
    if q and flt.is_valid():
        if mode == "similar":
            hits = sel.similar_claim_hits(q, k=SIMILAR_K)
            scores = dict(hits)
            base = sel.claim_search_base().filter(pk__in=list(scores))
            claims = list(SearchClaimFilter(request.GET, queryset=base, request=request).qs)
            claims.sort(key=lambda c: (-scores[c.pk], c.pk))
            ctx["scores"] = scores
            ctx["page"] = Paginator(claims, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        else:
            found = sel.claims_matching_words(sel.claim_search_base(), q)
            claims = SearchClaimFilter(request.GET, queryset=found, request=request).qs
            ctx["page"] = Paginator(claims, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
            ctx["articles"] = sel.articles_matching_words(q)
    elif q:
        ctx["error"] = "Some filters were not understood."
    for claim in ctx["page"] or []:
        claim.similarity = ctx["scores"].get(claim.pk)
    return render(request, "claims/front/search.html", ctx)


# --- reference corpus ----------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@moderator_required
def reference(request):
    result = run = error = None
    status = 200
    if request.method == "POST":
        form = ReferenceUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = reference_load_data(
                    data=upload.read(), name=upload.name,
                    skip_bad=form.cleaned_data["skip_bad"],
                    skip_hint="tick \u201cSkip bad rows\u201d to load the good rows",
                )
            except InputError as exc:
                error = str(exc)
                status = 400
            else:
                if result.created and form.cleaned_data["reverify"]:
                    from .services.reverify import reverify_stale

                    run = reverify_stale()  # on commit: queued, or run here when eager
                    if run is not None:
                        run.refresh_from_db()
                form = ReferenceUploadForm()
        else:
            status = 400
    else:
        form = ReferenceUploadForm()
    q = request.GET.get("q", "").strip()[:500]
    page = Paginator(sel.reference_passages(q), PASSAGES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "claims/front/reference.html", {
        "form": form, "result": result, "run": run, "error": error, "q": q, "page": page,
        "error_lines": error.splitlines() if error else [],
        "added": list(ReferencePassage.objects.defer("embedding")
                      .filter(pk__in=result.passage_ids[:20]).order_by("id")) if result else [],
    }, status=status)
