"""Reads about contradictions: a claim's contradictions, the open-conflict count
a claim stores, and an event (one claim and every other source's version of it).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from claims.models import Claim, ClaimFlag, Contradiction, Match
from claims.selectors.counts import count_subquery
from claims.selectors.reviews import current_verdicts_prefetch


def conflict_count_expr():
    """Open contradictions of the outer claim, counted: what ``Claim.conflict_count``
    stores (services.contradictions.claim_conflict_counts_refresh); pages read the stored column."""
    live = Contradiction.objects.exclude(status=Contradiction.Status.DISMISSED)
    return count_subquery(live, "claim") + count_subquery(live, "other_claim")


def claim_contradictions(*, claim_id: int) -> list[Contradiction]:
    """Contradictions on either side of the pair, with both sides loaded."""
    return list(
        Contradiction.objects.filter(Q(claim_id=claim_id) | Q(other_claim_id=claim_id))
        .select_related(
            "claim__article__source", "other_claim__article__source", "passage", "resolved_by"
        )
        .defer("claim__embedding", "other_claim__embedding", "passage__embedding",
               "claim__article__raw_text", "claim__article__cleaned_text",
               "other_claim__article__raw_text", "other_claim__article__cleaned_text")
        .order_by("status", "-confidence", "id")
    )


@dataclass
class EventVersion:
    claim: Claim
    score: float | None
    stance: str = ""
    method: str = ""
    contradictions: list = field(default_factory=list)


def claim_event(*, claim_id: int, threshold: float) -> tuple[Claim, list[EventVersion]]:
    """The claim and every other source's claim matched to it at ``score >= threshold``.

    Matches are read in both directions (A matched B, or B matched A); the best
    score wins. Each version carries the contradictions between it and the claim.
    """
    claim = (
        Claim.objects.select_related("article__source")
        .defer("embedding", "article__raw_text", "article__cleaned_text")
        .prefetch_related(Prefetch("flags", queryset=ClaimFlag.objects.order_by("code")),
                          current_verdicts_prefetch())
        .get(pk=claim_id)
    )
    pairs = Match.objects.filter(
        Q(claim_id=claim_id, other_claim__isnull=False) | Q(other_claim_id=claim_id),
        score__gte=threshold,
    ).values_list("claim_id", "other_claim_id", "score", "stance", "method")
    best: dict[int, tuple[float, str, str]] = {}
    for a, b, score, stance, method in pairs:
        other = b if a == claim_id else a
        if other not in best or score > best[other][0]:
            best[other] = (score, stance, method)
    others = (
        Claim.objects.filter(pk__in=best)
        .select_related("article__source")
        .defer("embedding", "article__raw_text", "article__cleaned_text")
        .prefetch_related(Prefetch("flags", queryset=ClaimFlag.objects.order_by("code")),
                          current_verdicts_prefetch())
    )
    contradictions: dict[int, list[Contradiction]] = {}
    for c in Contradiction.objects.filter(
        Q(claim_id=claim_id, other_claim_id__in=best) | Q(other_claim_id=claim_id, claim_id__in=best)
    ).order_by("kind"):
        other = c.other_claim_id if c.claim_id == claim_id else c.claim_id
        contradictions.setdefault(other, []).append(c)
    versions = [
        EventVersion(o, best[o.pk][0], best[o.pk][1], best[o.pk][2], contradictions.get(o.pk, []))
        for o in others
    ]
    versions.sort(key=lambda v: (-v.score, v.claim.pk))
    return claim, versions
