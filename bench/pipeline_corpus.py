"""Write a large reference corpus (JSONL for ``load_reference``) from public benchmark text.

For ``bench/pipeline.py``, which needs a corpus of 100k+ passages to measure
search at a realistic size. The passages are the distinct texts of the public
fact-check sets in ``../shared/benchmarks`` (verified claims, their titles and
subtitles, ClaimBuster sentences, FEVER and Climate-FEVER claims and evidence),
then, until ``--n`` is reached, *synthetic variants* of them: a number or year
in the text changed, or an attribution and a month put in front. The variants
are labelled ``source: synthetic-variant`` so nobody mistakes them for real
passages; ``<out>.variants.json`` maps each variant's id to the real passage it
varies (``bench/pipeline.py --derive-variants`` can then give a variant its base's
model vector plus calibrated noise instead of running the model on it). The file is written outside the project (it holds third-party text).

    .venv/bin/python bench/pipeline_corpus.py --benchmarks ../shared/benchmarks \
        --out /work/data-throughput/corpus.jsonl --n 110000

Prints ``metric: value`` lines.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from pathlib import Path

MONTHS = ("January February March April May June July August September October "
          "November December").split()
OUTLETS = ("a wire report", "local officials", "a government statement", "a court filing",
           "the ministry", "police", "a company statement", "an agency report")
_NUM = re.compile(r"\b\d[\d,.]*\b")


def _texts(root: Path):
    """(title, text, source) of every public passage-like text under ``root``."""
    vc = root / "clef2022-checkthat-task2a-en" / "vclaims.jsonl"
    if vc.exists():
        for line in vc.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            yield r.get("title", ""), r.get("vclaim", ""), "clef2022-vclaims"
            yield "", r.get("subtitle", ""), "clef2022-vclaims-subtitle"
            yield "", r.get("title", ""), "clef2022-vclaims-title"
    tsv = root / "clef2020-checkthat-task2" / "verified_claims.docs.tsv"
    if tsv.exists():
        csv.field_size_limit(sys.maxsize)
        with tsv.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                yield row.get("title", ""), row.get("vclaim", ""), "clef2020-vclaims"
                yield "", row.get("title", ""), "clef2020-vclaims-title"
    cb = root / "claimbuster-2class" / "train.json"
    if cb.exists():
        for r in json.loads(cb.read_text(encoding="utf-8")):
            yield "", r.get("text", ""), "claimbuster"
    cf = root / "climate-fever" / "climate-fever-dev.jsonl"
    if cf.exists():
        for line in cf.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            yield "", r.get("claim", ""), "climate-fever"
            for e in r.get("evidences", []):
                yield e.get("article", ""), e.get("evidence", ""), "climate-fever-evidence"
    fv = root / "fever-symmetric" / "fever_symmetric_dev.jsonl"
    if fv.exists():
        for line in fv.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            yield "", r.get("claim", ""), "fever-symmetric"
            yield "", r.get("evidence", ""), "fever-symmetric-evidence"


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def _variant(text: str, rng: random.Random) -> str:
    nums = list(_NUM.finditer(text))
    if nums and rng.random() < 0.6:
        m = rng.choice(nums)
        digits = m.group().replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            value = None
        if value is not None:
            new = value + rng.choice((1, 2, 3, 10)) if value >= 1900 else value * rng.choice(
                (2, 3, 0.5)) + rng.randint(1, 9)
            new_s = f"{int(new):,}" if float(new).is_integer() or new > 100 else f"{new:.1f}"
            return text[: m.start()] + new_s + text[m.end():]
    month, year = rng.choice(MONTHS), rng.randint(2012, 2024)
    body = text[0].lower() + text[1:] if text[:2].istitle() else text
    return f"According to {rng.choice(OUTLETS)} in {month} {year}, {body}"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--benchmarks", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--n", type=int, default=110_000)
    p.add_argument("--real", type=int, default=0,
                   help="at most this many real passages (a seeded sample of all); 0: all")
    p.add_argument("--seed", type=int, default=16)
    args = p.parse_args(argv)
    rng = random.Random(args.seed)
    seen: set[str] = set()
    real: list[dict] = []
    for title, text, source in _texts(args.benchmarks):
        text = (text or "").strip()
        if len(text) < 20 or len(text) > 2000 or _key(text) in seen:
            continue
        seen.add(_key(text))
        real.append({"title": (title or "").strip()[:300], "text": text, "source": source})
    if args.real and args.real < len(real):
        real = rng.sample(real, args.real)
    rows = real[: args.n]
    for i, r in enumerate(rows):
        r["id"] = f"p{i}"
    bases: dict[str, str] = {}  # synthetic variant id -> the real passage it varies
    while len(rows) < args.n and real:
        base = rng.choice(real)
        text = _variant(base["text"], rng)
        if _key(text) in seen:
            continue
        seen.add(_key(text))
        vid = f"v{len(rows)}"
        bases[vid] = base["id"]
        rows.append({"id": vid, "title": base["title"], "text": text,
                     "source": "synthetic-variant"})
    variants = len(bases)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    side = args.out.with_suffix(".variants.json")
    side.write_text(json.dumps(bases))
    print(f"passages: {len(rows)}")
    print(f"real_passages: {len(rows) - variants}")
    print(f"synthetic_variants: {variants}")
    print(f"out: {args.out}")
    print(f"variant_bases: {side}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
