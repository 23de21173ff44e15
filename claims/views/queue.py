"""The review queue: check-worthy claims, filtered and sorted, with tab counts.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims.filters import ClaimQueueFilter
from claims.forms import LABEL_KEYS
from claims.models import Claim
from claims.pagination import KnownCountPaginator
from claims.permissions import is_moderator, reviewer_required
from claims.selectors.claims import (
    checkworthy_threshold,
    claim_queue,
    claim_status_counts,
    status_only_count,
)
from claims.selectors.runs import verification_runs
from claims.views.display import LABEL_MAP

QUEUE_PAGE_SIZE = 25


@require_GET
@reviewer_required
def queue(request):
    flt = ClaimQueueFilter(request.GET, queryset=claim_queue(), request=request)
    claims = flt.qs if flt.is_valid() else claim_queue().none()
    counts = claim_status_counts()
    known = (status_only_count(flt.form.cleaned_data, default_status="open", counts=counts)
             if flt.is_valid() else None)
    paginator = KnownCountPaginator(claims, QUEUE_PAGE_SIZE, known_count=known)
    page = paginator.get_page(request.GET.get("page"))
    article = flt.form.cleaned_data.get("article") if flt.is_valid() else None
    return render(request, "claims/queue.html", {
        "filter": flt,
        "page": page,
        "counts": counts,
        "status_tabs": [("open", "Open")] + list(Claim.Status.choices) + [("all", "All")],
        "current_status": flt.form.cleaned_data.get("status") if flt.is_valid() else "open",
        "current_sort": request.GET.get("sort") or "-worthiness",
        "article": article,
        "label_keys": LABEL_KEYS,
        "label_map": LABEL_MAP,
        "active_runs": list(verification_runs(active_only=True)[:3]),
        "cw_threshold": checkworthy_threshold(),
        "is_moderator": is_moderator(request.user),
    })
