"""Two-reviewer (blind) mode: the first and second review of a claim, and agreement.

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
    a moderator (``claim_adjudicate``), whose ``adjudication`` verdict becomes
    current.

Every write locks the claim row and checks ``Claim.version`` like single mode, so a
reviewer whose form predates another reviewer's blind review is told to save again
(nothing is written), and two "first" reviews can never both be recorded.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from ..models import Claim, Verdict
from ..permissions import require_moderator, require_reviewer
from .verdict_reference import verdict_reference_sync
from .verdict_write import StaleClaimVersion, verdict_fields_check, verdict_retire_current


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


def claim_adjudicate(
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
        second = (
            Verdict.objects.filter(claim_id=claim_id, kind=Verdict.Kind.SECOND_REVIEW)
            .select_related("first_review")
            .order_by("-created_at", "-id")
            .first()
        )
        if claim.status != Claim.Status.DISPUTED or second is None or second.is_current:
            raise ValidationError(
                "Only a claim whose two blind reviews disagree can be adjudicated."
            )
        first = second.first_review
        if user.pk in (first.reviewer_id, second.reviewer_id):
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
