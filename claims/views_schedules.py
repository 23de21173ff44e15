"""The scheduled jobs, where a reviewer can see them: the runs page lists them and says
whether anything runs them; a moderator can run one now (the embedded mode has no
``celery beat``, so there nothing else would)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from .permissions import moderator_required
from .services.reverify import reverify_stale

# the sweep re-matches every claim: too long for a web request in the embedded mode
RUN_NOW = {
    "reverify": (reverify_stale, "Re-verification of stale claims"),
}


@require_POST
@moderator_required
def schedule_run_now(request):
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
