"""Rebuild the two HNSW cosine indexes with m=32, ef_construction=128 (PostgreSQL only).

Migration 0002 built them with pgvector's defaults (m=16, ef_construction=64). On
clustered 384-d data calibrated to MiniLM's neighbourhood statistics (bench/knn.py),
that graph reached recall@10 0.43 at ef_search 40 and 0.80 at ef_search 200 with 1M
vectors; m=32/ef_construction=128 reached 0.97 at ef_search 60 and 0.99 at 80. The
price: about twice the index size and build time, and slower inserts.

Each index is rebuilt CONCURRENTLY under a temporary name, then the old one is
dropped CONCURRENTLY and the new one renamed: the table is never without an index
and is not locked against writes while the graph builds (the migration therefore
is not atomic). The build takes time on a large table (about 40 minutes per
million vectors on 2 cores), and the compose file starts the app after ``migrate``,
so plan it, or run ``manage.py migrate claims 0010`` before deploying the code.

Re-running after an interruption is safe: a finished temporary index with these
settings is kept and only renamed; a half-built (INVALID) one, or one with other
settings, is dropped and built again.
"""

from django.db import migrations

INDEXES = {
    "claims_claim_embedding_hnsw": "claims_claim",
    "claims_ref_embedding_hnsw": "claims_referencepassage",
}


def _finished(cur, name: str, options: list[str]) -> bool | None:
    """None: no such index. True: valid and built with ``options``. False: otherwise
    (an interrupted concurrent build, or one with other settings)."""
    cur.execute(
        "SELECT i.indisvalid, c.reloptions FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = %s",
        [name],
    )
    row = cur.fetchone()
    if row is None:
        return None
    return bool(row[0]) and sorted(row[1] or []) == sorted(options)


def _rebuild(schema_editor, *, m: int, ef_construction: int) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    options = [f"m={m}", f"ef_construction={ef_construction}"]
    with schema_editor.connection.cursor() as cur:
        for name, table in INDEXES.items():
            tmp = f"{name}_rebuild"
            state = _finished(cur, tmp, options)
            if state is False:
                cur.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {tmp}")
            if not state:
                cur.execute(
                    f"CREATE INDEX CONCURRENTLY {tmp} ON {table} USING hnsw (embedding "
                    f"vector_cosine_ops) WITH (m = {m}, ef_construction = {ef_construction})"
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
