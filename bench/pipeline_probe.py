"""Timers for ``bench/pipeline.py``: where a worker's time goes, without touching the code.

Imported by the benchmark's worker processes (``celery -A bench.pipeline_probe worker``)
and, in eager mode, by the benchmark itself. It wraps the stage functions by
name (embed, check-worthiness re-score, candidate search, comparison, ...) with
wall-clock timers, counts every SQL statement and its time through Django's
``execute_wrappers``, records each task's queue wait (a publish timestamp in a
message header) and the process's RSS, and writes the totals to
``$PIPELINE_PROBE_DIR/<pid>.json`` after each task. A function that does not
exist (renamed on another branch) is simply not timed.

Times are inclusive: the SQL a search runs is in ``search`` and also in the
database totals; the database totals are also split by the stage they ran in.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import resource
import sys
import time
from pathlib import Path

from celery import signals

from factcheck.celery import app  # noqa: F401  (celery -A bench.pipeline_probe)

# (module, attribute, stage); patched where the caller looks the name up
TARGETS = [
    ("claims.pipeline.clean", "clean_document", "clean"),
    ("claims.services.articles", "clean_document", "clean"),
    ("claims.services.claims", "extract_claims", "extract"),
    ("claims.pipeline.embed", "embed_texts", "embed"),
    ("claims.pipeline.embed", "embed_texts_and_layer", "embed"),
    ("claims.services.embeddings", "_rescore", "rescore"),
    ("claims.vector_search", "search", "search"),
    ("claims.vector_search", "candidates", "search"),  # the batch search (match branch)
    ("claims.services.matching", "_rerank_passages", "search_rerank"),
    ("claims.services.matching", "_cosines", "search_cosines"),
    ("claims.services.matching", "fuse", "search_fuse"),
    ("claims.services.contradictions", "compare_with", "compare"),
    ("claims.services.contradictions", "passage_side", "compare_sides"),
    ("claims.services.contradictions", "claim_side", "compare_sides"),
    ("claims.services.contradictions", "claim_conflict_counts_refresh", "conflict_counts"),
    ("claims.services.matching", "contradictions_detect", "compare_total"),
]

STATS: dict = {
    "pid": os.getpid(),
    "stage_seconds": {},
    "stage_calls": {},
    "db": {},  # stage -> {kind: [count, seconds]}
    "tasks": {},  # task name -> [count, seconds, claims]
    "queue_wait": [0, 0.0, 0.0],  # count, total, max
    "task_log": [],  # (end time, task, claims, queries, rss_kb)
    "rss_kb_max": 0,
}
_stack: list[str] = []
_task_start: dict[str, tuple[float, int]] = {}
_installed = False


def _timed(stage: str, fn):
    if getattr(fn, "_probe", False):
        return fn

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if stage in _stack:  # nested in the same stage (search -> candidates): count once
            return fn(*args, **kwargs)
        _stack.append(stage)
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent = time.perf_counter() - start
            _stack.pop()
            STATS["stage_seconds"][stage] = STATS["stage_seconds"].get(stage, 0.0) + spent
            STATS["stage_calls"][stage] = STATS["stage_calls"].get(stage, 0) + 1

    wrapper._probe = True
    return wrapper


def _sql(execute, sql, params, many, context):
    kind = (sql.lstrip().split(None, 1)[0] if sql.strip() else "?").lower()
    if kind not in ("select", "insert", "update", "delete"):
        kind = "other"
    start = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        spent = time.perf_counter() - start
        stage = _stack[-1] if _stack else "task"
        row = STATS["db"].setdefault(stage, {}).setdefault(kind, [0, 0.0])
        row[0] += 1
        row[1] += spent


def _queries() -> int:
    return sum(c for kinds in STATS["db"].values() for c, _ in kinds.values())


def _rss_kb() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except OSError:
        return 0


def reset() -> None:
    """Forget what was timed so far (the corpus load, before the measured run)."""
    for key in ("stage_seconds", "stage_calls", "db", "tasks"):
        STATS[key].clear()
    STATS["queue_wait"][:] = [0, 0.0, 0.0]
    STATS["task_log"].clear()


def _what_if_no_lexical_passages() -> None:
    """A what-if, never a result: the full-text search over reference passages
    returns nothing, to show what the rest of the pipeline costs without it."""
    import claims.vector_search as vs

    real = getattr(vs, "_pg_lexical", None)
    if real is None:
        return

    def stub(kind, *args, **kwargs):
        return [] if kind == vs.PASSAGES else real(kind, *args, **kwargs)

    vs._pg_lexical = stub


def install() -> None:
    """Wrap the stage functions and the database connection (idempotent)."""
    global _installed
    if _installed:
        return
    import django

    django.setup()
    for module, name, stage in TARGETS:
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        fn = getattr(mod, name, None)
        if callable(fn):
            setattr(mod, name, _timed(stage, fn))
    if os.environ.get("PIPELINE_WHAT_IF") == "no-lexical-passages":
        _what_if_no_lexical_passages()
    import claims.tasks as tasks

    if hasattr(tasks, "_match_chunk"):  # looked up by name in match_claims
        tasks._match_chunk = _timed("match_chunk", tasks._match_chunk)
    if hasattr(tasks, "claims_embed"):
        tasks.claims_embed = _timed("embed_chunk", tasks.claims_embed)
    from django.db import connection

    if _sql not in connection.execute_wrappers:
        connection.execute_wrappers.append(_sql)
    _installed = True


_last_dump = [0.0]


def dump(*, force: bool = True) -> None:
    out = os.environ.get("PIPELINE_PROBE_DIR")
    if not out or (not force and time.monotonic() - _last_dump[0] < 3.0):
        return
    _last_dump[0] = time.monotonic()
    STATS["rss_kb_max"] = max(
        STATS["rss_kb_max"], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    )
    path = Path(out) / f"{os.getpid()}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(STATS))
    tmp.replace(path)


@signals.before_task_publish.connect
def _stamp(headers=None, **kwargs):
    if headers is not None:
        headers["probe_sent"] = time.time()


@signals.worker_process_init.connect
def _child_init(**kwargs):
    STATS["pid"] = os.getpid()
    install()


@signals.task_prerun.connect
def _task_start_hook(task_id=None, task=None, **kwargs):
    install()
    sent = getattr(task.request, "probe_sent", None)
    if sent is None:
        sent = (getattr(task.request, "headers", None) or {}).get("probe_sent")
    if sent:
        wait = max(0.0, time.time() - float(sent))
        qw = STATS["queue_wait"]
        qw[0] += 1
        qw[1] += wait
        qw[2] = max(qw[2], wait)
    _task_start[task_id] = (time.perf_counter(), _queries())


@signals.task_postrun.connect
def _task_end_hook(task_id=None, task=None, args=None, **kwargs):
    start, q0 = _task_start.pop(task_id, (time.perf_counter(), _queries()))
    spent = time.perf_counter() - start
    claims = len(args[1]) if args and len(args) > 1 and isinstance(args[1], list) else 0
    row = STATS["tasks"].setdefault(task.name, [0, 0.0, 0])
    row[0] += 1
    row[1] += spent
    row[2] += claims
    rss = _rss_kb()
    torch = sys.modules.get("torch")
    if torch is not None:
        STATS["torch_threads"] = torch.get_num_threads()
    STATS["task_log"].append((time.time(), task.name.rsplit(".", 1)[-1], claims,
                              _queries() - q0, rss))
    if len(STATS["task_log"]) > 200_000:
        del STATS["task_log"][:100_000]
    if not getattr(task.request, "is_eager", False):
        dump(force=False)


@signals.worker_process_shutdown.connect
def _child_exit(**kwargs):
    dump()
