"""A sealed first blind review is invisible to everyone but its author, on every surface.

Each surface is tried as a moderator who is not the author and as a superuser: the
Django admin (changelist, filters and their counts, search, change, delete, history and
history-form views, bulk actions, the claim's change and delete pages, lookups through
the claim), the claim page and its history, the event page, the dashboard, the exports
(JSON, CSV, ClaimReview) and the API (lists, filters, detail, ClaimReview, override).
The author (a staff moderator here) does see it in the admin: the checks can fail.
"""

import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from claims.models import Claim, ReviewMode, Verdict
from claims.selectors.dashboard import reviewer_throughput, verdicts_by_label
from claims.services.roles import roles_setup
from claims.services.verdicts import verdict_record
from tests.factories import ArticleFactory, ClaimFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db

SECRET = "zebra quartz: only the first reviewer may read this"
SEALED_LABEL = "misleading"


@pytest.fixture
def author(db):
    roles_setup()
    user = UserFactory(username="ada_author", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=["reviewer", "moderator"]))
    return user


@pytest.fixture
def sealed(author):
    """A double-mode claim whose first review (by ``author``) is sealed, and a settled
    verdict on another claim so that lists are not empty."""
    claim = ClaimFactory(article=ArticleFactory(review_mode=ReviewMode.DOUBLE),
                         status=Claim.Status.NEEDS_REVIEW)
    verdict = verdict_record(claim_id=claim.pk, user=author, label=SEALED_LABEL,
                             rationale=SECRET, expected_version=0)
    assert verdict.sealed and not verdict.is_current
    VerdictFactory(label="supported", rationale="An open, settled verdict.")
    claim.refresh_from_db()
    return claim, verdict


@pytest.fixture(params=["moderator", "superuser"])
def viewer(request, moderator, admin_user):
    user = moderator if request.param == "moderator" else admin_user
    client = Client()
    client.force_login(user)
    return client


def _hidden(response, verdict: Verdict, *, link_ok: bool = False) -> None:
    body = response.content.decode()
    assert SECRET not in body
    if not link_ok:
        assert f"/admin/claims/verdict/{verdict.pk}/change/" not in body
    # the label as the pages show a verdict's (the label names alone are in every form)
    for shown in ("verdict-pill label-misleading", 'field-label">Misleading',
                  "Misleading on claim", "Misleading (1)"):
        assert shown not in body, shown


# --- the admin -------------------------------------------------------------------------


def test_the_author_sees_it_in_the_admin(sealed, author):
    """The control: the same pages do show it to its author."""
    claim, verdict = sealed
    c = Client()
    c.force_login(author)
    page = c.get("/admin/claims/verdict/", {"q": "zebra"})
    assert f"/admin/claims/verdict/{verdict.pk}/change/" in page.content.decode()
    assert SECRET in c.get(f"/admin/claims/verdict/{verdict.pk}/change/").content.decode()
    assert c.get(f"/admin/claims/verdict/{verdict.pk}/history/").status_code == 200


@pytest.mark.parametrize("params", [
    {}, {"claim__id__exact": "CLAIM"}, {"label__exact": SEALED_LABEL}, {"q": "zebra quartz"},
    {"is_current__exact": "0"}, {"_facets": "True"}, {"kind__exact": "review"},
])
def test_admin_changelist_filters_and_search(sealed, viewer, params):
    claim, verdict = sealed
    params = {k: (str(claim.pk) if v == "CLAIM" else v) for k, v in params.items()}
    response = viewer.get("/admin/claims/verdict/", params)
    assert response.status_code == 200
    _hidden(response, verdict)
    assert verdict.pk not in [v.pk for v in response.context["cl"].result_list]


def test_admin_filter_counts(sealed, viewer):
    """With facets on, the label filter counts the sealed review nowhere."""
    claim, verdict = sealed
    response = viewer.get("/admin/claims/verdict/", {"_facets": "True"})
    assert response.context["cl"].full_result_count == 1  # the settled verdict only
    body = response.content.decode()
    assert "Misleading (1)" not in body and "Supported (1)" in body


def test_admin_change_history_and_delete_answer_as_for_no_verdict(sealed, viewer):
    claim, verdict = sealed
    base = f"/admin/claims/verdict/{verdict.pk}"
    change = viewer.get(f"{base}/change/", follow=True)
    _hidden(change, verdict)
    assert "doesn’t exist" in change.content.decode()
    assert viewer.get(f"{base}/history/").status_code == 404
    history_id = verdict.history.first().history_id
    assert viewer.get(f"{base}/history/{history_id}/").status_code == 404
    assert viewer.post(f"{base}/history/{history_id}/", {"_change_history": "1"}).status_code == 404
    delete_page = viewer.get(f"{base}/delete/", follow=True)
    _hidden(delete_page, verdict)
    viewer.post(f"{base}/delete/", {"post": "yes"})
    viewer.post(f"{base}/change/", {"sealed": "", "label": "supported"})
    verdict.refresh_from_db()
    assert verdict.sealed and verdict.label == SEALED_LABEL and verdict.rationale == SECRET


def test_admin_bulk_actions_cannot_reach_it(sealed, viewer):
    claim, verdict = sealed
    before = Verdict.objects.count()
    for action in ("override_verdicts", "delete_selected"):
        viewer.post("/admin/claims/verdict/", {
            "action": action, ACTION_CHECKBOX_NAME: [verdict.pk], "apply": "1", "post": "yes",
            "label": "supported", "kind": "override", "reason": "peek",
        })
    assert Verdict.objects.count() == before
    verdict.refresh_from_db()
    assert verdict.sealed


def test_admin_claim_pages_and_lookups_through_the_claim(sealed, viewer):
    claim, verdict = sealed
    _hidden(viewer.get(f"/admin/claims/claim/{claim.pk}/change/"), verdict)
    # deleting the claim deletes the verdict too, so the summary names it, without its
    # label ("Sealed blind review on claim N"); its link leads nowhere (tested above)
    for url in (f"/admin/claims/claim/{claim.pk}/delete/",
                f"/admin/claims/article/{claim.article_id}/delete/"):
        _hidden(viewer.get(url), verdict, link_ok=True)
    for lookup in ("verdicts__label", "verdicts__rationale__icontains"):
        response = viewer.get("/admin/claims/claim/", {lookup: "zebra" if "rat" in lookup
                                                       else SEALED_LABEL})
        assert response.status_code == 400 or claim.pk not in [
            c.pk for c in response.context["cl"].result_list]
    # the match and passage admins have no way to the verdict's label either
    for url in ("/admin/claims/match/", "/admin/claims/referencepassage/"):
        _hidden(viewer.get(url), verdict)


# --- pages -------------------------------------------------------------------------------


def test_claim_page_history_and_event_page(sealed, viewer):
    claim, verdict = sealed
    page = viewer.get(f"/claims/{claim.pk}/")
    assert page.status_code == 200
    _hidden(page, verdict)
    assert not any(e.what == "verdict" and e.record.id == verdict.pk
                   for e in page.context["history"])
    event = viewer.get(f"/events/{claim.pk}/")
    assert event.status_code == 200
    _hidden(event, verdict)


def test_dashboard_counts_no_sealed_review(sealed, viewer, author):
    claim, verdict = sealed
    assert viewer.get("/dashboard/").status_code == 200
    by_label = verdicts_by_label()
    assert sum(by_label.counts[SEALED_LABEL]) == 0 and sum(by_label.counts["supported"]) == 1
    assert author.username not in reviewer_throughput().counts


# --- exports -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "claimreview"])
def test_exports_leave_it_out(sealed, fmt, tmp_path):
    claim, verdict = sealed
    out = tmp_path / f"export.{fmt}"
    call_command("export", "--format", fmt, "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert str(claim.pk) in text or fmt == "claimreview"
    assert SECRET not in text and SEALED_LABEL not in text.lower()


# --- the API -----------------------------------------------------------------------------


@pytest.fixture(params=["moderator", "superuser"])
def api_viewer(request, moderator, admin_user):
    api = APIClient()
    api.force_login(moderator if request.param == "moderator" else admin_user)
    return api


def test_api_lists_filters_and_details(sealed, api_viewer):
    claim, verdict = sealed
    for params in ({}, {"claim": claim.pk}, {"label": SEALED_LABEL}, {"is_current": "false"},
                   {"kind": "review"}):
        body = api_viewer.get("/api/verdicts/", params).json()
        assert verdict.pk not in [v["id"] for v in body["results"]], params
        assert SECRET not in json.dumps(body)
    assert api_viewer.get(f"/api/verdicts/{verdict.pk}/").status_code == 404
    detail = api_viewer.get(f"/api/claims/{claim.pk}/").json()
    assert detail["verdicts"] == [] and detail["current_verdict"] is None
    assert api_viewer.get(f"/api/claims/{claim.pk}/claimreview/").status_code == 404
    override = api_viewer.post(f"/api/verdicts/{verdict.pk}/override/",
                               {"label": "supported", "reason": "peek"}, format="json")
    assert override.status_code == 404
    assert SECRET not in json.dumps(api_viewer.get("/api/claims/").json())
