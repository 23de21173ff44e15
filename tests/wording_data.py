"""A claim with recorded edits and an annotation, in our own words, for the edit-model tests.

The sentence has four edits (a pronoun, a relative date, a double space, an
attribution dropped) and one guess left as an annotation ("May").
"""

from claims.pipeline.edits import Annotation, Edit, apply_edits
from tests.factories import ClaimFactory

SENTENCE = (
    "She reopened the ferry  line on Friday after repairs that began in May, "
    "the council said."
)


def _edit(original: str, replacement: str, reason: str, *, after: int = 0) -> dict:
    start = SENTENCE.index(original, after)
    return Edit(start, start + len(original), original, replacement, reason).to_dict()


EDITS = [
    _edit("She", "Mayor Lina Ortiz", "pronoun"),
    _edit("  ", " ", "spacing"),
    _edit("on Friday", "on 14 March 2025", "relative_date"),
    _edit(", the council said", "", "attribution"),
]
TEXT = apply_edits(SENTENCE, EDITS)
MAY = SENTENCE.index("May")
ANNOTATIONS = [
    Annotation(MAY, MAY + 3, "May", "date", "2024-05",
               "May 2024 (guessed from the publication date)", 0.7).to_dict()
]


def claim_with_edits(**kwargs):
    """A stored claim whose text is SENTENCE with EDITS applied."""
    defaults = dict(
        sentence=SENTENCE, text=TEXT, edits=[dict(e) for e in EDITS],
        annotations=[dict(a) for a in ANNOTATIONS], attribution="the council",
    )
    return ClaimFactory(**{**defaults, **kwargs})
