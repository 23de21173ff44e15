"""HNSW cosine indexes (pgvector) and full-text GIN indexes, on PostgreSQL only.

On SQLite the embedded backend searches vectors with sqlite-vec / NumPy and
text with BM25, so there is nothing to create there.
"""

from django.db import migrations

INDEXES = [
    ("claims_claim_embedding_hnsw", "claims_claim", "USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)"),
    ("claims_ref_embedding_hnsw", "claims_referencepassage", "USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)"),
    ("claims_ref_text_fts", "claims_referencepassage", "USING gin (to_tsvector('english', coalesce(title, '') || ' ' || text))"),
    ("claims_claim_text_fts", "claims_claim", "USING gin (to_tsvector('english', text))"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, using in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {using}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _using in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
