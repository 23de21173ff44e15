"""The API keeps the blind rule, adjudicates, sets review modes and manages assignments."""

import pytest

from claims.models import Assignment, Claim, ReviewMode, Verdict
from claims.services.verdicts import verdict_record
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

SECRET = "Only the first reviewer should read this"


@pytest.fixture
def open_round(reviewer):
    claim = ClaimFactory(article=ArticleFactory(review_mode=ReviewMode.DOUBLE),
                         status=Claim.Status.NEEDS_REVIEW)
    first = verdict_record(claim_id=claim.pk, user=reviewer, label="misleading",
                           rationale=SECRET, expected_version=0)
    claim.refresh_from_db()
    return claim, first


def _client(api, user):
    api.force_login(user)
    return api


def test_sealed_review_does_not_leak_to_the_second_reviewer(api, open_round, second_reviewer, moderator):
    claim, first = open_round
    c = _client(api, second_reviewer)
    body = c.get(f"/api/claims/{claim.pk}/").json()
    assert body["verdicts"] == [] and body["current_verdict"] is None
    assert body["awaiting_second_review"] is True and body["review_mode"] == "double"
    assert SECRET not in str(c.get("/api/verdicts/").json())
    assert c.get(f"/api/verdicts/{first.pk}/").status_code == 404
    assert c.get("/api/verdicts/", {"claim": claim.pk, "is_current": "false"}).json()["count"] == 0
    row = next(r for r in c.get("/api/claims/").json()["results"] if r["id"] == claim.pk)
    assert row["verdict"] is None and row["awaiting_second_review"] is True
    # a moderator who has not reviewed is blind too (they may be the second reviewer)
    m = _client(api, moderator)
    assert m.get(f"/api/verdicts/{first.pk}/").status_code == 404
    assert m.get(f"/api/claims/{claim.pk}/").json()["verdicts"] == []


def test_the_author_sees_their_sealed_review(api, open_round, reviewer):
    claim, first = open_round
    c = _client(api, reviewer)
    body = c.get(f"/api/verdicts/{first.pk}/").json()
    assert body["sealed"] is True and body["rationale"] == SECRET
    assert [v["id"] for v in c.get(f"/api/claims/{claim.pk}/").json()["verdicts"]] == [first.pk]


def test_second_review_then_adjudication(api, open_round, second_reviewer, moderator, reviewer):
    claim, first = open_round
    c = _client(api, second_reviewer)
    r = c.post("/api/verdicts/", {"claim": claim.pk, "label": "supported",
                                  "rationale": "Checks out.", "version": claim.version},
               format="json")
    assert r.status_code == 201
    assert r.json()["kind"] == "second_review" and r.json()["first_review"] == first.pk
    assert r.json()["is_current"] is False
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISPUTED
    # now both are visible
    assert {v["id"] for v in c.get(f"/api/claims/{claim.pk}/").json()["verdicts"]} == {
        first.pk, r.json()["id"]}
    # reviewers cannot adjudicate; a moderator must give a reason
    assert c.post(f"/api/claims/{claim.pk}/adjudicate/", {"label": "refuted", "reason": "x"},
                  format="json").status_code == 403
    m = _client(api, moderator)
    assert m.post(f"/api/claims/{claim.pk}/adjudicate/", {"label": "refuted"},
                  format="json").status_code == 400
    stale = m.post(f"/api/claims/{claim.pk}/adjudicate/",
                   {"label": "refuted", "reason": "r", "version": 0}, format="json")
    assert stale.status_code == 409
    r = m.post(f"/api/claims/{claim.pk}/adjudicate/",
               {"label": "refuted", "reason": "Wrong weekday.", "version": claim.version},
               format="json")
    assert r.status_code == 201, r.content
    assert r.json()["kind"] == "adjudication" and r.json()["is_current"] is True
    again = m.post(f"/api/claims/{claim.pk}/adjudicate/",
                   {"label": "refuted", "reason": "again"}, format="json")
    assert again.status_code == 400
    assert Verdict.objects.filter(claim=claim, kind="adjudication").count() == 1


def test_review_mode_endpoints(api, moderator, reviewer):
    claim = ClaimFactory()
    m = _client(api, moderator)
    r = m.post(f"/api/articles/{claim.article_id}/review-mode/", {"review_mode": "double"},
               format="json")
    assert r.status_code == 200 and r.json() == {"review_mode": "double"}
    r = m.post(f"/api/claims/{claim.pk}/review-mode/", {"review_mode": "single"}, format="json")
    assert r.json() == {"review_mode": "single"}
    r = m.post(f"/api/claims/{claim.pk}/review-mode/", {"review_mode": ""}, format="json")
    assert r.json() == {"review_mode": "double"}  # follows the article again
    assert m.post(f"/api/claims/{claim.pk}/review-mode/", {"review_mode": "x"},
                  format="json").status_code == 400
    assert m.post(f"/api/articles/{claim.article_id}/review-mode/", {"review_mode": ""},
                  format="json").status_code == 400
    assert m.get(f"/api/articles/{claim.article_id}/").json()["review_mode"] == "double"


def test_assignments_api(api, moderator, reviewer, second_reviewer):
    claim = ClaimFactory()
    m = _client(api, moderator)
    r = m.post("/api/assignments/", {"claim": claim.pk, "reviewer": reviewer.pk}, format="json")
    assert r.status_code == 201 and r.json()["reviewer"] == reviewer.username
    first_id = r.json()["id"]
    r = m.post("/api/assignments/", {"claim": claim.pk, "reviewer": second_reviewer.pk}, format="json")
    assert r.status_code == 201
    assert m.get(f"/api/assignments/{first_id}/").json()["is_active"] is False
    assert m.post("/api/assignments/", {"reviewer": second_reviewer.pk}, format="json").status_code == 400
    assert m.get("/api/assignments/", {"is_active": "true"}).json()["count"] == 1

    c = _client(api, second_reviewer)
    assert c.get("/api/assignments/", {"mine": "true"}).json()["count"] == 1
    assert [row["id"] for row in c.get("/api/claims/", {"assigned_to_me": "true"}).json()[
        "results"]] == [claim.pk]
    detail = c.get(f"/api/claims/{claim.pk}/").json()
    assert [a["reviewer"] for a in detail["assignments"]] == [second_reviewer.username]
    assert c.post("/api/assignments/", {"claim": claim.pk, "reviewer": second_reviewer.pk},
                  format="json").status_code == 403
    m = _client(api, moderator)
    active = Assignment.objects.get(is_active=True)
    assert m.post(f"/api/assignments/{active.pk}/end/").json()["is_active"] is False
    assert m.post(f"/api/assignments/{active.pk}/end/").status_code == 400


def test_agreement_api(api, moderator, reviewer, second_reviewer):
    for labels in [("supported", "supported"), ("refuted", "supported")]:
        claim = ClaimFactory(review_mode=ReviewMode.DOUBLE)
        verdict_record(claim_id=claim.pk, user=reviewer, label=labels[0], rationale="a",
                       expected_version=0)
        verdict_record(claim_id=claim.pk, user=second_reviewer, label=labels[1], rationale="b",
                       expected_version=1)
    body = _client(api, moderator).get("/api/agreement/").json()
    assert body["overall"]["items"] == 2 and body["overall"]["observed"] == 0.5
    # first: s1 r1, second: s2 -> p_e = 0.5, p_o = 0.5 -> kappa 0
    assert body["overall"]["kappa"] == pytest.approx(0.0)
    assert set(body["pairs"][0]["reviewers"]) == {reviewer.username, second_reviewer.username}
    assert body["pairs"][0]["agreement"]["items"] == 2


@pytest.mark.parametrize("url", ["/api/claims/false/adjudicate/", "/api/claims/x/review-mode/",
                                 "/api/articles/1e3/review-mode/", "/api/assignments/-1/end/",
                                 "/api/claims/999999/adjudicate/"])
def test_moderator_actions_404_on_ids_that_name_nothing(api, moderator, url):
    r = _client(api, moderator).post(url, {"label": "refuted", "reason": "r",
                                           "review_mode": "double"}, format="json")
    assert r.status_code == 404 and r.json()["detail"]
