"""Pluggable stance (claim vs evidence -> support / refute / nei).

A stance model is anything with ``predict(pairs) -> [(label, confidence)]``.
Models are picked by a setting string (``settings.STANCE_MODEL``, default
``"rules"``) through ``get_stance_model``; a name may carry an argument after a
colon, e.g. ``"cross-encoder:/models/nli-deberta"``.

- ``rules`` (default): the rule-based ``compare`` step. Needs no model: slots
  come from the pipeline extractors when they are importable, similarity from
  an injected function (the embedding model's cosine) or a lexical fallback.
- ``learned``: logistic regression over the rules' outputs and MiniLM token alignment
  (``stance_learned``, artefact ``models/stance.joblib``, card ``models/stance.md``);
  ``learned:PATH`` also takes a correction trained on reviewer labels (``manage.py train``),
  which ``claims.model_store.stance_setting`` picks when such a version is active.
- ``cross-encoder``: a 3-way NLI cross-encoder loaded from a LOCAL directory
  with sentence-transformers. No such model is packaged on PyPI today, so it is
  opt-in and never the default.

No Django imports here; the caller reads the setting and passes the name:
``claims.services.contradictions`` calls ``stance_model(settings.STANCE_MODEL)``
(built once per process and name) and ``compare_with(model, a, b, similarity=...)``
for every close pair. A model that only has ``predict`` keeps the rules' slot
conflicts (the values a reviewer sees) and sets the pair's stance from its own
label; one with a ``compare_sides(a, b, similarity=...)`` method decides everything.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol, runtime_checkable

from claims.pipeline.compare import (
    DEFAULT_THRESHOLDS,
    Comparison,
    Side,
    SlotConflict,
    Thresholds,
    compare,
)
from claims.pipeline.negation import content_stems
from claims.pipeline.stance_sides import pipeline_side

LABELS = ("support", "refute", "nei")

Pair = tuple[str, str]
Prediction = tuple[str, float]  # (label in LABELS, confidence 0..1)


@runtime_checkable
class StanceModel(Protocol):
    name: str

    def predict(self, pairs: list[Pair]) -> list[Prediction]: ...


_REGISTRY: dict[str, Callable[..., StanceModel]] = {}


def register_stance_model(name: str) -> Callable[[Callable[..., StanceModel]], Callable]:
    def deco(factory: Callable[..., StanceModel]) -> Callable[..., StanceModel]:
        _REGISTRY[name] = factory
        return factory

    return deco


def available_stance_models() -> list[str]:
    return sorted(_REGISTRY)


def get_stance_model(setting: str = "rules", **kwargs) -> StanceModel:
    """Build the model a setting names: "rules", or "name:argument" (e.g. a model path)."""
    name, _, arg = (setting or "rules").partition(":")
    name = name.strip()
    if name not in _REGISTRY:
        raise ValueError(
            f"unknown stance model {name!r}; available: {', '.join(available_stance_models())}"
        )
    if arg:
        kwargs.setdefault("argument", arg)
    return _REGISTRY[name](**kwargs)


_built: dict[str, StanceModel] = {}
_built_lock = threading.Lock()


def stance_model(setting: str = "rules") -> StanceModel:
    """``get_stance_model(setting)``, built once per process and setting (models are heavy)."""
    key = (setting or "rules").strip()
    model = _built.get(key)
    if model is None:
        with _built_lock:
            model = _built.get(key)
            if model is None:
                model = get_stance_model(key)
                _built[key] = model
    return model


def clear_stance_models() -> None:
    """Forget built models (tests, or after registering a new implementation)."""
    with _built_lock:
        _built.clear()


LABEL_TO_STANCE = {"support": "support", "refute": "contradict", "nei": "related"}


def compare_with(model: StanceModel, a: Side, b: Side, *, similarity: float) -> Comparison:
    """The comparison of two sides under ``model``.

    Models with ``compare_sides`` (the rules) decide everything. Otherwise the rules
    still find the same event and the differing slots, and the model's label sets
    the stance; a "refute" with no slot conflict is kept as an ``other`` conflict
    carrying the model's confidence, so a reviewer still sees it.
    """
    own = getattr(model, "compare_sides", None)
    if callable(own):
        return own(a, b, similarity=similarity)
    result = compare(a, b, similarity=similarity)
    (label, conf), = model.predict([(a.text, b.text)])
    if label not in LABEL_TO_STANCE:
        raise ValueError(f"stance model {model.name!r} returned unknown label {label!r}")
    result = replace(result, stance=LABEL_TO_STANCE[label])
    if label == "refute" and not result.conflicts:
        result.conflicts = [
            SlotConflict(
                kind="other",
                value_a=a.text[:200],
                value_b=b.text[:200],
                confidence=round(float(conf), 3),
                detail=f"stance model {model.name!r}: refutes (confidence {float(conf):.2f})",
            )
        ]
    elif label != "refute":
        result.conflicts = []
    return result


# ---------------------------------------------------------------------------
# rules


def lexical_similarity(pairs: Sequence[Pair]) -> list[float]:
    """Cosine of content-stem sets: a model-free stand-in for embedding similarity."""
    out = []
    for a, b in pairs:
        sa, sb = content_stems(a), content_stems(b)
        out.append(len(sa & sb) / math.sqrt(len(sa) * len(sb)) if sa and sb else 0.0)
    return out


STANCE_TO_LABEL = {"support": "support", "contradict": "refute", "related": "nei", "unknown": "nei"}


def comparison_label(result: Comparison) -> Prediction:
    label = STANCE_TO_LABEL[result.stance]
    if label == "refute":
        conf = max(c.confidence for c in result.conflicts)
    elif label == "support":
        conf = result.event_score
    else:
        conf = 1.0 - result.event_score
    return label, round(max(0.0, min(1.0, conf)), 3)


class RulesStanceModel:
    name = "rules"

    def __init__(
        self,
        *,
        side_builder: Callable[[str], Side] = pipeline_side,
        similarity: Callable[[Sequence[Pair]], list[float]] = lexical_similarity,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        argument: str = "",
    ) -> None:
        self.side_builder = side_builder
        self.similarity = similarity
        self.thresholds = thresholds

    def compare_pairs(self, pairs: list[Pair]) -> list[Comparison]:
        sims = self.similarity(pairs)
        return [
            compare(
                self.side_builder(a),
                self.side_builder(b),
                similarity=float(s),
                thresholds=self.thresholds,
            )
            for (a, b), s in zip(pairs, sims, strict=True)
        ]

    def compare_sides(self, a: Side, b: Side, *, similarity: float) -> Comparison:
        """Slots already extracted (stored on the rows) and the embedding cosine given."""
        return compare(a, b, similarity=similarity, thresholds=self.thresholds)

    def predict(self, pairs: list[Pair]) -> list[Prediction]:
        return [comparison_label(r) for r in self.compare_pairs(pairs)]


register_stance_model("rules")(RulesStanceModel)


# ---------------------------------------------------------------------------
# cross-encoder (opt-in, local model directory)


class CrossEncoderStanceModel:
    """A sentence-transformers CrossEncoder NLI model from a local directory.

    ``label_order`` names the model's output columns in order, using
    entailment/contradiction/neutral (the usual NLI heads) or our own labels.
    """

    name = "cross-encoder"
    _MAP = {"entailment": "support", "contradiction": "refute", "neutral": "nei"}

    def __init__(
        self,
        *,
        model_path: str = "",
        argument: str = "",
        label_order: Sequence[str] = ("contradiction", "entailment", "neutral"),
        batch_size: int = 16,
    ) -> None:
        path = model_path or argument
        if not path:
            raise ValueError("cross-encoder stance model needs a local model path")
        from sentence_transformers import CrossEncoder  # heavy: imported only when chosen

        self.model = CrossEncoder(path, local_files_only=True)
        self.labels = [self._MAP.get(x, x) for x in label_order]
        if sorted(self.labels) != sorted(LABELS):
            raise ValueError(f"label_order must cover {LABELS}, got {list(label_order)}")
        self.batch_size = batch_size

    def predict(self, pairs: list[Pair]) -> list[Prediction]:
        import numpy as np

        if not pairs:
            return []
        logits = np.asarray(self.model.predict(list(pairs), batch_size=self.batch_size))
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        return [
            (self.labels[int(i)], round(float(p[int(i)]), 3))
            for p, i in zip(probs, probs.argmax(axis=1), strict=True)
        ]


register_stance_model("cross-encoder")(CrossEncoderStanceModel)


# ---------------------------------------------------------------------------
# learned (artefact in claims/pipeline/models/stance.joblib; imported only when chosen)


def _learned_stance_model(**kwargs) -> StanceModel:
    from claims.pipeline.stance_learned import LearnedStanceModel

    return LearnedStanceModel(**kwargs)


register_stance_model("learned")(_learned_stance_model)
