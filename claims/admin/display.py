"""Readable admin cells and read-only fields: text cut at a word, scores rounded, flags
in words, a claim's dates, numbers and entities as short lists instead of raw JSON."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from claims.evidence_list import cut_at_word
from claims.flag_words import flag_label


def text_cell(text: str, limit: int = 120):
    """A wide cell (admin.css gives ``.admin-text`` its width), cut at a word."""
    return format_html('<span class="admin-text" title="{}">{}</span>', text or "",
                       cut_at_word(text or "", limit))


def score(value, places: int = 2) -> str:
    try:
        return f"{float(value):.{places}f}"
    except (TypeError, ValueError):
        return "–"


def chips(items, key_text: str = "text", key_value: str = "value"):
    """[{text, value, ...}] as "text → value" lines; anything else as its string."""
    rows = []
    for item in items or []:
        if isinstance(item, dict):
            text = str(item.get(key_text) or "")
            value = item.get(key_value) or item.get("label") or item.get("kind") or ""
            rows.append((f"{text} → {value}" if text and value and str(value) != text
                         else text or str(value),))
        else:
            rows.append((str(item),))
    if not rows:
        return "–"
    return format_html("<ul class=\"admin-chips\">{}</ul>", format_html_join("", "<li>{}</li>", rows))


class FlagCodeFilter(admin.SimpleListFilter):
    """Claims by flag, the flag named in words."""

    title = "flag"
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        from claims.selectors.claims import flag_codes

        return [(c, flag_label(c)) for c in flag_codes()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(flags__code=self.value()).distinct()
        return queryset
