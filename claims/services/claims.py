"""Writes of claims: ``claims_extract`` (an article's claims), ``claim_edit_revert`` /
``claim_edit_restore`` (a reviewer undoes or restores a machine edit) and
``claims_mark_not_checkworthy`` (moderators' bulk mark).

Turn an article's cleaned text into stored Claim rows (idempotent).

A reviewer undoes one of the machine's edits of a claim (or puts a reverted one back).

The claim's text is its verbatim sentence with its recorded edits applied
(``claims.pipeline.edits``). Reverting edit ``index`` (sentence order, as the claim
page and the API number them) removes it from ``Claim.edits`` and recomputes the text
from the sentence and the edits that remain. The edit is not forgotten: it is
appended to ``Claim.edits_reverted`` with who reverted it and when, and the claim
page lists it as "reverted by …"; restoring it marks that entry restored (who, when)
and puts the edit back.

Either way the text changed, so, as for any new text:

- ``version`` is bumped: a verdict form opened on the old wording is refused as stale;
- the vector is cleared (``embedding``, ``embedding_model``, ``embedded_at``) and
  ``matched_at`` with it, and a verification run for the claim is queued on commit
  (``verification_start``), which re-embeds and re-matches it; not check-worthy
  claims are never embedded and get no run;
- a current verdict's reference passage takes the new text (``verdict_reference``).

Refused, with nothing changed: a user without the reviewer role (PermissionDenied),
an index that names no edit, edits that no longer fit the sentence or give the
stored text (ValidationError), a stale ``expected_version`` (StaleClaimVersion).

Bulk status changes on claims made by moderators.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from claims.claim_edits import annotations_check, claim_edits_check, edits_in_order, reverted_active
from claims.models import Article, Claim, ClaimFlag, ReferencePassage, VerificationRun
from claims.permissions import require_moderator, require_reviewer
from claims.pipeline import edits as edit_model
from claims.pipeline.extract import extract_claims
from claims.services.reference import verdict_reference_sync
from claims.services.runs import verification_start
from claims.services.verdicts import StaleClaimVersion

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


FIELDS = ["text", "edits", "edits_reverted", "version", "embedding", "embedding_model",
          "embedded_at", "matched_at"]


def _locked(claim: Claim, expected_version: int | None) -> Claim:
    locked = (
        Claim.objects.select_for_update()
        .defer("embedding")
        .get(pk=claim.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleClaimVersion(
            claim_id=locked.pk, expected=expected_version, current=locked.version
        )
    return locked


def _current_edits(claim: Claim) -> list[dict]:
    """The claim's edits in sentence order, refused unless they give its stored text."""
    try:
        ordered = edits_in_order(claim.sentence, claim.edits)
    except ValidationError:
        raise ValidationError(
            {"edits": "this claim's recorded edits do not fit its sentence; nothing was changed"}
        ) from None
    if edit_model.apply_edits(claim.sentence, ordered) != claim.text:
        raise ValidationError(
            {"edits": "this claim's text is not its sentence with its recorded edits; "
             "nothing was changed"}
        )
    return ordered


def _save_new_text(claim: Claim, *, edits: list[dict]) -> Claim:
    claim.edits = edits
    claim.text = edit_model.apply_edits(claim.sentence, edits)
    claim.version += 1
    claim.embedding, claim.embedding_model, claim.embedded_at = None, "", None
    claim.matched_at = None
    claim.save(update_fields=FIELDS)
    verdict_reference_sync(claim_id=claim.pk)
    if claim.status != Claim.Status.NOT_CHECKWORTHY:
        # re-embed and re-match the new wording; the run's task is sent on commit
        verification_start(claim_ids=[claim.pk], kind=VerificationRun.Kind.VERIFY)
    return claim


def _who(user) -> dict:
    return {"by": user.get_username(), "by_id": user.pk, "at": timezone.now().isoformat()}


def claim_edit_revert(
    *, claim: Claim, index: int, user, expected_version: int | None = None
) -> Claim:
    """Undo the claim's edit number ``index`` (0-based, sentence order); returns the claim."""
    require_reviewer(user)
    with transaction.atomic():
        locked = _locked(claim, expected_version)
        ordered = _current_edits(locked)
        if not isinstance(index, int) or not 0 <= index < len(ordered):
            raise ValidationError(
                {"index": f"this claim has no edit number {index} "
                 f"(it has {len(ordered)}, numbered from 0)"}
            )
        undone = ordered[index]
        who = _who(user)
        locked.edits_reverted = [
            *locked.edits_reverted,
            {**undone, "reverted_by": who["by"], "reverted_by_id": who["by_id"],
             "reverted_at": who["at"]},
        ]
        return _save_new_text(locked, edits=ordered[:index] + ordered[index + 1:])


def claim_edit_restore(
    *, claim: Claim, index: int, user, expected_version: int | None = None
) -> Claim:
    """Put back the edit of ``edits_reverted[index]`` (one not restored yet)."""
    require_reviewer(user)
    with transaction.atomic():
        locked = _locked(claim, expected_version)
        ordered = _current_edits(locked)
        active = dict(reverted_active(locked.edits_reverted))
        if not isinstance(index, int) or index not in active:
            raise ValidationError({"index": f"no reverted edit number {index} to restore"})
        entry = active[index]
        edit = {k: entry[k] for k in ("start", "end", "original", "replacement", "reason")}
        try:
            restored = edits_in_order(locked.sentence, [*ordered, edit])
        except ValidationError:
            raise ValidationError(
                {"index": "that edit no longer fits beside the claim's other edits"}
            ) from None
        who = _who(user)
        entries = list(locked.edits_reverted)
        entries[index] = {**entry, "restored_by": who["by"], "restored_by_id": who["by_id"],
                          "restored_at": who["at"]}
        locked.edits_reverted = entries
        return _save_new_text(locked, edits=restored)


def claims_mark_not_checkworthy(*, claim_ids: Iterable[int], user) -> int:
    """Take claims out of the review queue. Bumps ``version`` so open forms go stale.

    A verdict such a claim had is withdrawn from the reference corpus too
    (``verdict_reference``): a claim not worth checking is no precedent.
    Returns the number of claims changed (already-marked claims are left alone).
    """
    require_moderator(user)
    ids = sorted({int(i) for i in claim_ids})
    with transaction.atomic():
        changed = list(
            Claim.objects.select_for_update()
            .filter(pk__in=ids)
            .exclude(status=Claim.Status.NOT_CHECKWORTHY)
            .values_list("pk", flat=True)
        )
        ReferencePassage.objects.filter(from_verdict__claim_id__in=changed).delete()
        return Claim.objects.filter(pk__in=changed).update(
            status=Claim.Status.NOT_CHECKWORTHY, version=F("version") + 1
        )
