"""Precision and recall of cross-source contradiction detection on a planted sample.

    python bench/contradictions.py data/sample [--list] [--keep-db PATH]

The folder holds ``articles.json`` (manifest: file, source, url, published,
title), ``reference.*`` (the corpus) and ``planted.json`` (its
``contradictions``: pairs of {file, phrase} per side, and a ``kind``). The
script runs the production path on a throw-away SQLite database in eager
mode: ``reference_load`` -> ``article_ingest`` -> ``verification_start``
(embed, match, compare), then reads the suspected claim-vs-claim
Contradiction rows.

A planted pair is found when some suspected contradiction links a claim of
side a's file whose sentence contains side a's phrase with a claim of side
b's file whose sentence contains side b's phrase. A suspected contradiction
counts as correct when it links such a planted pair (of any kind: two claims
may differ in more than one slot). Prints ``suspected``, ``true_positives``,
``precision``, ``recall``, ``kind_recall`` (found with the planted kind) and
``seconds``; ``--list`` prints every suspected pair.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _setup(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _load(folder: Path) -> dict[str, int]:
    """Corpus and articles in, verification run; returns {manifest file: article id}."""
    from django.db import transaction

    from claims.services.articles import article_ingest
    from claims.services.reference import reference_load
    from claims.services.runs import verification_start

    for ref in sorted(folder.glob("reference.*")):
        reference_load(path=ref)
    ids = {}
    for entry in json.loads((folder / "articles.json").read_text(encoding="utf-8")):
        path = folder / entry["file"]
        res = article_ingest(
            content=path.read_bytes(),
            filename=path.name,
            source_name=entry["source"],
            url=entry.get("url", ""),
            title=entry.get("title", ""),
            published=date.fromisoformat(entry["published"]) if entry.get("published") else None,
            enqueue_verification=False,
        )
        ids[entry["file"]] = res.article.pk
    with transaction.atomic():
        verification_start(all_claims=True)
    return ids


def _claims_with(article_id: int, phrase: str) -> set[int]:
    from claims.models import Claim

    low = phrase.lower()
    return {
        c.pk
        for c in Claim.objects.filter(article_id=article_id).only("pk", "sentence", "text")
        if low in c.sentence.lower() or low in c.text.lower()
    }


def evaluate(folder: Path, ids: dict[str, int], *, show: bool = False) -> dict[str, float]:
    from claims.models import Contradiction

    planted = json.loads((folder / "planted.json").read_text(encoding="utf-8"))["contradictions"]
    wanted = []
    for p in planted:
        a = _claims_with(ids[p["a"]["file"]], p["a"]["phrase"])
        b = _claims_with(ids[p["b"]["file"]], p["b"]["phrase"])
        wanted.append((p, a, b))
    rows = list(
        Contradiction.objects.filter(other_claim__isnull=False)
        .select_related("claim__article__source", "other_claim__article__source")
        .order_by("-confidence")
    )
    pairs: dict[frozenset, list] = {}
    for r in rows:
        pairs.setdefault(frozenset((r.claim_id, r.other_claim_id)), []).append(r)

    def is_planted(pair: frozenset) -> tuple[bool, set[str]]:
        x, y = tuple(pair)
        kinds = set()
        for p, a, b in wanted:
            if (x in a and y in b) or (x in b and y in a):
                kinds.add(p["kind"])
        return bool(kinds), kinds

    tp = sum(1 for pair in pairs if is_planted(pair)[0])
    found = kind_found = 0
    for p, a, b in wanted:
        hits = [
            r for pair, rs in pairs.items() for r in rs
            if len(pair) == 2 and (set(pair) & a) and (set(pair) & b)
            and not (set(pair) <= a) and not (set(pair) <= b)
        ]  # fmt: skip
        found += bool(hits)
        kind_found += any(r.kind == p["kind"] for r in hits)
        if show and not hits:
            print(f"MISSED {p['kind']}: {p['a']['phrase']!r} / {p['b']['phrase']!r}"
                  f" (claims a={sorted(a)} b={sorted(b)})")
    if show:
        for pair, rs in pairs.items():
            ok, _ = is_planted(pair)
            for r in rs:
                print(f"{'OK ' if ok else 'FP '} {r.kind} {r.confidence:.2f} "
                      f"[{r.claim.article.source.name}] {r.claim.text[:90]!r} <> "
                      f"[{r.other_claim.article.source.name}] {r.other_claim.text[:90]!r} "
                      f"({r.value_claim} vs {r.value_other})")
    n = len(pairs)
    return {
        "suspected": n,
        "suspected_rows": len(rows),
        "true_positives": tp,
        "precision": tp / n if n else 0.0,
        "recall": found / len(wanted) if wanted else 0.0,
        "kind_recall": kind_found / len(wanted) if wanted else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="sample folder (articles.json, reference.*, planted.json)")
    ap.add_argument("--list", action="store_true", help="print every suspected pair and each miss")
    ap.add_argument("--keep-db", type=Path, help="write the SQLite database here and keep it")
    args = ap.parse_args(argv)
    for need in ("articles.json", "planted.json"):
        if not (args.folder / need).is_file():
            ap.error(f"{args.folder / need}: no such file")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep_db or Path(tmp) / "bench.sqlite3"
        if db.exists():
            ap.error(f"{db} exists; give a new path")
        t0 = time.perf_counter()
        _setup(db)
        ids = _load(args.folder)
        seconds = time.perf_counter() - t0
        metrics = evaluate(args.folder, ids, show=args.list)
    for k, v in metrics.items():
        print(f"{k}: {v:.3f}" if isinstance(v, float) else f"{k}: {v}")
    print(f"seconds: {seconds:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
