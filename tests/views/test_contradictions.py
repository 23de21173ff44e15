"""Contradictions: resolved from either side; the event page.
"""


import pytest
from django.urls import reverse

from claims.models import Match
from tests.factories import (
    ClaimFactory,
    ContradictionFactory,
    MatchFactory,
    ReferencePassageFactory,
)
from tests.ui.scenario import build_scenario

pytestmark = pytest.mark.django_db


def test_resolve_contradiction_from_either_side(reviewer_client):
    s = build_scenario()
    response = reviewer_client.post(
        reverse("claims:contradiction_resolve", args=[s.contradiction.pk]),
        {"decision": "dismiss", "note": "Different events", "claim": str(s.since_b.pk)},
    )
    assert response["Location"] == reverse("claims:claim", args=[s.since_b.pk]) + "#contradictions"
    s.contradiction.refresh_from_db()
    assert s.contradiction.status == "dismissed" and s.contradiction.note == "Different events"


def test_event_view_reads_matches_both_ways_above_the_threshold(reviewer_client):
    s = build_scenario()
    low = ClaimFactory()
    MatchFactory(claim=low, passage=None, other_claim=s.since_a, score=0.5, rank=1)
    back = ClaimFactory()
    MatchFactory(claim=back, passage=None, other_claim=s.since_a, score=0.93, rank=1,
                 stance=Match.Stance.SUPPORT)
    ctx = reviewer_client.get(reverse("claims:event", args=[s.since_a.pk])).context
    assert [v.claim.pk for v in ctx["versions"]] == [back.pk, s.since_b.pk]
    assert ctx["conflicting"] == 1 and ctx["corroborating"] == 1
    ctx = reviewer_client.get(reverse("claims:event", args=[s.since_a.pk]), {"min": "0.4"}).context
    assert low.pk in [v.claim.pk for v in ctx["versions"]]


@pytest.mark.usefixtures("evidence_floor")
def test_event_page_shows_the_claim_pages_contradictions_and_evidence(reviewer_client):
    claim = ClaimFactory(text="The barrier opened on 3 March 2025.")
    far = ContradictionFactory(claim=claim, kind="date", value_claim="3 March", value_other="4 March")
    MatchFactory(claim=claim, other_claim=far.other_claim, passage=None, score=0.5)  # under 0.7
    passage = ReferencePassageFactory(text="The barrier opened on 3 March 2025, the council said.")
    MatchFactory(claim=claim, passage=passage, score=0.8)
    html = reviewer_client.get(reverse("claims:event", args=[claim.pk])).content.decode()
    assert f'id="contradiction-{far.pk}"' in html
    assert 'value="confirm"' in html and 'value="dismiss"' in html
    assert 'name="back" value="event"' in html
    assert "the council said" in html
    r = reviewer_client.post(reverse("claims:contradiction_resolve", args=[far.pk]),
                             {"decision": "dismiss", "claim": claim.pk, "back": "event"})
    assert r.status_code == 302 and r["Location"] == reverse("claims:event", args=[claim.pk]) + "#contradictions"
