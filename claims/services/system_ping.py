"""The system ping: a worker marks a VerificationRun complete to prove that broker, worker
and database are wired together.

``claims.tasks.system_ping`` is the smallest real round trip: the web process (or a
test) creates a run, enqueues its id through the broker, and a worker re-reads the row
and marks it complete. Operators can use it to check a deployment
(``system_ping.delay(run.id)`` from a shell, then look at the run in the admin).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from claims.models import VerificationRun


def run_ping_complete(*, run_id: int, ping: dict) -> dict:
    """Mark run ``run_id`` complete with who answered (``ping``); idempotent."""
    with transaction.atomic():
        run = VerificationRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            return {"run_id": run_id, "status": "missing"}
        if run.status == VerificationRun.Status.COMPLETE:
            return {"run_id": run_id, "status": run.status, "changed": False}
        now = timezone.now()
        run.params = {**(run.params or {}), "ping": ping}
        run.status = VerificationRun.Status.COMPLETE
        run.done = run.total
        run.started_at = run.started_at or now
        run.finished_at = now
        run.save(update_fields=["params", "status", "done", "started_at", "finished_at"])
    return {"run_id": run_id, "status": run.status, "changed": True}
