"""The reference corpus page: browse passages, upload a corpus file (moderators).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from claims.forms import ReferenceUploadForm
from claims.models import ReferencePassage
from claims.permissions import moderator_required
from claims.pipeline.errors import InputError
from claims.selectors.reference import reference_passages
from claims.services.reference import reference_load_data

PASSAGES_PAGE_SIZE = 30


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
                    from claims.services.runs import reverify_stale

                    run = reverify_stale()  # on commit: queued, or run here when eager
                    if run is not None:
                        run.refresh_from_db()
                form = ReferenceUploadForm()
        else:
            status = 400
    else:
        form = ReferenceUploadForm()
    q = request.GET.get("q", "").strip()[:500]
    page = Paginator(reference_passages(q), PASSAGES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "claims/front/reference.html", {
        "form": form, "result": result, "run": run, "error": error, "q": q, "page": page,
        "error_lines": error.splitlines() if error else [],
        "added": list(ReferencePassage.objects.defer("embedding")
                      .filter(pk__in=result.passage_ids[:20]).order_by("id")) if result else [],
    }, status=status)
