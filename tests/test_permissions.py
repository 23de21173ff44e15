"""Every workbench URL x every persona, as one table."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from claims.models import Verdict
from claims.permissions import is_moderator, is_reviewer
from tests.factories import UserFactory, VerdictFactory
from tests.ui.scenario import build_scenario

PERSONAS = ["anonymous", "outsider", "reviewer", "moderator", "admin"]
READ = {"anonymous": "login", "outsider": 403, "reviewer": 200, "moderator": 200, "admin": 200}
MOD_ONLY = {"anonymous": "login", "outsider": 403, "reviewer": 403, "moderator": 200,
            "admin": 200}
WRITE = {"anonymous": "login", "outsider": 403, "reviewer": 302, "moderator": 302, "admin": 302}

# (name, method, url builder, post data builder, expectations)
ENDPOINTS = [
    ("queue", "get", lambda s: reverse("claims:queue"), None, READ),
    ("queue_filtered", "get",
     lambda s: reverse("claims:queue") + "?status=all&has_contradiction=true&sort=-conflicts",
     None, READ),
    ("article", "get", lambda s: reverse("claims:article", args=[s.article_a.pk]), None, READ),
    ("claim", "get", lambda s: reverse("claims:claim", args=[s.since_a.pk]), None, READ),
    ("event", "get", lambda s: reverse("claims:event", args=[s.since_a.pk]), None, READ),
    ("runs", "get", lambda s: reverse("claims:runs"), None, READ),
    ("run_progress", "get", lambda s: reverse("claims:run_progress", args=[s.run.pk]), None,
     READ),
    ("override_form", "get", lambda s: reverse("claims:claim_override", args=[s.since_a.pk]),
     None, MOD_ONLY),
    ("override_post", "post", lambda s: reverse("claims:claim_override", args=[s.since_a.pk]),
     lambda s: {"label": "refuted", "kind": "override", "reason": "Wrong year."},
     {**MOD_ONLY, "moderator": 302, "admin": 302}),
    ("verdict_post", "post", lambda s: reverse("claims:claim_verdict", args=[s.weekday.pk]),
     lambda s: {"label": "misleading", "rationale": "Wrong weekday.", "version": "0"}, WRITE),
    ("contradiction_post", "post",
     lambda s: reverse("claims:contradiction_resolve", args=[s.contradiction.pk]),
     lambda s: {"decision": "confirm", "note": "Checked", "claim": str(s.since_a.pk)}, WRITE),
]


def _login(client, persona, request):
    if persona == "anonymous":
        return None
    user = request.getfixturevalue("admin_user" if persona == "admin" else persona)
    client.force_login(user)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "name,method,url_for,data_for,expect", ENDPOINTS, ids=[e[0] for e in ENDPOINTS]
)
def test_url_by_persona(client, request, persona, name, method, url_for, data_for, expect):
    s = build_scenario()
    VerdictFactory(claim=s.since_a, label=Verdict.Label.SUPPORTED)
    _login(client, persona, request)
    url = url_for(s)
    response = getattr(client, method)(url, data_for(s) if data_for else None)
    expected = expect[persona]
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    else:
        assert response.status_code == expected, response.content[:500]
    wrote = Verdict.objects.count() > 1 or s.contradiction.__class__.objects.filter(
        status="confirmed").exists()
    if method == "post":
        assert wrote == (expected == 302)


@pytest.mark.django_db
def test_role_helpers(reviewer, moderator, outsider, admin_user):
    assert is_reviewer(reviewer) and not is_moderator(reviewer)
    assert is_reviewer(moderator) and is_moderator(moderator)
    assert not is_reviewer(outsider) and not is_moderator(outsider)
    assert is_reviewer(admin_user) and is_moderator(admin_user)
    assert not is_reviewer(AnonymousUser()) and not is_moderator(AnonymousUser())
    inactive = UserFactory(username="gone", is_active=False)
    inactive.groups.add(*moderator.groups.all())
    assert not is_reviewer(inactive) and not is_moderator(inactive)


@pytest.mark.django_db
def test_login_page_is_the_only_open_page(client):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("claims:queue")).status_code == 302


@pytest.mark.django_db
def test_outsider_sees_a_clear_403_page(outsider_client):
    response = outsider_client.get(reverse("claims:queue"))
    assert response.status_code == 403
    assert b"no reviewer or moderator role" in response.content
