"""The claim API carries the edit model and reverts an edit like the claim page does."""

import pytest

from claims.models import Claim, VerificationRun
from tests.wording_data import ANNOTATIONS, EDITS, SENTENCE, TEXT, claim_with_edits

pytestmark = pytest.mark.django_db


def _url(claim, what=""):
    return f"/api/claims/{claim.pk}/" + (f"{what}/" if what else "")


def test_detail_exposes_sentence_edits_and_annotations(as_persona):
    claim = claim_with_edits()
    data = as_persona("reviewer").get(_url(claim)).json()
    assert data["sentence"] == SENTENCE and data["text"] == TEXT
    assert data["edits"] == EDITS and data["annotations"] == ANNOTATIONS
    assert data["edits_reverted"] == []


def test_revert_edit_changes_text_records_who_and_queues_rematching(as_persona, reviewer, queued,
                                                                    django_capture_on_commit_callbacks):
    claim = claim_with_edits(status=Claim.Status.NEEDS_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        resp = as_persona("reviewer").post(_url(claim, "revert-edit"), {"index": 0, "version": 0},
                                           format="json")
    assert resp.status_code == 200, resp.content
    data = resp.json()
    assert data["text"].startswith("She reopened the ferry line on 14 March 2025")
    assert [e["reason"] for e in data["edits"]] == ["spacing", "relative_date", "attribution"]
    assert data["edits_reverted"][0]["reverted_by"] == reviewer.username
    assert data["version"] == 1
    run = VerificationRun.objects.get()
    assert run.params["claim_ids"] == [claim.pk] and queued == [(run.pk,)]


def test_restore_edit(as_persona):
    claim = claim_with_edits()
    client = as_persona("reviewer")
    client.post(_url(claim, "revert-edit"), {"index": 3}, format="json")
    resp = client.post(_url(claim, "restore-edit"), {"index": 0}, format="json")
    assert resp.status_code == 200 and resp.json()["text"] == TEXT


@pytest.mark.parametrize("body, field", [({"index": 7}, "index"), ({"index": -1}, "index"),
                                         ({}, "index"), ({"index": "two"}, "index")])
def test_bad_index_is_400_and_changes_nothing(as_persona, body, field):
    claim = claim_with_edits()
    resp = as_persona("reviewer").post(_url(claim, "revert-edit"), body, format="json")
    assert resp.status_code == 400 and field in resp.json()
    claim.refresh_from_db()
    assert claim.text == TEXT and claim.edits_reverted == []


def test_stale_version_is_409(as_persona):
    claim = claim_with_edits()
    resp = as_persona("reviewer").post(_url(claim, "revert-edit"), {"index": 0, "version": 3},
                                       format="json")
    assert resp.status_code == 409 and resp.json()["current_version"] == 0


@pytest.mark.parametrize("persona, code", [("anonymous", 401), ("outsider", 403)])
def test_same_permissions_as_verdict_writing(as_persona, persona, code):
    claim = claim_with_edits()
    resp = as_persona(persona).post(_url(claim, "revert-edit"), {"index": 0}, format="json")
    assert resp.status_code == code
    claim.refresh_from_db()
    assert claim.text == TEXT


def test_unknown_claim_is_404(as_persona):
    resp = as_persona("reviewer").post("/api/claims/999999/revert-edit/", {"index": 0},
                                       format="json")
    assert resp.status_code == 404


def test_schema_documents_the_action(as_persona):
    schema = as_persona("reviewer").get("/api/schema/", {"format": "json"}).json()
    assert "/api/claims/{id}/revert-edit/" in schema["paths"]
    assert "/api/claims/{id}/restore-edit/" in schema["paths"]


def test_articles_have_no_revert_route(as_persona):
    claim = claim_with_edits()
    resp = as_persona("reviewer").post(f"/api/articles/{claim.article_id}/revert-edit/",
                                       {"index": 0}, format="json")
    assert resp.status_code == 404
    claim.refresh_from_db()
    assert claim.text == TEXT


def test_claimreview_of_a_non_number_is_404(as_persona):
    # found by tests/api/test_fuzz_schema.py: /api/claims/false/claimreview/ was a 500
    assert as_persona("reviewer").get("/api/claims/false/claimreview/").status_code == 404
