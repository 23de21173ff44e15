"""Reads about reviews: which verdicts a user may see (the blind-review rule),
open rounds, a claim's review mode and review state, assignments, reviewers.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from claims.models import Assignment, Claim, ReviewMode, Verdict
from claims.permissions import is_moderator


def current_verdicts_prefetch(lookup: str = "verdicts") -> Prefetch:
    """A claim's settled verdict (a sealed review is never current; the rule is applied
    anyway, so this prefetch can never carry one)."""
    return Prefetch(
        lookup,
        queryset=verdicts_visible_to(None).filter(is_current=True).select_related("reviewer"),
        to_attr="current_verdicts",
    )


def verdict_visible_q(user, prefix: str = "") -> Q:
    """Verdicts ``user`` may see: all but sealed first blind reviews by someone else.

    A sealed verdict (an open two-reviewer round) is shown to its author only, so
    whoever might still record the second review records it blind.
    """
    return ~Q(**{f"{prefix}sealed": True}) | Q(**{f"{prefix}reviewer_id": getattr(user, "pk", None)})


def verdicts_visible_to(user, queryset: QuerySet[Verdict] | None = None) -> QuerySet[Verdict]:
    """``queryset`` (default: every verdict) less what ``user`` may not see (see above)."""
    qs = Verdict.objects.all() if queryset is None else queryset
    return qs.filter(verdict_visible_q(user))


def verdict_history_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """Historical verdict records ``user`` may see: none of a verdict that is sealed now
    and not theirs (its earlier records would show the label just as well). Once the
    round completes the verdict is unsealed and its whole history is visible."""
    qs = Verdict.history.all() if queryset is None else queryset
    hidden = Verdict.objects.exclude(verdict_visible_q(user)).values("pk")
    return qs.exclude(id__in=hidden)


def open_round_expr() -> Exists:
    """True when the claim has a first blind review waiting for its second."""
    return Exists(Verdict.objects.filter(claim_id=OuterRef("pk"), sealed=True))


def claims_assigned_to(user) -> Q:
    """Claims given to ``user`` by an active assignment, of the claim or of its article."""
    mine = Assignment.objects.filter(reviewer_id=getattr(user, "pk", None), is_active=True)
    return Q(pk__in=mine.filter(claim__isnull=False).values("claim_id")) | Q(
        article_id__in=mine.filter(article__isnull=False).values("article_id")
    )


def claim_assignments(*, claim: Claim) -> list[Assignment]:
    """Active assignments of the claim and of its article, oldest first."""
    return list(
        Assignment.objects.filter(
            Q(claim_id=claim.pk) | Q(article_id=claim.article_id), is_active=True
        )
        .select_related("reviewer", "assigned_by")
        .order_by("assigned_at", "id")
    )


def article_assignments(*, article_id: int) -> list[Assignment]:
    return list(
        Assignment.objects.filter(article_id=article_id, is_active=True)
        .select_related("reviewer", "assigned_by")
        .order_by("assigned_at", "id")
    )


def assignable_reviewers():
    """Active users with the reviewer or moderator role, or superusers, by name."""
    from claims.permissions import ROLES

    return (
        get_user_model().objects.filter(is_active=True)
        .filter(Q(groups__name__in=ROLES) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


def blind_review_rounds() -> list[tuple[int, str, str, int, str, str]]:
    """Every completed blind round as (first reviewer id, name, label, second reviewer
    id, name, label): one row per second review, one query."""
    return list(
        Verdict.objects.filter(kind=Verdict.Kind.SECOND_REVIEW, first_review__isnull=False)
        .order_by("id")
        .values_list(
            "first_review__reviewer_id", "first_review__reviewer__username",
            "first_review__label", "reviewer_id", "reviewer__username", "label",
        )
    )


def review_state(claim: Claim, verdicts: list[Verdict], user) -> dict:
    """What the two-reviewer mode shows ``user`` on this claim.

    ``verdicts`` are the ones ``user`` may see (``selectors.claim_detail(viewer=)``),
    so another reviewer's sealed first review is not among them; ``claim.open_round``
    still says that one exists.
    """
    double = claim.effective_review_mode == ReviewMode.DOUBLE
    mine = next((v for v in verdicts if v.sealed and v.reviewer_id == user.pk), None)
    pair = dispute_pair(verdicts) if claim.status == Claim.Status.DISPUTED else None
    dispute = None
    if pair is not None:
        first, second = pair
        dispute = {"first": first, "second": second,
                   "reviewer_ids": {first.reviewer_id, second.reviewer_id}}
    return {
        "double": double,
        "mine": mine,  # the viewer's own sealed first review
        "waiting_for_me": bool(claim.open_round) and mine is None,
        "dispute": dispute,
        "can_review": mine is None and dispute is None,
        "can_adjudicate": pair is not None and is_moderator(user)
        and not reviewed_the_dispute(user, pair),
    }


# The two rules below are the page's (``review_state``) and the service's
# (``services.verdicts.verdict_adjudicate``): one definition of "the dispute" and of
# who may settle it, so the button a moderator sees is the write the service accepts.


def dispute_pair(verdicts) -> tuple[Verdict, Verdict] | None:
    """The two blind reviews a disputed claim waits on: its newest second review that did
    not settle the claim (not current) and the first review it answered; None if the
    first is not among ``verdicts``."""
    verdicts = list(verdicts)
    by_id = {v.pk: v for v in verdicts}
    second = max(
        (v for v in verdicts if v.kind == Verdict.Kind.SECOND_REVIEW and not v.is_current),
        key=lambda v: (v.created_at, v.pk), default=None,
    )
    if second is None or second.first_review_id not in by_id:
        return None
    return by_id[second.first_review_id], second


def reviewed_the_dispute(user, pair: tuple[Verdict, Verdict]) -> bool:
    """True when ``user`` wrote one of the two reviews: they may not adjudicate them."""
    first, second = pair
    return getattr(user, "pk", None) in (first.reviewer_id, second.reviewer_id)


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
