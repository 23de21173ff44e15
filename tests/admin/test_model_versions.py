"""Admin for learned model versions: moderators see versions and figures, and roll back."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from claims.models import ModelVersion
from claims.services.model_versions import model_promote
from claims.services.roles import roles_setup

pytestmark = pytest.mark.django_db
URL = "admin:claims_modelversion_changelist"


@pytest.fixture(autouse=True)
def _roles(db):
    roles_setup()


def _promote(kind="stance", score=0.7, previous=0.6, blob=b"PK artefact"):
    return model_promote(kind=kind, artefact=blob, metric="accuracy", score=score,
                         previous_score=previous, figures={"new": score}, n_train=30,
                         n_held_back=10)  # fmt: skip


def test_changelist_lists_versions_with_their_figures(moderator_client):
    _promote(score=0.6123, previous=0.5)
    _promote(score=0.7456, previous=0.6123, blob=b"PK second")
    page = moderator_client.get(reverse(URL))
    assert page.status_code == 200
    body = page.content.decode()
    assert "0.7456" in body and "0.6123" in body
    v1, v2 = ModelVersion.objects.order_by("version")
    assert not v1.is_active and v2.is_active
    detail = moderator_client.get(reverse("admin:claims_modelversion_change", args=[v2.pk]))
    assert detail.status_code == 200 and v2.artefact_sha256 in detail.content.decode()


def test_roll_back_to_an_earlier_version_queues_the_rescore(
    moderator_client, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr("claims.tasks.rescore_models.delay", lambda kind: queued.append(kind))
    v1 = _promote()
    _promote(blob=b"PK second")
    with django_capture_on_commit_callbacks(execute=True):
        resp = moderator_client.post(reverse(URL), {
            "action": "roll_back_to_this", ACTION_CHECKBOX_NAME: [v1.pk]}, follow=True)
    assert resp.status_code == 200
    assert "now runs version 1" in resp.content.decode()
    assert list(ModelVersion.objects.filter(is_active=True).values_list("version", flat=True)) == [1]
    assert queued == ["stance"]


def test_roll_back_to_shipped_and_picking_two_is_refused(moderator_client, monkeypatch):
    monkeypatch.setattr("claims.tasks.rescore_models.delay", lambda kind: None)
    v1 = _promote()
    v2 = _promote(blob=b"PK second")
    resp = moderator_client.post(reverse(URL), {
        "action": "roll_back_to_this", ACTION_CHECKBOX_NAME: [v1.pk, v2.pk]}, follow=True)
    assert "exactly one" in resp.content.decode()
    assert ModelVersion.objects.get(is_active=True) == v2
    moderator_client.post(reverse(URL), {
        "action": "roll_back_to_shipped", ACTION_CHECKBOX_NAME: [v2.pk]}, follow=True)
    assert not ModelVersion.objects.filter(is_active=True).exists()


def test_reviewers_and_outsiders_cannot_roll_back(client, reviewer, outsider):
    v1 = _promote()
    _promote(blob=b"PK second")
    for user in (reviewer, outsider):
        client.force_login(user)
        client.post(reverse(URL), {"action": "roll_back_to_this", ACTION_CHECKBOX_NAME: [v1.pk]})
        assert ModelVersion.objects.get(is_active=True).version == 2


def test_rollback_service_refuses_non_moderators(reviewer):
    from django.core.exceptions import PermissionDenied

    from claims.services.model_versions import model_rollback

    v1 = _promote()
    with pytest.raises(PermissionDenied):
        model_rollback(version_id=v1.pk, user=reviewer)


def test_weekly_retrain_schedule_is_seeded_disabled():
    """The migration's seed (run here directly: transactional tests elsewhere flush the
    rows migrations made). Re-running it keeps a moderator's choice."""
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    seed = importlib.import_module("claims.migrations.0012_model_versions").seed_schedule
    PeriodicTask.objects.filter(task="claims.tasks.train_models").delete()
    seed(apps, None)
    task = PeriodicTask.objects.get(task="claims.tasks.train_models")
    assert not task.enabled
    assert (task.interval.every, task.interval.period) == (7, "days")
    PeriodicTask.objects.filter(pk=task.pk).update(enabled=True)
    seed(apps, None)
    assert PeriodicTask.objects.filter(task="claims.tasks.train_models").count() == 1
    assert PeriodicTask.objects.get(pk=task.pk).enabled


def test_weekly_task_skips_each_kind_without_labels_and_writes_nothing():
    from claims.tasks import train_models

    out = train_models.apply().get()
    assert set(out) == {"matcher", "stance", "checkworthy"}
    assert "not enough labels" in out["matcher"]["skipped"]
    assert "not enough labels" in out["checkworthy"]["skipped"]
    assert "not enough labels" in out["stance"]["skipped"]
    assert not ModelVersion.objects.exists()
