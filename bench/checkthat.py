"""Loaders for the CLEF CheckThat! verified-claim retrieval data (2020 task 2, 2022 task 2A).

Read from ``../shared/benchmarks/`` (never copied into the project). Formats are
described in each folder's SOURCE.txt:

- ct2020: ``verified_claims.docs.tsv`` (header ``\\tvclaim\\ttitle``), queries
  ``tweets.queries.tsv`` (header ``\\ttweet_content``), TREC qrels.
- ct2022: ``vclaims.jsonl`` (vclaim_id, vclaim, title, subtitle, author, date),
  queries TSV without header (iclaim_id, tweet), TREC qrels. The train_dev queries
  file holds both train and dev queries: the qrels file picks the split.
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

csv.field_size_limit(sys.maxsize)

BENCHMARKS = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
CT2020 = BENCHMARKS / "clef2020-checkthat-task2"
CT2022 = BENCHMARKS / "clef2022-checkthat-task2a-en"

# Named splits (only the public ones: the test splits are held out).
SPLITS = {
    ("ct2020", "train"): (
        CT2020 / "verified_claims.docs.tsv",
        CT2020 / "train" / "tweets.queries.tsv",
        CT2020 / "train" / "tweet-vclaim-pairs.qrels",
    ),
    ("ct2020", "dev"): (
        CT2020 / "verified_claims.docs.tsv",
        CT2020 / "dev" / "tweets.queries.tsv",
        CT2020 / "dev" / "tweet-vclaim-pairs.qrels",
    ),
    ("ct2022", "train"): (
        CT2022 / "vclaims.jsonl",
        CT2022 / "train_dev" / "CT2022-Task2A-EN-Train-Dev_Queries.tsv",
        CT2022 / "train_dev" / "CT2022-Task2A-EN-Train_QRELs.tsv",
    ),
    ("ct2022", "dev"): (
        CT2022 / "vclaims.jsonl",
        CT2022 / "train_dev" / "CT2022-Task2A-EN-Train-Dev_Queries.tsv",
        CT2022 / "train_dev" / "CT2022-Task2A-EN-Dev_QRELs.tsv",
    ),
    ("ct2022", "dev_test"): (
        CT2022 / "vclaims.jsonl",
        CT2022 / "dev_test" / "CT2022-Task2A-EN-Dev-Test_Queries.tsv",
        CT2022 / "dev_test" / "CT2022-Task2A-EN-Dev-Test_QRELs.tsv",
    ),
}


@dataclass
class VClaim:
    id: str
    vclaim: str
    title: str = ""
    subtitle: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class Dataset:
    corpus: list[VClaim]
    queries: dict[str, str]  # only queries that have qrels, file order
    qrels: dict[str, set[str]]
    skipped_queries: int = 0  # queries in the file with no relevant vclaim


def detect_format(corpus_path: Path) -> str:
    return "ct2022" if Path(corpus_path).suffix == ".jsonl" else "ct2020"


def load_corpus(path: Path, fmt: str | None = None) -> list[VClaim]:
    path = Path(path)
    fmt = fmt or detect_format(path)
    out: list[VClaim] = []
    if fmt == "ct2022":
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                row = json.loads(line)
                out.append(
                    VClaim(
                        id=str(row["vclaim_id"]),
                        vclaim=row.get("vclaim") or "",
                        title=row.get("title") or "",
                        subtitle=row.get("subtitle") or "",
                        extra={k: row[k] for k in ("author", "date") if k in row},
                    )
                )
        return out
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader)
        if header[1:3] != ["vclaim", "title"]:
            raise ValueError(f"{path}: unexpected header {header!r}")
        for row in reader:
            if not row:
                continue
            out.append(VClaim(id=row[0], vclaim=row[1], title=row[2] if len(row) > 2 else ""))
    return out


def load_queries(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    with Path(path).open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        for n, row in enumerate(reader):
            if not row:
                continue
            if n == 0 and row[0] == "":  # ct2020 header "\ttweet_content"
                continue
            out[row[0]] = row[1] if len(row) > 1 else ""
    return out


def load_qrels(path: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 4:
                continue
            qid, _, did, rel = parts[:4]
            if int(rel) > 0:
                out.setdefault(qid, set()).add(did)
    return out


def load(corpus: Path, queries: Path, qrels: Path, fmt: str | None = None) -> Dataset:
    docs = load_corpus(corpus, fmt)
    all_queries = load_queries(queries)
    rels = load_qrels(qrels)
    missing = set(rels) - set(all_queries)
    if missing:
        raise ValueError(f"{len(missing)} qrel query ids missing from {queries}")
    kept = {q: t for q, t in all_queries.items() if q in rels}
    return Dataset(
        corpus=docs, queries=kept, qrels=rels, skipped_queries=len(all_queries) - len(kept)
    )


def load_split(name: str, split: str) -> Dataset:
    corpus, queries, qrels = SPLITS[(name, split)]
    return load(corpus, queries, qrels, name)


def doc_text(doc: VClaim, fields: str = "title+vclaim") -> str:
    """The text indexed for one vclaim: fields joined with '. ' (empty ones skipped)."""
    parts = []
    for name in fields.split("+"):
        value = getattr(doc, name).strip()
        if value and value not in parts:
            parts.append(value.rstrip("."))
    return ". ".join(parts)


CACHE_DIR = Path(__file__).resolve().parents[1] / "var" / "bench-cache"


def _text_key(text: str) -> str:
    import hashlib

    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def embed_cached(texts: list[str], *, label: str = "texts", verbose: bool = True):
    """``embed_texts(texts)``, cached in var/bench-cache/ by content hash + model version.

    Each cache file ``<label>-<model>-<hash>.npy`` has a ``.keys.npy`` beside it (the
    sha1 of every text), so texts already embedded under another label (the 2020 and
    2022 corpora share most claims) are reused rather than embedded again.
    """
    import hashlib
    import time

    import numpy as np

    from claims.pipeline.embed import embed_texts, model_version

    tag = model_version().replace("@", "_")
    digest = hashlib.sha256(model_version().encode())
    for t in texts:
        digest.update(t.encode("utf-8"))
        digest.update(b"\0")
    path = CACHE_DIR / f"{label}-{tag}-{digest.hexdigest()[:16]}.npy"
    if path.exists():
        return np.load(path)
    keys = [_text_key(t) for t in texts]
    known: dict[str, np.ndarray] = {}
    wanted = set(keys)
    for keys_file in CACHE_DIR.glob(f"*-{tag}-*.keys.npy"):
        old_keys = np.load(keys_file)
        mask = np.isin(old_keys, list(wanted))
        if mask.any():
            old = np.load(str(keys_file).replace(".keys.npy", ".npy"), mmap_mode="r")
            for key, row in zip(old_keys[mask], np.asarray(old[mask]), strict=True):
                known[str(key)] = row
    todo = list(dict.fromkeys(t for t, key in zip(texts, keys, strict=True) if key not in known))
    start = time.perf_counter()
    if todo:
        for t, vec in zip(todo, embed_texts(todo), strict=True):
            known[_text_key(t)] = vec
    vectors = np.stack([known[key] for key in keys]).astype(np.float32)
    if verbose:
        print(
            f"# embedded {len(todo)} of {len(texts)} {label} texts in "
            f"{time.perf_counter() - start:.1f}s (cached to {path.name})",
            file=sys.stderr,
        )
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.npy")
    np.save(tmp, vectors)
    np.save(str(path).replace(".npy", ".keys.npy"), np.asarray(keys))
    tmp.replace(path)
    return vectors
