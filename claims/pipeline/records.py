"""Plain records passed between pipeline steps (no Django, no I/O).

Every step is a function from these records to these records, so each can be
called and tested on its own. Offsets are Python string indices into
``CleanResult.text`` (the cleaned text), end exclusive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claims.pipeline.edits import Annotation, Edit


@dataclass(frozen=True)
class Dropped:
    """A piece of the page the cleaner removed, and why (shown to reviewers)."""

    text: str
    reason: str  # e.g. "navigation", "donation", "caption", "comments", "share", "byline"


@dataclass
class CleanResult:
    text: str  # prose kept, paragraphs separated by a blank line
    title: str = ""
    published: date | None = None  # found in the page; None if not found
    author: str = ""
    format: str = "text"  # text | html | markdown
    dropped: list[Dropped] = field(default_factory=list)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class TimeExpr:
    """A time expression resolved against the publication date."""

    text: str  # as written, e.g. "last December", "Saturday 17th December 2017"
    start: int  # offsets into the string it was found in
    end: int
    granularity: str  # day | month | year | range
    value: str  # ISO: "2016-12-17", "2016-12", "2016", or "2017/.." for an open range
    start_date: str  # ISO first day covered
    end_date: str | None  # ISO last day covered; None for an open range ("since 2017")
    relative: bool = False  # resolved from "today", "on Friday", "five months ago" ...
    weekday: str | None = None  # weekday as written, if any ("Saturday")
    # May the text be rewritten with this resolution? False when the year, the
    # week or the tense is a guess ("unveiled in May": which May?); then the words
    # stay as written and the resolution is kept as an annotation with confidence.
    certain: bool = True
    confidence: float = 1.0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float
    unit: str = ""  # "percent", "tons", "USD", "" ...

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Entity:
    text: str
    start: int
    end: int
    label: str  # PERSON | ORG | GPE | NORP | OTHER

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Flag:
    code: str  # stable, e.g. "weekday_mismatch", "date_after_publication"
    message: str  # for a human: "17 Dec 2017 was a Sunday, not a Saturday"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class AtomicClaim:
    """One checkable proposition from one sentence."""

    text: str  # self-contained: pronouns and relative dates resolved where certain
    sentence: Sentence
    attribution: str = ""  # "Sergey Lavrov" for "Lavrov said that ..."
    # apply_edits(sentence.text, edits) == text, always (spans into sentence.text)
    edits: list[Edit] = field(default_factory=list)
    # what was resolved but not written in: a guessed year, an unsure pronoun
    annotations: list[Annotation] = field(default_factory=list)


@dataclass
class ExtractedClaim:
    """An atomic claim with everything normalised: what the service stores."""

    text: str
    sentence: str
    start: int  # sentence span in the cleaned text
    end: int
    attribution: str = ""
    checkworthiness: float = 0.0
    dates: list[dict] = field(default_factory=list)  # TimeExpr.to_dict()
    numbers: list[dict] = field(default_factory=list)  # Quantity.to_dict()
    entities: list[dict] = field(default_factory=list)  # Entity.to_dict()
    flags: list[Flag] = field(default_factory=list)
    # how ``text`` was made from ``sentence``: Edit.to_dict() each (start, end are
    # offsets into ``sentence``; apply_edits(sentence, edits) == text, always)
    edits: list[dict] = field(default_factory=list)
    # resolutions not written in: Annotation.to_dict() each (offsets into ``sentence``)
    annotations: list[dict] = field(default_factory=list)
