"""Every endpoint x every persona, in one table: who may read, write, override."""

import pytest
from django.contrib.auth.models import Group

from claims.models import Assignment, Claim
from tests.api.conftest import PAGE_TEXT
from tests.factories import ClaimFactory, UserFactory, VerdictFactory

PERSONAS = ["anonymous", "outsider", "reviewer", "moderator", "admin"]
READ = (401, 403, 200, 200, 200)
WRITE = (401, 403, 201, 201, 201)
MODERATE = (401, 403, 403, 200, 200)
MODERATE_CREATE = (401, 403, 403, 201, 201)


def _a_reviewer():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name="reviewer")[0])
    return user


def _assignment(w):
    return Assignment.objects.create(claim=w["claim"], reviewer=_a_reviewer(),
                                     assigned_by=UserFactory())


def _disputed(w):
    """A claim whose two blind reviews (by people other than the personas) disagree."""
    claim = ClaimFactory(status=Claim.Status.DISPUTED, review_mode="double")
    first = VerdictFactory(claim=claim, label="supported", is_current=False)
    VerdictFactory(claim=claim, label="refuted", kind="second_review", first_review=first,
                   is_current=False)
    return claim


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
    ("assignments list", "get", lambda w: "/api/assignments/", None, READ),
    ("assignment detail", "get", lambda w: f"/api/assignments/{_assignment(w).pk}/", None, READ),
    ("assignment create", "post", lambda w: "/api/assignments/",
     lambda w: {"claim": w["other"].pk, "reviewer": _a_reviewer().pk}, MODERATE_CREATE),
    ("assignment end", "post", lambda w: f"/api/assignments/{_assignment(w).pk}/end/", None,
     MODERATE),
    ("claim adjudicate", "post", lambda w: f"/api/claims/{_disputed(w).pk}/adjudicate/",
     lambda w: {"label": "misleading", "reason": "Both half right."}, MODERATE_CREATE),
    ("claim review mode", "post", lambda w: f"/api/claims/{w['claim'].pk}/review-mode/",
     lambda w: {"review_mode": "double"}, MODERATE),
    ("article review mode", "post",
     lambda w: f"/api/articles/{w['article'].pk}/review-mode/",
     lambda w: {"review_mode": "double"}, MODERATE),
    ("agreement", "get", lambda w: "/api/agreement/", None, MODERATE),
    # the schema and its viewers follow the API's rule (a logged-in user with no role: 403)
    ("schema", "get", lambda w: "/api/schema/", None, READ),
    ("docs", "get", lambda w: "/api/docs/", None, READ),
    ("redoc", "get", lambda w: "/api/redoc/", None, READ),
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
        if response["Content-Type"].startswith("application/json"):
            assert "detail" in response.json()
        else:  # the schema (YAML) and the docs pages (the site's 403 page) say why too
            assert b"Only reviewers" in response.content or b"Not allowed" in response.content
