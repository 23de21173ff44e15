"""Writes of articles: ``article_ingest`` / ``article_ingest_url`` (one article, the one
ingest path) and ``articles_add`` (several at once, as the add-articles page sends
them).

Write path for new articles: decode -> clean -> store -> extract claims.

All or nothing: the article and its claims are written in one transaction; a
bad document raises InputError and writes nothing. The same cleaned content
twice raises DuplicateArticle naming the article already stored.

Add several articles at once (the web page's paste / files / URLs): each item goes
through ``article_ingest`` or ``article_ingest_url``, the one ingest path, on its own.

One bad item never stops the others: each comes back as stored (with its article
and verification run), a duplicate (with the article already stored) or refused
(with the one-line reason ``InputError`` gave).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction

from claims.models import Article, Source, VerificationRun
from claims.pipeline.clean import clean_document
from claims.pipeline.decode import decode_bytes, detect_format
from claims.pipeline.errors import InputError
from claims.pipeline.fetch import fetch_url
from claims.pipeline.records import Dropped
from claims.services.claims import claims_extract


class DuplicateArticle(InputError):
    def __init__(self, existing: Article):
        self.existing = existing
        super().__init__(
            f"Duplicate: this content is already stored as article {existing.pk} "
            f"({existing.title or 'untitled'!r}, source {existing.source.name!r})."
        )


@dataclass(frozen=True)
class IngestResult:
    article: Article
    claim_count: int
    run: VerificationRun | None = None  # the verification queued for it, if any

    @property
    def queue_error(self) -> str:
        """Why verification could not be queued (the broker was down), or ''."""
        if self.run is None or self.run.status != VerificationRun.Status.FAILED:
            return ""
        return self.run.errors[-1]["error"] if self.run.errors else "not queued"


def content_hash(cleaned_text: str) -> str:
    """Hash of the cleaned prose, whitespace- and case-insensitive."""
    norm = re.sub(r"\s+", " ", cleaned_text).strip().casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _title_key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).strip().casefold()


def strip_title_line(text: str, title: str) -> tuple[str, str]:
    """``text`` without a leading line equal to ``title`` (up to case, spacing and
    punctuation), and that line; ``(text, "")`` when it does not start with it."""
    key = _title_key(title or "")
    if not key:
        return text, ""
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    if _title_key(first) != key:
        return text, ""
    return rest.lstrip(), first.strip()


def article_ingest(
    *,
    content: str | bytes,
    source_name: str,
    filename: str | None = None,
    url: str = "",
    title: str = "",
    published: date | None = None,
    fmt: str = "auto",
    enqueue_verification: bool = True,
) -> IngestResult:
    """Store one article and its extracted claims; raise InputError on bad input."""
    if isinstance(content, bytes):
        text = decode_bytes(content, max_bytes=settings.INGEST_MAX_BYTES)
    else:
        if len(content.encode("utf-8", "surrogatepass")) > settings.INGEST_MAX_BYTES:
            raise InputError(
                f"The document is larger than the limit of {settings.INGEST_MAX_BYTES:,} bytes."
            )
        text = content
        if not text.strip():
            raise InputError("The document is empty.")
    if fmt == "auto":
        fmt = detect_format(text, filename)
    cleaned = clean_document(text, fmt=fmt)
    body, headline = strip_title_line(cleaned.text, title)
    if headline:  # the given title pasted above the body is not prose (nor a claim)
        cleaned = replace(cleaned, text=body,
                          dropped=[Dropped(text=headline, reason="headline"), *cleaned.dropped])
    if not cleaned.text.strip():
        raise InputError("No article text was left after removing page clutter.")
    digest = content_hash(cleaned.text)
    existing = Article.objects.select_related("source").filter(content_hash=digest).first()
    if existing:
        raise DuplicateArticle(existing)

    source_name = (source_name or "").strip() or "Unknown source"
    if published:
        pub, origin = published, Article.DateOrigin.GIVEN
    elif cleaned.published:
        pub, origin = cleaned.published, Article.DateOrigin.FOUND
    else:
        pub, origin = None, Article.DateOrigin.UNKNOWN
    try:
        with transaction.atomic():
            source, _ = Source.objects.get_or_create(name=source_name[:200])
            article = Article.objects.create(
                source=source,
                title=(title or cleaned.title)[:500],
                url=url[:2000],
                author=cleaned.author[:300],
                published=pub,
                published_origin=origin,
                input_format=fmt,
                raw_text=text,
                cleaned_text=cleaned.text,
                dropped=[{"text": d.text, "reason": d.reason} for d in cleaned.dropped],
                content_hash=digest,
            )
            claims = claims_extract(article=article)
            run = None
            if enqueue_verification:
                from claims.services.runs import verification_start

                run = verification_start(article_ids=[article.pk], kind="verify")
    except IntegrityError:
        # Lost a race with a concurrent ingest of the same content.
        existing = Article.objects.select_related("source").filter(content_hash=digest).first()
        if existing:
            raise DuplicateArticle(existing) from None
        raise
    # the article is stored even when the queue is down: result.queue_error says so
    return IngestResult(article=article, claim_count=len(claims), run=run)


def article_ingest_text_or_url(
    *, content: str | bytes | None = None, url: str = "", source_name: str = "", **kwargs
) -> IngestResult:
    """The one text-or-URL choice (API, ``ingest`` command, add-articles page): with
    ``content``, store it (``url``, if given, is recorded as where it came from);
    without, fetch ``url`` and store the page."""
    if content is not None:
        return article_ingest(content=content, url=url, source_name=source_name, **kwargs)
    if not url:
        raise InputError("Give the article's text or its URL.")
    return article_ingest_url(url=url, source_name=source_name, **kwargs)


def article_ingest_url(*, url: str, source_name: str = "", **kwargs) -> IngestResult:
    fetched = fetch_url(
        url,
        max_bytes=settings.INGEST_MAX_BYTES,
        timeout=settings.URL_FETCH_TIMEOUT,
        allow_private=settings.URL_FETCH_ALLOW_PRIVATE,
    )
    fmt = "html" if "html" in fetched.content_type else "auto"
    from urllib.parse import urlsplit

    return article_ingest(
        content=fetched.body,
        source_name=source_name or urlsplit(fetched.url).hostname or "web",
        url=fetched.url,
        fmt=fmt,
        **kwargs,
    )


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
        return article_ingest_text_or_url(url=item.url, source_name=source_name, **common)
    if item.kind == "file":
        if not item.label.lower().endswith(ALLOWED_EXTENSIONS):
            raise InputError("Only .txt, .html and .md files can be added.")
        limit = settings.INGEST_MAX_BYTES
        if item.size > limit:
            raise InputError(f"The file is too large: {item.size / 1e6:.1f} MB "
                             f"(limit {limit / 1e6:.1f} MB).")
        return article_ingest_text_or_url(content=item.data or b"", filename=item.label,
                                          source_name=source_name or "Uploaded files", **common)
    return article_ingest_text_or_url(content=item.text, source_name=source_name or "Pasted text",
                                      **common)


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
