"""Evaluate the check-worthiness model on a ClaimBuster-format JSON file.

    python bench/checkworthy.py --data test.json [--fast] [--features F.npy] \
        [--model PATH] [--threshold 0.5] [--repeat 3]

Scores every row the way a stored claim is scored and prints `F1`, `precision`, `recall`,
`accuracy` (positive class = check-worthy), `n`, and `sentences_per_second` for ``score``
on one thread (best of --repeat timed runs over all rows, model already loaded; the first
call, which loads the artefact, is not timed); `cpu_sentences_per_second` divides by
process CPU time instead (steadier on a busy machine).

By default the rows go through the pipeline's own embedding pass first
(``checkworthy.features``: the MiniLM layer vectors the embed task computes for every
check-worthy claim) and are scored with them: the score a claim carries once embedded.
``--features F.npy`` reads those vectors from a file instead (one row per data row).
``--fast`` scores without them: the extraction-time score. Embedding time is reported
apart (`embedding_seconds`), not in the scoring speed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.pipeline import checkworthy as cw  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--model", type=Path, default=cw.MODEL_PATH)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--features", type=Path, help="npy of MiniLM layer vectors, one per row")
    ap.add_argument("--fast", action="store_true", help="score without vectors")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    rows = json.loads(args.data.read_text(encoding="utf-8"))
    texts = [str(r["text"]) for r in rows]
    y = np.array([int(r["label"]) for r in rows])
    if args.fast and args.features:
        ap.error("--fast scores without vectors: drop --features")
    E = None
    if args.features:
        E = np.load(args.features)
        if len(E) != len(texts):
            ap.error(f"{args.features}: {len(E)} vectors for {len(texts)} rows")
    elif not args.fast:
        from claims.pipeline.embed import get_model

        get_model()
        t = time.perf_counter()
        E = cw.features(texts)
        print(f"embedding_seconds: {time.perf_counter() - t:.1f}")
    print(f"path: {'extraction (no vectors)' if E is None else 'embedded'}")

    cw.score(texts[:2], None if E is None else E[:2], model_path=args.model)  # load
    best = best_cpu = float("inf")
    for _ in range(max(args.repeat, 1)):
        t, c = time.perf_counter(), time.process_time()
        probs = np.array(cw.score(texts, E, model_path=args.model))
        best = min(best, time.perf_counter() - t)
        best_cpu = min(best_cpu, time.process_time() - c)

    pred = probs > args.threshold
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"F1: {f1:.4f}")
    print(f"precision: {precision:.4f}")
    print(f"recall: {recall:.4f}")
    print(f"accuracy: {float((pred == (y == 1)).mean()):.4f}")
    print(f"n: {len(texts)}")
    print(f"sentences_per_second: {len(texts) / best:.0f}")
    print(f"cpu_sentences_per_second: {len(texts) / best_cpu:.0f}")  # per core, load-independent
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
