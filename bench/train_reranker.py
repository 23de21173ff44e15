"""Rebuild the matching re-ranker (claims/pipeline/models/reranker.json) from the public
CheckThat train splits, choose the variant on dev, report it on held-back dev.

For each format (ct2020, ct2022) the corpus is loaded into the bench database
(``bench/checkthat_db.py``: the ``reference_load`` service, the embed task) and each
train and dev query becomes a claim; the fused pool of every claim comes from
``claims.services.matching.ranked_candidates`` (the function ``claims_match``
calls), and the features from ``claims.pipeline.rerank.features``. So the model is
trained on exactly what it re-orders in production.

Every variant is trained on the TRAIN queries of both formats together and scored
by MAP@5 on the ``choose`` half of each DEV split (``bench.retrieval.half``); the
best mean wins and is reported on the ``heldback`` half, which plays no part in
the choice. Nothing reads a test split. Prints ``metric: value`` lines::

    .venv/bin/python bench/train_reranker.py                  # choose, report, write
    .venv/bin/python bench/train_reranker.py --dry-run        # report only
    .venv/bin/python bench/train_reranker.py --out /tmp/r.json --variants logistic-c1
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench.checkthat import SPLITS, load  # noqa: E402
from bench.retrieval import average_precision, half  # noqa: E402

VARIANTS = {
    "logistic-c0.1": {"kind": "logistic", "c": 0.1},
    "logistic-c1": {"kind": "logistic", "c": 1.0},
    "logistic-c10": {"kind": "logistic", "c": 10.0},
    "mlp-16": {"kind": "mlp", "c": 1.0, "hidden": (16,)},
    "mlp-32-16": {"kind": "mlp", "c": 1.0, "hidden": (32, 16)},
    "mlp-32-16-c10": {"kind": "mlp", "c": 10.0, "hidden": (32, 16)},
}


def pools(fmt: str, database_url: str | None):
    """Per split (train, dev): list of (qid, query text, hits, docs, labels, relevant set)."""
    from bench.checkthat_db import claims_for_queries, corpus_load, setup_django

    setup_django(database_url, f"bench-{fmt}")
    from claims import vector_search
    from claims.models import Claim, ReferencePassage
    from claims.pipeline import rerank
    from claims.services.embeddings import claims_embed
    from claims.services.matching import passage_docs, ranked_candidates

    train, dev = load(*SPLITS[(fmt, "train")], fmt), load(*SPLITS[(fmt, "dev")], fmt)
    stands = corpus_load(train, fmt)
    queries = {f"train:{q}": t for q, t in train.queries.items()}
    queries.update({f"dev:{q}": t for q, t in dev.queries.items()})
    claim_of = claims_for_queries(queries, fmt)
    claims_embed(claim_ids=list(claim_of.values()))
    claims = {c.pk: c for c in Claim.objects.filter(pk__in=claim_of.values())}
    ext = dict(ReferencePassage.objects.values_list("pk", "external_id"))
    out = {"train": [], "dev": []}
    order = list(claim_of)
    for start in range(0, len(order), 256):
        chunk = order[start : start + 256]
        cs = [claims[claim_of[q]] for q in chunk]
        ranked = ranked_candidates(vector_search.PASSAGES, cs, rerank.POOL)
        docs = passage_docs({h.id for hits in ranked for h in hits[: rerank.POOL]})
        for key, claim, hits in zip(chunk, cs, ranked, strict=True):
            split, qid = key.split(":", 1)
            data = train if split == "train" else dev
            relevant = {stands.get(d, d) for d in data.qrels[qid]}
            hits = [h for h in hits[: rerank.POOL] if h.id in docs]
            vids = [ext[h.id].split(":", 1)[1] for h in hits]
            labels = np.array([v in relevant for v in vids], dtype=np.int64)
            feats = rerank.features(claim.text, hits, [docs[h.id] for h in hits])
            out[split].append((qid, feats, labels, vids, relevant))
    return out


def map_at(groups, order_of, k=5) -> float:
    aps = []
    for qid, feats, _labels, vids, relevant in groups:
        ranked = [vids[i] for i in order_of(qid, feats)]
        aps.append(average_precision(ranked, relevant, k))
    return float(np.mean(aps)) if aps else 0.0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", default=None, help="default: var/bench-db SQLite files")
    p.add_argument("--variants", default=",".join(VARIANTS))
    p.add_argument("--out", type=Path, default=None, help="default: the shipped artefact path")
    p.add_argument("--dry-run", action="store_true", help="report, write nothing")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--pools-of", choices=["ct2020", "ct2022"], help=argparse.SUPPRESS)
    p.add_argument("--pools-out", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    if args.pools_of:
        result = pools(args.pools_of, args.database_url)
        with args.pools_out.open("wb") as fh:
            pickle.dump(result, fh)
        return 0
    started = time.perf_counter()
    data = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("ct2020", "ct2022"):
            # one process per format: each has its own bench database
            out = Path(tmp) / f"{fmt}.pkl"
            cmd = [sys.executable, __file__, "--pools-of", fmt, "--pools-out", str(out),
                   "--threads", str(args.threads)]
            if args.database_url:
                cmd += ["--database-url", args.database_url.rsplit("/", 1)[0]
                        + f"/match_bench_{fmt}"]
            subprocess.run(cmd, check=True)
            with out.open("rb") as fh:
                data[fmt] = pickle.load(fh)  # written by this script just now
    for fmt in data:
        for split in ("train", "dev"):
            g = data[fmt][split]
            hit = sum(1 for _q, _f, lab, _v, _r in g if lab.any())
            print(f"{fmt}_{split}_queries: {len(g)} (relevant in pool: {hit})")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    from claims.pipeline import rerank

    fused_order = lambda _q, f: list(range(len(f)))  # noqa: E731
    for fmt in data:
        for part in ("choose", "heldback"):
            g = [x for x in data[fmt]["dev"] if half(x[0]) == part]
            print(f"{fmt}_dev_{part}_map@5_fused: {map_at(g, fused_order):.4f}")
    train_groups = [(f, lab) for fmt in data for _q, f, lab, _v, _r in data[fmt]["train"]]
    results = {}
    for name in args.variants.split(","):
        cfg = dict(VARIANTS[name])
        model = rerank.train_reranker(train_groups, **cfg)

        def order(_q, f, model=model):
            s = model.predict(f) if len(f) else np.zeros(0)
            return sorted(range(len(f)), key=lambda i: (-s[i], i))

        figures = {}
        for fmt in data:
            for part in ("choose", "heldback"):
                g = [x for x in data[fmt]["dev"] if half(x[0]) == part]
                figures[f"{fmt}_{part}"] = map_at(g, order)
        choose = (figures["ct2020_choose"] + figures["ct2022_choose"]) / 2
        results[name] = (choose, figures, model)
        print(f"variant {name}: " + " ".join(f"{k}_map@5={v:.4f}" for k, v in figures.items()))
    best = max(results, key=lambda n: results[n][0])
    choose, figures, model = results[best]
    print(f"chosen: {best} (mean choose MAP@5 {choose:.4f})")
    for key, value in figures.items():
        print(f"chosen_{key}_map@5: {value:.4f}")
    model.meta.update({
        "variant": best, "trained_on": "CheckThat 2020 task 2 train + 2022 task 2A EN train",
        "dev_map@5": {k: round(v, 4) for k, v in figures.items()},
    })
    print(f"train_seconds: {time.perf_counter() - started:.0f}")
    if not args.dry_run:
        out = args.out or rerank.MODEL_PATH
        rerank.save_reranker(model, out)
        print(f"written: {out} ({out.stat().st_size} bytes, {model.version})")
        print(json.dumps(model.meta, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
