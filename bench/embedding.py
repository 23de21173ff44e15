"""Embedding throughput: our ``embed_texts`` vs the raw ``model.encode`` on the same sentences.

Also the claim path (``embed_texts_and_layer``: the embed task's single pass that also
yields the check-worthiness features) as ``claim_path_*``, and with ``--backends`` the
same claim path under the other ``EMBEDDING_BACKEND`` values (``onnx_*``,
``onnx-int8_*``): rate, ratio to the torch claim path, how close their vectors are, and
how far the shipped check-worthiness score moves on their layer vectors (mean absolute
change, share of decisions that cross ``--threshold``).

    .venv/bin/python bench/embedding.py --texts ../shared/benchmarks/claimbuster-2class/train.json --n 2000 \
        --backends onnx,onnx-int8 --cache-dir /tmp/encoder

Both run in this process on the same model object, interleaved (raw, pipeline,
raw, pipeline, ...) so machine load hits both alike; the best round of each is
reported. Prints ``metric: value`` lines.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def read_texts(path: Path, n: int) -> list[str]:
    """Sentences from a JSON list / JSONL (field text, vclaim or sentence), TSV or plain text."""
    raw = path.read_text(encoding="utf-8")
    texts: list[str] = []

    def pick(obj):
        if isinstance(obj, str):
            return obj
        for key in ("text", "vclaim", "sentence", "claim", "tweet_content"):
            if isinstance(obj, dict) and isinstance(obj.get(key), str):
                return obj[key]
        return None

    if path.suffix == ".json":
        texts = [t for t in map(pick, json.loads(raw)) if t]
    elif path.suffix == ".jsonl":
        texts = [t for t in (pick(json.loads(line)) for line in raw.splitlines() if line) if t]
    elif path.suffix in {".tsv", ".csv"}:
        csv.field_size_limit(sys.maxsize)
        reader = csv.reader(raw.splitlines(), delimiter="\t" if path.suffix == ".tsv" else ",")
        rows = list(reader)
        texts = [max(row, key=len) for row in rows[1:] if row]
    else:
        texts = [line.strip() for line in raw.splitlines() if line.strip()]
    if not texts:
        raise SystemExit(f"no sentences found in {path}")
    return texts[:n]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--texts", type=Path, required=True)
    p.add_argument("--n", type=int, default=2000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--backends", default="", help="comma-separated: onnx, onnx-int8")
    p.add_argument("--threshold", type=float, default=0.5,
                   help="check-worthiness cut-off for the flipped-decision share")
    p.add_argument("--cache-dir", type=Path, default=Path("/tmp/factcheck-encoder"),
                   help="where the ONNX graphs are exported (a first run builds them)")
    args = p.parse_args(argv)

    import numpy as np
    import torch

    torch.set_num_threads(args.threads)
    from claims.pipeline import embed
    from claims.pipeline.checkworthy import LAYER
    from claims.pipeline.embed import embed_texts, embed_texts_and_layer, get_model, model_version

    backends = [b for b in args.backends.split(",") if b]
    for name in backends:  # export (and warm) each graph before anything is timed
        embed.configure(backend=name, cache_dir=args.cache_dir)
        embed.embed_texts(["warm up"])
    embed.configure(backend="torch")

    texts = read_texts(args.texts, args.n)
    model = get_model()
    model.encode(texts[:64], batch_size=args.batch_size)  # warm-up

    def raw():
        return model.encode(texts, batch_size=args.batch_size, show_progress_bar=False)

    def ours():
        return embed_texts(texts, batch_size=args.batch_size)

    def claim_path():
        return embed_texts_and_layer(texts, layer=LAYER, batch_size=args.batch_size)

    def under(backend):
        def run():
            embed.configure(backend=backend)
            try:
                return claim_path()
            finally:
                embed.configure(backend="torch")
        return run

    runs = [("raw", raw), ("pipeline", ours), ("claim_path", claim_path)]
    runs += [(b, under(b)) for b in backends]
    best = {name: float("inf") for name, _ in runs}
    out = {}
    for _ in range(args.rounds):
        for name, fn in runs:
            start = time.perf_counter()
            out[name] = fn()
            best[name] = min(best[name], time.perf_counter() - start)
    out["claim_path"], claim_layer = out["claim_path"]

    a = out["pipeline"]
    b = np.asarray(out["raw"], dtype=np.float32)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    agreement = float(np.min(np.sum(a * b, axis=1)))

    print(f"model: {model_version()}")
    print(f"sentences: {len(texts)}")
    print(f"torch_threads: {torch.get_num_threads()}")
    print(f"raw_per_second: {len(texts) / best['raw']:.1f}")
    print(f"pipeline_per_second: {len(texts) / best['pipeline']:.1f}")
    print(f"ratio_vs_raw: {best['raw'] / best['pipeline']:.3f}")
    print(f"min_cosine_pipeline_vs_raw: {agreement:.6f}")
    print(f"claim_path_per_second: {len(texts) / best['claim_path']:.1f}")
    print(f"claim_path_ratio_vs_raw: {best['raw'] / best['claim_path']:.3f}")
    claim_agreement = float(np.min(np.sum(out["claim_path"] * b, axis=1)))
    print(f"min_cosine_claim_path_vs_raw: {claim_agreement:.6f}")
    from claims.pipeline import checkworthy

    torch_scores = np.asarray(checkworthy.score(texts, features=claim_layer))
    for name in backends:
        vectors, layer = out[name]
        scores = np.asarray(checkworthy.score(texts, features=layer))
        flipped = np.mean((scores >= args.threshold) != (torch_scores >= args.threshold))
        print(f"{name}_checkworthy_mean_abs_diff: {float(np.abs(scores - torch_scores).mean()):.4f}")
        print(f"{name}_checkworthy_decisions_flipped: {float(flipped):.4f}")
        cosines = np.sum(vectors * out["claim_path"], axis=1)
        print(f"{name}_claim_path_per_second: {len(texts) / best[name]:.1f}")
        print(f"{name}_ratio_vs_torch: {best['claim_path'] / best[name]:.3f}")
        print(f"{name}_cosine_mean_vs_torch: {float(cosines.mean()):.6f}")
        print(f"{name}_cosine_p1_vs_torch: {float(np.percentile(cosines, 1)):.6f}")
        print(f"{name}_cosine_min_vs_torch: {float(cosines.min()):.6f}")
        print(f"{name}_layer_max_abs_diff: {float(np.abs(layer - claim_layer).max()):.6f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
