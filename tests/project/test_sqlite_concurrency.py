"""The embedded default (SQLite) under concurrent requests: no 500 "database is locked".

The same races as tests/integration/test_concurrent_*.py (PostgreSQL), here on the
SQLite file the embedded default uses, through a live threaded server (each request
its own thread and connection), with the settings of factcheck/settings.py: WAL,
``BEGIN IMMEDIATE`` transactions and a busy timeout. Writers queue for the lock; the
version check and the unique content hash decide who wins, as on PostgreSQL:

* 8 reviewers POST a verdict on one claim at once (single and two-reviewer mode):
  one 201, seven 409 "the claim changed", no 5xx;
* 8 clients POST the same article at once: one 201, seven 409 duplicate, one row.

A lock still held when the timeout runs out is answered 503 with a message (API and
pages), never a 500; nothing is written.
"""

import sqlite3
import threading
from contextlib import contextmanager

import pytest
import requests
from django.db import connection, connections
from rest_framework.authtoken.models import Token

from claims.models import Article, Claim, ReviewMode, Verdict
from tests.api.conftest import PAGE_TEXT
from tests.factories import ArticleFactory, ClaimFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded SQLite default"),
]

N = 8


@pytest.fixture
def tokens(reviewer_group):
    keys = []
    for n in range(N):
        user = UserFactory(username=f"sqlite_reviewer_{n}")
        user.groups.add(reviewer_group)
        keys.append(Token.objects.create(user=user).key)
    return keys


@pytest.fixture(autouse=True)
def _no_verification_jobs(monkeypatch):
    from claims import tasks

    monkeypatch.setattr(tasks.run_dispatch, "delay", lambda *a, **k: None)


def run_together(n: int, fn) -> list:
    """fn(i) in n threads released at once; what each returned or raised."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def target(i):
        try:
            barrier.wait(timeout=30)
            results[i] = fn(i)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _codes(responses) -> list:
    return sorted(getattr(r, "status_code", repr(r)) for r in responses)


def _post_verdicts(live_server, tokens, claim: Claim) -> list:
    def post(i):
        return requests.post(
            f"{live_server.url}/api/verdicts/",
            json={"claim": claim.pk, "label": ["supported", "refuted"][i % 2],
                  "rationale": f"reviewer {i}", "version": claim.version, "cited_matches": []},
            headers={"Authorization": f"Token {tokens[i]}"}, timeout=60,
        )

    return run_together(N, post)


def test_eight_reviewers_post_one_verdict_at_once(live_server, tokens):
    claim = ClaimFactory(status=Claim.Status.NEEDS_REVIEW)
    responses = _post_verdicts(live_server, tokens, claim)
    assert _codes(responses) == [201] + [409] * (N - 1), [
        (getattr(r, "status_code", r), getattr(r, "text", "")[:200]) for r in responses]
    for r in responses:
        if r.status_code == 409:
            assert r.json()["current_version"] == claim.version + 1
    assert Verdict.objects.filter(claim=claim).count() == 1
    assert Verdict.objects.filter(claim=claim, is_current=True).count() == 1
    assert Claim.objects.get(pk=claim.pk).version == claim.version + 1


def test_eight_reviewers_at_once_on_a_two_reviewer_claim(live_server, tokens):
    claim = ClaimFactory(article=ArticleFactory(review_mode=ReviewMode.DOUBLE),
                         status=Claim.Status.NEEDS_REVIEW)
    responses = _post_verdicts(live_server, tokens, claim)
    assert _codes(responses) == [201] + [409] * (N - 1), [
        (getattr(r, "status_code", r), getattr(r, "text", "")[:200]) for r in responses]
    first = Verdict.objects.get(claim=claim)
    assert first.sealed and not first.is_current


def test_eight_clients_post_the_same_article_at_once(live_server, tokens):
    def post(i):
        return requests.post(
            f"{live_server.url}/api/articles/",
            json={"text": PAGE_TEXT, "source": "Lantern Bay Courier"},
            headers={"Authorization": f"Token {tokens[i]}"}, timeout=60,
        )

    responses = run_together(N, post)
    assert _codes(responses) == [201] + [409] * (N - 1), [
        (getattr(r, "status_code", r), getattr(r, "text", "")[:200]) for r in responses]
    assert Article.objects.count() == 1
    stored = Article.objects.get()
    for r in responses:
        if r.status_code == 409:
            assert r.json()["article_id"] == stored.pk


# --- a lock held past the busy timeout -------------------------------------------------


@contextmanager
def _held_lock():
    """Another process's writer holds the lock; our connection waits 0.2 s, not 20."""
    db = connection.settings_dict
    old_timeout = db["OPTIONS"].get("timeout")
    connection.close()
    db["OPTIONS"]["timeout"] = 0.2
    holder = sqlite3.connect(db["NAME"], timeout=5, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        connection.close()
        db["OPTIONS"]["timeout"] = old_timeout


def test_a_lock_held_past_the_timeout_is_a_503_not_a_500(reviewer, client):
    from rest_framework.test import APIClient

    claim = ClaimFactory(status=Claim.Status.NEEDS_REVIEW)
    api = APIClient(raise_request_exception=False)
    api.force_login(reviewer)
    client.raise_request_exception = False
    client.force_login(reviewer)
    body = {"claim": claim.pk, "label": "refuted", "rationale": "Wrong year.",
            "version": claim.version}
    with _held_lock():
        r = api.post("/api/verdicts/", body, format="json")
        page = client.post(f"/claims/{claim.pk}/verdict",
                           {"label": "refuted", "rationale": "Wrong year.",
                            "version": claim.version})
    assert r.status_code == 503 and "database is busy" in r.json()["detail"]
    assert int(r["Retry-After"]) > 0
    assert page.status_code == 503 and "Nothing was saved" in page.content.decode()
    assert not Verdict.objects.filter(claim=claim).exists()
    # once the lock is gone the same request goes through
    assert api.post("/api/verdicts/", body, format="json").status_code == 201
