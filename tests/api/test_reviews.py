"""Verdicts, overrides, contradiction decisions and the claim reads through the API."""

import pytest

from claims.models import Claim, Contradiction, Verdict
from tests.factories import (
    ClaimFactory,
    ContradictionFactory,
    MatchFactory,
    SourceFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db


def _post_verdict(client, claim, **over):
    data = {"claim": claim.pk, "label": "refuted", "rationale": "The talks began in 2017.",
            "version": claim.version, **over}
    return client.post("/api/verdicts/", data, format="json")


def test_record_verdict_replaces_current_and_bumps_version(as_persona, world, reviewer):
    claim, old = world["claim"], world["verdict"]
    r = _post_verdict(as_persona("reviewer"), claim, cited_matches=[world["match"].pk])
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["label"] == "refuted" and body["is_current"] is True
    assert body["reviewer"] == reviewer.username and body["cited_matches"] == [world["match"].pk]
    claim.refresh_from_db()
    old.refresh_from_db()
    assert claim.version == 1 and claim.status == Claim.Status.REVIEWED
    assert old.is_current is False


def test_stale_version_is_409_and_writes_nothing(as_persona, world):
    claim = world["claim"]
    Claim.objects.filter(pk=claim.pk).update(version=3)  # someone else saved meanwhile
    r = _post_verdict(as_persona("reviewer"), claim, version=2)
    assert r.status_code == 409
    assert r.json()["current_version"] == 3 and "version 3" in r.json()["detail"]
    assert Verdict.objects.filter(claim=claim).count() == 1
    assert Verdict.objects.get(claim=claim).pk == world["verdict"].pk
    claim.refresh_from_db()
    assert claim.version == 3 and claim.status == Claim.Status.NEEDS_REVIEW


def test_citing_another_claims_match_is_400(as_persona, world):
    foreign = MatchFactory()
    r = _post_verdict(as_persona("reviewer"), world["claim"], cited_matches=[foreign.pk])
    assert r.status_code == 400
    assert "cited_match_ids" in r.json()
    assert Verdict.objects.filter(claim=world["claim"]).count() == 1


def test_unknown_label_and_missing_version_are_400(as_persona, world):
    client = as_persona("reviewer")
    assert _post_verdict(client, world["claim"], label="true-ish").status_code == 400
    r = client.post("/api/verdicts/", {"claim": world["claim"].pk, "label": "refuted",
                                       "rationale": "x"}, format="json")
    assert r.status_code == 400 and "version" in r.json()


def test_moderator_override_keeps_evidence_and_needs_a_current_verdict(as_persona, world):
    client = as_persona("moderator")
    old = world["verdict"]
    r = client.post(f"/api/verdicts/{old.pk}/override/",
                    {"label": "misleading", "reason": "Date right, place wrong."}, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["kind"] == "override" and body["rationale"] == "Date right, place wrong."
    assert body["cited_matches"] == [world["match"].pk]
    old.refresh_from_db()
    assert not old.is_current
    again = client.post(f"/api/verdicts/{old.pk}/override/",
                        {"label": "supported", "reason": "again"}, format="json")
    assert again.status_code == 400
    assert client.post("/api/verdicts/999999/override/", {"label": "supported", "reason": "x"},
                       format="json").status_code == 404


def test_patch_contradiction_confirms_then_only_a_moderator_changes_it(
    as_persona, world, reviewer
):
    c = world["contradiction"]
    url = f"/api/contradictions/{c.pk}/"
    rev = as_persona("reviewer")
    r = rev.patch(url, {"status": "confirmed", "note": "Both checked."}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "confirmed" and r.json()["note"] == "Both checked."
    assert r.json()["resolved_by"] == reviewer.username and r.json()["resolved_at"]
    c.refresh_from_db()
    assert c.status == Contradiction.Status.CONFIRMED and c.resolved_by == reviewer
    # already resolved: a reviewer may not flip it, a moderator may
    assert rev.patch(url, {"status": "dismissed"}, format="json").status_code == 403
    c.refresh_from_db()
    assert c.status == Contradiction.Status.CONFIRMED
    mod = as_persona("moderator")
    assert mod.patch(url, {"status": "dismissed"}, format="json").json()["status"] == "dismissed"


def test_patch_contradiction_rejects_other_statuses_and_put(as_persona, world):
    url = f"/api/contradictions/{world['contradiction'].pk}/"
    client = as_persona("reviewer")
    assert client.patch(url, {"status": "suspected"}, format="json").status_code == 400
    assert client.put(url, {"status": "confirmed"}, format="json").status_code == 405
    world["contradiction"].refresh_from_db()
    assert world["contradiction"].status == Contradiction.Status.SUSPECTED


def test_claim_detail_has_flags_matches_contradictions_and_current_verdict(as_persona, world):
    claim = world["claim"]
    body = as_persona("reviewer").get(f"/api/claims/{claim.pk}/").json()
    assert body["version"] == 0 and body["article"]["id"] == world["article"].pk
    assert [f["code"] for f in body["flags"]] == ["weekday_mismatch"]
    assert [m["id"] for m in body["matches"]] == [world["match"].pk]
    assert body["matches"][0]["kind"] == "passage" and body["matches"][0]["passage"]["text"]
    assert body["current_verdict"]["id"] == world["verdict"].pk
    assert [c["id"] for c in body["contradictions"]] == [world["contradiction"].pk]
    # the other side of the pair sees the same contradiction
    other = as_persona("reviewer").get(f"/api/claims/{world['other'].pk}/").json()
    assert [c["id"] for c in other["contradictions"]] == [world["contradiction"].pk]
    assert other["current_verdict"] is None


def test_claim_list_filters_and_sorts(as_persona, world):
    client = as_persona("reviewer")
    claim, other = world["claim"], world["other"]
    plain = ClaimFactory(checkworthiness=0.99, status=Claim.Status.REVIEWED,
                         article__source=SourceFactory(name="Quiet Gazette"))

    def ids(**params):
        r = client.get("/api/claims/", params)
        assert r.status_code == 200, r.content
        return [row["id"] for row in r.json()["results"]]

    assert ids() == [plain.pk, claim.pk, other.pk]  # every status, most check-worthy first
    assert ids(status="open") == [claim.pk, other.pk]
    assert ids(status="reviewed") == [plain.pk]
    assert ids(flag="weekday_mismatch") == [claim.pk]
    assert ids(has_contradiction="true") == [claim.pk, other.pk]
    assert ids(has_contradiction="false") == [plain.pk]
    assert ids(source=plain.article.source_id) == [plain.pk]
    assert ids(article=world["article"].pk) == [claim.pk]
    ContradictionFactory(claim=other, other_claim=ClaimFactory())
    assert ids(sort="-conflicts")[0] == other.pk
    assert ids(sort="worthiness")[0] == other.pk
    row = client.get("/api/claims/", {"article": world["article"].pk}).json()["results"][0]
    assert row["conflict_count"] == 1 and row["verdict"]["label"] == "supported"
    assert client.get("/api/claims/", {"flag": "no_such_flag"}).status_code == 400


def test_match_and_verdict_lists_filter_by_claim(as_persona, world):
    client = as_persona("reviewer")
    MatchFactory(claim=world["other"])
    VerdictFactory(claim=world["other"])
    rows = client.get("/api/matches/", {"claim": world["claim"].pk}).json()["results"]
    assert [m["id"] for m in rows] == [world["match"].pk]
    rows = client.get("/api/verdicts/", {"claim": world["claim"].pk}).json()["results"]
    assert [v["id"] for v in rows] == [world["verdict"].pk]
    rows = client.get("/api/contradictions/", {"claim": world["other"].pk}).json()["results"]
    assert [c["id"] for c in rows] == [world["contradiction"].pk]
    assert client.get("/api/runs/", {"article": world["article"].pk}).json()["count"] == 1


def test_claimreview_endpoint_is_404_without_a_current_verdict(as_persona, world):
    client = as_persona("reviewer")
    assert client.get(f"/api/claims/{world['other'].pk}/claimreview/").status_code == 404
    r = client.get(f"/api/claims/{world['claim'].pk}/claimreview/")
    assert r.status_code == 200 and r.json()["@type"] == "ClaimReview"
    assert r.json()["claimReviewed"] == world["claim"].text


def test_flag_filter_still_works_after_the_schema_was_generated(as_persona, world):
    """Generating the schema builds the filter's field with no choices; it must not stick."""
    from claims.filters import ClaimQueueFilter

    client = as_persona("reviewer")
    assert client.get("/api/schema/").status_code == 200
    r = client.get("/api/claims/", {"flag": "weekday_mismatch"})
    assert r.status_code == 200, r.content
    assert [row["id"] for row in r.json()["results"]] == [world["claim"].pk]
    # and the UI's queue filter is untouched by it
    assert "_field" not in ClaimQueueFilter.base_filters["flag"].__dict__
