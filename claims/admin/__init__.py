"""Moderation in the admin: filters, search, audit history, bulk actions through services.

One module per entity; importing this package registers them all. Every changelist
annotates its counts and selects its related rows, so a page of 100 rows costs the same
handful of queries as a page of 3.
"""

from claims.admin import (  # noqa: F401  (each module registers its ModelAdmins)
    articles,
    contradictions,
    model_versions,
    reference,
    reviews,
    runs,
)
from claims.models import Match

# "Matchs" in the sidebar: Django adds an "s". Set on the admin side, since a Meta
# verbose_name_plural would need a migration (AlterModelOptions) for a label only.
Match._meta.verbose_name_plural = "matches"
