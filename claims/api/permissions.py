"""API permissions: the same roles as the web UI (claims.permissions).

Reading and the reviewer's writes (verdicts, contradiction decisions, new articles)
need the reviewer role (reviewers, moderators, superusers); overrides need a
moderator. Anonymous requests get 401, logged-in users with no role 403.
"""

from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission

from claims.permissions import is_moderator, is_reviewer
from claims.services.api_tokens import api_token_expired


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, refused (401) once the token's lifetime is over
    (``claims.services.api_tokens``)."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if api_token_expired(token):
            raise AuthenticationFailed(
                "Token expired. POST your username and password to /api/auth/token/ "
                "for a new one."
            )
        return user, token


# Token first: its WWW-Authenticate header turns "not logged in" into a 401, not a 403.
API_AUTHENTICATION = [ExpiringTokenAuthentication, SessionAuthentication]


class IsReviewer(BasePermission):
    message = "Only reviewers and moderators can use the review API."

    def has_permission(self, request, view):
        return is_reviewer(request.user)


class IsModerator(BasePermission):
    message = "Only moderators can do this."

    def has_permission(self, request, view):
        return is_moderator(request.user)
