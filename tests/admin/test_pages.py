"""Moderation admin: changelists without N+1, bulk actions through services, history."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Verdict, VerificationRun
from claims.services.roles import roles_setup
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimFlagFactory,
    ContradictionFactory,
    MatchFactory,
    ReferencePassageFactory,
    SourceFactory,
    VerdictFactory,
    VerificationRunFactory,
)

pytestmark = pytest.mark.django_db

MODELS = ["source", "article", "claim", "referencepassage", "match", "verdict", "contradiction",
          "verificationrun"]


@pytest.fixture(autouse=True)
def _roles(db):
    roles_setup()


def _rows(n, offset):
    for i in range(offset, offset + n):
        source = SourceFactory(name=f"Outlet {i}")
        article = ArticleFactory(source=source)
        claim = ClaimFactory(article=article)
        ClaimFlagFactory(claim=claim)
        other = ClaimFactory(article=article)
        MatchFactory(claim=claim, passage=ReferencePassageFactory())
        MatchFactory(claim=claim, passage=None, other_claim=other)
        ContradictionFactory(claim=claim, other_claim=other)
        VerdictFactory(claim=claim)
        VerificationRunFactory(article=article)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_changelists_use_constant_queries(moderator_client):
    _rows(3, 0)
    urls = {m: reverse(f"admin:claims_{m}_changelist") for m in MODELS}
    few = {m: _count(moderator_client, u) for m, u in urls.items()}
    _rows(27, 3)
    many = {m: _count(moderator_client, u) for m, u in urls.items()}
    assert few == many


def test_changelist_shows_annotated_counts(moderator_client):
    claim = ClaimFactory()
    ClaimFlagFactory.create_batch(2, claim=claim)
    ContradictionFactory(claim=claim)
    response = moderator_client.get(reverse("admin:claims_claim_changelist"))
    row = next(c for c in response.context["cl"].result_list if c.pk == claim.pk)
    assert row.n_flags == 2 and row.n_conflicts == 1 and row.n_matches == 0


def test_search_and_filters(moderator_client):
    ClaimFactory(text="Astana talks since 2016", status=Claim.Status.NEEDS_REVIEW)
    ClaimFactory(text="Unrelated", status=Claim.Status.REVIEWED)
    url = reverse("admin:claims_claim_changelist")
    assert moderator_client.get(url, {"q": "since 2016"}).context["cl"].result_count == 1
    assert moderator_client.get(url, {"status__exact": "reviewed"}).context["cl"].result_count == 1


def test_mark_not_checkworthy_action(moderator_client):
    a, b = ClaimFactory(), ClaimFactory()
    response = moderator_client.post(reverse("admin:claims_claim_changelist"), {
        "action": "mark_not_checkworthy", ACTION_CHECKBOX_NAME: [a.pk],
    }, follow=True)
    assert "Marked 1 claim(s)" in response.content.decode()
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == Claim.Status.NOT_CHECKWORTHY and b.status == Claim.Status.PENDING


def test_requeue_action_starts_a_verification_run(moderator_client):
    a, b = ClaimFactory(), ClaimFactory()
    dull = ClaimFactory(status=Claim.Status.NOT_CHECKWORTHY)
    response = moderator_client.post(reverse("admin:claims_claim_changelist"), {
        "action": "requeue_verification", ACTION_CHECKBOX_NAME: [a.pk, b.pk, dull.pk],
    }, follow=True)
    run = VerificationRun.objects.get()
    assert sorted(run.params["claim_ids"]) == sorted([a.pk, b.pk])
    shown = " ".join(str(m) for m in response.context["messages"])
    assert f"Re-queued 2 claim(s) for verification as run {run.pk}" in shown
    assert "1 not check-worthy, left out" in shown


def test_requeue_action_refused_to_reviewers(reviewer_client, reviewer):
    reviewer.is_staff = True
    reviewer.save()
    claim = ClaimFactory()
    reviewer_client.post(reverse("admin:claims_claim_changelist"), {
        "action": "requeue_verification", ACTION_CHECKBOX_NAME: [claim.pk],
    })
    assert not VerificationRun.objects.exists()


def test_override_action_needs_a_reason(moderator_client, moderator):
    v = VerdictFactory(label="supported")
    url = reverse("admin:claims_verdict_changelist")
    page = moderator_client.post(url, {"action": "override_verdicts", ACTION_CHECKBOX_NAME: [v.pk]})
    assert page.status_code == 200 and b"override-form" in page.content
    refused = moderator_client.post(url, {
        "action": "override_verdicts", ACTION_CHECKBOX_NAME: [v.pk], "apply": "1",
        "label": "refuted", "kind": "override", "reason": "   ",
    })
    assert refused.status_code == 200 and b"override-form" in refused.content
    assert Verdict.objects.count() == 1
    moderator_client.post(url, {
        "action": "override_verdicts", ACTION_CHECKBOX_NAME: [v.pk], "apply": "1",
        "label": "refuted", "kind": "override", "reason": "Reference says 2017.",
    })
    v.refresh_from_db()
    new = Verdict.objects.get(is_current=True)
    assert not v.is_current and new.kind == "override" and new.reviewer == moderator
    history = moderator_client.get(reverse("admin:claims_verdict_history", args=[new.pk]))
    assert history.status_code == 200 and b"Reference says 2017." in history.content


def test_reviewers_and_outsiders_do_not_get_moderation(client, reviewer, moderator):
    v = VerdictFactory()
    reviewer.is_staff = True  # even with admin access, no override action
    reviewer.save()
    client.force_login(reviewer)
    response = client.get(reverse("admin:claims_verdict_changelist"))
    assert response.status_code == 200
    action_form = response.context["action_form"]
    assert action_form is None or "override_verdicts" not in str(
        action_form.fields["action"].choices)
    client.post(reverse("admin:claims_verdict_changelist"), {
        "action": "override_verdicts", ACTION_CHECKBOX_NAME: [v.pk], "apply": "1",
        "label": "refuted", "kind": "override", "reason": "x",
    })
    assert Verdict.objects.count() == 1


def test_beat_schedules_are_editable_by_moderators(moderator_client):
    response = moderator_client.get(reverse("admin:django_celery_beat_periodictask_add"))
    assert response.status_code == 200


def test_contradiction_status_edit_goes_through_the_service(moderator_client, moderator):
    c = ContradictionFactory()
    c.claim.refresh_from_db()
    assert c.claim.conflict_count == 1
    url = reverse("admin:claims_contradiction_change", args=[c.pk])
    response = moderator_client.post(url, {"status": "dismissed", "note": "different events"})
    assert response.status_code == 302, response.content[:2000]
    c.refresh_from_db()
    c.claim.refresh_from_db()
    assert c.status == "dismissed" and c.resolved_by == moderator and c.resolved_at
    assert c.note == "different events"
    assert c.claim.conflict_count == 0  # the stored count follows the status
    assert [h.status for h in c.history.all()][:2] == ["dismissed", "suspected"]
    # and back to suspected: counted again
    moderator_client.post(url, {"status": "suspected", "note": "reopened"})
    c.claim.refresh_from_db()
    assert c.claim.conflict_count == 1


def test_contradictions_are_not_added_by_hand(moderator_client):
    response = moderator_client.get(reverse("admin:claims_contradiction_add"))
    assert response.status_code == 403
