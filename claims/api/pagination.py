"""DRF page-number pagination that can be told the total instead of counting it.

DRF's ``PageNumberPagination`` runs ``COUNT(*)`` over the filtered queryset on every
request; for the claim list filtered by status alone that figure is already known
(``selectors.claim_status_counts``), and at 100k claims the count is most of the
request's database time.
"""

from __future__ import annotations

from functools import partial

from rest_framework.pagination import PageNumberPagination

from claims.pagination import KnownCountPaginator


class KnownCountPagination(PageNumberPagination):
    """Asks the view's ``known_count(request)`` (None: count as usual)."""

    def paginate_queryset(self, queryset, request, view=None):
        known = view.known_count(request) if hasattr(view, "known_count") else None
        self.django_paginator_class = partial(KnownCountPaginator, known_count=known)
        return super().paginate_queryset(queryset, request, view)
