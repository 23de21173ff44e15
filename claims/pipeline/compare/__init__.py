"""Compare two close claims (or a claim and a reference passage).

Input: two ``Side`` records carrying the slots the normalise step already
extracted (``TimeExpr.to_dict()``, ``Quantity.to_dict()``, ``Entity.to_dict()``
— what each Claim row stores), plus the cosine similarity of their embeddings.

1. ``same_event`` decides whether both speak of the same event (similarity,
   shared entities, shared content words, compatible time).
2. ``compare`` then aligns slots by role and emits ``SlotConflict`` candidates
   (date, number, entity, negation) and agreements (corroboration).

Every decision carries a human-readable ``detail``: a reviewer reads it. The
rules are conservative: a conflict needs the same event AND an aligned slot.
No Django, no model: similarity is given.

Modules, lowest first (each imports only those above it):

- ``records``: ``Side``, ``SlotConflict``, ``Comparison``, ``Thresholds``
- ``spans``: where a slot stands in its text, the words around it
- ``entities``: normalised names, matching mentions, entity-slot conflicts
- ``predicate``: the same predicate around a slot on both sides
- ``dates``, ``numbers``, ``negation``: each slot kind's alignment and conflicts
- ``events``: same-event evidence and decision
- ``slots``: ``compare_slots``, ``decide_stance``, ``compare``
"""

from claims.pipeline.compare.entities import entities_match, normalise_entity, shared_entities
from claims.pipeline.compare.events import (
    EventEvidence,
    decide_same_event,
    event_evidence,
    same_event,
)
from claims.pipeline.compare.predicate import predicate_overlap
from claims.pipeline.compare.records import (
    DEFAULT_THRESHOLDS,
    Comparison,
    Side,
    SlotConflict,
    Thresholds,
)
from claims.pipeline.compare.slots import compare, compare_slots, decide_stance

__all__ = [
    "DEFAULT_THRESHOLDS",
    "Comparison",
    "EventEvidence",
    "Side",
    "SlotConflict",
    "Thresholds",
    "compare",
    "compare_slots",
    "decide_same_event",
    "decide_stance",
    "entities_match",
    "event_evidence",
    "normalise_entity",
    "predicate_overlap",
    "same_event",
    "shared_entities",
]
