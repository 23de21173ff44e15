"""The edit model: a claim's text is its verbatim sentence with recorded edits applied.

The sentence is the truth. Everything the machine changes to make a claim
self-contained is an :class:`Edit` of the sentence: its span (``start``, ``end``,
offsets into the verbatim sentence), the ``original`` words there, the
``replacement`` written into the claim, and the ``reason``. Dropping words (the
other half of a split sentence, an attribution moved to its own field) is an
edit whose replacement is empty; adding words (a full stop) is an edit whose
span is empty. Edits do not overlap and are kept in sentence order, so

    apply_edits(sentence, edits) == claim text
    undo_edits(claim text, edits) == sentence

always hold, and a reviewer can revert any one edit and get the text the
remaining edits give (:func:`revert_edit`).

What the machine could only guess (which May "in May" means) is not an edit: the
words stay, and the guess is an :class:`Annotation` with its confidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

# Why an edit was made (stable codes, shown to reviewers in words by the UI).
REASONS = {
    "pronoun": "pronoun replaced by the entity it refers to",
    "relative_date": "relative date replaced by the absolute date",
    "attribution": "attribution moved to the claim's source field",
    "clause_split": "the sentence's other clause is a claim of its own",
    "list_split": "the list's other items are claims of their own",
    "connective": "linking word at the start dropped",
    "quote": "quotation mark dropped",
    "capitalisation": "first letter capitalised",
    "full_stop": "full stop added",
    "spacing": "spacing normalised",
}


@dataclass(frozen=True)
class Edit:
    start: int  # span in the verbatim sentence, end exclusive
    end: int
    original: str  # sentence[start:end]
    replacement: str  # what the claim text has instead ("" = dropped)
    reason: str  # a key of REASONS

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Edit:
        return cls(int(d["start"]), int(d["end"]), d["original"], d["replacement"], d["reason"])


@dataclass(frozen=True)
class Annotation:
    """A resolution the machine is not sure of: shown beside the words, never written in."""

    start: int  # span in the verbatim sentence
    end: int
    text: str  # the words as written ("May")
    kind: str  # "date" | "pronoun"
    value: str  # e.g. "2019-05" or "Disney"
    display: str  # for a human: "May 2019 (guessed from the publication date)"
    confidence: float  # 0..1

    def to_dict(self) -> dict:
        return asdict(self)


class EditError(ValueError):
    """Edits that do not fit their sentence (overlap, or the original words differ)."""


def _as_edits(edits: Iterable[Edit | dict]) -> list[Edit]:
    out = [e if isinstance(e, Edit) else Edit.from_dict(e) for e in edits]
    return sorted(out, key=lambda e: (e.start, e.end))


def check_edits(sentence: str, edits: Iterable[Edit | dict]) -> list[Edit]:
    """The edits in sentence order; EditError if any does not fit ``sentence``."""
    out = _as_edits(edits)
    pos = 0
    for e in out:
        if e.start < pos or e.end < e.start or e.end > len(sentence):
            raise EditError(f"edit {e.start}-{e.end} overlaps another or leaves the sentence")
        if sentence[e.start : e.end] != e.original:
            raise EditError(
                f"edit {e.start}-{e.end}: the sentence says {sentence[e.start:e.end]!r}, "
                f"not {e.original!r}"
            )
        # two insertions at one point would be ambiguous to undo
        pos = e.end if e.end > e.start else e.end + 1
    return out


def apply_edits(sentence: str, edits: Iterable[Edit | dict]) -> str:
    """The claim text: ``sentence`` with every edit applied."""
    out: list[str] = []
    pos = 0
    for e in check_edits(sentence, edits):
        out.append(sentence[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(sentence[pos:])
    return "".join(out)


def undo_edits(text: str, edits: Iterable[Edit | dict]) -> str | None:
    """``text`` with its edits undone (the verbatim sentence); None if they do not apply."""
    out: list[str] = []
    pos = 0  # position in text
    shift = 0  # text offset minus sentence offset so far
    for e in _as_edits(edits):
        cs = e.start + shift
        if cs < pos or text[cs : cs + len(e.replacement)] != e.replacement:
            return None
        out.append(text[pos:cs])
        out.append(e.original)
        pos = cs + len(e.replacement)
        shift += len(e.replacement) - (e.end - e.start)
    out.append(text[pos:])
    return "".join(out)


def revert_edit(sentence: str, edits: Sequence[Edit | dict], index: int) -> tuple[str, list[Edit]]:
    """Undo edit ``index`` (in sentence order): the new claim text and the remaining edits."""
    ordered = check_edits(sentence, edits)
    if not 0 <= index < len(ordered):
        raise EditError(f"no edit number {index}")
    rest = ordered[:index] + ordered[index + 1 :]
    return apply_edits(sentence, rest), rest


def claim_spans(sentence: str, edits: Iterable[Edit | dict]) -> list[tuple[int, int, Edit]]:
    """Where each edit's replacement sits in the claim text: (start, end, edit)."""
    out = []
    shift = 0
    for e in check_edits(sentence, edits):
        cs = e.start + shift
        out.append((cs, cs + len(e.replacement), e))
        shift += len(e.replacement) - (e.end - e.start)
    return out
