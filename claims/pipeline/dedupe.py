"""When two reference texts are the same text: one normal form, one hash.

A corpus gathered from several crawls holds the same fact-check more than once,
differing only in quote marks (``"My crimes"`` / ``'My crimes'`` / ``“My crimes”``),
apostrophes, dashes, case or spacing. Stored twice, both copies come back for the
same claim and push a different fact-check out of the reviewer's top five. The
reference loader stores the first copy only (``reference_load``), and so do the
benchmarks, which load their corpus through it.
"""

from __future__ import annotations

import hashlib
import re

_QUOTES = str.maketrans(
    {
        c: "'"
        for c in '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2018\u2019\u201a\u201b\u2032\u2033`\u00b4'
    }
    | {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
)
_SPACES = re.compile(r"\s+")


def normal_form(text: str) -> str:
    """Case-folded, one kind of quote mark and dash, single spaces, trimmed."""
    return _SPACES.sub(" ", text.translate(_QUOTES)).strip().casefold()


def text_hash(text: str) -> str:
    """sha256 of :func:`normal_form`: equal for texts that differ only in those ways."""
    return hashlib.sha256(normal_form(text).encode("utf-8")).hexdigest()
