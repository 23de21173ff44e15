"""Turn an article's cleaned text into stored Claim rows (idempotent)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.claim_edits import annotations_check, claim_edits_check
from claims.models import Article, Claim, ClaimFlag
from claims.pipeline.extract import extract_claims

log = logging.getLogger(__name__)


def _wording(c) -> tuple[str, list[dict], list[dict]]:
    """The claim's text, edits and annotations, checked against its sentence.

    Read with getattr: claims from a pipeline without the edit model carry neither.
    Edits that do not fit the sentence or do not give the claim's text are a pipeline
    bug; rather than store a text nobody can trace to the source, the claim keeps
    its verbatim sentence as its text, with no edits (logged as an error). Annotations
    that do not fit are dropped the same way.
    """
    edits = getattr(c, "edits", None) or []
    annotations = getattr(c, "annotations", None) or []
    try:
        ordered, _ = claim_edits_check(
            sentence=c.sentence, text=c.text, edits=edits, annotations=[]
        )
        text = c.text
    except ValidationError as exc:
        log.error("claim edits refused, verbatim sentence kept: %s (%r)", exc.messages, c.sentence)
        text, ordered = c.sentence, []
    try:
        notes = annotations_check(c.sentence, annotations)
    except ValidationError as exc:
        log.error("claim annotations refused: %s (%r)", exc.messages, c.sentence)
        notes = []
    return text, ordered, notes


@transaction.atomic
def claims_extract(*, article: Article) -> list[Claim]:
    """(Re)build the claims of ``article``; existing claims and their matches are replaced."""
    extracted = extract_claims(article.cleaned_text, published=article.published)
    wording = [_wording(c) for c in extracted]
    article.claims.all().delete()
    threshold = settings.CHECKWORTHY_THRESHOLD
    claims = Claim.objects.bulk_create(
        [
            Claim(
                article=article,
                position=i,
                text=wording[i][0],
                sentence=c.sentence,
                start=c.start,
                end=c.end,
                attribution=c.attribution[:300],
                checkworthiness=min(1.0, max(0.0, float(c.checkworthiness))),
                dates=c.dates,
                numbers=c.numbers,
                entities=c.entities,
                edits=wording[i][1],
                annotations=wording[i][2],
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
