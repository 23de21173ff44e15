"""The verdict write every verdict service shares: field checks, the version bump
(optimistic locking on ``Claim.version``) and retiring the current verdict.

Kept apart from ``verdict_record`` so that the single-reviewer path and the blind
rounds in ``verdict_blind`` both build on it without importing each other.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import F

from ..models import Claim, Match, Verdict
from .verdict_reference import verdict_reference_sync


class StaleClaimVersion(Exception):
    """The claim changed since the form was loaded; nothing was written."""

    def __init__(self, *, claim_id: int, expected: int, current: int | None):
        self.claim_id = claim_id
        self.expected = expected
        self.current = current
        super().__init__(
            f"claim {claim_id} is at version {current}, the form was for version {expected}"
        )


def verdict_retire_current(*, claim_id: int, user) -> None:
    # save() rather than update() so simple_history records the change
    for old in Verdict.objects.select_for_update().filter(claim_id=claim_id, is_current=True):
        old.is_current = False
        old._history_user = user
        old.save(update_fields=["is_current"])


def _bump_version(*, claim_id: int, expected_version: int | None, status: str) -> None:
    qs = Claim.objects.filter(pk=claim_id)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if not qs.update(version=F("version") + 1, status=status):
        current = Claim.objects.filter(pk=claim_id).values_list("version", flat=True).first()
        if current is None:
            raise Claim.DoesNotExist(f"no claim {claim_id}")
        raise StaleClaimVersion(claim_id=claim_id, expected=expected_version, current=current)


def verdict_fields_check(
    *, claim_id: int, label: str, rationale: str, cited_match_ids: Iterable[int]
) -> list[int]:
    """Refuse an unknown label, an empty rationale or evidence from another claim.

    Returns the cited match ids, sorted and de-duplicated.
    """
    if label not in Verdict.Label.values:
        raise ValidationError({"label": f"unknown verdict label {label!r}"})
    if not (rationale or "").strip():
        raise ValidationError({"rationale": "a rationale is required"})
    cited = sorted({int(i) for i in cited_match_ids})
    if cited:
        owned = set(Match.objects.filter(claim_id=claim_id, pk__in=cited).values_list("pk", flat=True))
        if owned != set(cited):
            raise ValidationError({"cited_match_ids": "cited evidence must be this claim's matches"})
    return cited


def verdict_write(
    *,
    claim_id: int,
    user,
    label: str,
    rationale: str,
    kind: str,
    cited_match_ids: Iterable[int] = (),
    expected_version: int | None = None,
    change_reason: str = "",
) -> Verdict:
    """The shared write: retire the current verdict, add the new one, bump the claim.

    Callers check permissions; this only enforces data rules. Must run inside
    ``transaction.atomic``.
    """
    cited = verdict_fields_check(
        claim_id=claim_id, label=label, rationale=rationale, cited_match_ids=cited_match_ids
    )
    _bump_version(claim_id=claim_id, expected_version=expected_version, status=Claim.Status.REVIEWED)
    verdict_retire_current(claim_id=claim_id, user=user)
    verdict = Verdict(
        claim_id=claim_id, label=label, kind=kind, rationale=rationale.strip(), reviewer=user,
        is_current=True,
    )
    verdict._history_user = user
    if change_reason:
        verdict._change_reason = change_reason
    verdict.save()
    if cited:
        verdict.cited_matches.set(cited)
    verdict_reference_sync(claim_id=claim_id)
    return verdict


def claim_review_mode(*, claim_id: int) -> str:
    """The claim's effective review mode: its own, else its article's."""
    row = (
        Claim.objects.filter(pk=claim_id)
        .values_list("review_mode", "article__review_mode")
        .first()
    )
    if row is None:
        raise Claim.DoesNotExist(f"no claim {claim_id}")
    return row[0] or row[1]
