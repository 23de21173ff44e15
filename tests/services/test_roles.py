"""roles_setup: the reviewer and moderator groups."""

import pytest
from django.contrib.auth.models import Group

from claims.services.roles import roles_setup

pytestmark = pytest.mark.django_db


def test_roles_setup_is_idempotent_and_exact():
    first = roles_setup()
    reviewer = Group.objects.get(name="reviewer")
    codenames = set(reviewer.permissions.values_list("codename", flat=True))
    assert {"view_claim", "add_verdict", "change_contradiction"} <= codenames
    assert "change_verdict" not in codenames
    moderator = Group.objects.get(name="moderator")
    mod = set(moderator.permissions.values_list("codename", flat=True))
    assert codenames < mod and {"change_verdict", "change_periodictask"} <= mod
    reviewer.permissions.add(moderator.permissions.get(codename="change_verdict"))
    assert roles_setup() == first
    assert "change_verdict" not in set(reviewer.permissions.values_list("codename", flat=True))
    assert Group.objects.filter(name__in=["reviewer", "moderator"]).count() == 2
