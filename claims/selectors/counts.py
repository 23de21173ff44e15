"""Correlated COUNT(*) subqueries: every per-row count a list shows.

Counts are correlated subqueries rather than JOIN + COUNT(DISTINCT): they stay cheap
when a claim has many flags, matches and contradictions at once, and a page of rows is
still one query.
"""

from __future__ import annotations

from django.db.models import Func, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


class _CountStar(Func):
    function = "COUNT"
    template = "COUNT(*)"
    output_field = IntegerField()


def correlated_count(qs: QuerySet) -> Coalesce:
    """COUNT(*) of ``qs`` (already correlated with ``OuterRef``), as a subquery."""
    sub = qs.order_by().annotate(n=_CountStar()).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def count_subquery(qs: QuerySet, ref: str) -> Coalesce:
    """COUNT(*) of ``qs`` rows whose ``ref`` is the outer row's pk, as a subquery."""
    return correlated_count(qs.filter(**{ref: OuterRef("pk")}))
