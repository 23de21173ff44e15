"""API permissions: the same roles as the web UI (claims.permissions).

Reading and the reviewer's writes (verdicts, contradiction decisions, new articles)
need the reviewer role (reviewers, moderators, superusers); overrides need a
moderator. Anonymous requests get 401, logged-in users with no role 403.
"""

from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import BasePermission

from claims.permissions import is_moderator, is_reviewer

# Token first: its WWW-Authenticate header turns "not logged in" into a 401, not a 403.
API_AUTHENTICATION = [TokenAuthentication, SessionAuthentication]


class IsReviewer(BasePermission):
    message = "Only reviewers and moderators can use the review API."

    def has_permission(self, request, view):
        return is_reviewer(request.user)


class IsModerator(BasePermission):
    message = "Only moderators can do this."

    def has_permission(self, request, view):
        return is_moderator(request.user)
