"""Writes of the reference corpus: ``reference_load`` / ``reference_load_data`` (a corpus
file; the row parsing is ``claims.pipeline.corpus``) and ``verdict_reference_sync`` (a
settled verdict as a passage).

Load a reference corpus file (JSONL or CSV: text, title, source, url, published).

Every row is validated first. With any bad row nothing is written, and the
error lists the bad rows by line number, unless ``skip_bad`` is set, in which
case the good rows are loaded and the bad ones reported.

A claim's settled verdict as a reference passage: the "previously fact-checked" task.

Once a claim has a current verdict, its text joins the reference corpus as a passage
linked to that verdict (``ReferencePassage.from_verdict``). A later article that
repeats the claim is matched to it like any other reference passage, and the claim
page shows the earlier verdict with a link to the claim it settled.

There is one such passage per claim. It follows the claim's current verdict: a new
current verdict (review, agreeing second review, override, adjudication) re-points
it; when the claim has no current verdict any more, the passage is removed (with
the matches that cited it). Sealed first reviews are never published.

These passages do not make the whole corpus stale (``selectors.runs.stale_claim_ids``
ignores them) and are not compared slot by slot (the claim they came from is
already compared across sources); a claim is never matched to its own article's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import Claim, ReferencePassage, Verdict
from claims.pipeline.corpus import corpus_format, corpus_row_check, corpus_rows
from claims.pipeline.decode import decode_bytes
from claims.pipeline.dedupe import text_hash
from claims.pipeline.errors import InputError
from claims.services import embeddings


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
    fmt = corpus_format(name)
    if fmt is None:
        raise InputError(f"{path}: expected a .jsonl or .csv file.")
    text = decode_bytes(data, max_bytes=settings.REFERENCE_MAX_BYTES)

    good: list[tuple[int, dict]] = []
    errors: list[str] = []
    seen_ids: dict[str, int] = {}
    for n, row, err in corpus_rows(text, fmt):
        if err is None:
            row, err = corpus_row_check(row)
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
            embeddings.passages_embed_enqueue(passage_ids=result.passage_ids)
    return result


def _id(row: dict) -> str:
    return f" (id {row['id']})" if row.get("id") else ""


def _label(n: int, row: dict) -> str:
    return f"line {n}{_id(row)}"


SOURCE = "Workbench verdict"


def verdict_passage_hash(claim_id: int) -> str:
    """A hash of the claim, not of its text: two claims with one text are two passages."""
    return hashlib.sha256(f"verdict-of-claim:{claim_id}".encode()).hexdigest()


def verdict_reference_sync(*, claim_id: int) -> ReferencePassage | None:
    """Make the claim's verdict passage match its current verdict (or remove it).

    Runs inside the caller's transaction; the embedding is queued on commit.
    """
    current = (
        Verdict.objects.filter(claim_id=claim_id, is_current=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    digest = verdict_passage_hash(claim_id)
    passage = (
        ReferencePassage.objects.select_for_update(of=("self",))  # not the joined verdict
        .filter(Q(content_hash=digest) | Q(from_verdict__claim_id=claim_id))
        .order_by("pk")
        .first()
    )
    if current is None:
        if passage is not None:
            passage.delete()
        return None
    claim = Claim.objects.only("text").get(pk=claim_id)
    day = timezone.localdate(current.created_at)
    if passage is None:
        # no title: the label would be embedded and searched as words ("refuted"),
        # and pages and the API read it from the verdict anyway
        passage = ReferencePassage.objects.create(
            text=claim.text, source=SOURCE, published=day, content_hash=digest,
            from_verdict=current,
        )
        _embed_on_commit(passage.pk)
        return passage
    stale_text = passage.text != claim.text
    passage.from_verdict = current
    passage.published = day
    fields = ["from_verdict", "published"]
    if stale_text:
        passage.text = claim.text
        passage.embedding, passage.embedding_model, passage.embedded_at = None, "", None
        fields += ["text", "embedding", "embedding_model", "embedded_at"]
    passage.save(update_fields=fields)
    if stale_text:
        _embed_on_commit(passage.pk)
    return passage


def _embed_on_commit(passage_id: int) -> None:
    embeddings.passages_embed_enqueue(passage_ids=[passage_id])  # sent when the transaction commits
