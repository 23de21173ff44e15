"""Roles are Django groups: ``reviewer`` and ``moderator``; superusers act as admins.

A moderator can do everything a reviewer can. The group names are read once per
request and cached on the user object, so a page asks the database at most once.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

REVIEWER = "reviewer"
MODERATOR = "moderator"
ROLES = (REVIEWER, MODERATOR)


def _group_names(user) -> frozenset[str]:
    cached = getattr(user, "_factcheck_groups", None)
    if cached is None:
        if not getattr(user, "is_authenticated", False):
            cached = frozenset()
        else:
            cached = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        try:
            user._factcheck_groups = cached
        except AttributeError:  # AnonymousUser and friends
            pass
    return cached


def is_moderator(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or MODERATOR in _group_names(user)


def is_reviewer(user) -> bool:
    """True for reviewers, moderators and superusers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or bool(_group_names(user) & {REVIEWER, MODERATOR})


def _role_required(check):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied("Your account has no role that allows this.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


reviewer_required = _role_required(is_reviewer)
moderator_required = _role_required(is_moderator)


def require_reviewer(user) -> None:
    if not is_reviewer(user):
        raise PermissionDenied("Only reviewers and moderators can do this.")


def require_moderator(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied("Only moderators can do this.")
