"""Admin → Model versions in a real browser: figures shown, a moderator rolls back.

Screenshot: var/screenshots/model_versions.png.
"""

import pytest

from claims.models import ModelVersion
from claims.services.model_versions import model_promote
from claims.services.roles import roles_setup
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_moderator_rolls_a_model_back_in_the_admin(page, live_server, moderator, shoot,
                                                    monkeypatch):  # fmt: skip
    monkeypatch.setattr("claims.tasks.rescore_models.delay", lambda kind: None)
    roles_setup()
    for score, blob in ((0.6120, b"PK first"), (0.7480, b"PK second")):
        model_promote(kind="checkworthy", artefact=blob, metric="roc_auc", score=score,
                      previous_score=score - 0.05, figures={}, n_train=40, n_held_back=12)
    page.goto(live_server.url + "/admin/login/?next=/admin/claims/modelversion/")
    page.fill("#id_username", moderator.username)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_selector("#result_list")
    body = page.inner_text("#result_list")
    assert "0.748" in body and "0.612" in body
    shoot(page, "model_versions")
    first = ModelVersion.objects.get(version=1)
    page.check(f"input[name=_selected_action][value='{first.pk}']")
    page.select_option("select[name=action]", "roll_back_to_this")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist")
    assert "now runs version 1" in page.inner_text(".messagelist")
    assert ModelVersion.objects.get(is_active=True).version == 1
