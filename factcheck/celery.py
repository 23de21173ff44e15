"""The Celery app. Settings come from Django settings with the CELERY_ prefix."""

import os
import sys

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
def _remember_pool_size(sender=None, **kwargs):
    # the worker's parent knows its pool size; prefork children inherit the environment
    os.environ["FACTCHECK_POOL_SIZE"] = str(getattr(sender, "concurrency", 0) or 1)


@signals.worker_process_init.connect
def _share_cores(**kwargs):
    """Give each pool process its share of the cores for torch (the embedding model).

    Left alone, every prefork child runs torch on as many threads as the host has
    cores, so concurrency N oversubscribes the CPU N times over. ``TORCH_THREADS``
    sets the number; by default it is cores // pool size (at least 1).
    """
    cores = os.cpu_count() or 1
    pool = int(os.environ.get("FACTCHECK_POOL_SIZE", "1") or 1)
    threads = int(os.environ.get("TORCH_THREADS") or max(1, cores // max(1, pool)))
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)
    else:  # torch reads these when it is first imported (the first embed task)
        os.environ["OMP_NUM_THREADS"] = os.environ["MKL_NUM_THREADS"] = str(threads)
