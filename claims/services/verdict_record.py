"""Record a reviewer's verdict on a claim, with optimistic locking on ``Claim.version``.

A claim in two-reviewer mode (its own ``review_mode``, else its article's) is handed
to ``verdict_blind.verdict_record_blind``, which documents how blind rounds work.
"""

from collections.abc import Iterable

from django.db import transaction

from ..models import ReviewMode, Verdict
from ..permissions import require_reviewer
from .verdict_blind import verdict_record_blind
from .verdict_write import StaleClaimVersion, claim_review_mode, verdict_write

__all__ = ["StaleClaimVersion", "verdict_record"]


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
    mode the verdict is a blind review instead (see ``verdict_blind``).
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
