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
normalisation), ``Lmean`` (mean of layers 1..6); ``X5`` is layer 5 max-pooled over the
tokens and ``C5`` its [CLS] row instead of the mean (``L5+X5`` = mean+max pooling).
Options after ``@``: a bare number or ``cN`` sets the regression's C (default the shipped
0.5), e.g. ``L5@0.25``; ``wN`` the weight of the vector block (default the shipped 1.0),
e.g. ``L5@w2``; ``e`` drops the text features (vector block alone). Suffixes: ``|lex``
averages the variant's probability with the lexical-only model's before calibration;
``|svc`` averages its logit with an RBF support-vector machine's decision value on the
standardised vector block (``|svc2``: C = 2, ``|svc2g0.5``: also gamma = 0.5 / dims;
default C = 2, gamma = 0.5 / dims); ``L5@svc`` (same options) is the SVM on its own.

Every variant also gets a cross-validation figure on the training part only
(``<variant>_cv_balanced_f1``: 5-fold out-of-fold predictions, each calibrated by a
calibrator cross-fitted over the other out-of-fold rows), averaged over ``--cv-seeds``
fold seeds: that is the figure to choose by. ``--cv-only`` skips the held-back scoring
(for exploring: the held-back part is scored once per chosen recipe). ``<variant>_cost_ratio``
is its scoring time per sentence (given the layer vectors) over the shipped L5 model's.

``--artefact PATH`` scores the held-back part through the serving code instead
(``checkworthy.score(texts, features=layer 5)`` with that artefact, e.g. one built by
``bench/train_checkworthy.py --drop-heldback``) and times it per sentence against the
artefact's joint model alone (the work of the checkworthy-5 model, which had no SVM).
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
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.svm import SVC  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from train_checkworthy import JOINT_C, JOINT_WEIGHT, fit_calibration, lexical_model  # noqa: E402

from claims.pipeline import checkworthy as cw  # noqa: E402


def all_layers(texts: list[str], cache: Path | None) -> dict[str, np.ndarray]:
    """{"H": mean, "M": max, "C": [CLS]}, each (n, 7, 384): pooled hidden states 0..6 of
    MiniLM (0 = word embeddings)."""
    if cache and cache.is_file():
        z = np.load(cache)
        if z["H"].shape[0] == len(texts) and {"M", "C"} <= set(z.files):
            return {k: z[k] for k in ("H", "M", "C")}
    import torch

    from claims.pipeline.embed import get_model

    torch.set_num_threads(1)
    model = get_model()
    tr = model[0].auto_model
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    H = np.zeros((len(texts), 7, 384), dtype=np.float32)
    M, CLS = np.zeros_like(H), np.zeros_like(H)
    with torch.inference_mode():
        for s in range(0, len(order), 64):
            rows = order[s : s + 64]
            f = model.preprocess([texts[i] for i in rows])
            out = tr(**f, output_hidden_states=True, return_dict=True)
            mask = f["attention_mask"].unsqueeze(-1).float()
            cnt = mask.sum(1).clamp(min=1e-9)
            for k, h in enumerate(out.hidden_states):
                H[rows, k] = ((h * mask).sum(1) / cnt).numpy()
                M[rows, k] = h.masked_fill(mask == 0, -1e4).max(1).values.numpy()
                CLS[rows, k] = h[:, 0].numpy()
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, H=H, M=M, C=CLS)
    return {"H": H, "M": M, "C": CLS}


def block(layers: dict[str, np.ndarray], spec: str) -> np.ndarray:
    if spec == "Lmean":
        parts = [layers["H"][:, 1:7].mean(axis=1)]
    else:
        src = {"L": "H", "X": "M", "C": "C"}
        parts = [layers[src[p[0]]][:, int(p[1:])] for p in spec.split("+")]
    out = []
    for E in parts:
        E = E.astype(np.float64)
        out.append(E / (np.linalg.norm(E, axis=1, keepdims=True) + 1e-12))
    return np.hstack(out)


def joint_fit(F, E, y, C, seed=0, weight=JOINT_WEIGHT, text=True):
    joint = {"mean": E.mean(axis=0), "scale": E.std(axis=0) + 1e-6, "weight": weight}
    F = F if text else F[:, :0]
    joint["clf"] = LogisticRegression(C=C, class_weight="balanced", max_iter=5000,
                                      random_state=seed).fit(cw.joint_features(F, E, joint), y)
    joint["text"] = text
    return joint


def joint_proba(joint, F, E):
    F = F if joint["text"] else F[:, :0]
    return joint["clf"].predict_proba(cw.joint_features(F, E, joint))[:, 1]


def svm_fit(E, y, C=2.0, gamma=0.5):
    """RBF SVM on the standardised vector block; gamma is per dimension (gamma / dims)."""
    scaler = StandardScaler().fit(E)
    svm = SVC(C=C, gamma=gamma / E.shape[1], class_weight="balanced")
    return scaler, svm.fit(scaler.transform(E), y)


def svm_proba(model, E):
    scaler, svm = model
    return cw._sigmoid(svm.decision_function(scaler.transform(E)))


def parse_variant(v: str) -> dict:
    """'L5@w2@c1|svc2g0.5' -> block spec, C, weight, text?, svm?, lex blend?"""
    out = {"name": v, "lex": False, "svm": None, "joint": True, "text": True,
           "C": JOINT_C, "weight": JOINT_WEIGHT}  # fmt: skip
    for suffix in v.split("|")[1:]:
        if suffix == "lex":
            out["lex"] = True
        elif suffix.startswith("svc"):
            c, _, g = suffix[3:].partition("g")
            out["svm"] = (float(c) if c else 2.0, float(g) if g else 0.5)
    spec, *opts = v.split("|")[0].split("@")
    out["spec"] = spec
    for o in opts:
        if o == "e":
            out["text"] = False
        elif o.startswith("svc"):  # the SVM on its own
            c, _, g = o[3:].partition("g")
            out["svm"], out["joint"] = (float(c) if c else 2.0, float(g) if g else 0.5), False
        elif o.startswith("w"):
            out["weight"] = float(o[1:])
        else:
            out["C"] = float(o.removeprefix("c"))
    return out


def fit_variant(o: dict, F, E, y):
    parts = {}
    if o["joint"]:
        parts["joint"] = joint_fit(F, E, y, o["C"], weight=o["weight"], text=o["text"])
    if o["svm"]:
        parts["svm"] = svm_fit(E, y, *o["svm"])
    return parts


def predict_variant(parts: dict, F, E) -> np.ndarray:
    """Mean of the parts' logits (one part: its probability)."""
    z = []
    if "joint" in parts:
        z.append(cw._logit(joint_proba(parts["joint"], F, E)))
    if "svm" in parts:
        z.append(cw._logit(svm_proba(parts["svm"], E)))
    return cw._sigmoid(np.mean(z, axis=0))


def balanced_f1(y, p) -> float:
    w = np.where(y == 1, 1.0, (y == 1).sum() / max((y == 0).sum(), 1))
    return float(f1_score(y, (p > 0.5).astype(int), sample_weight=w))


def cross_fitted(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Out-of-fold probabilities calibrated by calibrators that never saw the row."""
    out = np.zeros(len(y))
    for a, b in StratifiedKFold(5, shuffle=True, random_state=1).split(p, y):
        ca, cb = fit_calibration(p[a], y[a])
        out[b] = cw._sigmoid(ca * cw._logit(p[b]) + cb)
    return out


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


def score_artefact(path: Path, texts: list[str], y: np.ndarray, E: np.ndarray) -> int:
    """Held-back figures through ``checkworthy.score`` with the artefact at ``path``."""
    model = cw.get_model(path)
    print(f"artefact: {path} ({path.stat().st_size} bytes, {model.meta['model_version']}, "
          f"trained on {model.meta['trained_on']}, n={model.meta['n_train']})")  # fmt: skip
    p = np.asarray(cw.score(texts, features=E, model_path=path))
    report("artefact", y, p)
    timings = {}
    for name, fn in (("joint_only", lambda: model.joint_proba(texts, E)),
                     ("served", lambda: cw.score(texts, features=E, model_path=path))):  # fmt: skip
        fn()
        t = time.perf_counter()
        for _ in range(5):
            fn()
        timings[name] = (time.perf_counter() - t) / 5 / len(texts)
        print(f"{name}_seconds_per_sentence: {timings[name]:.2e}")
    print(f"served_cost_ratio_vs_joint_only: {timings['served'] / timings['joint_only']:.2f}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--cache", type=Path, help="npz of all MiniLM layers for --data rows")
    ap.add_argument("--variants", default="L5,L3+L5,L5+L6,Lmean,L4+L5+L6,L5@0.25,L5@1.0")
    ap.add_argument("--cv-seeds", default="0", help="fold seeds of the CV figure, e.g. 0,1,2")
    ap.add_argument("--cv-only", action="store_true", help="do not score the held-back part")
    ap.add_argument("--artefact", type=Path, help="score the held-back part with this artefact")
    args = ap.parse_args(argv)
    rows = json.loads(args.data.read_text(encoding="utf-8"))
    texts = [str(r["text"]) for r in rows]
    y = np.array([int(r["label"]) for r in rows])
    held = np.array([zlib.crc32(str(r["sentence_id"]).encode()) % 5 == 0 for r in rows])
    tr, te = np.flatnonzero(~held), np.flatnonzero(held)
    print(f"n_train: {len(tr)}\nn_held_back: {len(te)}\nheld_back_positives: {int(y[te].sum())}")
    t = time.time()
    layers = all_layers(texts, args.cache)
    print(f"layers_seconds: {time.time() - t:.0f}")
    if args.artefact:
        return score_artefact(args.artefact, [texts[i] for i in te], y[te], layers["H"][te, cw.LAYER])
    lex = lexical_model(0).fit([texts[i] for i in tr], y[tr])
    Ftr = lex[0].transform([texts[i] for i in tr])
    Fte = lex[0].transform([texts[i] for i in te])
    if not args.cv_only:
        report("lexical_only", y[te], lex.predict_proba([texts[i] for i in te])[:, 1])
    seeds = [int(s) for s in args.cv_seeds.split(",")]
    folds = {s: list(StratifiedKFold(5, shuffle=True, random_state=s).split(tr, y[tr]))
             for s in seeds}  # fmt: skip
    variants = [parse_variant(v) for v in args.variants.split(",")]
    lex_oof = {}
    if any(o["lex"] for o in variants):
        for s in seeds:
            lex_oof[s] = np.zeros(len(tr))
            for a, b in folds[s]:
                lx = lexical_model(0).fit([texts[i] for i in tr[a]], y[tr][a])
                lex_oof[s][b] = lx.predict_proba([texts[i] for i in tr[b]])[:, 1]
    lex_te = lex.predict_proba([texts[i] for i in te])[:, 1]
    base_cost = None
    for o in variants:
        v = o["name"]
        E = block(layers, o["spec"])
        cv_f1 = []
        for s in seeds:
            oof = np.zeros(len(tr))
            for a, b in folds[s]:
                # the text features were fitted on all of the training part (no labels
                # involved): the same small optimism for every variant
                oof[b] = predict_variant(fit_variant(o, Ftr[a], E[tr][a], y[tr][a]),
                                         Ftr[b], E[tr][b])  # fmt: skip
            if o["lex"]:
                oof = (oof + lex_oof[s]) / 2
            cv_f1.append(balanced_f1(y[tr], cross_fitted(oof, y[tr])))
            if s == seeds[0]:
                oof0 = oof
        print(f"{v}_cv_balanced_f1: {np.mean(cv_f1):.4f}  (seeds {args.cv_seeds}: "
              + " ".join(f"{f:.4f}" for f in cv_f1) + ")", flush=True)  # fmt: skip
        if args.cv_only:
            continue
        parts = fit_variant(o, Ftr, E[tr], y[tr])
        p_te = predict_variant(parts, Fte, E[te])
        if o["lex"]:  # mean of the joint and the lexical-only probabilities
            p_te = (p_te + lex_te) / 2
        ca, cb = fit_calibration(oof0, y[tr])
        p = cw._sigmoid(ca * cw._logit(p_te) + cb)
        report(v, y[te], p)
        # per-sentence scoring cost given the vectors (text features included)
        batch = [texts[i] for i in te]
        t = time.perf_counter()
        for _ in range(3):
            predict_variant(parts, lex[0].transform(batch), E[te])
        cost = (time.perf_counter() - t) / 3 / len(te)
        if v == "L5":
            base_cost = cost
        print(f"{v}_seconds_per_sentence: {cost:.2e}")
        if base_cost:
            print(f"{v}_cost_ratio: {cost / base_cost:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
