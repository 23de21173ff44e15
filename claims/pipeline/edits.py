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

Claims are built with a :class:`Draft`: a step sees the draft's current text and
replaces, drops or inserts by offsets into it; the draft records each change as
an edit of the verbatim sentence (merging it with an edit it touches), so the
invariant above holds by construction. An insertion may share its point with the
start of a replacement or drop (a full stop added where a dropped clause begins);
two insertions at one point may not.

Stored form (``ExtractedClaim.edits`` / ``.annotations``, the JSON fields of the
same names): a list of :meth:`Edit.to_dict` / :meth:`Annotation.to_dict`.
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
    "punctuation": "punctuation left over from a split dropped",
    "list_marker": "list bullet dropped",
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
    last_insert = -1
    for e in out:
        if e.start < pos or e.end < e.start or e.end > len(sentence):
            raise EditError(f"edit {e.start}-{e.end} overlaps another or leaves the sentence")
        if sentence[e.start : e.end] != e.original:
            raise EditError(
                f"edit {e.start}-{e.end}: the sentence says {sentence[e.start:e.end]!r}, "
                f"not {e.original!r}"
            )
        if e.start == e.end:  # two insertions at one point would be ambiguous to undo
            if e.start == last_insert:
                raise EditError(f"two insertions at {e.start}")
            last_insert = e.start
        pos = e.end
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


# Reasons that only tidy the text: when one of these touches a substantive edit
# (capitalising the "o" of "on 17 December 2016"), the merged edit keeps the
# substantive reason.
_COSMETIC = frozenset({"capitalisation", "full_stop", "spacing", "punctuation", "quote"})


class Draft:
    """A claim being built from its verbatim sentence, one recorded edit at a time.

    Steps see the current text (``draft.text``) and change it by text offsets:
    :meth:`replace` and :meth:`drop` a span of the current text, :meth:`insert`
    at a point. Each change becomes an :class:`Edit` of the verbatim sentence
    (an edit it touches is merged into it), so ``apply_edits(sentence, edits)``
    is the current text by construction. :meth:`sentence_span` maps a span of
    the current text back into the sentence (for annotations).
    """

    __slots__ = ("sentence", "_edits", "_cache")

    def __init__(self, sentence: str, edits: Iterable[Edit] = ()):
        self.sentence = sentence
        self._edits: list[Edit] = sorted(edits, key=lambda e: (e.start, e.end))
        self._cache: tuple[str, list[int]] | None = None

    def copy(self) -> Draft:
        return Draft(self.sentence, self._edits)

    @property
    def edits(self) -> list[Edit]:
        return list(self._edits)

    def _build(self) -> tuple[str, list[int]]:
        # src[i]: the sentence offset of text[i] when it is the sentence's own
        # character, or -1 - k when it belongs to the replacement of edit k
        if self._cache is None:
            parts: list[str] = []
            src: list[int] = []
            pos = 0
            for k, e in enumerate(self._edits):
                parts.append(self.sentence[pos : e.start])
                src.extend(range(pos, e.start))
                parts.append(e.replacement)
                src.extend([-1 - k] * len(e.replacement))
                pos = e.end
            parts.append(self.sentence[pos:])
            src.extend(range(pos, len(self.sentence)))
            self._cache = ("".join(parts), src)
        return self._cache

    @property
    def text(self) -> str:
        return self._build()[0]

    def is_own(self, start: int, end: int) -> bool:
        """True when text[start:end] is the sentence's own words, untouched."""
        _, src = self._build()
        return all(src[i] >= 0 for i in range(start, end))

    def sentence_pos(self, i: int) -> int:
        """The sentence offset of text[i] (the edit's start for a replaced character)."""
        _, src = self._build()
        v = src[i]
        return v if v >= 0 else self._edits[-1 - v].start

    def sentence_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the sentence that text[start:end] comes from."""
        _, src = self._build()
        if start >= end:
            p = self.sentence_pos(start) if start < len(src) else len(self.sentence)
            return p, p
        a, b = src[start], src[end - 1]
        s = a if a >= 0 else self._edits[-1 - a].start
        e = b + 1 if b >= 0 else self._edits[-1 - b].end
        return s, e

    def replace(self, start: int, end: int, new: str, reason: str) -> None:
        """Write ``new`` in place of text[start:end] (an insertion when start == end)."""
        text, src = self._build()
        if not 0 <= start <= end <= len(text):
            raise EditError(f"span {start}-{end} is outside the text")
        touched = {-1 - src[i] for i in range(start, end) if src[i] < 0}
        if start == end:  # an insertion next to another insertion joins it
            for j in (start - 1, start):
                if 0 <= j < len(src) and src[j] < 0:
                    k = -1 - src[j]
                    if self._edits[k].start == self._edits[k].end:
                        touched.add(k)
                        break
        ts, te = start, end
        for k in touched:  # cover whole edits: the text they wrote is rewritten as one
            idx = [i for i, v in enumerate(src) if v == -1 - k]
            if idx:
                ts, te = min(ts, idx[0]), max(te, idx[-1] + 1)
        if ts < te:
            s, e = self.sentence_span(ts, te)
        elif touched:  # an insertion edit with no text left
            k = next(iter(touched))
            s = e = self._edits[k].start
        elif ts > 0:  # just after the character (or the replaced span) to its left
            v = src[ts - 1]
            s = e = v + 1 if v >= 0 else self._edits[-1 - v].end
        elif src:
            v = src[0]
            s = e = v if v >= 0 else self._edits[-1 - v].start
        else:
            s = e = len(self.sentence)
        replacement = text[ts:start] + new + text[end:te]
        keep: list[Edit] = []
        reasons = []
        for k, ed in enumerate(self._edits):
            inside = s <= ed.start and ed.end <= e and (ed.start < ed.end or s < ed.start < e)
            if k in touched or (inside and (ed.replacement == "" or ts < te)):
                reasons.append(ed.reason)
            else:
                keep.append(ed)
        if reason in _COSMETIC:
            substantive = [r for r in reasons if r not in _COSMETIC]
            if substantive and new:
                reason = substantive[0]
        if replacement != self.sentence[s:e]:
            keep.append(Edit(s, e, self.sentence[s:e], replacement, reason))
        self._edits = sorted(keep, key=lambda x: (x.start, x.end))
        self._cache = None

    def drop(self, start: int, end: int, reason: str) -> None:
        if start < end:
            self.replace(start, end, "", reason)

    def insert(self, pos: int, new: str, reason: str) -> None:
        self.replace(pos, pos, new, reason)
