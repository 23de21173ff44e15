"""Rebuild the two HNSW cosine indexes with m=32, ef_construction=128 (PostgreSQL only).

Migration 0002 built them with pgvector's defaults (m=16, ef_construction=64). On
clustered 384-d data calibrated to MiniLM's neighbourhood statistics (bench/knn.py),
that graph reached recall@10 0.43 at ef_search 40 and 0.80 at ef_search 200 with 1M
vectors; m=32/ef_construction=128 reached 0.99 and more. The price: about twice the
index size and build time, and slower inserts.

Each index is rebuilt CONCURRENTLY under a temporary name, the old one dropped
CONCURRENTLY and the new one renamed, so a large table stays searchable and
writable while it builds (the migration therefore is not atomic). Re-running after
an interruption is safe: a half-built (INVALID) temporary index is dropped first.
"""

from django.db import migrations

INDEXES = {
    "claims_claim_embedding_hnsw": "claims_claim",
    "claims_ref_embedding_hnsw": "claims_referencepassage",
}


def _rebuild(schema_editor, *, m: int, ef_construction: int) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        for name, table in INDEXES.items():
            tmp = f"{name}_rebuild"
            cur.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {tmp}")
            cur.execute(
                f"CREATE INDEX CONCURRENTLY {tmp} ON {table} USING hnsw "
                f"(embedding vector_cosine_ops) WITH (m = {m}, ef_construction = {ef_construction})"
            )
            cur.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            cur.execute(f"ALTER INDEX {tmp} RENAME TO {name}")


def forwards(apps, schema_editor):
    _rebuild(schema_editor, m=32, ef_construction=128)


def backwards(apps, schema_editor):
    _rebuild(schema_editor, m=16, ef_construction=64)


class Migration(migrations.Migration):
    atomic = False  # CREATE / DROP INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [("claims", "0009_verdict_passage_cascade")]
    operations = [migrations.RunPython(forwards, backwards)]
