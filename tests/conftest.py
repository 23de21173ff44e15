"""Persona fixtures shared by every test module.

``reviewer``, ``moderator`` and ``outsider`` are users; ``reviewer`` and
``moderator`` belong to the groups of the same name (a moderator is also a
reviewer and is staff, so the admin is open to them). ``outsider`` is a logged-in
user in no group: it may authenticate but must not read or write review data.
pytest-django's own ``admin_user`` / ``admin_client`` stay available.
"""

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory

REVIEWER_GROUP = "reviewer"
MODERATOR_GROUP = "moderator"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests hash with MD5 to stay fast; production keeps Django's default (PBKDF2),
    which tests/project/test_security.py checks in a fresh interpreter."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: figures kept for a few seconds (queue
    status counts, dashboard) must not leak from one test's database into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def reviewer_group(db):
    return Group.objects.get_or_create(name=REVIEWER_GROUP)[0]


@pytest.fixture
def moderator_group(db):
    return Group.objects.get_or_create(name=MODERATOR_GROUP)[0]


@pytest.fixture
def reviewer(reviewer_group):
    user = UserFactory(username="rita_reviewer")
    user.groups.add(reviewer_group)
    return user


@pytest.fixture
def moderator(reviewer_group, moderator_group):
    user = UserFactory(username="mo_moderator", is_staff=True)
    user.groups.add(reviewer_group, moderator_group)
    return user


@pytest.fixture
def second_reviewer(reviewer_group):
    """Another reviewer: the blind second review in two-reviewer mode."""
    user = UserFactory(username="sam_second")
    user.groups.add(reviewer_group)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(username="otto_outsider")


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client
