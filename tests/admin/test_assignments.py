"""Admin: bulk assign and review-mode actions (through services), the assignment list."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Assignment, ReviewMode
from claims.services.assignments import assignment_assign
from claims.services.roles import roles_setup
from tests.factories import ArticleFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _roles(db):
    roles_setup()


def test_bulk_assign_claims_asks_for_a_reviewer_then_assigns(moderator_client, reviewer):
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    url = reverse("admin:claims_claim_changelist")
    page = moderator_client.post(url, {"action": "assign_to_reviewer",
                                       ACTION_CHECKBOX_NAME: [a.pk, b.pk]})
    assert page.status_code == 200 and b'id="assign-form"' in page.content
    assert not Assignment.objects.exists()
    response = moderator_client.post(url, {
        "action": "assign_to_reviewer", ACTION_CHECKBOX_NAME: [a.pk, b.pk], "apply": "1",
        "reviewer": reviewer.pk,
    }, follow=True)
    assert f"Assigned 2 item(s) to {reviewer.username}" in response.content.decode()
    assert set(Assignment.objects.values_list("claim_id", flat=True)) == {a.pk, b.pk}
    assert c.assignments.count() == 0


def test_bulk_assign_reports_items_it_could_not_assign(moderator_client, moderator, reviewer):
    article = ArticleFactory()
    assignment_assign(user=moderator, reviewer_id=reviewer.pk, article_id=article.pk)
    response = moderator_client.post(reverse("admin:claims_article_changelist"), {
        "action": "assign_to_reviewer", ACTION_CHECKBOX_NAME: [article.pk], "apply": "1",
        "reviewer": reviewer.pk,
    }, follow=True)
    assert "already assigned" in response.content.decode()
    assert Assignment.objects.count() == 1


def test_outsider_user_is_not_offered(moderator_client, outsider):
    claim = ClaimFactory()
    response = moderator_client.post(reverse("admin:claims_claim_changelist"), {
        "action": "assign_to_reviewer", ACTION_CHECKBOX_NAME: [claim.pk], "apply": "1",
        "reviewer": outsider.pk,
    })
    assert response.status_code == 200 and b'id="assign-form"' in response.content
    assert not Assignment.objects.exists()


def test_review_mode_actions(moderator_client):
    article = ArticleFactory()
    claim = ClaimFactory()
    moderator_client.post(reverse("admin:claims_article_changelist"), {
        "action": "set_double_review", ACTION_CHECKBOX_NAME: [article.pk]})
    moderator_client.post(reverse("admin:claims_claim_changelist"), {
        "action": "set_double_review", ACTION_CHECKBOX_NAME: [claim.pk]})
    article.refresh_from_db()
    claim.refresh_from_db()
    assert article.review_mode == ReviewMode.DOUBLE and claim.review_mode == ReviewMode.DOUBLE


def test_assignment_changelist_end_action_and_history(moderator_client, moderator, reviewer):
    claim = ClaimFactory()
    old = assignment_assign(user=moderator, reviewer_id=reviewer.pk, claim_id=claim.pk)
    url = reverse("admin:claims_assignment_changelist")
    assert moderator_client.get(url).status_code == 200
    moderator_client.post(url, {"action": "end_assignments", ACTION_CHECKBOX_NAME: [old.pk]})
    old.refresh_from_db()
    assert not old.is_active and old.ended_by == moderator
    history = moderator_client.get(reverse("admin:claims_assignment_history", args=[old.pk]))
    assert history.status_code == 200 and b"unassigned" in history.content


def test_assignment_changelist_queries_do_not_grow(moderator_client, moderator, reviewer):
    def rows(n):
        for _ in range(n):
            assignment_assign(user=moderator, reviewer_id=reviewer.pk,
                              claim_id=ClaimFactory().pk)
            assignment_assign(user=moderator, reviewer_id=reviewer.pk,
                              article_id=ArticleFactory().pk)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert moderator_client.get(reverse("admin:claims_assignment_changelist")
                                        ).status_code == 200
        return len(ctx.captured_queries)

    rows(2)
    few = count()
    rows(10)
    assert count() == few


def test_reviewers_cannot_use_the_actions(client, reviewer):
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    claim = ClaimFactory()
    other = UserFactory()
    client.post(reverse("admin:claims_claim_changelist"), {
        "action": "assign_to_reviewer", ACTION_CHECKBOX_NAME: [claim.pk], "apply": "1",
        "reviewer": other.pk})
    assert not Assignment.objects.exists()
