"""System tasks: prove that broker, worker and database are wired together.

``system_ping`` is the smallest real round-trip: the web process (or a test)
creates a :class:`~claims.models.VerificationRun`, enqueues its id through the
broker, and a worker process re-reads the row and marks it complete. Operators
can use it to check a deployment (``system_ping.delay(run.id)`` from a shell,
then look at the run in the admin); the integration tests use it to check that
a live worker, started the way production starts one, sees the same database.

Workers load this module with ``celery -A factcheck worker -I claims.tasks_system``
(autodiscovery only finds ``claims/tasks.py``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from factcheck.celery import app

from .models import VerificationRun


@app.task(name="claims.tasks_system.system_ping", bind=True, acks_late=True)
def system_ping(self, run_id: int) -> dict:
    """Mark VerificationRun ``run_id`` complete; idempotent; returns what it did."""
    with transaction.atomic():
        run = VerificationRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            return {"run_id": run_id, "status": "missing"}
        if run.status == VerificationRun.Status.COMPLETE:
            return {"run_id": run_id, "status": run.status, "changed": False}
        now = timezone.now()
        delivery = self.request.delivery_info or {}
        run.params = {
            **(run.params or {}),
            "ping": {
                "hostname": self.request.hostname or "",
                "task_id": self.request.id or "",
                "routing_key": delivery.get("routing_key", ""),
                "eager": bool(self.request.is_eager),
            },
        }
        run.status = VerificationRun.Status.COMPLETE
        run.done = run.total
        run.started_at = run.started_at or now
        run.finished_at = now
        run.save(update_fields=["params", "status", "done", "started_at", "finished_at"])
    return {"run_id": run_id, "status": run.status, "changed": True}
