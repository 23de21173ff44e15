"""PostgreSQL: the claims' text as a stored tsvector (a generated column) with its GIN index.

Search's words-and-phrases mode matches on it. A phrase query has to recheck each GIN
candidate's word positions; against the expression index that meant re-parsing every
candidate's text (p95 128-151 ms at 100k claims, bench/ui.py), against the stored
column it reads the parsed value (13 ms median for a phrase query and its count,
measured on the same 100k-claim database). PostgreSQL keeps the column in step with
``text`` itself. The column is not a model field: only ``selectors_front`` reads it.
SQLite (the embedded default) has no tsvector and searches with LIKE; nothing to do there.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE claims_claim ADD COLUMN IF NOT EXISTS text_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED",
    "CREATE INDEX IF NOT EXISTS claims_claim_text_tsv ON claims_claim USING gin (text_tsv)",
    # the table was rewritten: fresh statistics, or the planner guesses for a while
    "ANALYZE claims_claim",
]
BACKWARD = [
    "DROP INDEX IF EXISTS claims_claim_text_tsv",
    "ALTER TABLE claims_claim DROP COLUMN IF EXISTS text_tsv",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0013_match_method_reranked"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
