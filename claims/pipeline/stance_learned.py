"""The learned stance model: logistic regression over MiniLM pair features + the rules' outputs.

Registered as ``"learned"`` in ``claims.pipeline.stance`` (``STANCE_MODEL=learned``, or
``learned:/path/to/stance.joblib``). The rules still run: their slot conflicts are the
explanation a reviewer reads (``compare_with`` keeps them) and their outputs are features.

Artefact (``models/stance.joblib``, a few hundred kB): a StandardScaler + multinomial
LogisticRegression (scikit-learn: plain, fast, calibrated enough for a ranking score, and
its artefact is tiny) and a meta dict (variant, figures, library versions). Rebuilt by
``bench/train_stance.py``; the card is ``models/stance.md``. No Django here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claims.pipeline.stance_features import RULE_FEATURES, pair_features

MODEL_PATH = Path(__file__).resolve().parent / "models" / "stance.joblib"
FORMAT = 1
VARIANTS = ("rules", "embed", "both", "rules_align", "both_align", "rules_align_bow",
            "rules_bow", "both_align_cross", "embed_cross")
DEFAULT_VARIANT = "rules_align"
DEFAULT_C = 0.05


class StanceModelError(RuntimeError):
    """The artefact is missing, corrupt or built with another scikit-learn."""


def rule_index(name: str) -> int:
    return RULE_FEATURES.index(name)


def uses_alignment(variant: str) -> bool:
    return "_align" in variant


def uses_cross(variant: str) -> bool:
    """The embedding block is MiniLM run over the pair ("claim [SEP] evidence"), mean-pooled:
    the two texts attend to each other, as in a cross-encoder (not fine-tuned)."""
    return variant.endswith("_cross")


def cross_vectors(pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> np.ndarray:
    import torch

    from claims.pipeline.embed import get_model

    model = get_model()
    tok, tr = model.tokenizer, model[0].auto_model
    out = np.zeros((len(pairs), tr.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for s in range(0, len(pairs), batch_size):
            chunk = pairs[s : s + batch_size]
            f = tok([a for a, _ in chunk], [b for _, b in chunk], padding=True, truncation=True,
                    max_length=256, return_tensors="pt")  # fmt: skip
            h = tr(**f).last_hidden_state
            mask = f["attention_mask"].unsqueeze(-1).to(h.dtype)
            v = (h * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            out[s : s + len(chunk)] = torch.nn.functional.normalize(v, dim=1).numpy()
    return out


def uses_words(variant: str) -> bool:
    return variant.endswith("_bow")


@dataclass
class Feats:
    """Row-aligned feature blocks: embeddings ``E``, rules ``R``, claim-only words ``D``."""

    E: np.ndarray
    R: np.ndarray
    D: list[str]

    def __len__(self) -> int:
        return len(self.R)

    def take(self, mask) -> Feats:
        idx = np.flatnonzero(np.asarray(mask)) if np.asarray(mask).dtype == bool else mask
        return Feats(self.E[idx], self.R[idx], [self.D[i] for i in idx])

    @staticmethod
    def concat(*parts: Feats) -> Feats:
        return Feats(np.vstack([p.E for p in parts]), np.vstack([p.R for p in parts]),
                     [d for p in parts for d in p.D])  # fmt: skip


class StanceClassifier:
    """Standardised dense blocks (+ binary claim-only-word counts) -> logistic regression."""

    def __init__(self, variant: str, scaler, vectorizer, clf, labels: list[str]):
        if variant not in VARIANTS:
            raise ValueError(f"variant must be one of {VARIANTS}")
        self.variant, self.scaler, self.vectorizer, self.clf = variant, scaler, vectorizer, clf
        self.labels = list(labels)

    @staticmethod
    def dense(F: Feats, variant: str) -> np.ndarray:
        R = np.asarray(F.R, dtype=np.float64)
        if not uses_alignment(variant):  # the alignment columns, when present, are not read
            R = R[:, : len(RULE_FEATURES)]
        if variant.startswith("rules"):
            return R
        if variant.startswith("embed"):
            return np.asarray(F.E, dtype=np.float64)
        return np.hstack([np.asarray(F.E, dtype=np.float64), R])

    def design(self, F: Feats):
        X = self.scaler.transform(self.dense(F, self.variant))
        if self.vectorizer is None:
            return X
        from scipy import sparse

        return sparse.hstack([sparse.csr_matrix(X), self.vectorizer.transform(F.D)]).tocsr()

    def proba(self, F: Feats) -> np.ndarray:
        """P(label) per row, columns in ``self.labels`` order (always support, refute, nei)."""
        P = self.clf.predict_proba(self.design(F))
        out = np.zeros((len(P), len(self.labels)))
        for j, c in enumerate(self.clf.classes_):
            out[:, self.labels.index(str(c))] = P[:, j]
        return out

    def predict_labels(self, F: Feats) -> np.ndarray:
        return np.array(self.labels)[self.proba(F).argmax(1)]


def token_vectors_fn(cache_size: int = 4096):
    """text -> L2-normalised last-layer MiniLM token vectors (no [CLS]/[SEP]), memoised."""
    from functools import lru_cache

    @lru_cache(maxsize=cache_size)
    def vectors(text: str) -> np.ndarray:
        from claims.pipeline.embed import get_model

        out = get_model().encode([text], output_value="token_embeddings",
                                 convert_to_numpy=False, show_progress_bar=False)[0]
        T = out.detach().cpu().numpy()[1:-1].astype(np.float64)
        return T / (np.linalg.norm(T, axis=1, keepdims=True) + 1e-12)

    return vectors


def fit(
    F: Feats,
    y: Sequence[str],
    *,
    variant: str = DEFAULT_VARIANT,
    C: float = DEFAULT_C,
    seed: int = 0,
) -> StanceClassifier:
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    y = np.asarray(y)
    if len(set(y)) < 2:
        raise ValueError("need at least two stance labels to train")
    scaler = StandardScaler().fit(StanceClassifier.dense(F, variant))
    vectorizer = None
    if uses_words(variant):
        vectorizer = CountVectorizer(binary=True, min_df=3, token_pattern=r"\S+",
                                     lowercase=False).fit(F.D)  # fmt: skip
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=seed)
    model = StanceClassifier(variant, scaler, vectorizer, clf, ["support", "refute", "nei"])
    clf.fit(model.design(F), y)
    return model


def save(model: StanceClassifier, path: Path, *, meta: dict) -> None:
    import joblib
    import sklearn

    meta = {**meta, "format": FORMAT, "variant": model.variant,
            "versions": {"scikit-learn": sklearn.__version__}}  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"meta": meta, "scaler": model.scaler, "vectorizer": model.vectorizer,
                 "clf": model.clf, "labels": model.labels}, path, compress=3)  # fmt: skip


def load(path: Path | str = MODEL_PATH) -> tuple[StanceClassifier, dict]:
    import joblib
    import sklearn

    path = Path(path)
    if not path.is_file():
        raise StanceModelError(
            f"stance model not found at {path}; build it with bench/train_stance.py"
        )
    try:
        blob = joblib.load(path)
        meta = blob["meta"]
    except Exception as exc:
        raise StanceModelError(f"{path}: not a stance artefact ({exc})") from exc
    if meta.get("format") != FORMAT:
        raise StanceModelError(f"{path}: format {meta.get('format')}, expected {FORMAT}")
    built = meta.get("versions", {}).get("scikit-learn")
    if built != sklearn.__version__:
        raise StanceModelError(
            f"{path}: built with scikit-learn {built}, {sklearn.__version__} installed; "
            "retrain with bench/train_stance.py"
        )
    model = StanceClassifier(meta["variant"], blob["scaler"], blob["vectorizer"], blob["clf"],
                             blob["labels"])  # fmt: skip
    return model, meta


class LearnedStanceModel:
    """``predict(pairs)`` -> [(label, confidence)] from the artefact.

    ``embed`` turns texts into L2-normalised sentence vectors (default: the packaged
    MiniLM, ``claims.pipeline.embed.embed_texts``); ``side_builder`` extracts slots
    (default: the pipeline extractors, as the rules use).
    """

    name = "learned"

    def __init__(self, *, argument: str = "", model_path: str = "", embed=None, side_builder=None):
        from claims.pipeline import adapt

        path = Path(model_path or argument or MODEL_PATH)
        self.adapter = None
        if path.is_file() and adapt.is_adapter(path):
            self.adapter = adapter_load(path.read_bytes())
            path = MODEL_PATH
        self.classifier, self.meta = load(path)
        if embed is None:
            from claims.pipeline.embed import embed_texts as embed
        if side_builder is None:
            from claims.pipeline.stance_sides import pipeline_side as side_builder
        self.embed, self.side_builder = embed, side_builder

    def features(self, pairs: Sequence[tuple[str, str]]):
        claims = [a for a, _ in pairs]
        evidences = [b for _, b in pairs]
        vecs = self.embed(claims + evidences)
        U, V = vecs[: len(pairs)], vecs[len(pairs) :]
        variant = self.classifier.variant
        tokens = token_vectors_fn() if uses_alignment(variant) else None
        F = Feats(*pair_features(claims, evidences, U, V, self.side_builder, tokens))
        if uses_cross(variant):
            F.E = cross_vectors(list(pairs))
        return F

    def proba(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros((0, 3))
        F = self.features(pairs)
        P = self.classifier.proba(F)
        if self.adapter is not None:
            P = adapted_proba(self.adapter, P, F.R)
        return P

    def predict(self, pairs: list[tuple[str, str]]) -> list[tuple[str, float]]:
        P = self.proba(pairs)
        labels = self.classifier.labels
        return [(labels[int(i)], round(float(p[int(i)]), 3)) for p, i in zip(P, P.argmax(1),
                                                                              strict=True)]


# --------------------------------------------------------------------------- project labels

ADAPTER_KIND = "stance-adapter"


def base_log_proba(P: np.ndarray) -> np.ndarray:
    return np.log(np.clip(P, 1e-6, 1.0))


def adapted_proba(adapter, P_base: np.ndarray, R: np.ndarray) -> np.ndarray:
    from claims.pipeline.adapt import softmax

    return softmax(adapter.logits(R, base_log_proba(P_base)))


def adapter_train(
    model: LearnedStanceModel,
    pairs: Sequence[tuple[str, str]],
    labels: Sequence[str],
    *,
    weights: Sequence[float] | None = None,
    l2: float = 1.0,
) -> bytes:
    """A correction over the shipped model (its log-probabilities as offset) from the rules
    block of each labelled pair (``adapt.fit_offset_logistic``), as artefact bytes."""
    from claims.pipeline import adapt

    order = model.classifier.labels
    unknown = set(labels) - set(order)
    if unknown:
        raise ValueError(f"unknown stance labels {sorted(unknown)}")
    if len(set(labels)) < 2:
        raise ValueError("stance labels need at least two kinds")
    F = model.features(pairs)
    P = model.classifier.proba(F)
    y = np.array([order.index(x) for x in labels])
    fitted = adapt.fit_offset_logistic(F.R, base_log_proba(P), y, weights=weights, l2=l2)
    base_sha = hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()
    return adapt.to_bytes(fitted, {"kind": ADAPTER_KIND, "base_sha256": base_sha,
                                   "labels": order, "n": len(labels)})  # fmt: skip


def adapter_load(blob: bytes):
    from claims.pipeline import adapt

    fitted = adapt.from_bytes(blob)
    if fitted.meta.get("kind") != ADAPTER_KIND:
        raise StanceModelError(f"not a stance adapter: {fitted.meta.get('kind')}")
    if fitted.meta.get("base_sha256") != hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest():
        raise StanceModelError("the adapter was trained over another base artefact; retrain")
    return fitted
