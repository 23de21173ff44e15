"""A real Celery worker process, started as production starts one, against Redis and PostgreSQL.

The worker gets the pytest-django test database through DATABASE_URL, so a row
the test commits (transactional_db) is what the worker re-reads and updates.

Each worker also consumes a queue of its own, and the round-trip messages go
there: a stray worker left on the shared broker by an interrupted run elsewhere
(or a run that ignores the lock in scripts/integration.sh) cannot steal them.
Workers started here die with the pytest process that started them (PDEATHSIG).
"""

import base64
import ctypes
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from kombu.exceptions import EncodeError

from claims.models import VerificationRun
from claims.tasks import system_ping
from factcheck.celery import app
from tests.factories import VerificationRunFactory

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
QUEUES = "default,embed,match"
START_TIMEOUT = 120  # seconds; the machines are shared and Django + Celery boot is slow there
TASK_TIMEOUT = 60


def database_url_of_test_db() -> str:
    db = connection.settings_dict  # NAME is test_<name> once pytest-django set it up
    auth = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _die_with_parent():  # runs in the child before exec
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Worker:
    def __init__(self, tmp_path: Path):
        tag = uuid.uuid4().hex[:8]
        self.nodename = f"it-{tag}@localhost"
        self.queue = f"it-{tag}"  # this worker's own queue, besides the production ones
        tmp_path.mkdir(parents=True, exist_ok=True)
        self.log_path = tmp_path / "worker.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url_of_test_db(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "FACTCHECK_VAR_DIR": str(tmp_path / "var"),
            "PYTHONPATH": str(ROOT),
        }
        self.proc = None

    def start(self):
        cmd = [
            sys.executable, "-m", "celery", "-A", "factcheck", "worker",
            "-Q", f"{QUEUES},{self.queue}", "--pool=solo", "--concurrency=1",
            "-n", self.nodename, "--loglevel=INFO", "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent,
        )  # fmt: skip
        return self

    def log_tail(self, n=4000) -> str:
        return self.log_path.read_text(errors="replace")[-n:] if self.log_path.exists() else ""

    def check_alive(self):
        if self.proc.poll() is not None:
            pytest.fail(f"worker exited with {self.proc.returncode}:\n{self.log_tail()}")

    def wait_ready(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            self.check_alive()
            replies = app.control.inspect(destination=[self.nodename], timeout=1).ping() or {}
            if self.nodename in replies:
                return
        pytest.fail(f"worker not ready after {START_TIMEOUT}s:\n{self.log_tail()}")

    def inspect(self):
        return app.control.inspect(destination=[self.nodename], timeout=10)

    def stop(self) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # warm shutdown: finish the task, then exit
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()
        return self.proc.returncode


@pytest.fixture
def worker(transactional_db, broker_redis, tmp_path):
    w = Worker(tmp_path)
    yield w
    w.stop()


def wait_for_status(run_id: int, worker: Worker, status: str) -> VerificationRun:
    deadline = time.monotonic() + TASK_TIMEOUT
    while time.monotonic() < deadline:
        run = VerificationRun.objects.get(pk=run_id)
        if run.status == status:
            return run
        worker.check_alive()
        time.sleep(0.25)
    pytest.fail(f"run {run_id} still {run.status!r} after {TASK_TIMEOUT}s:\n{worker.log_tail()}")


def test_test_process_is_not_eager():
    assert app.conf.task_always_eager is False
    assert app.conf.broker_url.startswith("redis://")


def test_system_ping_is_routed_to_the_default_queue():
    route = app.amqp.router.route({}, "claims.tasks_system.system_ping")
    assert route["queue"].name == settings.CELERY_TASK_DEFAULT_QUEUE == "default"


def test_round_trip_through_broker_worker_and_database(worker, broker_redis):
    backlog_run = VerificationRunFactory(total=7)
    system_ping.apply_async([backlog_run.id], queue=worker.queue)  # before any worker exists

    # On the wire: one JSON message on the queue, arguments in JSON.
    raw = broker_redis.lrange(worker.queue, 0, -1)
    assert len(raw) == 1
    envelope = json.loads(raw[0])
    assert envelope["content-type"] == "application/json"
    assert envelope["headers"]["task"] == "claims.tasks_system.system_ping"
    args, kwargs, _embed = json.loads(base64.b64decode(envelope["body"]))
    assert (args, kwargs) == ([backlog_run.id], {})

    worker.start().wait_ready()
    done = wait_for_status(backlog_run.id, worker, VerificationRun.Status.COMPLETE)
    assert done.done == 7 and done.finished_at is not None and done.started_at is not None
    ping = done.params["ping"]
    assert ping["hostname"] == worker.nodename  # the worker process did it, not this one
    assert ping["eager"] is False
    assert ping["routing_key"] == worker.queue

    # a task sent while the worker is running is picked up too
    live_run = VerificationRunFactory(total=2)
    system_ping.apply_async([live_run.id], queue=worker.queue)
    assert wait_for_status(live_run.id, worker, VerificationRun.Status.COMPLETE).done == 2

    assert worker.stop() == 0, worker.log_tail()  # warm shutdown is clean
    # acks_late: acknowledged after running, so nothing is left queued or unacked
    assert broker_redis.llen(worker.queue) == 0
    assert broker_redis.hlen("unacked") == 0


def test_worker_runs_with_the_delivery_guarantees(worker):
    worker.start().wait_ready()
    insp = worker.inspect()
    # the worker's own configuration (Celery reads Django settings with the CELERY_ prefix)
    conf = insp.conf()[worker.nodename]
    assert conf["CELERY_TASK_ACKS_LATE"] is True
    assert conf["CELERY_TASK_REJECT_ON_WORKER_LOST"] is True
    assert conf["CELERY_WORKER_PREFETCH_MULTIPLIER"] == 1
    assert conf["CELERY_TASK_SERIALIZER"] == "json"
    assert conf["CELERY_ACCEPT_CONTENT"] == ["json"]
    assert conf["CELERY_TASK_ALWAYS_EAGER"] is False
    assert conf["DATABASES"]["default"]["NAME"] == connection.settings_dict["NAME"]

    # prefetch = concurrency x multiplier; solo pool still defaults concurrency to the CPU
    # count, hence the explicit --concurrency=1 above
    stats = insp.stats()[worker.nodename]
    assert stats["prefetch_count"] == 1  # one process x multiplier 1: nothing hoarded

    queues = {q["name"] for q in insp.active_queues()[worker.nodename]}
    assert queues == set(QUEUES.split(",")) | {worker.queue}
    assert "claims.tasks_system.system_ping" in insp.registered()[worker.nodename]


def test_non_json_arguments_are_refused_before_sending(transactional_db, broker_redis):
    with pytest.raises(EncodeError):
        system_ping.delay({1, 2, 3})  # a set is not JSON
    assert broker_redis.llen("default") == 0


def test_ping_is_idempotent_and_tolerates_missing_rows(transactional_db):
    # called in-process (no broker): the task body's own contract
    run = VerificationRunFactory(total=3)
    assert system_ping.run(run.id)["changed"] is True
    first = VerificationRun.objects.get(pk=run.id).finished_at
    assert system_ping.run(run.id)["changed"] is False
    assert VerificationRun.objects.get(pk=run.id).finished_at == first
    assert system_ping.run(run.id + 10_000) == {"run_id": run.id + 10_000, "status": "missing"}
