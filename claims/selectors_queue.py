"""Is the task queue (the Celery broker) reachable? A read for pages and health checks.

The web app needs PostgreSQL, not Redis: while the broker is down every page
keeps working and only starting new work is refused. Pages ask this to say so.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis
from django.conf import settings

TIMEOUT = 1.0  # seconds; a page must not hang on a dead broker


@dataclass(frozen=True)
class QueueStatus:
    ok: bool
    detail: str


def queue_status() -> QueueStatus:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return QueueStatus(True, "tasks run in the web process (eager mode)")
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return QueueStatus(True, "broker is not Redis; not checked")
    client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT)
    try:
        client.ping()
    except redis.RedisError as exc:
        return QueueStatus(False, f"the task queue is unavailable ({type(exc).__name__})")
    finally:
        client.close()
    return QueueStatus(True, "reachable")
