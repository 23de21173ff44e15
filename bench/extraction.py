"""Throughput of the text pipeline: clean -> segment -> decompose -> normalise.

    python bench/extraction.py --articles PATH [PATH ...]   (files or dirs of .txt/.html)

Runs ``extract_claims(clean_document(raw).text)`` on every article, single
threaded, and prints sentences and claims per second. Checkworthiness is part
of ``extract_claims``; torch and BLAS thread pools are pinned to one thread so
the figure is per core.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

for _var in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "TOKENIZERS_PARALLELISM",
):
    os.environ.setdefault(_var, "1" if _var != "TOKENIZERS_PARALLELISM" else "false")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.pipeline.clean import clean_document  # noqa: E402
from claims.pipeline.extract import _segment, extract_claims  # noqa: E402
from claims.pipeline.temporal import _extract_cached, time_spans  # noqa: E402


def _files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in (".txt", ".html", ".htm"))
        elif p.is_file():
            out.append(p)
        else:
            raise SystemExit(f"not found: {p}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", nargs="+", required=True)
    ap.add_argument("--repeat", type=int, default=3, help="passes over the articles (default 3)")
    args = ap.parse_args(argv)
    files = _files(args.articles)
    if not files:
        raise SystemExit("no .txt/.html articles found")
    raws = [(f.read_text(encoding="utf-8", errors="replace"), f.suffix.lower()) for f in files]
    # warm-up: imports, compiled regexes, lazily loaded models
    extract_claims(clean_document(raws[0][0], fmt="auto").text, published=None)

    sentences = claims = 0
    t0 = time.process_time()
    w0 = time.perf_counter()
    for _ in range(args.repeat):
        _extract_cached.cache_clear()  # no credit for having seen a sentence in a prior pass
        time_spans.cache_clear()
        for raw, suffix in raws:
            fmt = "html" if suffix in (".html", ".htm") else "text"
            cleaned = clean_document(raw, fmt=fmt)
            sentences += len(_segment(cleaned.text))
            claims += len(extract_claims(cleaned.text, published=cleaned.published))
    cpu = time.process_time() - t0
    wall = time.perf_counter() - w0
    # segmentation runs twice per article here (once to count); charge the pipeline for both
    print(f"articles: {len(raws)}")
    print(f"sentences: {sentences // args.repeat}")
    print(f"claims: {claims // args.repeat}")
    print(f"cpu_seconds: {cpu:.3f}")
    print(f"wall_seconds: {wall:.3f}")
    print(f"sentences_per_second_per_core: {sentences / cpu:.0f}")
    print(f"claims_per_second: {claims / cpu:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
