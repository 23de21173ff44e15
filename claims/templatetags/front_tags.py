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


@register.filter(needs_autoescape=True)
def highlight(text, query, autoescape=True):
    """``text`` escaped, with each word and "phrase" of the search ``query`` in <mark>."""
    import re

    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from claims.selectors.claims import search_terms

    text = str(text or "")
    terms = sorted({t for t in search_terms(str(query or "")) if len(t) > 1}, key=len, reverse=True)
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    out, cursor = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[cursor:m.start()]))
        out.append(f'<mark class="term">{escape(m.group(0))}</mark>')
        cursor = m.end()
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))  # noqa: S308 -- every piece is escaped above


@register.filter
def match_name(match) -> str:
    """A match by its source and words, not its id (claims.evidence_list.match_name)."""
    from claims.evidence_list import match_name as name

    return name(match)


@register.filter
def flag_words(code: str) -> str:
    """A flag code as a reviewer reads it: ``weekday_mismatch`` -> ``Weekday mismatch``."""
    from claims.flag_words import flag_label

    return flag_label(code)


@register.simple_tag
def embedded_mode() -> bool:
    """True when tasks run in the web process (no broker, so no worker and no beat)."""
    from django.conf import settings

    return bool(settings.CELERY_TASK_ALWAYS_EAGER)


@register.filter
def worth_rank(score) -> str:
    """A check-worthiness score as its rank among all claims ("top 3%")."""
    from claims.worthiness_rank import distribution, top_share, top_words

    try:
        value = float(score)
    except (TypeError, ValueError):
        return ""
    points, _ = distribution()
    return top_words(top_share(value, points))
