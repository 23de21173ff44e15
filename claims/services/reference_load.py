"""Load a reference corpus file (JSONL or CSV: text, title, source, url, published).

Every row is validated first. With any bad row nothing is written, and the
error lists the bad rows by line number, unless ``skip_bad`` is set, in which
case the good rows are loaded and the bad ones reported.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from claims.models import ReferencePassage
from claims.pipeline.decode import decode_bytes
from claims.pipeline.dedupe import text_hash
from claims.pipeline.errors import InputError

COLUMNS = ("text", "title", "source", "url", "published")
OPTIONAL = ("id",)
MAX_TEXT = 20_000


@dataclass
class LoadResult:
    created: int = 0
    skipped: list[str] = field(default_factory=list)  # "line N: why"
    # "line N (id X): ..." for every row not stored, saying which copy stands for it
    duplicate_lines: list[str] = field(default_factory=list)
    passage_ids: list[int] = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        return len(self.duplicate_lines)


def passage_hash(text: str) -> str:
    """Equal for texts that differ only in case, spacing, quote marks or dashes."""
    return text_hash(text)


def _rows(text: str, fmt: str):
    """Yield (line_number, dict | None, error | None)."""
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


def _validate(row: dict) -> tuple[dict | None, str | None]:
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


SKIP_HINT = "use --skip-bad to load the good rows"


def reference_load(*, path: str | Path, skip_bad: bool = False) -> LoadResult:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file.")
    return reference_load_data(data=path.read_bytes(), name=str(path), skip_bad=skip_bad)


def reference_load_data(
    *, data: bytes, name: str, skip_bad: bool = False, skip_hint: str = SKIP_HINT
) -> LoadResult:
    """Load the bytes of a file called ``name`` (its extension says JSONL or CSV);
    messages start with ``name``. The web upload calls this with its own ``skip_hint``."""
    path = name
    fmt = {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}.get(
        Path(name).suffix.lower()
    )
    if fmt is None:
        raise InputError(f"{path}: expected a .jsonl or .csv file.")
    text = decode_bytes(data, max_bytes=settings.REFERENCE_MAX_BYTES)

    good: list[tuple[int, dict]] = []
    errors: list[str] = []
    seen_ids: dict[str, int] = {}
    for n, row, err in _rows(text, fmt):
        if err is None:
            row, err = _validate(row)
        if err is None and row["id"]:
            if row["id"] in seen_ids:
                err = f"duplicate id {row['id']!r} (first on line {seen_ids[row['id']]})"
            else:
                seen_ids[row["id"]] = n
        if err:
            errors.append(f"line {n}: {err}")
        else:
            good.append((n, row))
    if errors and not skip_bad:
        shown = "\n  ".join(errors[:20])
        more = f"\n  … and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise InputError(
            f"{path}: {len(errors)} bad row(s); nothing was loaded "
            f"({skip_hint}):\n  {shown}{more}"
        )
    if not good:
        raise InputError(f"{path}: no rows to load.")

    result = LoadResult(skipped=errors)
    with transaction.atomic():
        ext_ids = [r["id"] for _, r in good if r["id"]]
        taken = dict(
            ReferencePassage.objects.filter(external_id__in=ext_ids).values_list(
                "external_id", "pk"
            )
        )
        hashes: dict[str, tuple[int, dict]] = {}
        copies: list[tuple[int, dict, str]] = []  # later rows with a text seen earlier
        notes: list[tuple[int, str]] = []
        for n, r in good:  # the first copy in the file that can be stored is kept
            if r["id"] and r["id"] in taken:
                notes.append((n, f"{_label(n, r)}: id already loaded as passage {taken[r['id']]}"))
                continue
            digest = passage_hash(r["text"])
            if hashes.setdefault(digest, (n, r))[0] != n:
                copies.append((n, r, digest))
        existing = dict(
            ReferencePassage.objects.filter(content_hash__in=list(hashes)).values_list(
                "content_hash", "pk"
            )
        )
        already = "same text as passage {}, already loaded"
        for n, r, digest in copies:
            first_n, first = hashes[digest]
            stands = (already.format(existing[digest]) if digest in existing
                      else f"same text as line {first_n}{_id(first)}")
            notes.append((n, f"{_label(n, r)}: {stands}"))
        new = []
        for digest, (n, r) in hashes.items():
            if digest in existing:
                notes.append((n, f"{_label(n, r)}: {already.format(existing[digest])}"))
                continue
            new.append(
                ReferencePassage(
                    text=r["text"], title=r["title"][:500], source=r["source"][:200],
                    url=r["url"][:2000], published=r["published"], external_id=r["id"] or None,
                    content_hash=digest,
                )
            )
        result.duplicate_lines = [why for _n, why in sorted(notes)]
        created = ReferencePassage.objects.bulk_create(new, batch_size=500)
        result.created = len(created)
        result.passage_ids = [p.pk for p in created if p.pk]
        if result.created and len(result.passage_ids) != result.created:
            result.passage_ids = list(
                ReferencePassage.objects.filter(
                    content_hash__in=[p.content_hash for p in new]
                ).values_list("pk", flat=True)
            )
        if result.passage_ids:
            from .verification_start import passages_embed_enqueue

            passages_embed_enqueue(passage_ids=result.passage_ids)
    return result


def _id(row: dict) -> str:
    return f" (id {row['id']})" if row.get("id") else ""


def _label(n: int, row: dict) -> str:
    return f"line {n}{_id(row)}"
