"""Write path for new articles: decode -> clean -> store -> extract claims.

All or nothing: the article and its claims are written in one transaction; a
bad document raises InputError and writes nothing. The same cleaned content
twice raises DuplicateArticle naming the article already stored.
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

from .claims_extract import claims_extract


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
                from .verification_start import verification_start

                run = verification_start(article_ids=[article.pk], kind="verify")
    except IntegrityError:
        # Lost a race with a concurrent ingest of the same content.
        existing = Article.objects.select_related("source").filter(content_hash=digest).first()
        if existing:
            raise DuplicateArticle(existing) from None
        raise
    # the article is stored even when the queue is down: result.queue_error says so
    return IngestResult(article=article, claim_count=len(claims), run=run)


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
