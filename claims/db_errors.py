"""A database that stays locked past its busy timeout (SQLite, the embedded default)
is answered 503 with a clear message, never a 500: ``api_exception_handler`` for the
API (DRF) and ``DatabaseLockedMiddleware`` for every other page. Nothing was written:
the statement that waited for the lock failed, and its transaction rolled back."""

from django.db import OperationalError
from django.http import HttpResponse, JsonResponse

LOCKED_MESSAGE = (
    "The database is busy with other writes (the embedded SQLite database takes one "
    "writer at a time). Nothing was saved; try again in a moment."
)
RETRY_AFTER_SECONDS = "2"


def is_database_locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, OperationalError) and (
        "database is locked" in text or "database table is locked" in text
    )


class DatabaseLockedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_locked(exception):
            return None
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": LOCKED_MESSAGE}, status=503)
        else:
            response = HttpResponse(LOCKED_MESSAGE, status=503,
                                    content_type="text/plain; charset=utf-8")
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
