"""Moderators switch an article or a claim between one reviewer and two blind reviewers.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q

from claims.models import Article, Claim, ReviewMode, Verdict
from claims.permissions import require_moderator
from claims.services.reference import verdict_reference_sync
from claims.services.verdicts import verdict_retire_current


def _promote_sealed(*, claim_ids, user) -> int:
    """Claims now in single mode: an open round's first review becomes the verdict.

    Single mode means one reviewer's verdict settles the claim, so a first blind
    review still waiting for its second is made current (the claim ``reviewed``).
    Returns how many were promoted.
    """
    n = 0
    sealed = Verdict.objects.select_for_update().filter(claim_id__in=claim_ids, sealed=True)
    for verdict in sealed:
        verdict_retire_current(claim_id=verdict.claim_id, user=user)
        verdict.sealed = False
        verdict.is_current = True
        verdict._history_user = user
        verdict._change_reason = "review mode set to one reviewer: first review settles"
        verdict.save(update_fields=["sealed", "is_current"])
        Claim.objects.filter(pk=verdict.claim_id).update(
            version=F("version") + 1, status=Claim.Status.REVIEWED
        )
        verdict_reference_sync(claim_id=verdict.claim_id)
        n += 1
    return n


def _check_mode(mode: str, *, allow_inherit: bool) -> str:
    allowed = set(ReviewMode.values) | ({""} if allow_inherit else set())
    if mode not in allowed:
        raise ValidationError(
            {"review_mode": f"unknown review mode {mode!r}; use one of {sorted(allowed)}"}
        )
    return mode


def claim_review_mode_set(*, claim_id: int, user, mode: str) -> Claim:
    """Set one claim's mode: ``single``, ``double``, or ``""`` to follow its article."""
    require_moderator(user)
    mode = _check_mode(mode, allow_inherit=True)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().select_related("article").get(pk=claim_id)
        claim.review_mode = mode
        claim.save(update_fields=["review_mode"])
        if claim.effective_review_mode == ReviewMode.SINGLE:
            _promote_sealed(claim_ids=[claim.pk], user=user)
        claim.refresh_from_db(fields=["review_mode", "status", "version"])
        return claim


def article_review_mode_set(*, article_id: int, user, mode: str) -> Article:
    """Set an article's mode; claims with no mode of their own follow it."""
    require_moderator(user)
    mode = _check_mode(mode, allow_inherit=False)
    with transaction.atomic():
        article = Article.objects.select_for_update().only("id", "review_mode").get(pk=article_id)
        article.review_mode = mode
        article.save(update_fields=["review_mode"])
        if mode == ReviewMode.SINGLE:
            single = Claim.objects.filter(article_id=article_id).filter(
                Q(review_mode="") | Q(review_mode=ReviewMode.SINGLE)
            )
            _promote_sealed(claim_ids=single.values("pk"), user=user)
        return article
