"""Verification runs: the runs list with the queue and the beat schedules, one run's
progress, and running a scheduled job now (moderators).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims.broker import broker_status
from claims.models import ModelVersion
from claims.permissions import is_moderator, moderator_required, reviewer_required
from claims.selectors.runs import schedules, verification_runs
from claims.services.model_versions import model_rescore_request
from claims.services.runs import reverify_stale


@require_GET
@reviewer_required
def run_list(request):
    page = Paginator(verification_runs(), 50).get_page(request.GET.get("page"))
    return render(request, "claims/runs.html", {
        "page": page, "queue": broker_status(), "schedules": schedules(),
        "embedded": settings.CELERY_TASK_ALWAYS_EAGER, "can_run_now": is_moderator(request.user),
    })


@require_GET
@reviewer_required
def run_progress(request, pk: int):
    run = get_object_or_404(verification_runs(), pk=pk)
    return render(
        request, "claims/_run_progress.html", {"run": run, "compact": bool(request.GET.get("compact"))}
    )


# the sweep re-matches every claim: too long for a web request in the embedded mode
RUN_NOW = {
    "reverify": (reverify_stale, "Re-verification of stale claims"),
}


@require_POST
@moderator_required
def schedule_run_now(request):
    if request.POST.get("job") == "rescore-checkworthy":
        model_rescore_request(kind=ModelVersion.Kind.CHECKWORTHY, user=request.user)
        messages.success(request, "Check-worthiness re-score queued: every embedded claim gets "
                         "the score of the model that serves now.")
        return redirect("claims:runs")
    job = RUN_NOW.get(request.POST.get("job", ""))
    if job is None:
        messages.error(request, "Nothing started: unknown job.")
        return redirect("claims:runs")
    service, name = job
    run = service()
    if run is None:
        messages.info(request, f"{name}: nothing to do, every claim is up to date.")
    else:
        run.refresh_from_db()
        messages.success(request, f"{name} started as run {run.pk} ({run.get_status_display().lower()}).")
    return redirect("claims:runs")
