"""API tokens: issued with a lifetime, refused once expired, revoked by their owner.

A token lives ``settings.API_TOKEN_LIFETIME`` (``API_TOKEN_LIFETIME_DAYS``, default 30)
from when it was issued (``Token.created``). Asking for a token while one is still
valid returns that one (scripts on several machines share it); an expired one is
replaced by a new key. Revoking deletes the user's token at once; the next request
with it is a 401.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token


def api_token_lifetime() -> dt.timedelta:
    return getattr(settings, "API_TOKEN_LIFETIME", dt.timedelta(days=30))


def api_token_expires_at(token: Token) -> dt.datetime:
    return token.created + api_token_lifetime()


def api_token_expired(token: Token, *, now: dt.datetime | None = None) -> bool:
    return api_token_expires_at(token) <= (now or timezone.now())


def api_token_issue(*, user) -> Token:
    """The user's valid token, or a new one in place of an expired one (or none)."""
    with transaction.atomic():
        token = Token.objects.select_for_update().filter(user=user).first()
        if token is not None and api_token_expired(token):
            token.delete()
            token = None
        if token is None:
            token = Token.objects.create(user=user)
        return token


def api_token_revoke(*, user) -> bool:
    """Delete the user's token; True if there was one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return bool(deleted)
