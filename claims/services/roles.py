"""Create the ``reviewer`` and ``moderator`` groups with their model permissions.

Idempotent: run it as often as you like (after ``migrate``; the demo command and a
post_migrate hook can call it). Each group ends up with exactly the listed
permissions, so a removed permission is taken away on the next run.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from claims.permissions import MODERATOR, REVIEWER

_CLAIMS_MODELS = [
    "source", "article", "claim", "claimflag", "referencepassage", "match", "verdict",
    "contradiction", "verificationrun", "historicalverdict", "historicalcontradiction",
    "assignment", "historicalassignment",
]
_BEAT_MODELS = [
    "periodictask", "crontabschedule", "intervalschedule", "solarschedule",
    "clockedschedule", "periodictasks",
]

REVIEWER_PERMS = [("claims", f"view_{m}") for m in _CLAIMS_MODELS] + [
    ("claims", "add_verdict"),
    ("claims", "change_contradiction"),
]
MODERATOR_PERMS = REVIEWER_PERMS + [
    ("claims", "change_verdict"),
    ("claims", "change_claim"),
    ("claims", "change_claimflag"),
    ("claims", "delete_claimflag"),
    ("claims", "change_article"),
    ("claims", "add_referencepassage"),
    ("claims", "change_referencepassage"),
    ("claims", "change_verificationrun"),
] + [
    ("django_celery_beat", f"{action}_{m}")
    for m in _BEAT_MODELS
    for action in ("view", "add", "change", "delete")
]


def _permissions(pairs) -> list[Permission]:
    q = Q(pk__in=[])
    for app_label, codename in pairs:
        q |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(q))


def roles_setup() -> dict[str, int]:
    """Returns {group name: number of permissions it now has}."""
    result = {}
    with transaction.atomic():
        for name, pairs in ((REVIEWER, REVIEWER_PERMS), (MODERATOR, MODERATOR_PERMS)):
            group, _ = Group.objects.get_or_create(name=name)
            perms = _permissions(pairs)
            group.permissions.set(perms)
            result[name] = len(perms)
    return result
