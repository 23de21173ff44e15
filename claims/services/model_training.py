"""Retrain a learned model from the shipped base plus the reviewers' labels; promote if better.

``model_train(kind=...)``:

1. labels from ``selectors.labels.training_labels`` (one claim in four held back);
2. a new model = the shipped base artefact + a correction fitted on the training labels
   (check-worthiness: ``pipeline.checkworthy_adapt``; stance: ``pipeline.stance_learned``
   adapter; matcher: ``claims.pipeline.rerank.train_reranker`` over reviewers' citations);
3. the new model and the one serving now (the active version, else the shipped artefact,
   or for stance the configured ``STANCE_MODEL``) are scored on the same held-back labels;
4. only a strictly better new model is promoted (``model_promote``: version bump, re-score
   queued). A tie on the main figure is broken by log-loss where both models give
   probabilities. ``dry_run`` trains and scores, and writes nothing.

Matcher: per labelled claim, the production candidate pool (``matching.ranked_candidates``)
with the reviewer's cited passages as relevant and the rest of the pool as not; a logistic
re-ranker (``pipeline.rerank``) fitted on the training claims, MAP@5 on the held-back ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from claims.models import ModelVersion
from claims.selectors.labels import Label, training_labels
from claims.services.model_versions import model_promote

EPS = 1e-9


class NotEnoughLabels(ValueError):
    """Too few labels (or only one kind) to train and to judge on held-back labels."""


class TrainerUnavailable(RuntimeError):
    """This build has no trainer (or no base artefact) for the model kind."""


@dataclass
class TrainResult:
    kind: str
    metric: str
    current_score: float
    new_score: float
    n_train: int
    n_held_back: int
    promoted: bool
    dry_run: bool
    current_tag: str = "shipped"
    current_loss: float | None = None
    new_loss: float | None = None
    version: ModelVersion | None = None
    figures: dict = field(default_factory=dict)

    @property
    def better(self) -> bool:
        if self.new_score > self.current_score + EPS:
            return True
        if abs(self.new_score - self.current_score) <= EPS and None not in (
            self.current_loss, self.new_loss
        ):
            return self.new_loss < self.current_loss - EPS
        return False


def _log_loss(p_true: np.ndarray, w: np.ndarray) -> float:
    return float(-(w * np.log(np.clip(p_true, 1e-9, 1.0))).sum() / w.sum())


def _split(labels: list[Label], kind: str) -> tuple[list[Label], list[Label]]:
    train = [lab for lab in labels if not lab.held_back]
    held = [lab for lab in labels if lab.held_back]
    if len({str(lab.value) for lab in train}) < 2 or len({str(lab.value) for lab in held}) < 1:
        have = Counter(str(lab.value) for lab in labels)
        raise NotEnoughLabels(
            f"{kind}: not enough labels to train and judge (have {dict(have) or 'none'}; need "
            "at least two kinds of label, and two claims of each kind so one can be held back)"
        )
    return train, held


def _weighted(labels: list[Label]) -> np.ndarray:
    return np.array([lab.weight for lab in labels], dtype=np.float64)


# --------------------------------------------------------------------------- check-worthiness


def _train_checkworthy(labels: list[Label], l2: float) -> tuple[bytes, dict]:
    from claims import model_store
    from claims.pipeline import checkworthy, embed
    from claims.pipeline import checkworthy_adapt as ca

    train, held = _split(labels, "checkworthy")
    if len({lab.value for lab in held}) < 2:
        raise NotEnoughLabels("checkworthy: held-back labels need both kinds (marked, reviewed)")
    texts = [lab.text for lab in train + held]
    vectors, layer = embed.embed_texts_and_layer(texts, layer=checkworthy.LAYER)
    n = len(train)
    y = np.array([int(lab.value) for lab in train + held])
    try:
        blob = ca.train(texts[:n], vectors[:n], layer[:n], y[:n], weights=_weighted(train), l2=l2)
    except checkworthy.CheckworthyModelError as exc:
        raise TrainerUnavailable(f"checkworthy: {exc}") from exc
    new = ca.AdaptedCheckworthy(blob)
    current = model_store.checkworthy_adapter()
    ht, hv, hl = texts[n:], vectors[n:], layer[n:]
    p_cur = current.score(ht, hv, hl) if current is not None else ca.base_score(ht, hl)
    p_new = new.score(ht, hv, hl)
    from claims.pipeline.adapt import roc_auc

    yh, wh = y[n:], _weighted(held)
    figures = {
        "metric": "roc_auc",
        "current": roc_auc(yh, p_cur, wh),
        "new": roc_auc(yh, p_new, wh),
        "current_loss": _log_loss(np.where(yh == 1, p_cur, 1 - p_cur), wh),
        "new_loss": _log_loss(np.where(yh == 1, p_new, 1 - p_new), wh),
    }
    return blob, figures


# --------------------------------------------------------------------------- stance


def _train_stance(labels: list[Label], l2: float) -> tuple[bytes, dict]:
    from claims import model_store
    from claims.pipeline import stance_learned as sl
    from claims.pipeline.stance import get_stance_model

    train, held = _split(labels, "stance")
    try:
        base = sl.LearnedStanceModel()
    except sl.StanceModelError as exc:
        raise TrainerUnavailable(f"stance: {exc}") from exc
    pairs = [(lab.text, lab.target_text) for lab in train]
    blob = sl.adapter_train(base, pairs, [str(lab.value) for lab in train],
                            weights=_weighted(train), l2=l2)  # fmt: skip
    new = sl.LearnedStanceModel()
    new.adapter = sl.adapter_load(blob)
    current = get_stance_model(model_store.stance_setting())
    hp = [(lab.text, lab.target_text) for lab in held]
    gold = [str(lab.value) for lab in held]
    wh = _weighted(held)

    def judged(model) -> tuple[float, float | None]:
        if hasattr(model, "proba"):
            P = model.proba(hp)
            order = model.classifier.labels
            pred = [order[i] for i in P.argmax(1)]
            loss = _log_loss(P[np.arange(len(gold)), [order.index(g) for g in gold]], wh)
        else:
            pred, loss = [label for label, _ in model.predict(hp)], None
        acc = float((wh * (np.array(pred) == np.array(gold))).sum() / wh.sum())
        return acc, loss

    (cur, cur_loss), (nw, new_loss) = judged(current), judged(new)
    figures = {"metric": "accuracy", "current": cur, "new": nw, "current_loss": cur_loss,
               "new_loss": new_loss}  # fmt: skip
    return blob, figures


# --------------------------------------------------------------------------- matcher


def _matcher_groups(labels: list[Label]):
    """Per labelled claim with a cited passage: its production candidate pool (features in
    fused order) with 1 for the cited passages and 0 for the rest of the pool."""
    from claims.services.matching import rerank_training_groups

    cited: dict[int, set[int]] = {}
    for lab in labels:
        if lab.passage_id is not None and int(lab.value) == 1:
            cited.setdefault(lab.claim_id, set()).add(lab.passage_id)
    return rerank_training_groups(labels=cited)


def _train_matcher(labels: list[Label], l2: float) -> tuple[bytes, dict]:
    """A re-ranker fitted on the reviewers' citations, judged by MAP@5 on held-back claims
    against the one serving now (a promoted version, else the shipped artefact, which was
    fitted on the public CheckThat train splits: bench/train_reranker.py)."""
    from claims.model_store import reranker
    from claims.pipeline import rerank

    train, held = _split(labels, "matcher")
    groups_train, groups_held = _matcher_groups(train), _matcher_groups(held)
    if not groups_train or not groups_held:
        raise NotEnoughLabels(
            "matcher: not enough cited passages in the candidate pools to train and judge "
            f"({len(groups_train)} training claims, {len(groups_held)} held back; need one of each)"
        )
    try:
        new = rerank.train_reranker(groups_train, kind="logistic", c=1.0 / max(l2, EPS),
                                    meta={"trained_on": "reviewer citations",
                                          "claims": len(groups_train)})  # fmt: skip
    except ValueError as exc:  # e.g. every pool passage cited: one class only
        raise NotEnoughLabels(f"matcher: {exc}") from exc
    cur = rerank.mean_average_precision(reranker(), groups_held)
    nw = rerank.mean_average_precision(new, groups_held)
    figures = {"metric": "MAP@5", "current": cur, "new": nw,
               "held_back_claims": len(groups_held), "training_claims": len(groups_train)}
    return rerank.reranker_to_bytes(new), figures


TRAINERS = {
    ModelVersion.Kind.CHECKWORTHY: _train_checkworthy,
    ModelVersion.Kind.STANCE: _train_stance,
    ModelVersion.Kind.MATCHER: _train_matcher,
}


def model_train(*, kind: str, dry_run: bool = False, user=None, l2: float = 1.0) -> TrainResult:
    """Train ``kind`` on the labels, judge it against the serving model, promote if better."""
    from claims import model_store

    if kind not in TRAINERS:
        raise ValueError(f"unknown model kind {kind!r}; choose from {', '.join(TRAINERS)}")
    labels = training_labels(kind)
    current_tag = model_store.version_tag(kind)
    blob, fig = TRAINERS[kind](labels, l2)
    n_train = sum(not lab.held_back for lab in labels)
    n_held = len(labels) - n_train
    result = TrainResult(
        kind=kind, metric=fig["metric"], current_score=float(fig["current"]),
        new_score=float(fig["new"]), current_loss=fig.get("current_loss"),
        new_loss=fig.get("new_loss"), n_train=n_train, n_held_back=n_held, promoted=False,
        dry_run=dry_run, current_tag=current_tag,
        figures={**fig, "replaces": current_tag,
                 "labels": dict(Counter(lab.origin for lab in labels))},
    )  # fmt: skip
    if result.better and not dry_run:
        result.version = model_promote(
            kind=kind, artefact=blob, metric=result.metric, score=result.new_score,
            previous_score=result.current_score, figures=result.figures, n_train=n_train,
            n_held_back=n_held, user=user,
        )  # fmt: skip
        result.promoted = True
    return result
