"""API fixtures: DRF clients per persona and a small world of review data."""

import pytest
from rest_framework.test import APIClient

from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimFlagFactory,
    ContradictionFactory,
    MatchFactory,
    VerdictFactory,
    VerificationRunFactory,
)

PAGE_TEXT = (
    "Lantern Bay, 6 March 2023\n\n"
    "The ferry terminal in Lantern Bay reopened on Monday after three months of repairs, "
    "the harbour authority said.\n"
    "It handled 2.1 million passengers in 2022, according to the authority's annual report.\n"
)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_persona(db, request):
    """``as_persona(name)`` -> an APIClient logged in as that persona (or anonymous).

    Users are made only when asked for (each one hashes a password, which is slow).
    """
    fixtures = {"reviewer": "reviewer", "moderator": "moderator", "outsider": "outsider",
                "admin": "admin_user"}

    def make(name):
        client = APIClient()
        if name != "anonymous":
            client.force_login(request.getfixturevalue(fixtures[name]))
        return client

    return make


@pytest.fixture
def queued(monkeypatch):
    """Replace the verification task's ``delay`` with a list append."""
    from claims import tasks

    calls = []
    monkeypatch.setattr(tasks.run_dispatch, "delay", lambda *a, **k: calls.append(a))
    return calls


@pytest.fixture
def world(db):
    article = ArticleFactory()
    claim = ClaimFactory(article=article, position=0, checkworthiness=0.9,
                         status="needs_review")
    other = ClaimFactory(position=0, checkworthiness=0.5, status="needs_review")
    ClaimFlagFactory(claim=claim)
    match = MatchFactory(claim=claim)
    verdict = VerdictFactory(claim=claim, cited_matches=[match])
    contradiction = ContradictionFactory(claim=claim, other_claim=other)
    run = VerificationRunFactory(article=article)
    return {"article": article, "claim": claim, "other": other, "match": match,
            "verdict": verdict, "contradiction": contradiction, "run": run}
