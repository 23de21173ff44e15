"""The same article submitted twice at the same moment, by two processes, on PostgreSQL.

Stored once; the second caller is told it is a duplicate (naming the article
that won). The pre-check in ``article_ingest`` cannot decide this alone: both
callers can pass it before either commits. The unique index on
``Article.content_hash`` decides, and the loser's IntegrityError is turned
into the same DuplicateArticle message the pre-check gives.
"""

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connections

from claims.models import Article, Claim, Source
from tests.integration.test_worker import ROOT, database_url_of_test_db

pytestmark = pytest.mark.integration

ROUNDS = 3
BODY = (
    "Round {n}. The regional water board approved a budget of 41 million euros on "
    "Tuesday 3 March 2020, the board's chair said. The money will pay for two new "
    "pumping stations in the northern districts, which flooded in 2018 and again in 2019."
)


STARTER = """
import os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
django.setup()
import claims.services.articles  # noqa: the command's imports are done before the start
go, ready, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
open(ready, "w").close()
while not os.path.exists(go):
    time.sleep(0.005)
from django.core.management import execute_from_command_line
execute_from_command_line(argv)
"""


def _ingest_at_barrier(barrier, results, text: str, source: str):
    """Child process: pass the duplicate pre-check, wait for the other child, then write."""
    import claims.services.articles as ingest

    real_atomic = ingest.transaction.atomic

    class RacingTransaction:
        @staticmethod
        def atomic(*args, **kwargs):
            barrier.wait(timeout=60)  # both callers are past the pre-check now
            return real_atomic(*args, **kwargs)

    ingest.transaction = RacingTransaction
    try:
        result = ingest.article_ingest(content=text, source_name=source, enqueue_verification=False)
        results.put(("stored", result.article.pk, result.claim_count))
    except ingest.DuplicateArticle as exc:
        results.put(("duplicate", exc.existing.pk, str(exc)))
    except Exception as exc:  # reported to the parent, which fails the test
        results.put(("error", repr(exc), ""))
    finally:
        connections.close_all()


def test_two_processes_racing_past_the_precheck_store_once(transactional_db):
    ctx = multiprocessing.get_context("fork")
    outcomes = []
    for n in range(ROUNDS):
        connections.close_all()  # a forked child must not inherit (and close) our socket
        text, source = BODY.format(n=n), f"Race source {n}"  # a new source too: raced as well
        barrier, results = ctx.Barrier(2), ctx.Queue()
        procs = [
            ctx.Process(target=_ingest_at_barrier, args=(barrier, results, text, source))
            for _ in range(2)
        ]
        for p in procs:
            p.start()
        got = sorted(results.get(timeout=120) for _ in procs)
        for p in procs:
            p.join(timeout=30)
            assert p.exitcode == 0
        outcomes.append(got)

        kinds = [g[0] for g in got]
        assert kinds == ["duplicate", "stored"], got
        (_, dup_of, message), (_, stored_pk, claim_count) = got
        assert dup_of == stored_pk
        assert message.startswith(f"Duplicate: this content is already stored as article {stored_pk}")
        assert Article.objects.filter(source__name=source).count() == 1
        assert Source.objects.filter(name=source).count() == 1
        # the loser's claims were rolled back with its article: none are orphaned or doubled
        assert Claim.objects.filter(article_id=stored_pk).count() == claim_count > 0
    assert Article.objects.count() == ROUNDS
    assert Claim.objects.count() == sum(g[1][2] for g in outcomes)


def test_two_ingest_commands_at_once(transactional_db, tmp_path):
    """The command-line contract: one run stores it, the other says duplicate and exits non-zero."""
    path = Path(tmp_path) / "race.txt"
    path.write_text(BODY.format(n="cli"))
    env = {
        **os.environ,
        "DATABASE_URL": database_url_of_test_db(),
        "CELERY_TASK_ALWAYS_EAGER": "true",  # --no-verify: nothing is queued anyway
        "PYTHONPATH": str(ROOT),
    }
    cmd = [sys.executable, "manage.py", "ingest", str(path), "--source", "CLI race", "--no-verify"]
    # both processes boot Django first, then wait for the go file, so they ingest together
    go = Path(tmp_path) / "go"
    starter = Path(tmp_path) / "at_go.py"
    starter.write_text(STARTER)
    procs = [
        subprocess.Popen([sys.executable, str(starter), str(go), str(tmp_path / f"ready{i}"), *cmd[1:]],
                         cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(2)
    ]  # fmt: skip
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready{i}").exists() for i in range(2)):
        assert time.monotonic() < deadline, "ingest processes did not boot"
        assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
        time.sleep(0.05)
    go.touch()
    outs = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    codes = sorted(o[0] for o in outs)
    assert codes == [0, 1], outs
    winner = next(o for o in outs if o[0] == 0)
    loser = next(o for o in outs if o[0] == 1)
    stored = Article.objects.get(source__name="CLI race")
    assert f"article {stored.pk} " in winner[1]
    assert f"Duplicate: this content is already stored as article {stored.pk}" in loser[2]
    assert "Traceback" not in loser[2]
    assert Article.objects.filter(source__name="CLI race").count() == 1
