"""Role checks for templates: ``{% load roles %}{% if user|is_moderator %}``.

The same checks as views use (claims.permissions); the group names are cached on
the user for the request, so a page that already asked costs no query.
"""

from django import template

from claims import permissions

register = template.Library()


@register.filter
def is_moderator(user) -> bool:
    return permissions.is_moderator(user)
