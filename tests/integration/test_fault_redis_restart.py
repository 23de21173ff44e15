"""Redis restarted in the middle of a verification batch.

A private redis-server (so the shared one is not disturbed), started with the
flags docker-compose.yml gives production: append-only file on, so what is in
Redis when it stops - the queued chunks, and the chunk a worker holds
unacknowledged - is there again when it starts. While Redis is down:

- the web app keeps serving reads, and says the queue is unavailable instead of
  failing (runs page banner, /healthz);
- starting work is refused cleanly: the article is stored, its verification run
  is recorded as failed with the reason (not left "queued" with nothing queued),
  and its claims are in the set the scheduled re-verification picks up.

After the restart the worker reconnects and the run completes: every claim
matched once, no duplicate matches.
"""

import signal
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
import redis
import yaml
from django.db import transaction
from django.test import override_settings

from claims.models import Article, Claim, VerificationRun
from claims.pipeline import embed
from claims.selectors.runs import stale_claim_ids
from claims.services.runs import verification_start
from factcheck.celery import app
from tests.factories import ArticleFactory, ClaimFactory, ReferencePassageFactory
from tests.integration.test_fault_worker_kill import in_flight
from tests.integration.test_matching_worker import assert_matched_once, make_worker, wait_run
from tests.integration.test_worker import ROOT, _die_with_parent

pytestmark = pytest.mark.integration

DOWN_FOR = 6  # seconds Redis stays down


def production_redis_args() -> list[str]:
    """The persistence flags docker-compose.yml gives the production Redis."""
    command = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["redis"]["command"]
    assert command[0] == "redis-server"
    args = command[1:]
    assert args[args.index("--appendonly") + 1] == "yes"  # what makes a restart lose nothing
    return args


class PrivateRedis:
    def __init__(self, tmp_path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.dir = tmp_path / "redis"
        self.dir.mkdir()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", *production_redis_args(),
             "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.dir)],
            stdout=open(self.dir / "redis.log", "ab"), stderr=subprocess.STDOUT,  # noqa: SIM115
            preexec_fn=_die_with_parent,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                return client
            except redis.ConnectionError:
                time.sleep(0.1)
        pytest.fail((self.dir / "redis.log").read_text())

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # a restart: Redis flushes its AOF and exits
            self.proc.wait(timeout=30)


@contextmanager
def celery_broker(url, monkeypatch):
    """Point this process's Celery app (and settings) at another broker.

    Celery reads CELERY_BROKER_URL from the environment before its own config.
    """

    def reset_pools():  # kombu keeps one pool per broker URL; we only drop our references
        app._pool = None
        app.amqp._producer_pool = None

    with override_settings(CELERY_BROKER_URL=url):
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        reset_pools()
        assert app.connection_for_write().as_uri().endswith(f":{url.split(':')[-1]}")
        try:
            yield
        finally:
            monkeypatch.undo()
            reset_pools()


@pytest.fixture
def private_redis(tmp_path, monkeypatch):
    r = PrivateRedis(tmp_path)
    r.start()
    with celery_broker(r.url, monkeypatch):
        yield r
    r.stop()


def test_redis_restart_mid_batch(transactional_db, private_redis, tmp_path, client, reviewer):
    version = embed.model_version()
    ReferencePassageFactory.create_batch(40, embedded=True, embedding_model=version)
    claims = []
    for _ in range(4):
        claims += ClaimFactory.create_batch(
            32, article=ArticleFactory(), embedded=True, embedding_model=version
        )
    with transaction.atomic():
        run = verification_start(all_claims=True)
    worker = make_worker(tmp_path, "w")
    assert worker.env["CELERY_BROKER_URL"] == private_redis.url
    worker.start()
    broker = redis.Redis.from_url(private_redis.url)
    try:
        # stop Redis with a match chunk in flight and more waiting in the queue
        deadline = time.monotonic() + 120
        while not (broker.llen("match") >= 1 and "claims.tasks.match_claims" in in_flight(broker)):
            worker.check_alive()
            assert time.monotonic() < deadline, worker.log_tail()
            time.sleep(0.02)
        waiting = broker.llen("match")
        private_redis.stop()
        down_at = time.monotonic()
        r = VerificationRun.objects.get(pk=run.pk)
        assert r.status == "running" and r.done < r.total

        # --- while Redis is down -------------------------------------------
        client.force_login(reviewer)
        assert client.get("/").status_code == 200
        assert client.get(f"/claims/{claims[0].pk}/").status_code == 200
        runs_page = client.get("/runs/")
        assert runs_page.status_code == 200
        assert "The task queue is unavailable" in runs_page.content.decode()
        assert client.get("/healthz").json() == {"ok": True, "queue": "unavailable"}
        assert client.get("/api/claims/").status_code == 200

        # starting work: stored, the run recorded as refused, its claims left for reverify
        posted = client.post("/api/articles/", {
            "text": "The harbour authority said on 2 May 2019 that 412 ships had docked in April, "
                    "a record for the port since it opened in 1987.",
            "source": "Queue-down Gazette", "title": "Harbour record",
        }, content_type="application/json")  # fmt: skip
        assert posted.status_code == 201, posted.content
        article = Article.objects.get(pk=posted.json()["id"])
        refused = VerificationRun.objects.get(article=article)
        assert refused.status == "failed" and refused.started_at is None
        assert "The task queue is unavailable" in refused.errors[-1]["error"]
        with transaction.atomic():
            again = verification_start(article_ids=[article.pk])
        assert again.status == "failed"  # the caller is told, after its commit
        assert not VerificationRun.objects.filter(status="queued").exists()  # nothing half-made
        worthy = list(
            article.claims.exclude(status="not_checkworthy").values_list("pk", flat=True)
        )
        assert worthy and set(worthy) <= set(stale_claim_ids())

        time.sleep(max(0.0, DOWN_FOR - (time.monotonic() - down_at)))
        worker.check_alive()  # the worker waits for the broker; it does not exit
        private_redis.start()  # same port, same directory: the AOF is read back

        # --- after the restart ----------------------------------------------
        assert client.get("/healthz").json()["queue"] == "ok"
        r = wait_run(run.pk, worker, until=lambda r: r.status in ("complete", "failed"))
        assert r.status == "complete", (r.errors, worker.log_tail())
        assert (r.done, r.failed) == (len(claims), 0)
        assert_matched_once(r)
        assert not Claim.objects.filter(pk__in=[c.pk for c in claims], matched_at=None).exists()
        log = worker.log_path.read_text(errors="replace")
        assert "Connection to broker lost" in log or "Cannot connect to redis" in log, log[-3000:]
        print(f"redis down {DOWN_FOR}s with {waiting} match chunk(s) queued and 1 in flight; "
              f"run {r.pk} completed {r.done}/{r.total}")
        assert worker.stop() == 0
    finally:
        worker.stop()
        broker.close()
