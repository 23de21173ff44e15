"""A Django paginator that can be told its total instead of counting it.

The review queue and the API claim list know the total when the status tab is
their only filter (``selectors.claim_status_counts``, kept in the cache for a few
seconds); counting it again is most of a page's database time at 100k claims.

A told total may lag the table by those few seconds, so a page's rows are never
cut to it: every page slices a full ``per_page`` rows, and only the "N claims ·
page x of y" figures can be briefly off.
"""

from __future__ import annotations

from django.core.paginator import Paginator


class KnownCountPaginator(Paginator):
    def __init__(self, object_list, per_page, *, known_count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known = known_count is not None
        if self.known:
            self.count = known_count  # a cached_property: assigning it skips the COUNT(*)

    def page(self, number):
        if not self.known:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom:bottom + self.per_page], number, self)
