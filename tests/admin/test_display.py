"""The admin reads like the workbench: wide claim text cut at a word, rounded scores,
"Matches", flags in words, a claim's readings shown and its text and status not editable."""

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory, ClaimFlagFactory, MatchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings, db):
    from claims.services.roles import roles_setup

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    roles_setup()


def test_changelist_text_scores_and_flags(moderator_client):
    long = "The ferry between Tarnby and Osk will run twice a day from 1 May 2026, " * 4
    claim = ClaimFactory(text=long, checkworthiness=0.9840993306356326)
    ClaimFlagFactory(claim=claim, code="weekday_mismatch", message="x")
    MatchFactory(claim=claim, score=0.8712345)
    html = moderator_client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert "0.9840993306356326" not in html and ">0.98<" in html
    assert 'class="admin-text"' in html and "claims/admin.css" in html
    cell = html.split('class="admin-text"')[1].split("</span>")[0]
    assert cell.rstrip().endswith("…") and "Tarnby and O…" not in cell
    assert "Weekday does not fit the date" in html  # the flag filter, in words
    assert moderator_client.get(reverse("admin:claims_claim_changelist"), {"flag": "weekday_mismatch"}).status_code == 200
    html = moderator_client.get(reverse("admin:claims_match_changelist")).content.decode()
    assert ">0.87<" in html and "0.8712345" not in html
    index = moderator_client.get(reverse("admin:index")).content.decode()
    assert "Matches" in index and "Matchs" not in index


def test_claim_change_form_shows_readings_and_locks_text_and_status(moderator_client):
    claim = ClaimFactory(
        text="The ferry runs from 1 May 2026.", status="needs_review",
        dates=[{"text": "1 May 2026", "value": "2026-05-01"}],
        entities=[{"text": "Tarnby", "label": "GPE"}],
    )
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    html = moderator_client.get(url).content.decode()
    assert "1 May 2026 → 2026-05-01" in html and "Tarnby → GPE" in html
    assert 'name="text"' not in html and 'name="status"' not in html and 'name="dates"' not in html
    moderator_client.post(url, {"text": "Changed", "status": "reviewed", "article": claim.article_id,
                                "review_mode": "", "attribution": ""})
    claim.refresh_from_db()
    assert claim.text == "The ferry runs from 1 May 2026." and claim.status == "needs_review"
