"""Checks on a claim's recorded edits and annotations before they are stored.

The edit model itself (apply, undo, revert) is ``claims.pipeline.edits``; this module
is the gate between it and the database: what the pipeline or an API hands over is
refused, with a message that says what is wrong, unless

- every edit fits the verbatim sentence (span inside it, ``original`` equal to the
  words there, no overlaps) and has a known reason (``edits.REASONS``);
- the edits, applied to the sentence, give exactly the claim text (when there are
  edits: claims stored before the edit model have none and keep their text);
- every annotation lies inside the sentence, on the words it names, with a
  confidence between 0 and 1.

Edits are stored in sentence order, so "edit number n" means the same thing on the
page, in the API and in the service that reverts it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from claims.pipeline import edits as edit_model

EDIT_KEYS = ("start", "end", "original", "replacement", "reason")
ANNOTATION_KEYS = ("start", "end", "text", "kind", "value", "display", "confidence")


def _edit_dicts(edits) -> list[dict]:
    out = []
    for i, e in enumerate(edits or []):
        if isinstance(e, edit_model.Edit):
            e = e.to_dict()
        if not isinstance(e, dict) or any(k not in e for k in EDIT_KEYS):
            raise ValidationError(
                {"edits": f"edit {i} must have {', '.join(EDIT_KEYS)}"}
            )
        if e["reason"] not in edit_model.REASONS:
            raise ValidationError({"edits": f"edit {i}: unknown reason {e['reason']!r}"})
        if not isinstance(e["original"], str) or not isinstance(e["replacement"], str):
            raise ValidationError({"edits": f"edit {i}: original and replacement are text"})
        try:
            start, end = int(e["start"]), int(e["end"])
        except (TypeError, ValueError):
            raise ValidationError({"edits": f"edit {i}: start and end are numbers"}) from None
        out.append({**{k: e[k] for k in EDIT_KEYS}, "start": start, "end": end})
    return out


def edits_in_order(sentence: str, edits) -> list[dict]:
    """The edits as plain dicts in sentence order; ValidationError if any does not fit."""
    dicts = _edit_dicts(edits)
    try:
        return [e.to_dict() for e in edit_model.check_edits(sentence, dicts)]
    except edit_model.EditError as exc:
        raise ValidationError({"edits": str(exc)}) from None


def annotations_check(sentence: str, annotations) -> list[dict]:
    out = []
    for i, a in enumerate(annotations or []):
        if hasattr(a, "to_dict"):
            a = a.to_dict()
        if not isinstance(a, dict) or any(k not in a for k in ANNOTATION_KEYS):
            raise ValidationError(
                {"annotations": f"annotation {i} must have {', '.join(ANNOTATION_KEYS)}"}
            )
        try:
            start, end, conf = int(a["start"]), int(a["end"]), float(a["confidence"])
        except (TypeError, ValueError):
            raise ValidationError(
                {"annotations": f"annotation {i}: start, end and confidence are numbers"}
            ) from None
        if not 0 <= start <= end <= len(sentence) or sentence[start:end] != a["text"]:
            raise ValidationError(
                {"annotations": f"annotation {i}: the sentence does not say {a['text']!r} "
                 f"at {start}-{end}"}
            )
        if not 0.0 <= conf <= 1.0:
            raise ValidationError({"annotations": f"annotation {i}: confidence outside 0..1"})
        out.append({**{k: a[k] for k in ANNOTATION_KEYS}, "start": start, "end": end,
                    "confidence": conf})
    return sorted(out, key=lambda a: (a["start"], a["end"]))


def claim_edits_check(
    *, sentence: str, text: str, edits, annotations
) -> tuple[list[dict], list[dict]]:
    """Edits (sentence order) and annotations ready to store; ValidationError if not."""
    ordered = edits_in_order(sentence, edits)
    if ordered and edit_model.apply_edits(sentence, ordered) != text:
        raise ValidationError(
            {"edits": "the edits applied to the sentence do not give the claim text"}
        )
    return ordered, annotations_check(sentence, annotations)


def reverted_active(entries) -> list[tuple[int, dict]]:
    """(index in ``edits_reverted``, entry) of the reverts not since restored."""
    return [(i, e) for i, e in enumerate(entries or []) if not e.get("restored_at")]
