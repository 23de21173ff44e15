"""One claim's page: both sides of a contradiction, recording a verdict, the
stale-form refusal, cited evidence, the moderator override.
"""

import pytest
from django.urls import reverse

from claims.models import Claim, Verdict
from tests.factories import MatchFactory, VerdictFactory
from tests.ui.scenario import build_scenario

pytestmark = pytest.mark.django_db


def test_claim_page_shows_both_sides_with_the_slot_marked(reviewer_client):
    s = build_scenario()
    for claim, mine, theirs in [(s.since_a, "2017", "2016"), (s.since_b, "2016", "2017")]:
        html = reviewer_client.get(reverse("claims:claim", args=[claim.pk])).content.decode()
        assert f"since <mark>{mine}</mark>" in html
        assert f"since <mark>{theirs}</mark>" in html
        assert html.index(f"<mark>{mine}</mark>") < html.index(f"<mark>{theirs}</mark>")


def test_recording_a_verdict(reviewer_client, reviewer):
    s = build_scenario()
    url = reverse("claims:claim_verdict", args=[s.since_a.pk])
    response = reviewer_client.post(url, {
        "label": "refuted", "rationale": "Began in 2017.", "version": "0",
        "cited_matches": [str(s.passage_match.pk)],
    })
    assert response.status_code == 302
    v = Verdict.objects.get(claim=s.since_a)
    assert v.is_current and v.reviewer == reviewer and v.label == "refuted"
    assert list(v.cited_matches.all()) == [s.passage_match]
    page = reviewer_client.get(reverse("claims:claim", args=[s.since_a.pk])).content.decode()
    assert "created review verdict" in page and "Began in 2017." in page


def test_stale_verdict_is_refused_and_the_draft_kept(reviewer_client, moderator):
    s = build_scenario()
    VerdictFactory(claim=s.since_a, reviewer=moderator, label="supported")
    Claim.objects.filter(pk=s.since_a.pk).update(version=1)  # someone saved meanwhile
    response = reviewer_client.post(reverse("claims:claim_verdict", args=[s.since_a.pk]), {
        "label": "misleading", "rationale": "My careful draft.", "version": "0",
    })
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed while you were editing" in html
    assert "My careful draft." in html
    assert 'name="version" value="1"' in html  # saving again is a deliberate choice
    assert Verdict.objects.filter(claim=s.since_a).count() == 1


def test_cited_evidence_must_be_this_claims(reviewer_client):
    s = build_scenario()
    foreign = MatchFactory()
    response = reviewer_client.post(reverse("claims:claim_verdict", args=[s.weekday.pk]), {
        "label": "refuted", "rationale": "x", "version": "0", "cited_matches": [foreign.pk],
    })
    assert response.status_code == 400
    assert not Verdict.objects.exists()


def test_moderator_override_endpoint(moderator_client):
    s = build_scenario()
    v = VerdictFactory(claim=s.since_a, label="supported")
    url = reverse("claims:claim_override", args=[s.since_a.pk])
    assert moderator_client.post(url, {"label": "refuted", "kind": "override",
                                       "reason": " "}).status_code == 400
    response = moderator_client.post(url, {"label": "refuted", "kind": "override",
                                           "reason": "Wrong year."})
    assert response.status_code == 302
    v.refresh_from_db()
    assert not v.is_current
    assert Verdict.objects.get(claim=s.since_a, is_current=True).kind == "override"
