"""Writes of verdicts: ``verdict_record`` (single-reviewer mode), ``verdict_record_blind``
and ``verdict_adjudicate`` (two-reviewer rounds), ``verdict_override`` (moderators), all
on the shared ``verdict_write``.

The verdict write every verdict service shares: field checks, the version bump
(optimistic locking on ``Claim.version``) and retiring the current verdict.

Both the single-reviewer path and the blind rounds build on it.

Record a reviewer's verdict on a claim, with optimistic locking on ``Claim.version``.

A claim in two-reviewer mode (its own ``review_mode``, else its article's) is handed
to ``verdict_record_blind``; how blind rounds work:

Two-reviewer (blind) mode: the first and second review of a claim, and agreement.

How a round works, and what "current" means in it:

* ``Verdict.is_current`` marks a claim's **settled** verdict, the one exports,
  ClaimReview, the queue and the API's ``current_verdict`` show. The partial unique
  constraint ``verdict_one_current`` keeps it to one per claim. A blind review is
  never current while its round is open, so an unsettled label never leaks out as
  the claim's verdict.
* **First review**: a ``review`` verdict with ``is_current=False, sealed=True``. A
  sealed verdict is shown only to its author (claim page, history, API); the
  constraint ``verdict_one_sealed`` allows one open round per claim. The claim goes
  (or stays) ``needs_review``; an earlier settled verdict, if any, stays current.
* **Second review**, by a different reviewer: a ``second_review`` verdict whose
  ``first_review`` points at the first (one-to-one, so a first review has at most
  one second). The first is unsealed (both are now visible to everyone).

  - same label: the second review becomes current (the earlier current one, if
    any, is retired) and the claim is ``reviewed``;
  - different labels: neither is current, the claim is ``disputed`` and waits for
    a moderator (``verdict_adjudicate``), whose ``adjudication`` verdict becomes
    current.

Every write locks the claim row and checks ``Claim.version`` like single mode, so a
reviewer whose form predates another reviewer's blind review is told to save again
(nothing is written), and two "first" reviews can never both be recorded.

Moderator corrections: override (or adjudicate) a claim's current verdict.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from claims.models import Claim, Match, ReviewMode, Verdict
from claims.permissions import require_moderator, require_reviewer
from claims.selectors.reviews import claim_review_mode, dispute_pair, reviewed_the_dispute
from claims.services.reference import verdict_reference_sync


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



def verdict_record(
    *,
    claim_id: int,
    user,
    label: str,
    rationale: str,
    expected_version: int,
    cited_match_ids: Iterable[int] = (),
) -> Verdict:
    """A reviewer's verdict. Raises ``StaleClaimVersion`` when the claim moved on.

    The previous current verdict stops being current, the new one is current and the
    claim becomes ``reviewed`` - all in one transaction, or nothing. In two-reviewer
    mode the verdict is a blind review instead (see the module docstring).
    """
    require_reviewer(user)
    if claim_review_mode(claim_id=claim_id) == ReviewMode.DOUBLE:
        return verdict_record_blind(
            claim_id=claim_id, user=user, label=label, rationale=rationale,
            expected_version=expected_version, cited_match_ids=cited_match_ids,
        )
    with transaction.atomic():
        return verdict_write(
            claim_id=claim_id, user=user, label=label, rationale=rationale,
            kind=Verdict.Kind.REVIEW, cited_match_ids=cited_match_ids,
            expected_version=expected_version,
        )


def _lock_claim(*, claim_id: int, expected_version: int | None) -> Claim:
    claim = Claim.objects.select_for_update().only("id", "version", "status").get(pk=claim_id)
    if expected_version is not None and claim.version != expected_version:
        raise StaleClaimVersion(
            claim_id=claim_id, expected=expected_version, current=claim.version
        )
    return claim


def _bump(*, claim_id: int, status: str) -> None:
    Claim.objects.filter(pk=claim_id).update(version=F("version") + 1, status=status)


def _save(verdict: Verdict, *, user, cited: list[int], reason: str = "") -> Verdict:
    verdict._history_user = user
    if reason:
        verdict._change_reason = reason[:100]
    verdict.save()
    if cited:
        verdict.cited_matches.set(cited)
    return verdict


def verdict_record_blind(
    *,
    claim_id: int,
    user,
    label: str,
    rationale: str,
    expected_version: int,
    cited_match_ids: Iterable[int] = (),
) -> Verdict:
    """Record a first or second blind review (see the module docstring).

    Refused (``ValidationError``, nothing written): the claim is disputed and waits
    for a moderator; the same reviewer tries to record both reviews.
    """
    require_reviewer(user)
    cited = verdict_fields_check(
        claim_id=claim_id, label=label, rationale=rationale, cited_match_ids=cited_match_ids
    )
    with transaction.atomic():
        claim = _lock_claim(claim_id=claim_id, expected_version=expected_version)
        if claim.status == Claim.Status.DISPUTED:
            raise ValidationError(
                "The two blind reviews of this claim disagree; a moderator adjudicates it now."
            )
        first = Verdict.objects.select_for_update().filter(claim_id=claim_id, sealed=True).first()
        verdict = Verdict(
            claim_id=claim_id, label=label, rationale=rationale.strip(), reviewer=user,
            is_current=False,
        )
        if first is None:
            verdict.kind = Verdict.Kind.REVIEW
            verdict.sealed = True
            _save(verdict, user=user, cited=cited, reason="first blind review")
            _bump(claim_id=claim_id, status=Claim.Status.NEEDS_REVIEW)
            return verdict
        if first.reviewer_id == user.pk:
            raise ValidationError(
                "You recorded the first blind review of this claim; a different reviewer "
                "must record the second."
            )
        first.sealed = False
        first._history_user = user
        first._change_reason = "unsealed by the second blind review"
        first.save(update_fields=["sealed"])
        verdict.kind = Verdict.Kind.SECOND_REVIEW
        verdict.first_review = first
        agree = first.label == label
        if agree:
            verdict_retire_current(claim_id=claim_id, user=user)
            verdict.is_current = True
        _save(
            verdict, user=user, cited=cited,
            reason=f"second blind review: {'agrees with' if agree else 'disputes'} verdict {first.pk}",
        )
        if agree:
            verdict_reference_sync(claim_id=claim_id)
        _bump(
            claim_id=claim_id,
            status=Claim.Status.REVIEWED if agree else Claim.Status.DISPUTED,
        )
        return verdict


def verdict_adjudicate(
    *,
    claim_id: int,
    user,
    label: str,
    reason: str,
    expected_version: int | None = None,
) -> Verdict:
    """A moderator settles a disputed claim: an ``adjudication`` verdict, current.

    ``reason`` is required; it is the verdict's rationale and (shortened) the history
    change reason. The adjudicator may not be one of the two reviewers. The verdict
    cites the evidence either review cited.
    """
    require_moderator(user)
    if not (reason or "").strip():
        raise ValidationError({"reason": "an adjudication needs a reason"})
    verdict_fields_check(claim_id=claim_id, label=label, rationale=reason, cited_match_ids=())
    with transaction.atomic():
        claim = _lock_claim(claim_id=claim_id, expected_version=expected_version)
        pair = None
        if claim.status == Claim.Status.DISPUTED:
            pair = dispute_pair(Verdict.objects.filter(
                claim_id=claim_id, kind__in=(Verdict.Kind.REVIEW, Verdict.Kind.SECOND_REVIEW)))
        if pair is None:
            raise ValidationError(
                "Only a claim whose two blind reviews disagree can be adjudicated."
            )
        first, second = pair
        if reviewed_the_dispute(user, pair):
            raise ValidationError(
                "You reviewed this claim; another moderator must adjudicate it."
            )
        cited = sorted(
            set(first.cited_matches.values_list("pk", flat=True))
            | set(second.cited_matches.values_list("pk", flat=True))
        )
        verdict_retire_current(claim_id=claim_id, user=user)
        verdict = Verdict(
            claim_id=claim_id, label=label, kind=Verdict.Kind.ADJUDICATION,
            rationale=reason.strip(), reviewer=user, is_current=True,
        )
        _save(
            verdict, user=user, cited=cited,
            reason=f"adjudication of verdicts {first.pk} and {second.pk}: {reason.strip()}",
        )
        verdict_reference_sync(claim_id=claim_id)
        _bump(claim_id=claim_id, status=Claim.Status.REVIEWED)
        return verdict


def verdict_override(
    *,
    verdict_id: int,
    user,
    label: str,
    reason: str,
    kind: str = Verdict.Kind.OVERRIDE,
    expected_version: int | None = None,
) -> Verdict:
    """Replace verdict ``verdict_id`` with a moderator's verdict; ``reason`` is required.

    The new verdict keeps the overridden one's cited evidence, its rationale is the
    reason, and the reason is also stored as the history change reason.
    """
    require_moderator(user)
    if kind not in (Verdict.Kind.OVERRIDE, Verdict.Kind.ADJUDICATION):
        raise ValidationError({"kind": "an override is an override or an adjudication"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "an override needs a reason"})
    with transaction.atomic():
        old = Verdict.objects.select_for_update().get(pk=verdict_id)
        if not old.is_current:
            raise ValidationError("only the current verdict of a claim can be overridden")
        cited = list(old.cited_matches.values_list("pk", flat=True))
        return verdict_write(
            claim_id=old.claim_id, user=user, label=label, rationale=reason, kind=kind,
            cited_match_ids=cited, expected_version=expected_version,
            change_reason=f"{kind} of verdict {old.pk}: {reason.strip()}"[:100],
        )
