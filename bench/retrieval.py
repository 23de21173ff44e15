"""Verified-claim retrieval quality (CLEF CheckThat! 2020 task 2 / 2022 task 2A English).

Runs the production ``HybridRetriever`` over a CheckThat corpus and prints
``metric: value`` lines (MAP@k, MRR, P@1, recall@20, queries_per_second)::

    B=../shared/benchmarks
    .venv/bin/python bench/retrieval.py --corpus $B/clef2020-checkthat-task2/verified_claims.docs.tsv \
        --queries $B/clef2020-checkthat-task2/dev/tweets.queries.tsv \
        --qrels $B/clef2020-checkthat-task2/dev/tweet-vclaim-pairs.qrels --method hybrid
    .venv/bin/python bench/retrieval.py --dataset ct2022 --split dev --method dense

``--dataset/--split`` is a shortcut for the three paths (public splits only).
``--tune`` grid-searches the fusion weight on the given split (use a TRAIN split;
report on dev). Corpus vectors are cached under var/bench-cache/; query vectors
are computed inside the timed search, so queries_per_second includes embedding.
MAP@k divides by the number of relevant vclaims (as the organisers' scorer);
MRR is computed over the top 100.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.checkthat import SPLITS, doc_text, embed_cached, load  # noqa: E402

DEPTH = 100

# What each format indexes: lexical text = these fields joined; dense = best field.
DEFAULT_FIELDS = {"ct2020": "title+vclaim", "ct2022": "title+subtitle+vclaim"}
DEFAULT_DENSE_FIELDS = {"ct2020": "vclaim", "ct2022": "vclaim"}


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
        rank = next((i for i, d in enumerate(ranked[:DEPTH], 1) if d in relevant), None)
        rrs.append(1.0 / rank if rank else 0.0)
        p1.append(1.0 if ranked and ranked[0] in relevant else 0.0)
        r20.append(len(set(ranked[:20]) & relevant) / len(relevant))
    return {
        f"map@{k}": float(np.mean(aps)),
        "mrr": float(np.mean(rrs)),
        "p@1": float(np.mean(p1)),
        "recall@20": float(np.mean(r20)),
    }


def gold(data, retriever) -> dict[str, set]:
    """The qrels, with a collapsed duplicate standing as the copy that was kept."""
    dups = retriever.duplicates
    return {q: {dups.get(d, d) for d in rel} for q, rel in data.qrels.items()}


def build_retriever(data, fmt: str, fields: str, dense_fields: str, **kw):
    from claims.pipeline.retrieval import HybridRetriever

    ids = [d.id for d in data.corpus]
    texts = [doc_text(d, fields) for d in data.corpus]
    vectors = []
    for name in dense_fields.split(","):
        if "+" in name:
            col = [doc_text(d, name) for d in data.corpus]
        else:
            col = [getattr(d, name) for d in data.corpus]
        vectors.append(embed_cached(col, label=f"{fmt}-{name.replace('+', '_')}"))
    return HybridRetriever(ids, texts, vectors, **kw)


def tune(retriever, data, k: int) -> None:
    """Grid over fusion settings on this split, printing MAP@k for each (use TRAIN)."""
    from claims.pipeline.retrieval import fuse

    qids = list(data.queries)
    texts = retriever.prepare([data.queries[q] for q in qids])
    qvec = embed_cached(texts, label="queries")
    dense = retriever.dense_scores(qvec)
    lexical = retriever.lexical_scores(texts)
    lex_norm = lexical / np.maximum(lexical.max(axis=1, keepdims=True), 1e-9)
    for w in [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]:
        fused = w * dense + (1 - w) * lex_norm
        top = np.argsort(-fused, axis=1)[:, :DEPTH]
        ranks = {q: [retriever.doc_ids[d] for d in top[i]] for i, q in enumerate(qids)}
        m = metrics(ranks, gold(data, retriever), k)
        print(f"tune weighted w={w:.1f}: map@{k}={m[f'map@{k}']:.4f} mrr={m['mrr']:.4f}")
    for rrf_k in [10, 30, 60]:
        ranks = {}
        for i, q in enumerate(qids):
            d_top = np.argsort(-dense[i])[:DEPTH]
            l_top = np.argsort(-lexical[i])[:DEPTH]
            hits = fuse(
                [(d, dense[i, d]) for d in d_top],
                [(d, lexical[i, d]) for d in l_top],
                method="rrf",
                rrf_k=rrf_k,
            )
            ranks[q] = [retriever.doc_ids[h.id] for h in hits]
        m = metrics(ranks, gold(data, retriever), k)
        print(f"tune rrf k={rrf_k}: map@{k}={m[f'map@{k}']:.4f} mrr={m['mrr']:.4f}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path)
    p.add_argument("--queries", type=Path)
    p.add_argument("--qrels", type=Path)
    p.add_argument("--format", choices=["ct2020", "ct2022"], default=None)
    p.add_argument("--dataset", choices=["ct2020", "ct2022"], default=None)
    p.add_argument("--split", default=None, help="train | dev | dev_test (with --dataset)")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--method", choices=["hybrid", "dense", "lexical"], default="hybrid")
    p.add_argument("--fusion", choices=["weighted", "rrf"], default=None)
    p.add_argument("--dense-weight", type=float, default=None)
    p.add_argument("--fields", default=None, help="lexical text, e.g. title+vclaim")
    p.add_argument("--dense-fields", default=None, help="comma list; best field wins")
    p.add_argument("--no-clean", action="store_true", help="do not clean tweet queries")
    p.add_argument(
        "--no-dedupe",
        action="store_true",
        help="index near-duplicate documents too (the loader and retriever keep the first)",
    )
    p.add_argument("--tune", action="store_true")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    if args.dataset:
        fmt = args.dataset
        corpus, queries, qrels = SPLITS[(args.dataset, args.split or "dev")]
    else:
        if not (args.corpus and args.queries and args.qrels):
            p.error("give --corpus, --queries and --qrels (or --dataset and --split)")
        corpus, queries, qrels = args.corpus, args.queries, args.qrels
        fmt = args.format or ("ct2022" if corpus.suffix == ".jsonl" else "ct2020")
    data = load(corpus, queries, qrels, fmt)
    kw = {"clean_queries": not args.no_clean, "dedupe": not args.no_dedupe}
    if args.fusion:
        kw["fusion"] = args.fusion
    if args.dense_weight is not None:
        kw["dense_weight"] = args.dense_weight
    fields = args.fields or DEFAULT_FIELDS[fmt]
    dense_fields = args.dense_fields or DEFAULT_DENSE_FIELDS[fmt]
    retriever = build_retriever(data, fmt, fields, dense_fields, **kw)

    print(f"format: {fmt}")
    print(f"queries_file: {queries}")
    print(f"corpus_size: {len(data.corpus)}")
    print(f"corpus_duplicates_collapsed: {len(retriever.duplicates)}")
    print(f"queries: {len(data.queries)}")
    print(f"method: {args.method}")
    if args.method == "hybrid":
        print(f"fusion: {retriever.fusion} dense_weight={retriever.dense_weight}")
    print(f"lexical_fields: {fields}")
    print(f"dense_fields: {dense_fields}")
    if args.tune:
        tune(retriever, data, args.k)
        return 0

    qids = list(data.queries)
    texts = [data.queries[q] for q in qids]
    from claims.pipeline.embed import get_model

    get_model()  # load outside the timed part
    start = time.perf_counter()
    results = retriever.search(texts, k=DEPTH, method=args.method)
    elapsed = time.perf_counter() - start
    rankings = {q: [h.id for h in hits] for q, hits in zip(qids, results, strict=True)}
    for name, value in metrics(rankings, gold(data, retriever), args.k).items():
        print(f"{name}: {value:.4f}")
    print(f"queries_per_second: {len(qids) / elapsed:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
