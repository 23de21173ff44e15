"""An index in the queue's order: check-worthiness high to low, then id.

The review queue and the API claim list page through claims ordered by
``-checkworthiness, id``. Without an index in that order PostgreSQL reads and
sorts every open claim for each page (a sequential scan of 75k rows at 100k
claims: bench/ui.py measured the queue's main query at ~450 ms); with it, it walks
the index and stops after the page. The existing ``(status, -checkworthiness)``
index cannot serve ``status IN (pending, needs_review, disputed)`` in order.

Plain SQL (both SQLite and PostgreSQL accept it) so the model state is unchanged.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_review_mode_blind_assignments")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS claims_claim_worthiness_id "
            "ON claims_claim (checkworthiness DESC, id)",
            reverse_sql="DROP INDEX IF EXISTS claims_claim_worthiness_id",
        ),
    ]
