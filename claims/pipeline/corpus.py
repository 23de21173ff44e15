"""Reading a reference corpus file: its format, its rows, and each row's check.

Django-free: ``services.reference`` stores what this module reads. A corpus is JSONL
(one object per line) or CSV with the columns below; every row is checked on its
own, so a loader can name each bad row by its line number.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

from claims.pipeline.errors import InputError

COLUMNS = ("text", "title", "source", "url", "published")
OPTIONAL = ("id",)
MAX_TEXT = 20_000
FORMATS = {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}


def corpus_format(name: str) -> str | None:
    """``"jsonl"`` or ``"csv"`` from the file name's extension, else None."""
    return FORMATS.get(Path(name).suffix.lower())


def corpus_rows(text: str, fmt: str):
    """Yield (line_number, dict | None, error | None) for each row of a JSONL or CSV corpus
    (``fmt``: ``"jsonl"`` or ``"csv"``); a CSV header that does not fit is an InputError."""
    if fmt == "jsonl":
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield n, None, f"not valid JSON ({exc.msg})"
                continue
            except RecursionError:
                yield n, None, "not valid JSON (nested too deeply)"
                continue
            if not isinstance(row, dict):
                yield n, None, "a JSON object is expected"
                continue
            yield n, row, None
    else:
        # strict: an unterminated quote is an error, not a field that eats the rest of the file
        reader = csv.DictReader(io.StringIO(text), strict=True)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in ("text",) if c not in header]
        unknown = [h for h in header if h not in COLUMNS + OPTIONAL]
        if missing or unknown:
            raise InputError(
                f"line 1: the CSV header must have the columns {', '.join(COLUMNS)}"
                + (f"; missing: {', '.join(missing)}" if missing else "")
                + (f"; unknown: {', '.join(unknown)}" if unknown else "")
            )
        while True:
            first_line = reader.line_num + 1  # where this record starts
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield first_line, None, f"malformed CSV ({exc})"
                continue
            if None in row:  # more cells than header columns
                yield first_line, None, "more cells than header columns"
                continue
            yield first_line, {k.strip(): v for k, v in row.items()}, None


def corpus_row_check(row: dict) -> tuple[dict | None, str | None]:
    """(the row's values, cleaned, None) or (None, why the row cannot be loaded)."""
    unknown = [k for k in row if k not in COLUMNS + OPTIONAL]
    if unknown:
        return None, f"unknown field(s): {', '.join(sorted(unknown))}"
    values = {}
    for key in COLUMNS + OPTIONAL:
        v = row.get(key)
        if v is not None and not isinstance(v, str | int | float):
            return None, f"field {key!r} must be a string"
        values[key] = "" if v is None else str(v).strip()
    if not values["text"]:
        return None, "empty text"
    if len(values["text"]) > MAX_TEXT:
        return None, f"text longer than {MAX_TEXT} characters"
    if values["published"]:
        try:
            values["published"] = date.fromisoformat(values["published"][:10])
        except ValueError:
            return None, f"published {values['published']!r} is not a YYYY-MM-DD date"
    else:
        values["published"] = None
    if values["url"] and not re.match(r"^https?://\S+$", values["url"]):
        return None, f"url {values['url']!r} is not an http(s) address"
    return values, None
