"""k-NN latency and recall: NumpyIndex (exact) and pgvector HNSW.

    .venv/bin/python bench/knn.py --n 100000
    .venv/bin/python bench/knn.py --n 100000 \
        --database-url postgres://postgres@127.0.0.1:5433/factcheck

Data: ``--n`` random-but-clustered unit vectors (``--clusters`` centroids in 384-d;
each cluster spreads in its own ``--local-dim`` subspace, so that the neighbour
statistics match real MiniLM vectors: ``--real-vectors X.npy`` prints both) and
``--queries`` fresh points from the same mixture. Queries are timed one at a time
(the matching step's shape: one claim, k neighbours). recall@k is measured against
NumpyIndex's exact top-k. pgvector runs in a schema ``bench_knn_<pid>`` that is
dropped afterwards, or in ``--keep-schema NAME``, kept and reused by a later run
with the same data and index settings (a 1M build takes most of an hour on 2
cores: build once, then time ``--ef-search`` values on a quiet machine).
Prints ``metric: value`` lines, prefixed by backend.

Latency holds only while the HNSW index is in memory. At 1M vectors (m=32,
ef_construction=128) the index is about 2 GB and the table 1.6 GB, beyond
PostgreSQL's default 128 MB of shared_buffers; the figures in the issue notes were
measured after ``ALTER SYSTEM SET shared_buffers = '6GB'`` and a restart (the run
prints ``pg_shared_buffers``). In the compose file, ``PG_SHARED_BUFFERS`` sets it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.pipeline.index import NumpyIndex  # noqa: E402


def centroids_for(clusters: int, dim: int, seed: int) -> np.ndarray:
    c = np.random.default_rng(seed).normal(size=(clusters, dim)).astype(np.float32)
    return c / np.linalg.norm(c, axis=1, keepdims=True)


def clustered(
    n: int,
    centroids: np.ndarray,
    noise: float,
    seed: int,
    *,
    bases: np.ndarray | None = None,
    floor: float = 0.0,
) -> np.ndarray:
    """n unit vectors: a random centroid + noise, normalised.

    ``bases=None``: isotropic Gaussian noise of total norm ~``noise`` in all
    dimensions (the old default; its local intrinsic dimensionality is ~90, far
    harder than sentence embeddings, whose neighbours are nearly indistinguishable).
    ``bases`` (from :func:`cluster_bases`): each cluster spreads along its own random
    low-dimensional subspace (norm ~``noise``), plus isotropic ``floor`` noise; with
    the defaults
    this matches MiniLM vectors of a real claim corpus (``--real-vectors``).
    """
    rng = np.random.default_rng(seed)
    k, dim = centroids.shape
    out = np.empty((n, dim), dtype=np.float32)
    step = 100_000
    for start in range(0, n, step):
        m = min(step, n - start)
        assign = rng.integers(0, k, size=m)
        if bases is None:
            jitter = rng.normal(size=(m, dim)).astype(np.float32) * (noise / np.sqrt(dim))
        else:
            local_dim = bases.shape[2]
            z = rng.normal(size=(m, local_dim)).astype(np.float32) * (noise / np.sqrt(local_dim))
            jitter = rng.normal(size=(m, dim)).astype(np.float32) * (floor / np.sqrt(dim))
            for c in np.unique(assign):
                rows = np.flatnonzero(assign == c)
                jitter[rows] += z[rows] @ bases[c].T
        pts = centroids[assign] + jitter
        out[start : start + m] = pts / np.linalg.norm(pts, axis=1, keepdims=True)
    return out


def cluster_bases(clusters: int, dim: int, local_dim: int, seed: int) -> np.ndarray:
    """One random ``dim x local_dim`` basis per cluster (columns of norm ~1)."""
    b = np.random.default_rng(seed).normal(size=(clusters, dim, local_dim))
    return (b / np.sqrt(dim)).astype(np.float32)


def neighbour_stats(data: np.ndarray, n_queries: int = 500, k: int = 10, seed: int = 0):
    """How hard the data is for approximate search, on ``n_queries`` held-out points.

    Mean cosine of the 1st and of the top-k true neighbours, the relative contrast (mean
    distance to the data / distance to the kth neighbour) and the median local
    intrinsic dimensionality (Levina-Bickel MLE over the k neighbours).
    """
    rng = np.random.default_rng(seed)
    held = rng.choice(len(data), size=min(n_queries, len(data) // 2), replace=False)
    tops, mean_dist = [], []
    for chunk in np.array_split(held, max(1, len(held) // 100)):
        sims = data[chunk] @ data.T
        sims[np.arange(len(chunk)), chunk] = -np.inf  # not its own neighbour
        neg = np.partition(-sims, k - 1, axis=1)[:, :k]
        tops.append(-np.sort(neg, axis=1))  # best first
        sims[np.arange(len(chunk)), chunk] = 1.0  # distance 0, left out of the mean below
        mean_dist.append(np.sqrt(np.maximum(2 - 2 * sims, 0)).sum(axis=1) / (len(data) - 1))
    top = np.concatenate(tops)
    dist = np.sqrt(np.maximum(2 - 2 * top, 1e-12))
    mean_dist = np.concatenate(mean_dist)
    lid = -1.0 / np.mean(np.log(dist[:, :-1] / dist[:, -1:]), axis=1)
    return {
        "top1_cosine": float(top[:, 0].mean()),
        f"mean_top{k}_cosine": float(top.mean()),
        "relative_contrast": float((mean_dist / dist[:, -1]).mean()),
        "lid": float(np.median(lid)),
    }


def timed_search(index, queries: np.ndarray, k: int):
    latencies, results = [], []
    for q in queries:
        start = time.perf_counter()
        (row,) = index.search(q[None, :], k)
        latencies.append((time.perf_counter() - start) * 1000)
        results.append([i for i, _ in row])
    return np.asarray(latencies), results


def recall(results, truth, k: int) -> float:
    return float(
        np.mean([len(set(r[:k]) & set(t[:k])) / k for r, t in zip(results, truth, strict=True)])
    )


def report(prefix: str, lat: np.ndarray, results, truth, k: int) -> None:
    print(f"{prefix}_p50_ms: {np.percentile(lat, 50):.2f}")
    print(f"{prefix}_p95_ms: {np.percentile(lat, 95):.2f}")
    print(f"{prefix}_recall@{k}: {recall(results, truth, k):.4f}", flush=True)


def run_pgvector(url, ids, data, queries, truth, k, ef_values, m, ef_construction, mwm,
                 keep_schema=None, data_tag=""):
    """Load, build HNSW, time queries. ``keep_schema``: build into that schema and keep it;
    a later run with the same data and index settings reuses it (no load, no build)."""
    import psycopg
    from psycopg import sql

    from claims.pipeline.index import PgvectorIndex

    schema = keep_schema or f"bench_knn_{os.getpid()}"
    tag = f"{data_tag} m={m} ef_construction={ef_construction}"
    table = f"{schema}.items"
    conn = psycopg.connect(url, autocommit=True)
    try:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        found = conn.execute(
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s",
            [schema],
        ).fetchone()
        index = PgvectorIndex(conn, table=table, dim=data.shape[1])
        if found and keep_schema:
            if found[0] != tag:
                raise SystemExit(f"schema {schema} holds other data ({found[0]!r}); drop it")
            print(f"pgvector_reused_schema: {schema}", flush=True)
        else:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
            PgvectorIndex.create_table(conn, table, dim=data.shape[1])
            start = time.perf_counter()
            step = 50_000
            for s in range(0, len(ids), step):
                index.copy_from(ids[s : s + step], data[s : s + step])
            print(f"pgvector_load_s: {time.perf_counter() - start:.1f}", flush=True)
            conn.execute(sql.SQL("SET maintenance_work_mem = {}").format(sql.Literal(mwm)))
            start = time.perf_counter()
            index.create_hnsw_index(m=m, ef_construction=ef_construction)
            print(f"pgvector_hnsw_build_s: {time.perf_counter() - start:.1f}", flush=True)
            conn.execute("ANALYZE " + table)
            if keep_schema:  # only a finished build is marked reusable
                conn.execute(
                    sql.SQL("COMMENT ON SCHEMA {} IS {}").format(
                        sql.Identifier(schema), sql.Literal(tag)
                    )
                )
        print(f"pgvector_hnsw_m: {m}")
        print(f"pgvector_hnsw_ef_construction: {ef_construction}")
        # latency holds only while the index is in memory: say how big it is, and
        # how much of it shared_buffers can hold
        size = conn.execute(
            "SELECT pg_relation_size(indexrelid) FROM pg_index WHERE indrelid = %s::regclass "
            "AND indexrelid::regclass::text LIKE '%%hnsw%%'",
            [table],
        ).fetchone()
        if size:
            print(f"pgvector_index_mb: {size[0] / 2**20:.0f}")
        print(f"pg_shared_buffers: {conn.execute('SHOW shared_buffers').fetchone()[0]}")
        for ef in ef_values:
            index.ef_search = ef
            timed_search(index, queries[:20], k)  # warm the cache
            lat, res = timed_search(index, queries, k)
            report(f"pgvector_ef{ef}", lat, res, truth, k)
    finally:
        if not keep_schema:
            conn.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
            )
        conn.close()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--dim", type=int, default=384)
    p.add_argument("--clusters", type=int, default=1000)
    p.add_argument("--noise", type=float, default=3.0, help="norm of a point's offset")
    p.add_argument(
        "--local-dim",
        type=int,
        default=48,
        help="dimensions each cluster spreads in; 0 = isotropic noise (the old, harder data)",
    )
    p.add_argument("--floor-noise", type=float, default=0.4, help="isotropic noise norm")
    p.add_argument(
        "--real-vectors",
        type=Path,
        default=None,
        help=".npy of real embeddings: print their neighbour statistics beside the data's",
    )
    p.add_argument("--queries", type=int, default=1000)
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--database-url", default=None)
    p.add_argument("--ef-search", default="40,60,100")  # production: HNSW_EF_SEARCH=60
    p.add_argument("--hnsw-m", type=int, default=32)  # production: migration 0010
    p.add_argument("--hnsw-ef-construction", type=int, default=128)
    p.add_argument("--maintenance-work-mem", default="2GB")
    p.add_argument(
        "--keep-schema",
        default=None,
        help="build pgvector data and index into this schema and keep it; reuse it next time",
    )
    p.add_argument(
        "--blas-threads",
        type=int,
        default=1,
        help="BLAS threads for NumpyIndex (multi-threaded GEMV thrashes on busy cores)",
    )
    args = p.parse_args(argv)

    from threadpoolctl import threadpool_limits

    threadpool_limits(args.blas_threads)

    k = args.k
    centroids = centroids_for(args.clusters, args.dim, args.seed)
    bases = (
        cluster_bases(args.clusters, args.dim, args.local_dim, args.seed + 3)
        if args.local_dim
        else None
    )
    shape = {"bases": bases, "floor": args.floor_noise if bases is not None else 0.0}
    data = clustered(args.n, centroids, args.noise, args.seed + 1, **shape)
    queries = clustered(args.queries, centroids, args.noise, args.seed + 2, **shape)
    ids = list(range(args.n))
    print(f"n: {args.n}")
    print(f"dim: {args.dim}")
    print(f"queries: {args.queries}")
    print(f"k: {k}")
    print(f"blas_threads: {args.blas_threads}")
    print(f"data_local_dim: {args.local_dim}")
    print(f"data_noise: {args.noise}")
    print(f"data_floor_noise: {shape['floor']}", flush=True)
    for name, value in neighbour_stats(data, k=k).items():
        print(f"data_{name}: {value:.3f}")
    if args.real_vectors:
        real = np.load(args.real_vectors).astype(np.float32)
        real /= np.linalg.norm(real, axis=1, keepdims=True)
        print(f"real_n: {len(real)}")
        for name, value in neighbour_stats(real, k=k).items():
            print(f"real_{name}: {value:.3f}")
    sys.stdout.flush()

    exact = NumpyIndex(args.dim)
    start = time.perf_counter()
    exact.add(ids, data)
    print(f"numpy_build_s: {time.perf_counter() - start:.2f}")
    truth = [[i for i, _ in row] for row in exact.search(queries, k)]
    lat, res = timed_search(exact, queries, k)
    report("numpy", lat, res, truth, k)

    if args.database_url:
        efs = [int(x) for x in args.ef_search.split(",") if x]
        run_pgvector(
            args.database_url,
            ids,
            data,
            queries,
            truth,
            k,
            efs,
            args.hnsw_m,
            args.hnsw_ef_construction,
            args.maintenance_work_mem,
            keep_schema=args.keep_schema,
            data_tag=(
                f"n={args.n} dim={args.dim} clusters={args.clusters} noise={args.noise} "
                f"local_dim={args.local_dim} floor={args.floor_noise} seed={args.seed}"
            ),
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
