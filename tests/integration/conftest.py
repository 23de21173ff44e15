"""Integration tests run against the real services: PostgreSQL+pgvector, Redis, a live worker.

``scripts/integration.sh`` (the ``integration`` step of ``make test``) starts the
services and sets ``FACTCHECK_REQUIRE_SERVICES=1``. Then a missing service is a
hard failure of the whole run, never a skip: a green run means the tests ran.
Without that variable (a developer's plain ``pytest``), the tests here are
skipped with the reason, since they cannot mean anything on SQLite.
"""

import json
import os
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
REQUIRED = os.environ.get("FACTCHECK_REQUIRE_SERVICES") == "1"


def service_problems() -> list[str]:
    problems = []
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.postgresql":
        problems.append(
            f"DATABASE_URL must point at PostgreSQL with pgvector (engine is {engine}); "
            "run `bash scripts/integration.sh`, which starts one (scripts/pgvector.sh)"
        )
    broker = settings.CELERY_BROKER_URL
    if not broker.startswith("redis://"):
        problems.append(f"CELERY_BROKER_URL must be a redis:// URL (it is {broker!r})")
    else:
        try:
            redis.Redis.from_url(broker, socket_connect_timeout=3).ping()
        except redis.RedisError as exc:
            problems.append(f"Redis is unreachable at {broker}: {exc}")
    if settings.CELERY_TASK_ALWAYS_EAGER:
        problems.append("CELERY_TASK_ALWAYS_EAGER must be false: tasks must go through the broker")
    return problems


PROBLEMS = service_problems()


def pytest_collection_modifyitems(config, items):
    if REQUIRED and PROBLEMS:
        pytest.exit(
            "FACTCHECK_REQUIRE_SERVICES=1 but the integration services are not usable:\n  - "
            + "\n  - ".join(PROBLEMS),
            returncode=3,
        )
    if PROBLEMS:
        here = os.path.dirname(__file__)
        reason = "integration services unavailable: " + "; ".join(PROBLEMS)
        for item in items:
            if str(item.path).startswith(here):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def broker_redis():
    """The broker's Redis database, emptied before and after the test (db 15 by default)."""
    url = settings.CELERY_BROKER_URL
    db = int(urlsplit(url).path.lstrip("/") or 0)
    if db == 0 and os.environ.get("FACTCHECK_ALLOW_FLUSH_DB0") != "1":
        pytest.fail(f"refusing to flush Redis db 0 ({url}); point CELERY_BROKER_URL at db 15")
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def sample_loaded(transactional_db, monkeypatch):
    """The sample reference corpus and articles, stored with nothing queued."""
    from claims.services.articles import article_ingest
    from claims.services.reference import reference_load

    # load without queueing anything: the tests decide when the workers get work
    monkeypatch.setattr(
        "claims.services.embeddings.passages_embed_enqueue", lambda **kw: None
    )
    reference_load(path=SAMPLE / "reference.jsonl")
    for entry in json.loads((SAMPLE / "articles.json").read_text()):
        article_ingest(
            content=(SAMPLE / entry["file"]).read_bytes(),
            filename=entry["file"],
            source_name=entry["source"],
            url=entry["url"],
            title=entry["title"],
            published=date.fromisoformat(entry["published"]),
            enqueue_verification=False,
        )
    monkeypatch.undo()
