"""The task queue as services and pages see it: enqueue a task by its name once the
transaction commits, the errors that mean "the broker is not there", and whether it is.

Services enqueue through here and never import ``claims.tasks`` (which imports the
services), so the two stay one-way. Tasks are looked up in the Celery app's registry;
``loader.import_default_modules()`` is Celery's own autodiscovery step, run once in a
process (the web server) that has not loaded the task modules yet. ``delay`` on the
registered task honours ``CELERY_TASK_ALWAYS_EAGER`` (``send_task`` would not).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import redis
from celery import current_app
from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# what publishing raises when Redis is down, refuses us or times out
BROKER_ERRORS = (KombuOperationalError, RedisError, ConnectionError, TimeoutError)


def task_by_name(name: str):
    """The registered Celery task called ``name`` (e.g. ``claims.tasks.run_dispatch``)."""
    tasks = current_app.tasks
    if name not in tasks:
        current_app.loader.import_default_modules()
    return tasks[name]


def enqueue_on_commit(
    task_name: str, *args, on_unavailable: Callable[[Exception], None] | None = None
) -> None:
    """Send ``task_name(*args)`` when the current transaction commits (at once outside one).

    An unreachable broker is logged and handed to ``on_unavailable``; it never fails the
    request whose transaction has already committed."""

    def send():
        try:
            task_by_name(task_name).delay(*args)
        except BROKER_ERRORS as exc:
            log.warning("task queue unavailable, %s not queued: %r", task_name, exc)
            if on_unavailable:
                on_unavailable(exc)

    transaction.on_commit(send)


PING_TIMEOUT = 1.0  # seconds; a page must not hang on a dead broker


@dataclass(frozen=True)
class BrokerStatus:
    ok: bool
    detail: str


def broker_status() -> BrokerStatus:
    """Is the broker reachable? Pages say so: while it is down every page keeps working
    (the web app needs the database, not Redis) and only starting new work is refused."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return BrokerStatus(True, "tasks run in the web process (eager mode)")
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return BrokerStatus(True, "broker is not Redis; not checked")
    client = redis.Redis.from_url(url, socket_connect_timeout=PING_TIMEOUT, socket_timeout=PING_TIMEOUT)
    try:
        client.ping()
    except redis.RedisError as exc:
        return BrokerStatus(False, f"the task queue is unavailable ({type(exc).__name__})")
    finally:
        client.close()
    return BrokerStatus(True, "reachable")
