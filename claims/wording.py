"""How a claim's wording is shown: the verbatim sentence with the machine's edits marked.

Pure presentation over ``Claim.sentence``, ``Claim.edits``, ``Claim.annotations`` and
``Claim.edits_reverted`` (no queries). The claim page renders :func:`sentence_marks`
as one line (removed words struck through, added words highlighted, each edit
numbered and explained) and :func:`edit_rows` as the list with the Revert buttons.

"spacing" edits are not marked (a reviewer gains nothing from seeing a double space
made single): the line shows their result as plain text, and they are counted
apart. Annotations (guesses the machine did not write in) are dotted underlines on
the words they explain; one that overlaps an edit is listed only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince

from claims.claim_edits import reverted_active
from claims.pipeline.edits import REASONS, EditError, apply_edits, claim_spans

HIDDEN_REASONS = frozenset({"spacing"})
# one-character touches: marked on the new character only, without a number in the
# line (it would split the word); listed, numbered and explained like the others
MINOR_REASONS = frozenset({"capitalisation", "full_stop", "quote"})
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


def split_change(original: str, replacement: str) -> tuple[str, str, str, str]:
    """(kept before, removed, added, kept after): the words an edit leaves alone at
    either end ("on Friday" -> "on 14 March 2025" only changes "Friday")."""
    a, b = _TOKENS.findall(original), _TOKENS.findall(replacement)
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and a[-1 - j] == b[-1 - j]:
        j += 1
    before, after = "".join(a[:i]), "".join(a[len(a) - j:])
    removed, added = "".join(a[i:len(a) - j]), "".join(b[i:len(b) - j])
    if not removed and (before or after):  # a pure insertion: its spaces are not news
        lead, trail = len(added) - len(added.lstrip()), len(added) - len(added.rstrip())
        before, added, after = before + added[:lead], added.strip(), (
            added[len(added) - trail:] if trail else "") + after
    return before, removed, added, after


def reason_words(code: str) -> str:
    """The reason in plain words, capitalised ("Pronoun replaced by the entity …")."""
    words = REASONS.get(code, code.replace("_", " "))
    return words[:1].upper() + words[1:]


def annotation_words(a: dict) -> str:
    """'probably May 2019 (guessed from the publication date), 70%'"""
    try:
        pct = f", {round(float(a.get('confidence', 0)) * 100)}%"
    except (TypeError, ValueError):
        pct = ""
    return f"probably {a.get('display') or a.get('value', '')}{pct}"


@dataclass
class Segment:
    kind: str  # "text" | "edit" | "note"
    text: str = ""  # text, or the annotated words
    original: str = ""  # edit: words removed from the sentence
    replacement: str = ""  # edit: words written into the claim
    number: int = 0  # edit: 1-based, as listed
    reason: str = ""  # edit: code
    why: str = ""  # edit: reason in words; note: the guess in words


@dataclass
class EditRow:
    index: int  # 0-based, what the revert form posts
    number: int  # 1-based, as shown
    edit: dict
    why: str
    hidden: bool
    change: str = field(default="")  # "replaced" | "removed" | "added"

    @property
    def original_html(self) -> SafeString:
        """The original words, only the ones the edit removed struck through."""
        before, removed, _, after = split_change(self.edit["original"], self.edit["replacement"])
        return format_html("{}<del>{}</del>{}", before, removed, after) if removed else \
            format_html("{}", self.edit["original"])

    @property
    def replacement_html(self) -> SafeString:
        """The claim's words, only the ones the edit added highlighted."""
        before, _, added, after = split_change(self.edit["original"], self.edit["replacement"])
        return format_html("{}<ins>{}</ins>{}", before, added, after) if added else \
            format_html("{}", self.edit["replacement"])


def _change(e: dict) -> str:
    if e["original"] and e["replacement"]:
        return "replaced"
    return "removed" if e["original"] else "added"


def edit_rows(edits: list[dict]) -> list[EditRow]:
    """The edits in sentence order with their numbers; hidden ones get no number."""
    rows, number = [], 0
    for i, e in enumerate(sorted(edits or [], key=lambda e: (e["start"], e["end"]))):
        hidden = e["reason"] in HIDDEN_REASONS
        if not hidden:
            number += 1
        rows.append(EditRow(index=i, number=0 if hidden else number, edit=e,
                            why=reason_words(e["reason"]), hidden=hidden, change=_change(e)))
    return rows


def _text_run(sentence: str, start: int, end: int, notes: list[dict]) -> list[Segment]:
    out, pos = [], start
    for a in notes:
        if a["start"] < pos or a["end"] > end or a["end"] <= a["start"]:
            continue
        if a["start"] > pos:
            out.append(Segment("text", sentence[pos:a["start"]]))
        out.append(Segment("note", sentence[a["start"]:a["end"]], why=annotation_words(a)))
        pos = a["end"]
    if end > pos:
        out.append(Segment("text", sentence[pos:end]))
    return out


def sentence_marks(sentence: str, edits: list[dict], annotations: list[dict]) -> list[Segment]:
    """The sentence as runs of plain words, marked edits and annotated words."""
    notes = sorted(annotations or [], key=lambda a: (a["start"], a["end"]))
    out: list[Segment] = []
    pos = 0
    for row in edit_rows(edits):
        e = row.edit
        out += _text_run(sentence, pos, e["start"], notes)
        if row.hidden:
            if e["replacement"]:
                out.append(Segment("text", e["replacement"]))
        else:
            out.append(Segment("edit", original=e["original"], replacement=e["replacement"],
                               number=row.number, reason=e["reason"], why=row.why))
        pos = e["end"]
    out += _text_run(sentence, pos, len(sentence), notes)
    return out


def _when(iso: str | None):
    try:
        return datetime.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _ago(when) -> str:
    if when is None:
        return ""
    if timezone.now() - when < timedelta(minutes=1):
        return "just now"
    return f"{timesince(when)} ago"


def edit_history(claim) -> list[dict]:
    """Reverts and restores of the claim's edits as history events (newest last)."""
    events = []
    for e in claim.edits_reverted or []:
        base = {"edit": e, "why": reason_words(e.get("reason", "")), "change": _change(e)}
        events.append({**base, "action": "reverted", "who": e.get("reverted_by", ""),
                       "when": _when(e.get("reverted_at")), "ago": _ago(_when(e.get("reverted_at")))})
        if e.get("restored_at"):
            events.append({**base, "action": "restored", "who": e.get("restored_by", ""),
                           "when": _when(e.get("restored_at"))})
    return events


def _segment_html(seg: Segment, key: str) -> SafeString:
    if seg.kind == "text":
        return format_html("{}", seg.text)
    if seg.kind == "note":
        return format_html(
            '<span class="annot" tabindex="0" aria-describedby="{key}">{words}'
            '<span class="tip" role="tooltip" id="{key}">{why}</span></span>',
            key=key, words=seg.text, why=seg.why,
        )
    before, removed, added, after = split_change(seg.original, seg.replacement)
    parts = [format_html("{}", before)] if before else []
    if removed:
        parts.append(format_html(
            '<del><span class="visually-hidden">removed: </span>{}</del>', removed))
    if added:
        parts.append(format_html(
            '<ins><span class="visually-hidden">added: </span>{}</ins>', added))
    if after:
        parts.append(format_html("{}", after))
    minor = seg.reason in MINOR_REASONS
    number = "" if minor else format_html(
        '<sup class="edit-no" aria-hidden="true">{}</sup>', seg.number)
    return format_html(
        '<span class="edit reason-{reason}{minor}" tabindex="0" data-edit="{n}" '
        'aria-describedby="{key}">{parts}{number}'
        '<span class="tip" role="tooltip" id="{key}">{n}. {why}</span></span>',
        reason=seg.reason, minor=" minor" if minor else "", n=seg.number, key=key,
        why=seg.why, number=number,
        parts=mark_safe("".join(parts)),  # noqa: S308 - each part escaped by format_html
    )


def marks_html(segments: list[Segment]) -> SafeString:
    """The marked sentence as HTML, with no whitespace added between runs."""
    return mark_safe("".join(  # noqa: S308 - every piece built by format_html
        _segment_html(seg, f"mark-{i}") for i, seg in enumerate(segments)
    ))


def claim_text_html(claim) -> SafeString:
    """The claim text with the words the edits wrote in highlighted (plain if they do
    not give the stored text)."""
    visible = [e for e in claim.edits or [] if e["reason"] not in HIDDEN_REASONS]
    try:
        if not visible or apply_edits(claim.sentence, claim.edits) != claim.text:
            return format_html("{}", claim.text)
        spans = [(s, e) for s, e, ed in claim_spans(claim.sentence, claim.edits)
                 if e > s and ed.reason not in HIDDEN_REASONS]
    except EditError:
        return format_html("{}", claim.text)
    pieces, pos = [], 0
    for start, end in spans:
        pieces.append((claim.text[pos:start], claim.text[start:end]))
        pos = end
    body = format_html_join("", "{}<ins>{}</ins>", pieces)
    return format_html("{}{}", body, claim.text[pos:])


def claim_wording(claim) -> dict:
    """Everything the claim page's wording card needs."""
    rows = edit_rows(claim.edits)
    reverted = [
        {"index": i, "entry": e, "why": reason_words(e.get("reason", "")), "change": _change(e),
         "when": _when(e.get("reverted_at")), "ago": _ago(_when(e.get("reverted_at")))}
        for i, e in reverted_active(claim.edits_reverted)
    ]
    try:
        consistent = not claim.edits or apply_edits(claim.sentence, claim.edits) == claim.text
    except EditError:
        consistent = False
    return {
        "consistent": consistent,
        "marks_html": marks_html(sentence_marks(claim.sentence, claim.edits, claim.annotations)),
        "claim_html": claim_text_html(claim),
        "rows": [r for r in rows if not r.hidden],
        "hidden_count": sum(1 for r in rows if r.hidden),
        "notes": [{**a, "words": annotation_words(a)} for a in claim.annotations or []],
        "reverted": reverted,
        "has_marks": bool(claim.edits or claim.annotations or reverted),
    }
