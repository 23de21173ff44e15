"""Sides for the compare tests: slots built by hand as the DB stores them, or by the
real extractors (then the tests also fail if an extractor stops giving what the
rules rely on)."""

from __future__ import annotations

from datetime import date

from claims.pipeline.compare import Side
from claims.pipeline.entities import extract_entities
from claims.pipeline.quantities import extract_quantities
from claims.pipeline.temporal import extract_dates


def _at(text: str, part: str) -> tuple[int, int]:
    i = text.index(part)
    return i, i + len(part)


def date_slot(text, part, *, gran, value, start_date, end_date, relative=False):
    s, e = _at(text, part)
    return {
        "text": part,
        "start": s,
        "end": e,
        "granularity": gran,
        "value": value,
        "start_date": start_date,
        "end_date": end_date,
        "relative": relative,
        "weekday": None,
    }


def num(text, part, value, unit=""):
    s, e = _at(text, part)
    return {"text": part, "start": s, "end": e, "value": value, "unit": unit}


def ent(text, part, label):
    s, e = _at(text, part)
    return {"text": part, "start": s, "end": e, "label": label}


def astana(year: int) -> Side:
    text = f"Russia, Turkey and Iran have sponsored peace talks in Astana since {year}."
    return Side(
        text=text,
        dates=[
            date_slot(
                text,
                f"since {year}",
                gran="range",
                value=f"{year}/..",
                start_date=f"{year}-01-01",
                end_date=None,
            )
        ],
        entities=[ent(text, n, "GPE") for n in ("Russia", "Turkey", "Iran", "Astana")],
    )


def side(text: str, *, published: date | None = None, source_text: str = "") -> Side:
    return Side(
        text=text,
        dates=[d.to_dict() for d in extract_dates(text, reference=published)],
        numbers=[q.to_dict() for q in extract_quantities(text)],
        entities=[e.to_dict() for e in extract_entities(text)],
        published=published,
        source_text=source_text,
    )


def dates_of(result):
    return [c for c in result.conflicts if c.kind == "date"]
