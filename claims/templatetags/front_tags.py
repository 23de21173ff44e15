"""Small filters for the front-door pages."""

from django import template

register = template.Library()


@register.filter
def words(code: str) -> str:
    """A machine code in plain words: ``weekday_mismatch`` -> ``weekday mismatch``."""
    return str(code or "").replace("_", " ")


@register.filter
def percent(share) -> str:
    """0.4167 -> ``42%``."""
    try:
        return f"{round(float(share) * 100):d}%"
    except (TypeError, ValueError):
        return "–"
