"""Add several articles at once (the web page's paste / files / URLs): each item goes
through ``article_ingest`` or ``article_ingest_url``, the one ingest path, on its own.

One bad item never stops the others: each comes back as stored (with its article
and verification run), a duplicate (with the article already stored) or refused
(with the one-line reason ``InputError`` gave).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from claims.models import Article, VerificationRun
from claims.pipeline.errors import InputError

from .article_ingest import DuplicateArticle, article_ingest, article_ingest_url

ALLOWED_EXTENSIONS = (".txt", ".html", ".htm", ".md", ".markdown")


@dataclass(frozen=True)
class AddItem:
    """One thing to add: pasted ``text``, an uploaded file (``name`` + ``data``) or a ``url``."""

    kind: str  # "text" | "file" | "url"
    label: str  # what the page calls it: "Pasted text", the file name, the URL
    text: str = ""
    data: bytes | None = None
    url: str = ""
    size: int = 0  # an uploaded file's size in bytes (over the limit: ``data`` is not read)


@dataclass(frozen=True)
class AddOutcome:
    item: AddItem
    status: str  # "stored" | "duplicate" | "refused"
    article: Article | None = None
    run: VerificationRun | None = None
    claim_count: int = 0
    reason: str = ""
    queue_error: str = ""


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _ingest(item: AddItem, *, source_name: str, title: str, published: date | None):
    common = {"title": title, "published": published, "enqueue_verification": True}
    if item.kind == "url":
        return article_ingest_url(url=item.url, source_name=source_name, **common)
    if item.kind == "file":
        if not item.label.lower().endswith(ALLOWED_EXTENSIONS):
            raise InputError("Only .txt, .html and .md files can be added.")
        limit = settings.INGEST_MAX_BYTES
        if item.size > limit:
            raise InputError(f"The file is too large: {item.size / 1e6:.1f} MB "
                             f"(limit {limit / 1e6:.1f} MB).")
        return article_ingest(content=item.data or b"", filename=item.label,
                              source_name=source_name or "Uploaded files", **common)
    return article_ingest(content=item.text, source_name=source_name or "Pasted text", **common)


def articles_add(
    *, items: list[AddItem], source_name: str = "", title: str = "",
    published: date | None = None,
) -> list[AddOutcome]:
    """Ingest every item; the title is used only when there is a single item."""
    title = title if len(items) == 1 else ""
    outcomes = []
    for item in items:
        try:
            result = _ingest(item, source_name=source_name, title=title, published=published)
        except DuplicateArticle as exc:
            outcomes.append(AddOutcome(item=item, status="duplicate", article=exc.existing,
                                       reason="Already here."))
        except InputError as exc:
            outcomes.append(AddOutcome(item=item, status="refused", reason=_one_line(str(exc))))
        else:
            outcomes.append(AddOutcome(
                item=item, status="stored", article=result.article, run=result.run,
                claim_count=result.claim_count, queue_error=result.queue_error,
            ))
    return outcomes
