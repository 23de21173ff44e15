"""The records of the compare step: the two sides, a slot conflict, the result, the knobs."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass
class Side:
    text: str
    dates: list[dict] = field(default_factory=list)  # TimeExpr.to_dict()
    numbers: list[dict] = field(default_factory=list)  # Quantity.to_dict()
    entities: list[dict] = field(default_factory=list)  # Entity.to_dict()
    published: date | None = None
    # the article's own sentence when ``text`` is our rewrite of it (a decomposed
    # claim with pronouns and relative dates resolved); "" when ``text`` is the source
    source_text: str = ""


@dataclass(frozen=True)
class SlotConflict:
    kind: str  # date | number | entity | negation | other
    value_a: str
    value_b: str
    confidence: float  # event certainty x slot-alignment certainty, 0..1
    detail: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Comparison:
    same_event: bool
    event_score: float
    event_detail: str
    conflicts: list[SlotConflict] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)
    stance: str = "unknown"  # support | contradict | related | unknown

    def to_dict(self) -> dict:
        d = asdict(self)
        d["conflicts"] = [c.to_dict() for c in self.conflicts]
        return d


@dataclass(frozen=True)
class Thresholds:
    """Decision knobs. Defaults were set by hand on our own examples (see bench/stance.py)."""

    same_event: float = 0.5  # event score at or above which two sides are one event
    min_similarity: float = 0.35  # below this cosine, never the same event
    contradict: float = 0.3  # a conflict at or above this confidence makes the stance contradict
    support: float = 0.5  # event score for a conflict-free same-event pair to count as support
    related: float = 0.35  # event score (or similarity) for "related" when not the same event
    same_predicate: float = 0.5  # predicate share that, with a shared entity, makes one event


DEFAULT_THRESHOLDS = Thresholds()
