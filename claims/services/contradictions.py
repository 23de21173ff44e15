"""Writes of contradictions: ``contradictions_detect`` (record candidates from a claim's
matches), ``contradiction_resolve`` / ``contradiction_reopen`` (a reviewer's decision)
and ``claim_conflict_counts_refresh`` (the count each claim stores).

Compare a claim with its close matches and record contradiction candidates.

The comparison is made by the stance implementation that ``settings.STANCE_MODEL``
names (``claims.pipeline.stance`` registry; default ``"rules"``, no model needed).
Only conflicts with at least ``Thresholds.contradict`` confidence become rows:
weaker ones (adjacent days, a guessed alignment) stay in the match's detail only.

Reviewer decisions are never lost: confirmed and dismissed contradictions are
kept as they are; only *suspected* ones that no longer hold are removed.

Cost per claim is a constant number of queries, whatever the number of matches:
the other sources' claims are read in one query, stances that changed are written
in one ``bulk_update``, and a reference passage's slots (dates, numbers, entities:
regex work on its text) are computed once per process and reused, keyed by the
passage's id, text and publication date, so an edited passage is read afresh.

A reviewer confirms or dismisses a suspected contradiction between two sources.

Keep ``Claim.conflict_count`` right: open (suspected or confirmed) contradictions
on either side of the pair.

The queue sorts and filters by this number; counting it per row on every request
cost two subqueries per open claim (``bench/ui.py`` times ``?sort=-conflicts`` at
100k claims). It is stored instead, and *recomputed* (never incremented) for the
claims a write touched, in the writer's transaction, so a missed or repeated call
cannot make it drift:

- ``contradictions_detect`` and ``contradiction_resolve`` call
  ``claim_conflict_counts_refresh`` once, at the end of their transaction;
- every deleted Contradiction row (a stale suspected one, or a cascade when a claim
  or article goes) refreshes its two claims through a ``post_delete`` receiver
  (``claims.models``).

The claim rows are locked in id order before they are counted: two workers that
detect the same pair at once then wait for each other, and the second one counts
the first one's committed rows (READ COMMITTED takes a new snapshot per statement).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.model_store import stance_setting
from claims.models import Claim, Contradiction, Match, ReferencePassage
from claims.permissions import is_moderator, require_moderator, require_reviewer
from claims.pipeline.compare import DEFAULT_THRESHOLDS, Side
from claims.pipeline.entities import extract_entities
from claims.pipeline.quantities import extract_quantities
from claims.pipeline.stance import compare_with, stance_model
from claims.pipeline.temporal import extract_dates
from claims.selectors.contradictions import conflict_count_expr

STANCE = {"support": Match.Stance.SUPPORT, "contradict": Match.Stance.CONTRADICT,
          "related": Match.Stance.RELATED}


def claim_side(claim: Claim) -> Side:
    return Side(
        text=claim.text, dates=claim.dates, numbers=claim.numbers, entities=claim.entities,
        published=claim.article.published,
        source_text=claim.sentence if claim.sentence != claim.text else "",
    )


def passage_side(passage: ReferencePassage) -> Side:
    return _passage_side(passage.pk, passage.text, passage.published)


@lru_cache(maxsize=20_000)
def _passage_side(pk, text, published) -> Side:
    # the key holds what the side is computed from; ``Side`` is read, never changed
    return Side(
        text=text,
        dates=[d.to_dict() for d in extract_dates(text, reference=published)],
        numbers=[q.to_dict() for q in extract_quantities(text)],
        entities=[e.to_dict() for e in extract_entities(text)],
        published=published,
    )


def detection_stance_model():
    """The stance model the detection uses: a trained, promoted version if any (one
    query; a batch asks once and passes it to every :func:`contradictions_detect`)."""
    return stance_model(stance_setting())


@transaction.atomic
def contradictions_detect(
    *, claim: Claim, matches: list[Match], model=None
) -> list[Contradiction]:
    me = claim_side(claim)
    model = model if model is not None else detection_stance_model()
    found: list[Contradiction] = []
    keep_ids: set[int] = set()
    close = [m for m in matches if m.score >= settings.COMPARE_MIN_SIMILARITY]
    other_ids = {m.other_claim_id for m in close if m.other_claim_id}
    other_claims = (
        Claim.objects.select_related("article").in_bulk(other_ids) if other_ids else {}
    )
    changed: list[Match] = []
    counts_changed: set[int | None] = set()
    for m in close:
        if m.passage_id:
            other = passage_side(m.passage)
        else:
            other_claim = other_claims.get(m.other_claim_id)
            if other_claim is None:  # deleted since it was matched
                continue
            other = claim_side(other_claim)
        result = compare_with(model, me, other, similarity=m.score)
        stance = STANCE.get(result.stance, Match.Stance.UNKNOWN)
        if m.stance != stance:
            m.stance = stance
            changed.append(m)
        if not result.same_event:
            continue
        if m.passage_id and m.passage.from_verdict_id:
            continue  # a settled claim: compared already as the other source's claim
        for conflict in result.conflicts:
            if conflict.confidence < DEFAULT_THRESHOLDS.contradict:
                continue
            if m.passage_id:
                lookup = dict(claim=claim, passage_id=m.passage_id, kind=conflict.kind)
                values = dict(value_claim=conflict.value_a, value_other=conflict.value_b)
            else:
                a, b = sorted([claim.pk, m.other_claim_id])
                lookup = dict(claim_id=a, other_claim_id=b, kind=conflict.kind)
                mine_first = a == claim.pk
                values = dict(
                    value_claim=conflict.value_a if mine_first else conflict.value_b,
                    value_other=conflict.value_b if mine_first else conflict.value_a,
                )
            obj, created = Contradiction.objects.get_or_create(
                **lookup,
                defaults=dict(**{k: v[:200] for k, v in values.items()},
                              detail=conflict.detail, confidence=conflict.confidence),
            )
            if not created and obj.status == Contradiction.Status.SUSPECTED:
                obj.value_claim, obj.value_other = (values["value_claim"][:200],
                                                    values["value_other"][:200])
                obj.detail, obj.confidence = conflict.detail, conflict.confidence
                obj.save(update_fields=["value_claim", "value_other", "detail", "confidence"])
            if created:
                counts_changed.update((obj.claim_id, obj.other_claim_id))
            keep_ids.add(obj.pk)
            found.append(obj)
    if changed:
        Match.objects.bulk_update(changed, ["stance"])
    # a suspected contradiction with a partner we compared again and found no
    # longer in conflict is stale; partners we did not look at are left alone
    passages = [m.passage_id for m in matches if m.passage_id]
    others = [m.other_claim_id for m in matches if m.other_claim_id]
    Contradiction.objects.filter(status=Contradiction.Status.SUSPECTED).filter(
        Q(claim=claim, passage_id__in=passages)
        | Q(claim=claim, other_claim_id__in=others)
        | Q(other_claim=claim, claim_id__in=others)
    ).exclude(pk__in=keep_ids).delete()  # each delete recounts its claims (post_delete)
    # only a new row changes a count (an updated suspected one still counts once), so
    # the claim rows are locked and recounted only then, not for every claim matched
    if counts_changed:
        claim_conflict_counts_refresh(claim_ids=counts_changed)
    return found


DECISIONS = {
    "confirm": Contradiction.Status.CONFIRMED,
    "dismiss": Contradiction.Status.DISMISSED,
    Contradiction.Status.CONFIRMED: Contradiction.Status.CONFIRMED,
    Contradiction.Status.DISMISSED: Contradiction.Status.DISMISSED,
}


def contradiction_resolve(
    *, contradiction_id: int, user, decision: str, note: str = ""
) -> Contradiction:
    """Set the status to confirmed or dismissed, with who, when and an optional note.

    A reviewer may resolve a suspected contradiction; changing one that is already
    resolved is an adjudication and needs a moderator.
    """
    require_reviewer(user)
    status = DECISIONS.get(decision)
    if status is None:
        raise ValidationError({"decision": "decide 'confirm' or 'dismiss'"})
    with transaction.atomic():
        c = Contradiction.objects.select_for_update().get(pk=contradiction_id)
        if c.status != Contradiction.Status.SUSPECTED and not is_moderator(user):
            raise PermissionDenied("This contradiction is already resolved; ask a moderator.")
        c.status = status
        c.note = (note or "").strip()
        c.resolved_by = user
        c.resolved_at = timezone.now()
        c._history_user = user
        c.save(update_fields=["status", "note", "resolved_by", "resolved_at"])
        claim_conflict_counts_refresh(claim_ids=[c.claim_id, c.other_claim_id])
        return c


def contradiction_reopen(*, contradiction_id: int, user, note: str = "") -> Contradiction:
    """A moderator sends a resolved contradiction back to ``suspected`` (counted again).

    Who resolved it and when stay in its history; the row itself is unresolved again."""
    require_moderator(user)
    with transaction.atomic():
        c = Contradiction.objects.select_for_update().get(pk=contradiction_id)
        c.status = Contradiction.Status.SUSPECTED
        c.note = (note or "").strip()
        c.resolved_by = None
        c.resolved_at = None
        c._history_user = user
        c.save(update_fields=["status", "note", "resolved_by", "resolved_at"])
        claim_conflict_counts_refresh(claim_ids=[c.claim_id, c.other_claim_id])
        return c


def claim_conflict_counts_refresh(*, claim_ids: Iterable[int | None]) -> int:
    """Recount open contradictions for ``claim_ids`` (None ignored); rows updated."""
    ids = sorted({int(i) for i in claim_ids if i})
    if not ids:
        return 0
    with transaction.atomic():
        locked = list(
            Claim.objects.filter(pk__in=ids).order_by("pk").select_for_update()
            .values_list("pk", flat=True)
        )
        if not locked:
            return 0
        return Claim.objects.filter(pk__in=locked).update(conflict_count=conflict_count_expr())
