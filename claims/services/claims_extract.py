"""Turn an article's cleaned text into stored Claim rows (idempotent)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from claims.models import Article, Claim, ClaimFlag
from claims.pipeline.extract import extract_claims


@transaction.atomic
def claims_extract(*, article: Article) -> list[Claim]:
    """(Re)build the claims of ``article``; existing claims and their matches are replaced."""
    extracted = extract_claims(article.cleaned_text, published=article.published)
    article.claims.all().delete()
    threshold = settings.CHECKWORTHY_THRESHOLD
    claims = Claim.objects.bulk_create(
        [
            Claim(
                article=article,
                position=i,
                text=c.text,
                sentence=c.sentence,
                start=c.start,
                end=c.end,
                attribution=c.attribution[:300],
                checkworthiness=min(1.0, max(0.0, float(c.checkworthiness))),
                dates=c.dates,
                numbers=c.numbers,
                entities=c.entities,
                status=(
                    Claim.Status.PENDING
                    if c.checkworthiness >= threshold
                    else Claim.Status.NOT_CHECKWORTHY
                ),
            )
            for i, c in enumerate(extracted)
        ]
    )
    if not all(c.pk for c in claims):  # backends without RETURNING: re-read ids
        claims = list(article.claims.order_by("position"))
    flags = []
    for claim, ext in zip(claims, extracted, strict=True):
        seen = set()
        for f in ext.flags:
            key = (f.code, f.message[:500])
            if key not in seen:
                seen.add(key)
                flags.append(ClaimFlag(claim=claim, code=f.code, message=f.message[:500]))
    ClaimFlag.objects.bulk_create(flags)
    article.status = Article.Status.EXTRACTED
    article.save(update_fields=["status", "updated_at"])
    return claims
