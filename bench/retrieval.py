"""Verified-claim retrieval through the production path (CLEF CheckThat! 2020 task 2 /
2022 task 2A English).

Loads the corpus with the ``reference_load`` service into a bench database, turns
each query into a claim, runs ``claims_match`` (the batch form of ``claim_match``,
what the match task calls) and reads the ranking back from the stored ``Match``
rows. Prints ``metric: value`` lines: MAP@k, MRR, P@1 and recall@20 over all
queries and over two fixed halves of them (``choose``: what variants are picked
on; ``heldback``: reported, never tuned on; split by a hash of the query id), and
``claims_per_second``: the match task's work (search, re-ranking, Match writes
and the contradiction step) on claims the embed task already embedded (a task of
its own in production), storing ``MATCH_TOP_K`` matches per claim as production
does (the timed pass; when ``--depth`` differs, an untimed second pass stores that
many for the ranking figures), and ``claims_per_second_with_embedding``, both
steps::

    B=../shared/benchmarks
    .venv/bin/python bench/retrieval.py --dataset ct2020 --split dev
    .venv/bin/python bench/retrieval.py --dataset ct2022 --split dev \\
        --database-url postgres://postgres@127.0.0.1:5433/match_bench_ct2022
    .venv/bin/python bench/retrieval.py --corpus $B/clef2020-checkthat-task2/verified_claims.docs.tsv \\
        --queries $B/clef2020-checkthat-task2/dev/tweets.queries.tsv \\
        --qrels $B/clef2020-checkthat-task2/dev/tweet-vclaim-pairs.qrels --no-rerank

SQLite databases are kept under var/bench-db/ (one per format) and reused, so only
the first run loads and embeds the corpus. ``--depth`` matches are stored per
claim (20 by default, for recall@20; production stores ``MATCH_TOP_K``); the order
of the top 5 does not depend on it. MAP@k divides by the number of relevant
vclaims (as the organisers' scorer).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.checkthat import SPLITS, load  # noqa: E402


def average_precision(ranked: list, relevant: set, k: int) -> float:
    hits, total = 0, 0.0
    for i, doc in enumerate(ranked[:k], start=1):
        if doc in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant) if relevant else 0.0


def metrics(rankings: dict[str, list], qrels: dict[str, set], k: int) -> dict[str, float]:
    aps, rrs, p1, r20 = [], [], [], []
    for qid, relevant in qrels.items():
        ranked = rankings.get(qid, [])
        aps.append(average_precision(ranked, relevant, k))
        rank = next((i for i, d in enumerate(ranked, 1) if d in relevant), None)
        rrs.append(1.0 / rank if rank else 0.0)
        p1.append(1.0 if ranked and ranked[0] in relevant else 0.0)
        r20.append(len(set(ranked[:20]) & relevant) / len(relevant))
    return {
        f"map@{k}": float(np.mean(aps)) if aps else 0.0,
        "mrr": float(np.mean(rrs)) if rrs else 0.0,
        "p@1": float(np.mean(p1)) if p1 else 0.0,
        "recall@20": float(np.mean(r20)) if r20 else 0.0,
    }


def half(qid: str) -> str:
    """``choose`` or ``heldback``: a fixed split of the queries by a hash of their id."""
    return "heldback" if hashlib.sha1(qid.encode()).digest()[0] % 2 else "choose"


def stored_rankings(claim_of: dict[str, int]) -> dict[str, list[str]]:
    """Query id -> the vclaim ids of its stored passage matches, in rank order."""
    from claims.models import Match

    by_claim: dict[int, list[str]] = {}
    rows = (
        Match.objects.filter(claim_id__in=claim_of.values(), passage__isnull=False)
        .order_by("claim_id", "rank")
        .values_list("claim_id", "passage__external_id")
    )
    for claim_id, ext in rows:
        by_claim.setdefault(claim_id, []).append(ext.split(":", 1)[1])
    return {q: by_claim.get(c, []) for q, c in claim_of.items()}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path)
    p.add_argument("--queries", type=Path)
    p.add_argument("--qrels", type=Path)
    p.add_argument("--format", choices=["ct2020", "ct2022"], default=None)
    p.add_argument("--dataset", choices=["ct2020", "ct2022"], default=None)
    p.add_argument("--split", default="dev", help="train | dev (with --dataset)")
    p.add_argument("--database-url", default=None,
                   help="PostgreSQL+pgvector URL (created if missing); default a SQLite file")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--depth", type=int, default=20, help="matches stored per claim")
    p.add_argument("--batch", type=int, default=64, help="claims per claims_match call")
    p.add_argument("--no-rerank", action="store_true", help="keep the fused order")
    p.add_argument("--reranker", type=Path, default=None, help="re-ranker artefact to use")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--limit", type=int, default=None, help="first N queries only")
    p.add_argument("--skip-compare", action="store_true",
                   help="diagnostic: patch out the contradiction step to time the rest")
    args = p.parse_args(argv)

    if args.dataset:
        fmt = args.dataset
        corpus, queries, qrels = SPLITS[(args.dataset, args.split)]
    else:
        if not (args.corpus and args.queries and args.qrels):
            p.error("give --corpus, --queries and --qrels (or --dataset and --split)")
        corpus, queries, qrels = args.corpus, args.queries, args.qrels
        fmt = args.format or ("ct2022" if corpus.suffix == ".jsonl" else "ct2020")
    data = load(corpus, queries, qrels, fmt)
    if args.limit:
        data.queries = dict(list(data.queries.items())[: args.limit])
        data.qrels = {q: data.qrels[q] for q in data.queries}

    import torch

    torch.set_num_threads(args.threads)
    from bench.checkthat_db import claims_for_queries, corpus_load, setup_django

    url = setup_django(args.database_url, f"bench-{fmt}")
    from django.conf import settings

    if args.no_rerank:
        settings.MATCH_RERANKER = ""
    elif args.reranker:
        settings.MATCH_RERANKER = str(args.reranker)
    from django.db import connection

    from claims.model_store import reranker
    from claims.pipeline.embed import get_model
    from claims.services.embeddings import claims_embed
    from claims.services.matching import claims_match

    stands = corpus_load(data, fmt)
    gold = {q: {stands.get(d, d) for d in rel} for q, rel in data.qrels.items()}
    claim_of = claims_for_queries(data.queries, fmt)
    model = reranker()
    print(f"format: {fmt}")
    print(f"database: {connection.vendor} ({url.split('@')[-1]})")
    print(f"queries_file: {queries}")
    print(f"corpus_size: {len(data.corpus)}")
    print(f"corpus_duplicates_collapsed: {sum(1 for v, s in stands.items() if v != s)}")
    print(f"queries: {len(data.queries)}")
    print(f"reranker: {model.version if model else 'none (fused order)'}")

    get_model()  # load outside the timed part
    ids = list(claim_of.values())
    start = time.perf_counter()
    for i in range(0, len(ids), args.batch):  # the embed task's step (a task of its own)
        claims_embed(claim_ids=ids[i : i + args.batch])
    embed_s = time.perf_counter() - start
    from claims import vector_search

    for kind in (vector_search.PASSAGES, vector_search.CLAIMS):  # a warm worker's caches
        vector_search.candidates(kind, [vector_search.Query("warm up", np.ones(384), None)])
    from contextlib import nullcontext
    from unittest import mock

    patch = (mock.patch("claims.services.matching.contradictions_detect")
             if args.skip_compare else nullcontext())
    # timed: what the match task does, MATCH_TOP_K stored per claim (each also compared
    # for contradictions), on caches as cold as a worker's for claims it has not seen
    with patch:
        start = time.perf_counter()
        for i in range(0, len(ids), args.batch):
            claims_match(claim_ids=ids[i : i + args.batch], k=settings.MATCH_TOP_K)
        elapsed = time.perf_counter() - start
        if args.depth != settings.MATCH_TOP_K:  # the ranking is read at --depth (untimed)
            for i in range(0, len(ids), args.batch):
                claims_match(claim_ids=ids[i : i + args.batch], k=args.depth)
    print(f"contradiction_step: {'skipped (diagnostic)' if args.skip_compare else 'run'}")
    rankings = stored_rankings(claim_of)
    for name, value in metrics(rankings, gold, args.k).items():
        print(f"{name}: {value:.4f}")
    for part in ("choose", "heldback"):
        sub = {q: rel for q, rel in gold.items() if half(q) == part}
        m = metrics(rankings, sub, args.k)
        print(f"{part}_queries: {len(sub)}")
        for name, value in m.items():
            print(f"{part}_{name}: {value:.4f}")
    print(f"production_depth: {settings.MATCH_TOP_K}")
    print(f"claims_per_second: {len(ids) / elapsed:.1f}")
    print(f"claims_per_second_with_embedding: {len(ids) / (elapsed + embed_s):.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
