"""Calibrate EVIDENCE_FLOOR: the cosine similarity under which the claim page says
"no relevant evidence found" instead of offering a passage as evidence.

Data: a CheckThat! verified-claim retrieval split (default CT2020 dev, read from
../shared/benchmarks, nothing copied). For each query (a tweet) we take

- positive: its cosine to each gold verified claim (the evidence a reviewer wants);
- negative: its best cosine to any verified claim that is NOT gold, i.e. what the
  nearest-neighbour search would offer if the right passage were not in the corpus.

The floor is the lowest cosine that keeps at least ``--keep`` of the positives (by
default 0.95: a relevant passage is hidden for one query in twenty). The script prints
the quantiles of both distributions and, for a few candidate floors, the share of
positives kept and of best negatives shown.

    .venv/bin/python bench/evidence_floor.py [--name ct2020] [--split dev] [--keep 0.95]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from bench.checkthat import doc_text, embed_cached, load_split  # noqa: E402


def floor_for(positives: np.ndarray, keep: float) -> float:
    """The highest cosine (to 2 decimals, rounded down) that keeps ``keep`` of positives."""
    return float(np.floor(np.quantile(positives, 1.0 - keep) * 100) / 100)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--name", default="ct2020")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--keep", type=float, default=0.95)
    args = ap.parse_args(argv)

    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    django.setup()
    from claims.pipeline.embed import normalise

    data = load_split(args.name, args.split)
    doc_ids = [d.id for d in data.corpus]
    docs = normalise(embed_cached([doc_text(d) for d in data.corpus], label=f"{args.name}-docs"))
    qids = sorted(data.queries)
    queries = normalise(embed_cached([data.queries[q] for q in qids], label=f"{args.name}-{args.split}-q"))
    index = {d: i for i, d in enumerate(doc_ids)}
    sims = queries @ docs.T
    pos, neg = [], []
    for row, q in enumerate(qids):
        gold = [index[g] for g in data.qrels[q] if g in index]
        pos.extend(float(sims[row, g]) for g in gold)
        masked = sims[row].copy()
        masked[gold] = -1.0
        neg.append(float(masked.max()))
    pos_a, neg_a = np.array(pos), np.array(neg)
    floor = floor_for(pos_a, args.keep)
    quant = (0.05, 0.10, 0.25, 0.50, 0.75, 0.95)
    report = {
        "data": f"{args.name}/{args.split}", "queries": len(qids), "positives": len(pos),
        "positive_quantiles": {str(q): round(float(np.quantile(pos_a, q)), 3) for q in quant},
        "best_negative_quantiles": {str(q): round(float(np.quantile(neg_a, q)), 3) for q in quant},
        "keep": args.keep, "floor": floor,
        "at_floor": {
            f"{f:.2f}": {"positives_kept": round(float((pos_a >= f).mean()), 3),
                         "best_negatives_shown": round(float((neg_a >= f).mean()), 3)}
            for f in sorted({0.3, 0.35, 0.4, 0.45, 0.5, floor})
        },
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
