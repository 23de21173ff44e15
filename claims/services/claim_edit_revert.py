"""A reviewer undoes one of the machine's edits of a claim (or puts a reverted one back).

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
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.claim_edits import edits_in_order, reverted_active
from claims.models import Claim, VerificationRun
from claims.permissions import require_reviewer
from claims.pipeline import edits as edit_model

from .verdict_record import StaleClaimVersion
from .verdict_reference import verdict_reference_sync
from .verification_start import verification_start

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
