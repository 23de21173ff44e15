"""The API's exception handler: DRF's, plus the services' refusals and two rules.

* What a service refuses answers as the refusal means, so views never catch it:
  a Django ``ValidationError`` is a 400 (field errors by field, else ``detail``),
  ``StaleClaimVersion`` a 409 with the claim's ``current_version``,
  ``DuplicateArticle`` a 409 with the stored ``article_id``, and any other
  ``InputError`` (bad text, file or URL) a 400 with its one-line reason.

* A request refused as not logged in (401) is counted by the view's throttles first,
  so an address that keeps guessing (bad tokens, no credentials) is answered 429
  like any other over-eager client; DRF itself checks throttles only after
  authentication and permissions have passed.
* A database still locked after its busy timeout is a 503 with a message
  (``claims.db_errors``), never a 500.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import (
    AuthenticationFailed,
    NotAuthenticated,
    Throttled,
    ValidationError,
)
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from claims.db_errors import LOCKED_MESSAGE, RETRY_AFTER_SECONDS, is_database_locked
from claims.pipeline.errors import InputError
from claims.services.articles import DuplicateArticle
from claims.services.verdicts import StaleClaimVersion


def _refusal(exc) -> Response | Exception | None:
    """The answer (or the DRF exception) for a service's refusal; None for anything else."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return ValidationError(exc.message_dict)
        return ValidationError({"detail": exc.messages})
    if isinstance(exc, StaleClaimVersion):
        return Response({"detail": str(exc), "current_version": exc.current},
                        status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DuplicateArticle):
        return Response({"detail": str(exc), "article_id": exc.existing.pk},
                        status=status.HTTP_409_CONFLICT)
    if isinstance(exc, InputError):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    return None


def api_exception_handler(exc, context):
    refusal = _refusal(exc)
    if isinstance(refusal, Response):
        set_rollback()  # a refused request writes nothing, also under ATOMIC_REQUESTS
        return refusal
    if refusal is not None:
        exc = refusal
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
