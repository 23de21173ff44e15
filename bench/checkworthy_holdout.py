"""Check-worthiness variants judged on a held-back part of ClaimBuster train (never fitted on).

    nice -n 10 .venv/bin/python bench/checkworthy_holdout.py \\
        --data ../shared/benchmarks/claimbuster-2class/train.json \\
        --cache /work/data-cw-cache/layers.npz [--variants L5,L5+L6,...]

One row in five (crc32 of the sentence id; about 1,600 sentences) is held back. Each
variant is fitted on the other four fifths with the shipped recipe
(``bench/train_checkworthy.py``: TF-IDF word+char n-grams + cues, the L2-normalised,
standardised MiniLM layer vector block beside them, one balanced logistic regression,
Platt-calibrated on 5-fold out-of-fold predictions of the training part), then scored
once on the held-back part. Prints ``<variant>_heldback_balanced_f1`` (negatives
re-weighted to a 50/50 mix, the ClaimBuster test split's), plain F1, precision, recall.

Variants name the layer vectors in the block: ``L5`` (the shipped joint model), ``L3+L5``
(two layers side by side), ``L5+L6`` (+ the final layer, i.e. the sentence vector before
normalisation), ``Lmean`` (mean of layers 1..6); ``@C`` sets the regression's C (default
the shipped 0.5), e.g. ``L5@0.25``; a ``|lex`` suffix averages the variant's probability
with the lexical-only model's before calibration.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import zlib
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import f1_score, precision_score, recall_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from train_checkworthy import JOINT_C, JOINT_WEIGHT, fit_calibration, lexical_model  # noqa: E402

from claims.pipeline import checkworthy as cw  # noqa: E402


def all_layers(texts: list[str], cache: Path | None) -> np.ndarray:
    """(n, 7, 384): mean-pooled hidden states 0..6 of MiniLM (0 = word embeddings)."""
    if cache and cache.is_file():
        z = np.load(cache)
        if z["H"].shape[0] == len(texts):
            return z["H"]
    import torch

    from claims.pipeline.embed import get_model

    torch.set_num_threads(1)
    model = get_model()
    tr = model[0].auto_model
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    H = np.zeros((len(texts), 7, 384), dtype=np.float32)
    with torch.inference_mode():
        for s in range(0, len(order), 64):
            rows = order[s : s + 64]
            f = model.preprocess([texts[i] for i in rows])
            out = tr(**f, output_hidden_states=True, return_dict=True)
            mask = f["attention_mask"].unsqueeze(-1).float()
            cnt = mask.sum(1).clamp(min=1e-9)
            for k, h in enumerate(out.hidden_states):
                H[rows, k] = ((h * mask).sum(1) / cnt).numpy()
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, H=H)
    return H


def block(H: np.ndarray, spec: str) -> np.ndarray:
    if spec == "Lmean":
        parts = [H[:, 1:7].mean(axis=1)]
    else:
        parts = [H[:, int(p[1:])] for p in spec.split("+")]
    out = []
    for E in parts:
        E = E.astype(np.float64)
        out.append(E / (np.linalg.norm(E, axis=1, keepdims=True) + 1e-12))
    return np.hstack(out)


def joint_fit(F, E, y, C, seed=0):
    joint = {"mean": E.mean(axis=0), "scale": E.std(axis=0) + 1e-6, "weight": JOINT_WEIGHT}
    joint["clf"] = LogisticRegression(C=C, class_weight="balanced", max_iter=5000,
                                      random_state=seed).fit(cw.joint_features(F, E, joint), y)
    return joint


def joint_proba(joint, F, E):
    return joint["clf"].predict_proba(cw.joint_features(F, E, joint))[:, 1]


def report(name: str, y: np.ndarray, p: np.ndarray) -> float:
    pred = (p > 0.5).astype(int)
    w = np.where(y == 1, 1.0, (y == 1).sum() / max((y == 0).sum(), 1))
    bf1 = f1_score(y, pred, sample_weight=w)
    print(f"{name}_heldback_balanced_f1: {bf1:.4f}")
    print(f"{name}_heldback_f1: {f1_score(y, pred):.4f}")
    print(f"{name}_heldback_balanced_precision: "
          f"{precision_score(y, pred, sample_weight=w, zero_division=0):.4f}")  # fmt: skip
    print(f"{name}_heldback_balanced_recall: {recall_score(y, pred, sample_weight=w):.4f}")
    return bf1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--cache", type=Path, help="npz of all MiniLM layers for --data rows")
    ap.add_argument("--variants", default="L5,L3+L5,L5+L6,Lmean,L4+L5+L6,L5@0.25,L5@1.0")
    args = ap.parse_args(argv)
    rows = json.loads(args.data.read_text(encoding="utf-8"))
    texts = [str(r["text"]) for r in rows]
    y = np.array([int(r["label"]) for r in rows])
    held = np.array([zlib.crc32(str(r["sentence_id"]).encode()) % 5 == 0 for r in rows])
    tr, te = np.flatnonzero(~held), np.flatnonzero(held)
    print(f"n_train: {len(tr)}\nn_held_back: {len(te)}\nheld_back_positives: {int(y[te].sum())}")
    t = time.time()
    H = all_layers(texts, args.cache)
    print(f"layers_seconds: {time.time() - t:.0f}")
    lex = lexical_model(0).fit([texts[i] for i in tr], y[tr])
    Ftr = lex[0].transform([texts[i] for i in tr])
    Fte = lex[0].transform([texts[i] for i in te])
    report("lexical_only", y[te], lex.predict_proba([texts[i] for i in te])[:, 1])
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    lex_oof = np.zeros(len(tr))
    if any(v.endswith("|lex") for v in args.variants.split(",")):
        for a, b in cv.split(tr, y[tr]):
            lx = lexical_model(0).fit([texts[i] for i in tr[a]], y[tr][a])
            lex_oof[b] = lx.predict_proba([texts[i] for i in tr[b]])[:, 1]
    lex_te = lex.predict_proba([texts[i] for i in te])[:, 1]
    for v in args.variants.split(","):
        v, blend_lex = v.removesuffix("|lex"), v.endswith("|lex")
        spec, _, c = v.partition("@")
        C = float(c) if c else JOINT_C
        E = block(H, spec)
        oof = np.zeros(len(tr))
        for a, b in cv.split(tr, y[tr]):
            # the text features were fitted on all of the training part: a small optimism
            # in the calibrator's inputs only, the same for every variant
            j = joint_fit(Ftr[a], E[tr][a], y[tr][a], C)
            oof[b] = joint_proba(j, Ftr[b], E[tr][b])
        j = joint_fit(Ftr, E[tr], y[tr], C)
        p_te = joint_proba(j, Fte, E[te])
        if blend_lex:  # mean of the joint and the lexical-only probabilities
            oof, p_te = (oof + lex_oof) / 2, (p_te + lex_te) / 2
        ca, cb = fit_calibration(oof, y[tr])
        p = cw._sigmoid(ca * cw._logit(p_te) + cb)
        report(v + ("|lex" if blend_lex else ""), y[te], p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
