"""The API's exception handler: DRF's, plus two rules.

* A request refused as not logged in (401) is counted by the view's throttles first,
  so an address that keeps guessing (bad tokens, no credentials) is answered 429
  like any other over-eager client; DRF itself checks throttles only after
  authentication and permissions have passed.
* A database still locked after its busy timeout is a 503 with a message
  (``claims.db_errors``), never a 500.
"""

from rest_framework import status
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated, Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler

from claims.db_errors import LOCKED_MESSAGE, RETRY_AFTER_SECONDS, is_database_locked


def api_exception_handler(exc, context):
    if is_database_locked(exc):
        return Response({"detail": LOCKED_MESSAGE}, status=status.HTTP_503_SERVICE_UNAVAILABLE,
                        headers={"Retry-After": RETRY_AFTER_SECONDS})
    view, request = context.get("view"), context.get("request")
    if isinstance(exc, (NotAuthenticated, AuthenticationFailed)) and view and request:
        try:
            view.check_throttles(request)
        except Throttled as throttled:
            exc = throttled
    return exception_handler(exc, context)
