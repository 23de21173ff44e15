"""Every endpoint x every persona, in one table: who may read, write, override."""

import pytest

from tests.api.conftest import PAGE_TEXT

PERSONAS = ["anonymous", "outsider", "reviewer", "moderator", "admin"]
READ = (401, 403, 200, 200, 200)
WRITE = (401, 403, 201, 201, 201)


def _verdict_post(w):
    return {"claim": w["other"].pk, "label": "refuted", "rationale": "Wrong year.",
            "version": w["other"].version}


# (name, method, url(world), payload(world) or None, expected status per persona)
ENDPOINTS = [
    ("root", "get", lambda w: "/api/", None, READ),
    ("articles list", "get", lambda w: "/api/articles/", None, READ),
    ("article detail", "get", lambda w: f"/api/articles/{w['article'].pk}/", None, READ),
    ("article ingest", "post", lambda w: "/api/articles/",
     lambda w: {"text": PAGE_TEXT, "source": "Lantern Bay Courier"}, WRITE),
    ("claims list", "get", lambda w: "/api/claims/", None, READ),
    ("claim detail", "get", lambda w: f"/api/claims/{w['claim'].pk}/", None, READ),
    ("claimreview", "get", lambda w: f"/api/claims/{w['claim'].pk}/claimreview/", None, READ),
    ("matches list", "get", lambda w: "/api/matches/", None, READ),
    ("match detail", "get", lambda w: f"/api/matches/{w['match'].pk}/", None, READ),
    ("verdicts list", "get", lambda w: "/api/verdicts/", None, READ),
    ("verdict detail", "get", lambda w: f"/api/verdicts/{w['verdict'].pk}/", None, READ),
    ("verdict record", "post", lambda w: "/api/verdicts/", _verdict_post, WRITE),
    ("verdict override", "post", lambda w: f"/api/verdicts/{w['verdict'].pk}/override/",
     lambda w: {"label": "misleading", "reason": "Date is right, place is not."},
     (401, 403, 403, 201, 201)),
    ("contradictions list", "get", lambda w: "/api/contradictions/", None, READ),
    ("contradiction detail", "get",
     lambda w: f"/api/contradictions/{w['contradiction'].pk}/", None, READ),
    ("contradiction resolve", "patch",
     lambda w: f"/api/contradictions/{w['contradiction'].pk}/",
     lambda w: {"status": "confirmed", "note": "Checked both."}, (401, 403, 200, 200, 200)),
    ("runs list", "get", lambda w: "/api/runs/", None, READ),
    ("run detail", "get", lambda w: f"/api/runs/{w['run'].pk}/", None, READ),
    # the schema is no review data: any logged-in user may read it
    ("schema", "get", lambda w: "/api/schema/", None, (401, 200, 200, 200, 200)),
    ("docs", "get", lambda w: "/api/docs/", None, (401, 200, 200, 200, 200)),
]

CASES = [
    pytest.param(method, url, payload, persona, expected[i], id=f"{name}-{persona}")
    for name, method, url, payload, expected in ENDPOINTS
    for i, persona in enumerate(PERSONAS)
]


@pytest.mark.django_db
@pytest.mark.parametrize("method,url,payload,persona,expected", CASES)
def test_permission_matrix(method, url, payload, persona, expected, world, as_persona, queued):
    client = as_persona(persona)
    kwargs = {"format": "json"} if payload else {}
    data = payload(world) if payload else None
    response = getattr(client, method)(url(world), data, **kwargs)
    assert response.status_code == expected, response.content[:300]
    if expected == 401:
        assert response.headers.get("WWW-Authenticate") == 'Token'
    if expected == 403:
        assert "detail" in response.json()
