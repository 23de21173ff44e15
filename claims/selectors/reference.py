"""Reads about the reference corpus: the corpus page's passages.
"""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet

from claims.models import Match, ReferencePassage
from claims.selectors.claims import search_terms
from claims.selectors.counts import correlated_count


def reference_passages(q: str = "") -> QuerySet[ReferencePassage]:
    qs = ReferencePassage.objects.defer("embedding").annotate(
        n_matches=correlated_count(Match.objects.filter(passage_id=OuterRef("pk")))
    )
    for term in search_terms(q):
        qs = qs.filter(Q(text__icontains=term) | Q(title__icontains=term)
                       | Q(source__icontains=term))
    return qs.order_by("-created_at", "-id")
