"""The two sides of a stance comparison, built from text: with the pipeline's extracted
dates, numbers and names (``pipeline_side``), or text only (``text_only_side``)."""

from __future__ import annotations

from claims.pipeline.compare import Side


def text_only_side(text: str) -> Side:
    """A Side with no extracted slots: negation and content words still work."""
    return Side(text=text)


def pipeline_side(text: str) -> Side:
    """A Side with slots from the pipeline extractors, those that are importable."""
    side = Side(text=text)
    try:
        from claims.pipeline.temporal import extract_dates

        side.dates = [d.to_dict() for d in extract_dates(text, reference=None)]
    except ImportError:
        pass
    try:
        from claims.pipeline.quantities import extract_quantities

        side.numbers = [q.to_dict() for q in extract_quantities(text)]
    except ImportError:
        pass
    try:
        from claims.pipeline.entities import extract_entities

        side.entities = [e.to_dict() for e in extract_entities(text)]
    except ImportError:
        pass
    return side
