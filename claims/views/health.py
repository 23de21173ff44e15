"""The health probe: the web app is up, and whether the task queue answers.
"""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from claims.broker import broker_status


@csrf_exempt  # it writes nothing: a probe's POST/PUT gets 405, not a CSRF 403
@require_safe
def healthz(request):
    # the web app is up (and serving reads) even when the task queue is not
    queue = broker_status()
    return JsonResponse({"ok": True, "queue": "ok" if queue.ok else "unavailable"})
