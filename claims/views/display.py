"""How pages show claims: marked values, an article's claim highlights, both sides
of a contradiction, a sentence in its context.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from claims.contradiction_words import contradiction_plain
from claims.forms import LABEL_KEYS
from claims.models import Claim, Contradiction

CONTEXT_CHARS = 320


LABEL_MAP = {key: value for key, value, _ in LABEL_KEYS}


def event_threshold() -> float:
    return float(getattr(settings, "EVENT_SIMILARITY_THRESHOLD", 0.7))


def mark_value(text: str, value: str) -> tuple[SafeString, bool]:
    """``text`` escaped, with the first case-insensitive occurrence of ``value`` in <mark>."""
    if value:
        at = text.lower().find(value.lower())
        if at >= 0:
            end = at + len(value)
            return format_html("{}<mark>{}</mark>{}", text[:at], text[at:end], text[end:]), True
    return escape(text), False


def article_segments(text: str, claims) -> list[dict]:
    """Split ``text`` into plain and highlighted runs from the claims' spans.

    Claims sharing a span share one highlight; an overlapping span is clipped to
    where the previous one ended, so no character is shown twice.
    """
    spans: dict[tuple[int, int], list] = {}
    for claim in claims:
        start, end = max(0, claim.start), min(len(text), claim.end)
        spans.setdefault((start, end), []).append(claim)
    segments: list[dict] = []
    cursor = 0
    for (start, end), group in sorted(spans.items()):
        start = max(start, cursor)
        if end <= start:
            if segments and segments[-1]["claims"]:
                segments[-1]["claims"].extend(group)
            continue
        if start > cursor:
            segments.append({"text": text[cursor:start], "claims": None})
        segments.append({"text": text[start:end], "claims": group, "start": start})
        cursor = end
    if cursor < len(text):
        segments.append({"text": text[cursor:], "claims": None})
    for seg in segments:
        if seg["claims"]:
            seg["flagged"] = any(c.flags.all() for c in seg["claims"])
            seg["conflicted"] = any(getattr(c, "conflict_count", 0) for c in seg["claims"])
    return segments


def contradiction_side(contradiction: Contradiction, claim_id: int) -> dict:
    """Both sides of a contradiction, oriented so ``mine`` is the claim being viewed."""
    c = contradiction
    if c.claim_id == claim_id:
        mine, my_value, their_value = c.claim, c.value_claim, c.value_other
        other = c.other_claim
    else:
        mine, my_value, their_value = c.other_claim, c.value_other, c.value_claim
        other = c.claim
    mine_html, _ = mark_value(mine.sentence or mine.text, my_value)
    if other is not None:
        theirs_html, found = mark_value(other.text, their_value)
        if not found and other.sentence:
            theirs_html, _ = mark_value(other.sentence, their_value)
        theirs_label = other.article.source.name
        theirs_url = reverse("claims:claim", args=[other.pk])
        theirs_title = str(other.article)
    else:
        theirs_html, _ = mark_value(c.passage.text, their_value)
        theirs_label = "Reference"
        theirs_url = c.passage.url or ""
        theirs_title = c.passage.title or c.passage.source
    plain = contradiction_plain(
        kind=c.kind, mine=my_value, theirs=their_value,
        other_name=theirs_label if other is not None else f"the reference ({theirs_title})",
    )
    return {
        "c": c, "plain": plain, "mine_html": mine_html, "theirs_html": theirs_html, "my_value": my_value,
        "their_value": their_value, "mine_label": mine.article.source.name,
        "theirs_label": theirs_label, "theirs_url": theirs_url, "theirs_title": theirs_title,
    }


def sentence_in_context(claim: Claim) -> dict:
    text = claim.article.cleaned_text or ""
    start, end = max(0, claim.start), min(len(text), claim.end)
    if end <= start:
        return {"before": "", "sentence": claim.sentence, "after": ""}
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    return {
        "before": ("…" if lo else "") + text[lo:start],
        "sentence": text[start:end],
        "after": text[end:hi] + ("…" if hi < len(text) else ""),
    }
