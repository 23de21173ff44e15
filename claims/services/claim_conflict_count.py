"""Keep ``Claim.conflict_count`` right: open (suspected or confirmed) contradictions
on either side of the pair.

The queue sorts and filters by this number; counting it per row on every request
cost two subqueries per open claim (bench/ui.py: ~1.6 s for ``?sort=-conflicts`` at
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

from django.db import transaction

from claims.models import Claim
from claims.selectors import conflict_count_expr


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
