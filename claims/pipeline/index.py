"""Nearest-neighbour search over unit vectors: one small interface, two backends.

``VectorIndex`` is what the matching step talks to::

    index.add(ids, vectors)                 # upsert: an id added again is replaced
    index.search(query_vectors, k)          # -> [[(id, cosine), ...], ...] best first
    len(index)

Backends:

- ``NumpyIndex``: exact, in memory (matrix product + argpartition): the reference
  the other is measured against (``bench/knn.py``).
- ``PgvectorIndex``: a PostgreSQL table with a pgvector column and an HNSW index
  (approximate); ``ORDER BY embedding <=> q LIMIT k`` under ``SET LOCAL hnsw.ef_search``.

The matching step itself searches through ``claims.vector_search`` (pgvector SQL on
PostgreSQL, a NumPy matrix product on SQLite); these classes serve ``bench/knn.py``,
which measures the HNSW index's recall and latency against exact search.

Scores are cosine similarities (higher is better); vectors are normalised on the
way in, so callers may pass raw model output.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Protocol

import numpy as np

Id = Hashable
Hits = list[list[tuple[Any, float]]]


class VectorIndex(Protocol):
    dim: int

    def add(self, ids: Sequence[Id], vectors: np.ndarray) -> None: ...

    def search(self, query_vectors: np.ndarray, k: int) -> Hits: ...

    def __len__(self) -> int: ...


def _as_matrix(vectors: np.ndarray, dim: int | None = None) -> np.ndarray:
    v = np.asarray(vectors, dtype=np.float32)
    if v.ndim == 1:
        v = v[None, :]
    if v.ndim != 2:
        raise ValueError(f"expected a 2-d array of vectors, got shape {v.shape}")
    if dim is not None and v.shape[1] != dim:
        raise ValueError(f"expected vectors of dimension {dim}, got {v.shape[1]}")
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(v / norms, dtype=np.float32)


def _check_ids(ids: Sequence[Id], n: int) -> list[Id]:
    ids = list(ids)
    if len(ids) != n:
        raise ValueError(f"{len(ids)} ids for {n} vectors")
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate ids in one add() call")
    return ids


class NumpyIndex:
    """Exact cosine search in memory. Adding an existing id replaces its vector."""

    def __init__(self, dim: int = 384, *, query_block: int = 256) -> None:
        self.dim = dim
        self._query_block = query_block
        self._ids: list[Id] = []
        self._row: dict[Id, int] = {}
        self._matrix = np.zeros((0, dim), dtype=np.float32)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    @property
    def ids(self) -> list[Id]:
        return list(self._ids)

    @property
    def matrix(self) -> np.ndarray:
        """The stored (normalised) vectors, one row per id in ``ids`` order (a view)."""
        return self._matrix[: self._size]

    def add(self, ids: Sequence[Id], vectors: np.ndarray) -> None:
        v = _as_matrix(vectors, self.dim)
        ids = _check_ids(ids, len(v))
        new = [(i, vec) for i, vec in zip(ids, v, strict=True) if i not in self._row]
        for i, vec in zip(ids, v, strict=True):
            if i in self._row:
                self._matrix[self._row[i]] = vec
        if not new:
            return
        need = self._size + len(new)
        if need > len(self._matrix):
            grown = np.zeros((max(need, 2 * len(self._matrix), 64), self.dim), np.float32)
            grown[: self._size] = self._matrix[: self._size]
            self._matrix = grown
        for i, vec in new:
            self._matrix[self._size] = vec
            self._row[i] = self._size
            self._ids.append(i)
            self._size += 1

    def remove(self, ids: Sequence[Id]) -> None:
        drop = {self._row[i] for i in ids if i in self._row}
        if not drop:
            return
        keep = [r for r in range(self._size) if r not in drop]
        self._matrix = np.ascontiguousarray(self._matrix[keep])
        self._ids = [self._ids[r] for r in keep]
        self._row = {i: r for r, i in enumerate(self._ids)}
        self._size = len(self._ids)

    def scores(self, query_vectors: np.ndarray) -> np.ndarray:
        """Cosine of every query against every stored vector, ``(n_queries, len)``."""
        q = _as_matrix(query_vectors, self.dim)
        return q @ self.matrix.T

    def search(self, query_vectors: np.ndarray, k: int) -> Hits:
        q = _as_matrix(query_vectors, self.dim)
        n = self._size
        k = min(int(k), n)
        if k <= 0:
            return [[] for _ in range(len(q))]
        out: Hits = []
        m = self.matrix
        for start in range(0, len(q), self._query_block):
            sims = q[start : start + self._query_block] @ m.T
            if k < n:
                top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
            else:
                top = np.broadcast_to(np.arange(n), (len(sims), n))
            top_scores = np.take_along_axis(sims, top, axis=1)
            order = np.argsort(-top_scores, axis=1, kind="stable")
            top = np.take_along_axis(top, order, axis=1)
            top_scores = np.take_along_axis(top_scores, order, axis=1)
            for rows, scs in zip(top, top_scores, strict=True):
                out.append([(self._ids[r], float(s)) for r, s in zip(rows, scs, strict=True)])
        return out


# --------------------------------------------------------------------------- pgvector


class PgvectorIndex:
    """Cosine search in PostgreSQL with pgvector (HNSW when the table has that index).

    ``conn`` is a psycopg 3 connection; ``table``/``id_column``/``embedding_column``
    name an existing table (see :meth:`create_table`). ``where`` is an optional
    ``psycopg.sql.Composable`` filter (e.g. on a model-version column) with
    ``where_params``. ``ef_search`` is set per query with ``SET LOCAL``.
    """

    def __init__(
        self,
        conn,
        *,
        table: str,
        id_column: str = "id",
        embedding_column: str = "embedding",
        dim: int = 384,
        ef_search: int | None = 100,
        where=None,
        where_params: Sequence[Any] = (),
    ) -> None:
        from pgvector.psycopg import register_vector

        self.conn = conn
        self.dim = dim
        self.ef_search = ef_search
        self.table = table
        self.id_column = id_column
        self.embedding_column = embedding_column
        self.where = where
        self.where_params = tuple(where_params)
        register_vector(conn)

    # -- schema helpers (bench and tests; the Django app has its own migrations)

    @staticmethod
    def create_table(conn, table: str, *, dim: int = 384, id_type: str = "bigint") -> None:
        from psycopg import sql

        if id_type not in {"bigint", "text", "integer"}:
            raise ValueError(f"unsupported id type {id_type!r}")
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        conn.execute(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (id {} PRIMARY KEY, embedding vector({}))"
            ).format(sql.Identifier(*table.split(".")), sql.SQL(id_type), sql.Literal(dim))
        )

    def create_hnsw_index(self, *, m: int = 16, ef_construction: int = 64) -> None:
        from psycopg import sql

        self.conn.execute(
            sql.SQL(
                "CREATE INDEX IF NOT EXISTS {} ON {} USING hnsw ({} vector_cosine_ops) "
                "WITH (m = {}, ef_construction = {})"
            ).format(
                sql.Identifier(self.table.split(".")[-1] + "_hnsw"),
                sql.Identifier(*self.table.split(".")),
                sql.Identifier(self.embedding_column),
                sql.Literal(int(m)),
                sql.Literal(int(ef_construction)),
            )
        )

    # -- VectorIndex

    def _names(self):
        from psycopg import sql

        return (
            sql.Identifier(*self.table.split(".")),
            sql.Identifier(self.id_column),
            sql.Identifier(self.embedding_column),
        )

    def __len__(self) -> int:
        from psycopg import sql

        tbl, _, _ = self._names()
        return self.conn.execute(sql.SQL("SELECT count(*) FROM {}").format(tbl)).fetchone()[0]

    def add(self, ids: Sequence[Id], vectors: np.ndarray) -> None:
        from psycopg import sql

        v = _as_matrix(vectors, self.dim)
        ids = _check_ids(ids, len(v))
        tbl, idc, embc = self._names()
        stmt = sql.SQL(
            "INSERT INTO {t} ({i}, {e}) VALUES (%s, %s) ON CONFLICT ({i}) DO UPDATE SET {e} = EXCLUDED.{e}"
        ).format(t=tbl, i=idc, e=embc)
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.executemany(stmt, [(i, vec) for i, vec in zip(ids, v, strict=True)])

    def copy_from(self, ids: Sequence[Id], vectors: np.ndarray) -> None:
        """Bulk load with COPY (binary); ids must be new."""
        from psycopg import sql

        v = _as_matrix(vectors, self.dim)
        ids = _check_ids(ids, len(v))
        tbl, idc, embc = self._names()
        with self.conn.transaction(), self.conn.cursor() as cur:
            with cur.copy(
                sql.SQL("COPY {} ({}, {}) FROM STDIN WITH (FORMAT BINARY)").format(tbl, idc, embc)
            ) as copy:
                copy.set_types(["int8", "vector"])
                for i, vec in zip(ids, v, strict=True):
                    copy.write_row((i, vec))

    def search(self, query_vectors: np.ndarray, k: int) -> Hits:
        from psycopg import sql

        q = _as_matrix(query_vectors, self.dim)
        k = int(k)
        if k <= 0:
            return [[] for _ in range(len(q))]
        tbl, idc, embc = self._names()
        where = sql.SQL("WHERE ") + self.where if self.where is not None else sql.SQL("")
        stmt = sql.SQL(
            "SELECT {i}, 1 - ({e} <=> %s) FROM {t} {w} ORDER BY {e} <=> %s LIMIT %s"
        ).format(i=idc, e=embc, t=tbl, w=where)
        out: Hits = []
        with self.conn.transaction(), self.conn.cursor() as cur:
            if self.ef_search is not None:
                cur.execute(
                    sql.SQL("SET LOCAL hnsw.ef_search = {}").format(
                        sql.Literal(int(self.ef_search))
                    )
                )
            for vec in q:
                cur.execute(stmt, (vec, *self.where_params, vec, k))
                out.append([(row[0], float(row[1])) for row in cur.fetchall()])
        return out
