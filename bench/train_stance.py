"""Train the learned stance model (claims/pipeline/stance_learned.py) and report cross-dataset figures.

    nice -n 10 .venv/bin/python bench/train_stance.py \\
        --fever ../shared/benchmarks/fever-symmetric/fever_symmetric_dev.jsonl \\
        --climate ../shared/benchmarks/climate-fever/climate-fever-dev.jsonl \\
        --cache-dir /work/data-stance-cache [--variant both] [--no-save]

Data is read where it lies; nothing is copied into the project (embeddings are cached
outside it, in --cache-dir).

Protocol (nothing is tuned on the set a figure is reported on):

* ``climate->fever``: fit on all Climate-FEVER dev pairs, report FEVER-Symmetric dev accuracy.
  FEVER-Symmetric has no NEI class, so two readings are printed: ``strict`` (our "refute" ->
  REFUTES, anything else -> SUPPORTS, the rules bench's reading) and ``two_way`` (refute if
  P(refute) > P(support): the set's own binary task).
* ``fever->climate``: fit on all FEVER-Symmetric dev pairs (support/refute only), report
  Climate-FEVER dev pair macro-F1 and claim accuracy. A model that never saw NEI needs a
  rule for it: the pair is NEI unless the rules' same-event gate holds (similarity and
  event score, bench/stance.py's defaults) -- printed as such.
* ``climate-half``: fit on FEVER-Symmetric + one half of Climate-FEVER (split by claim id,
  bench/stance.half_of), report the other half; both directions, then their mean.
* ``fever-half``: fit on Climate-FEVER + one half of FEVER-Symmetric (contrastive pairs kept
  together), report the other half; both directions, then their mean.

The shipped artefact (unless --no-save) is fitted on both dev sets in full, with the chosen
variant; its figures are those above (the held-out halves / the other data set), never a
score on data it was fitted on.

Variants (``--variant``; all are printed with ``--all-variants``):
``rules`` (rule block only), ``embed`` (embedding block only), ``both`` (both blocks).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
import zlib
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from stance import claim_labels, half_of, load, macro_f1  # noqa: E402  (bench/stance.py)

from claims.pipeline import stance_learned as sl  # noqa: E402
from claims.pipeline.stance_features import pair_features  # noqa: E402
from claims.pipeline.stance_sides import pipeline_side  # noqa: E402

GOLD_TO_LABEL = {"SUPPORTS": "support", "REFUTES": "refute", "NOT_ENOUGH_INFO": "nei"}
LABEL_TO_GOLD = {v: k for k, v in GOLD_TO_LABEL.items()}
PAIR_LABELS = ["SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO"]


def embed_cached(texts: list[str], cache_dir: Path | None) -> dict[str, np.ndarray]:
    uniq = sorted(set(texts))
    key = hashlib.sha256("\n".join(uniq).encode()).hexdigest()[:16]
    path = cache_dir / f"minilm-{key}.npy" if cache_dir else None
    if path and path.exists():
        vecs = np.load(path)
    else:
        import torch

        torch.set_num_threads(1)
        from claims.pipeline.embed import embed_texts

        vecs = embed_texts(uniq)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, vecs)
    return dict(zip(uniq, vecs, strict=True))


FEATURES_VERSION = 2  # bump when stance_features changes: the feature cache key


class Dataset:
    def __init__(self, name, path, fmt, cache_dir, align=False, cross=False):
        pairs, claim_gold = load(path, fmt)
        self.name, self.pairs, self.claim_gold = name, pairs, claim_gold
        t = time.perf_counter()
        key = hashlib.sha256(path.read_bytes() + f"{FEATURES_VERSION}{align}".encode()).hexdigest()
        cache = cache_dir / f"features-{name}-{key[:16]}.npz" if cache_dir else None
        if cache and cache.exists():
            z = np.load(cache, allow_pickle=False)
            self.F = sl.Feats(z["E"], z["R"], [str(d) for d in z["D"]])
        else:
            vec = embed_cached([p.claim for p in pairs] + [p.evidence for p in pairs], cache_dir)
            U = np.stack([vec[p.claim] for p in pairs])
            V = np.stack([vec[p.evidence] for p in pairs])
            self.F = sl.Feats(*pair_features(
                [p.claim for p in pairs], [p.evidence for p in pairs], U, V, pipeline_side,
                sl.token_vectors_fn(1 << 16) if align else None,
            ))  # fmt: skip
            if cache:
                np.savez(cache, E=self.F.E, R=self.F.R, D=np.array(self.F.D))
        if cross:
            ccache = cache_dir / f"cross-{name}-{key[:16]}.npy" if cache_dir else None
            if ccache and ccache.exists():
                self.F.E = np.load(ccache)
            else:
                import torch

                torch.set_num_threads(1)
                self.F.E = sl.cross_vectors([(p.claim, p.evidence) for p in pairs])
                if ccache:
                    np.save(ccache, self.F.E)
        self.y = np.array([GOLD_TO_LABEL[p.gold] for p in pairs])
        self.groups = np.array([half_of(p.group) for p in pairs])
        print(f"{name}_pairs: {len(pairs)}  ({time.perf_counter() - t:.0f}s features)")


def fever_report(prefix: str, model: sl.StanceClassifier, F, y) -> float:
    P = model.proba(F)
    labels = model.labels
    strict = np.where(np.array(labels)[P.argmax(1)] == "refute", "refute", "support")
    two = np.where(P[:, labels.index("refute")] > P[:, labels.index("support")], "refute", "support")
    acc_s = float((strict == y).mean())
    acc_2 = float((two == y).mean())
    print(f"{prefix}_fever_symmetric_accuracy_strict: {acc_s:.4f}")
    print(f"{prefix}_fever_symmetric_accuracy_two_way: {acc_2:.4f}")
    return acc_2


def climate_report(prefix: str, ds: Dataset, mask, pred: np.ndarray) -> tuple[float, float]:
    pairs = [p for p, m in zip(ds.pairs, mask, strict=True) if m]
    gold = [p.gold for p in pairs]
    pred_gold = [LABEL_TO_GOLD[x] for x in pred]
    f1, per = macro_f1(gold, pred_gold, PAIR_LABELS)
    claims = claim_labels(pairs, pred_gold)
    acc = float(np.mean([claims[c] == ds.claim_gold[c] for c in claims]))
    print(f"{prefix}_climate_pair_macro_f1: {f1:.4f}")
    print(f"{prefix}_climate_claim_accuracy: {acc:.4f}  (n_claims {len(claims)}; "
          f"predicted {dict(Counter(claims.values()))})")  # fmt: skip
    return f1, acc


def nei_gate(R: np.ndarray) -> np.ndarray:
    """The rules' same-event gate from the rule block (bench/stance.py default thresholds)."""
    from claims.pipeline.compare import DEFAULT_THRESHOLDS as th

    sim = R[:, sl.rule_index("similarity")]
    score = R[:, sl.rule_index("event_score")]
    return (sim >= th.min_similarity) & (score >= th.same_event)


CLAIM_LABELS = ["SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO", "DISPUTED"]


def claim_matrix(ds: Dataset, idx: np.ndarray, P: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Per claim: max / mean of P(support), P(refute), P(nei) over its pairs, and the
    second-largest P(support) and P(refute) (two pieces of evidence, not one)."""
    by: dict[str, list[int]] = {}
    for k, i in enumerate(idx):
        by.setdefault(ds.pairs[i].group, []).append(k)
    ids = sorted(by)
    rows = []
    for c in ids:
        Q = P[by[c]]
        srt = np.sort(Q, axis=0)
        second = srt[-2] if len(Q) > 1 else srt[-1]
        rows.append(np.concatenate([Q.max(0), Q.mean(0), second[:2]]))
    return ids, np.array(rows)


def learned_aggregate(prefix, variant, C, ds: Dataset, train_extra: sl.Feats, y_extra,
                      tr: np.ndarray, te: np.ndarray) -> float:
    """Claim labels from pair probabilities by a 4-way logistic regression fitted on the
    training half's claims (their pair probabilities out-of-fold), applied to the other half."""
    from sklearn.linear_model import LogisticRegression

    tr_idx, te_idx = np.flatnonzero(tr), np.flatnonzero(te)
    fold = np.array([zlib.crc32(ds.pairs[i].group.encode()) % 5 for i in tr_idx])
    oof = np.zeros((len(tr_idx), 3))
    for f in range(5):
        fit_rows = tr_idx[fold != f]
        m = sl.fit(sl.Feats.concat(train_extra, ds.F.take(fit_rows)),
                   np.concatenate([y_extra, ds.y[fit_rows]]), variant=variant, C=C)  # fmt: skip
        oof[fold == f] = m.proba(ds.F.take(tr_idx[fold == f]))
    ids, X = claim_matrix(ds, tr_idx, oof)
    agg = LogisticRegression(C=1.0, max_iter=2000).fit(X, [ds.claim_gold[c] for c in ids])
    m = sl.fit(sl.Feats.concat(train_extra, ds.F.take(tr_idx)),
               np.concatenate([y_extra, ds.y[tr_idx]]), variant=variant, C=C)  # fmt: skip
    ids, X = claim_matrix(ds, te_idx, m.proba(ds.F.take(te_idx)))
    pred = agg.predict(X)
    acc = float(np.mean([p == ds.claim_gold[c] for c, p in zip(ids, pred, strict=True)]))
    print(f"{prefix}_climate_claim_accuracy_learned_aggregate: {acc:.4f}  "
          f"(predicted {dict(Counter(pred))})")  # fmt: skip
    return acc


def run_variant(variant: str, fever: Dataset, climate: Dataset, C: float) -> dict:
    out = {}
    # climate -> fever
    m = sl.fit(climate.F, climate.y, variant=variant, C=C)
    out["climate->fever"] = fever_report(f"{variant}_climate->fever", m, fever.F, fever.y)
    # fever -> climate (no NEI in training: the rules' gate says NEI)
    m = sl.fit(fever.F, fever.y, variant=variant, C=C)
    sr = m.predict_labels(climate.F)
    pred = np.where(nei_gate(climate.F.R), sr, "nei")
    allc = np.ones(len(climate.y), bool)
    out["fever->climate"] = climate_report(f"{variant}_fever->climate", climate, allc, pred)
    # held-out halves
    accs, f1s, caccs, aggs = [], [], [], []
    for h in (0, 1):
        trc, te = climate.groups != h, climate.groups == h
        m = sl.fit(sl.Feats.concat(fever.F, climate.F.take(trc)),
                   np.concatenate([fever.y, climate.y[trc]]), variant=variant, C=C)  # fmt: skip
        f1, acc = climate_report(f"{variant}_climate_half{h}", climate, te,
                                 m.predict_labels(climate.F.take(te)))  # fmt: skip
        f1s.append(f1)
        caccs.append(acc)
        aggs.append(learned_aggregate(f"{variant}_climate_half{h}", variant, C, climate, fever.F,
                                      fever.y, trc, te))  # fmt: skip
        trf, tef = fever.groups != h, fever.groups == h
        m = sl.fit(sl.Feats.concat(climate.F, fever.F.take(trf)),
                   np.concatenate([climate.y, fever.y[trf]]), variant=variant, C=C)  # fmt: skip
        accs.append(fever_report(f"{variant}_fever_half{h}", m, fever.F.take(tef), fever.y[tef]))
    out["fever_half_mean"] = float(np.mean(accs))
    out["climate_half_mean"] = (float(np.mean(f1s)), float(np.mean(caccs)))
    out["climate_half_mean_learned_aggregate"] = float(np.mean(aggs))
    print(f"{variant}_climate_half_mean_claim_accuracy_learned_aggregate: {np.mean(aggs):.4f}")
    print(f"{variant}_fever_half_mean_accuracy_two_way: {np.mean(accs):.4f}")
    print(f"{variant}_climate_half_mean_pair_macro_f1: {np.mean(f1s):.4f}")
    print(f"{variant}_climate_half_mean_claim_accuracy: {np.mean(caccs):.4f}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fever", type=Path, required=True)
    ap.add_argument("--climate", type=Path, required=True)
    ap.add_argument("--cache-dir", type=Path)
    ap.add_argument("--variant", default=sl.DEFAULT_VARIANT, choices=sl.VARIANTS)
    ap.add_argument("--variants", help="comma-separated variants to report (default: --variant)")
    ap.add_argument("--C", type=float, default=sl.DEFAULT_C)
    ap.add_argument("--all-variants", action="store_true")
    ap.add_argument("--C-grid", help="comma-separated C values to report (the first is saved)")
    ap.add_argument("--out", type=Path, default=sl.MODEL_PATH)
    ap.add_argument("--no-save", action="store_true")
    args = ap.parse_args(argv)
    for p in (args.fever, args.climate):
        if not p.is_file():
            ap.error(f"{p}: no such file")

    variants = sl.VARIANTS if args.all_variants else tuple(
        (args.variants or args.variant).split(","))
    if args.variant not in variants:
        variants = (*variants, args.variant)
    align = any(sl.uses_alignment(v) for v in variants)
    cross = any(sl.uses_cross(v) for v in variants)
    if cross and not all(sl.uses_cross(v) for v in variants):
        ap.error("cross-encoded variants replace the embedding block: run them on their own")
    fever = Dataset("fever_symmetric", args.fever, "fever-symmetric", args.cache_dir, align, cross)
    climate = Dataset("climate_fever", args.climate, "climate-fever", args.cache_dir, align, cross)
    Cs = [float(c) for c in args.C_grid.split(",")] if args.C_grid else [args.C]
    figures = {}
    for C in Cs:
        for v in variants:
            print(f"# variant {v}, C {C}")
            figures[(v, C)] = run_variant(v, fever, climate, C)

    if not args.no_save:
        model = sl.fit(sl.Feats.concat(fever.F, climate.F), np.concatenate([fever.y, climate.y]),
                       variant=args.variant, C=args.C)  # fmt: skip
        f = figures[(args.variant, args.C if not args.C_grid else Cs[0])]
        meta = {
            "variant": args.variant,
            "C": args.C,
            "trained_on": ["fever-symmetric dev (all 708 pairs)", "climate-fever dev (all pairs)"],
            "figures": {
                "climate_to_fever_symmetric_accuracy_two_way": round(f["climate->fever"], 4),
                "fever_to_climate_claim_accuracy": round(f["fever->climate"][1], 4),
                "fever_symmetric_half_mean_accuracy": round(f["fever_half_mean"], 4),
                "climate_half_mean_pair_macro_f1": round(f["climate_half_mean"][0], 4),
                "climate_half_mean_claim_accuracy": round(f["climate_half_mean"][1], 4),
                "climate_half_mean_claim_accuracy_learned_aggregate": round(
                    f["climate_half_mean_learned_aggregate"], 4),
            },
        }
        sl.save(model, args.out, meta=meta)
        print(f"saved: {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
