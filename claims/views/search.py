"""Search: claims by words or by meaning, and articles by title or source.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims.filters import SearchClaimFilter
from claims.forms import SearchForm
from claims.permissions import reviewer_required
from claims.selectors.articles import articles_matching_words
from claims.selectors.claims import claim_search_base, claims_matching_words, similar_claim_hits

SEARCH_PAGE_SIZE = 25


SIMILAR_K = 50


@require_GET
@reviewer_required
def search(request):
    form = SearchForm(request.GET)
    form.is_valid()
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    mode = form.cleaned_data.get("mode", "words") if form.is_valid() else "words"
    flt = SearchClaimFilter(request.GET, queryset=claim_search_base(), request=request)
    ctx = {"form": form, "q": q, "mode": mode, "filter": flt, "articles": [], "page": None,
           "scores": {}, "error": ""}
    if q and flt.is_valid():
        if mode == "similar":
            hits = similar_claim_hits(q, k=SIMILAR_K)
            scores = dict(hits)
            base = claim_search_base().filter(pk__in=list(scores))
            claims = list(SearchClaimFilter(request.GET, queryset=base, request=request).qs)
            claims.sort(key=lambda c: (-scores[c.pk], c.pk))
            ctx["scores"] = scores
            ctx["page"] = Paginator(claims, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        else:
            found = claims_matching_words(claim_search_base(), q)
            claims = SearchClaimFilter(request.GET, queryset=found, request=request).qs
            ctx["page"] = Paginator(claims, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
            ctx["articles"] = articles_matching_words(q)
    elif q:
        ctx["error"] = "Some filters were not understood."
    for claim in ctx["page"] or []:
        claim.similarity = ctx["scores"].get(claim.pk)
    return render(request, "claims/front/search.html", ctx)
