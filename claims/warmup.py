"""Load the sentence-embedding model in the background when the embedded-mode web
server starts, so the first verdict save does not wait for it.

Without it the first verdict save of the demo waited for the model load, which is
most of its time. A verdict becomes reference text, embedded on commit, and in
the embedded mode (Celery eager) that runs inside the request: the first one paid
for the model load. Under workers the web process never embeds, so nothing is loaded.
"""

from __future__ import annotations

import os
import sys
import threading


def should_warm(argv: list[str], environ, *, eager: bool, enabled: bool) -> bool:
    """Only the serving process of ``runserver`` (the autoreloader's child, or
    ``--noreload``) in the embedded mode."""
    if not (enabled and eager and "runserver" in argv):
        return False
    return environ.get("RUN_MAIN") == "true" or "--noreload" in argv


def warm_in_background() -> threading.Thread:
    from claims.pipeline import embed

    thread = threading.Thread(target=embed.warm, name="embedding-warmup", daemon=True)
    thread.start()
    return thread


def maybe_warm() -> threading.Thread | None:
    from django.conf import settings

    if should_warm(sys.argv, os.environ, eager=settings.CELERY_TASK_ALWAYS_EAGER,
                   enabled=getattr(settings, "EMBEDDING_WARMUP", True)):
        return warm_in_background()
    return None
