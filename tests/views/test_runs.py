"""The runs page: progress partial, beat schedules, run-now for moderators.
"""


import pytest
from django.urls import reverse

from claims.models import VerificationRun
from tests.factories import VerificationRunFactory

pytestmark = pytest.mark.django_db


def test_run_progress_partial_polls_only_while_active(reviewer_client):
    run = VerificationRunFactory(status=VerificationRun.Status.RUNNING, total=8, done=2)
    url = reverse("claims:run_progress", args=[run.pk])
    html = reviewer_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in html and "2 done" in html and "<html" not in html
    VerificationRun.objects.filter(pk=run.pk).update(status="complete", done=8)
    html = reviewer_client.get(url).content.decode()
    assert "hx-trigger" not in html and "8 done" in html
    assert reviewer_client.get(reverse("claims:runs")).status_code == 200


def _client_for(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def test_runs_page_says_beat_does_not_run_in_embedded_mode(reviewer_client, moderator, settings):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    moderator_client = _client_for(moderator)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    every = IntervalSchedule.objects.get_or_create(every=30, period="minutes")[0]
    PeriodicTask.objects.get_or_create(name="Re-verify stale claims", defaults={
        "task": "claims.tasks.reverify_stale", "interval": every})
    html = reviewer_client.get(reverse("claims:runs")).content.decode()
    assert "no scheduler (celery beat) is running" in html
    assert "Re-verify stale claims" in html  # the seeded schedule is listed
    assert "Re-verify stale claims now" not in html  # the button is a moderator's
    assert "Re-verify stale claims now" in moderator_client.get(reverse("claims:runs")).content.decode()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert "no scheduler" not in reviewer_client.get(reverse("claims:runs")).content.decode()


def test_run_now_is_for_moderators_and_runs_the_reverification(reviewer_client, moderator):
    moderator_client = _client_for(moderator)
    url = reverse("claims:schedule_run_now")
    assert reviewer_client.post(url, {"job": "reverify"}).status_code == 403
    r = moderator_client.post(url, {"job": "reverify"}, follow=True)
    assert r.status_code == 200
    assert "nothing to do" in r.content.decode() or "started as run" in r.content.decode()
    r = moderator_client.post(url, {"job": "drop-tables"}, follow=True)
    assert "Nothing started: unknown job." in r.content.decode()
    assert moderator_client.get(url).status_code == 405


def test_admin_schedules_page_says_beat_does_not_run(admin_client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    html = admin_client.get("/admin/django_celery_beat/periodictask/").content.decode()
    assert "no scheduler (celery beat) is running" in html


def test_moderator_queues_the_checkworthiness_rescore_from_the_runs_page(
    reviewer_client, moderator, monkeypatch
):
    sent = []
    monkeypatch.setattr("claims.services.model_versions.enqueue_on_commit",
                        lambda name, *args, **kw: sent.append((name, args)))
    moderator_client = _client_for(moderator)
    url = reverse("claims:schedule_run_now")
    assert "Re-score check-worthiness now" in moderator_client.get(
        reverse("claims:runs")).content.decode()
    assert "Re-score check-worthiness now" not in reviewer_client.get(
        reverse("claims:runs")).content.decode()

    assert reviewer_client.post(url, {"job": "rescore-checkworthy"}).status_code == 403
    assert sent == []
    r = moderator_client.post(url, {"job": "rescore-checkworthy"}, follow=True)
    assert "Check-worthiness re-score queued" in r.content.decode()
    assert sent == [("claims.tasks.rescore_models", ("checkworthy",))]
