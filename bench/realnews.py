"""Real-news fidelity: cleaning, claims, flags and edits on pages nobody here wrote.

    python bench/realnews.py --pages ../shared/benchmarks/realnews-aeb [--split dev|hold|all]
    python bench/realnews.py --pages ../shared/benchmarks/realnews-aeb --plant [--seed 1]
    python bench/realnews.py --pages ../shared/benchmarks/realnews-aeb --labels bench/realnews_labels.jsonl

``--pages`` is a folder holding ``ground-truth.json`` and ``html/<key>.html.gz``
(the Article Extraction Benchmark layout). ``--split`` keeps part of the dev pages
aside: ``dev`` is the pages whose key starts 0-3, ``hold`` those starting 4-7
(the project's own hold-out), ``all`` every page in the folder.

Default mode prints, on the chosen pages:

- cleaning precision / recall / F1 over 4-word shingles (the benchmark's own
  metric: whitespace collapsed, shingles of the extracted body against the
  ground truth's, averaged per page), and the same for ``trafilatura.extract``
  on the same pages in the same run, with ``f1_vs_trafilatura``;
- flags per 100 pages, by code (on real edited news nearly all are false);
- claims per page, the share of fragments (no verb, or four words or fewer),
  questions and teaser-list items;
- ``edit_fidelity``: the share of claims whose text, with its recorded edits
  undone, is exactly the verbatim sentence (must be 1.0).

``--plant`` writes errors into the pages (our own plants, chosen by a seeded
random generator from date expressions this script finds with its own regex,
independent of the product's): a wrong weekday before a written date, and an
impossible day of the month. It prints the recall per kind (a plant counts as
found when a claim of the sentence holding it carries the expected flag code) and
the weekday flags raised anywhere else on the planted pages (false alarms).

``--labels FILE`` (JSONL: key, sentence_sha1 — the SHA-1 of the verbatim
sentence with whitespace collapsed, so no page text is stored here — and label
in checkable / not_checkable / junk / distorted; the label is the sentence's, so
it survives changes in claim wording) prints the share of labelled claims above the
check-worthiness threshold that are checkable, and how many labelled sentences
the current pipeline still turns into claims.
"""

from __future__ import annotations

import argparse
import calendar
import gzip
import hashlib
import json
import os
import random
import re
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.pipeline.clean import clean_document  # noqa: E402
from claims.pipeline.edits import undo_edits  # noqa: E402
from claims.pipeline.extract import extract_claims  # noqa: E402

THRESHOLD = float(os.environ.get("CHECKWORTHY_THRESHOLD", "0.3"))
WEEKDAYS = list(calendar.day_name)
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
# our own date finder for plants (not the product's): "Dec. 6", "December 6, 2019", "6 December 2019"
_PLANT_RE = re.compile(
    r"(?<!day, )(?<!day )\b(?P<mon>January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|"
    r"Dec\.)\s+(?P<d>[1-9]|[12]\d|3[01])\b(?!:|\.\d|,\d|\s*%)(?:,\s+(?P<y>(?:19|20)\d\d)\b)?"
)
_VERB_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|should|may|might|must"
    r"|do|does|did|[a-z]{2,}(?:ed|es|s))\b"
)


def shingles(text: str, n: int = 4) -> Counter:
    words = text.split()
    return Counter(tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1)))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    """The benchmark's metric for one page (evaluate.py): shingle P/R/F1."""
    p, g = shingles(pred), shingles(gold)
    if not p and not g:
        return 1.0, 1.0, 1.0
    tp = sum((p & g).values())
    precision = tp / sum(p.values()) if p else 0.0
    recall = tp / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_pages(folder: Path, split: str) -> list[tuple[str, str, str]]:
    gt = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for key in sorted(gt):
        if split == "dev" and key[0] not in "0123":
            continue
        if split == "hold" and key[0] not in "4567":
            continue
        path = folder / "html" / f"{key}.html.gz"
        if not path.exists():
            continue
        raw = gzip.decompress(path.read_bytes())
        html = raw.decode("utf-8", errors="replace")
        out.append((key, html, gt[key].get("articleBody") or ""))
    if not out:
        raise SystemExit(f"no pages found under {folder} for split {split!r}")
    return out


def is_fragment(text: str) -> bool:
    words = text.split()
    return len(words) <= 4 or not _VERB_RE.search(text.lower())


def _claims_for(html: str):
    res = clean_document(html, fmt="html")
    return res, extract_claims(res.text, published=res.published)


def run_default(pages, *, no_baseline: bool) -> None:
    import trafilatura

    ours, base = [], []
    flags: Counter = Counter()
    n_claims = frag = quest = teaser = faithful = above = 0
    t0 = time.perf_counter()
    sentences = 0
    for _key, html, gold in pages:
        res, claims = _claims_for(html)
        ours.append(prf(res.text, gold))
        sentences += len({(c.start, c.end) for c in claims})
        for c in claims:
            n_claims += 1
            frag += is_fragment(c.text)
            quest += c.text.rstrip('”"’ ').endswith("?")
            teaser += c.sentence.lstrip().startswith(("- ", "• ", "* "))
            above += c.checkworthiness >= THRESHOLD
            edits = getattr(c, "edits", None)
            if edits is None:
                faithful += c.text == c.sentence
            else:
                faithful += undo_edits(c.text, edits) == c.sentence
            for f in c.flags:
                flags[f.code] += 1
    elapsed = time.perf_counter() - t0
    if not no_baseline:
        for _key, html, gold in pages:
            base.append(prf(trafilatura.extract(html) or "", gold))

    def avg(rows, i):
        return sum(r[i] for r in rows) / len(rows)

    n = len(pages)
    print(f"pages: {n}")
    print(f"precision: {avg(ours, 0):.4f}")
    print(f"recall: {avg(ours, 1):.4f}")
    print(f"F1: {avg(ours, 2):.4f}")
    if base:
        print(f"trafilatura_precision: {avg(base, 0):.4f}")
        print(f"trafilatura_recall: {avg(base, 1):.4f}")
        print(f"trafilatura_F1: {avg(base, 2):.4f}")
        print(f"f1_vs_trafilatura: {avg(ours, 2) / avg(base, 2):.4f}")
    print(f"flags_per_100_pages: {100 * sum(flags.values()) / n:.1f}")
    for code in sorted(flags):
        print(f"flags_per_100_pages_{code}: {100 * flags[code] / n:.1f}")
    print(f"claims_per_page: {n_claims / n:.1f}")
    print(f"claims_above_threshold_per_page: {above / n:.1f}")
    print(f"fragment_rate: {frag / max(1, n_claims):.4f}")
    print(f"question_rate: {quest / max(1, n_claims):.4f}")
    print(f"teaser_rate: {teaser / max(1, n_claims):.4f}")
    print(f"edit_fidelity: {faithful / max(1, n_claims):.4f}")
    print(f"sentences_per_second: {sentences / elapsed:.1f}")


def _wrong_weekday(mon: int, day: int, year: int | None, published: date | None,
                   rng: random.Random) -> str | None:
    """A weekday that fits the date in no candidate year (the written year, or pub-1..pub+1)."""
    if year:
        years = [year]
    elif published:
        years = [published.year - 1, published.year, published.year + 1]
    else:
        return None
    fits = set()
    for y in years:
        try:
            fits.add(date(y, mon, day).weekday())
        except ValueError:
            return None
    wrong = [w for w in range(7) if w not in fits]
    return WEEKDAYS[rng.choice(wrong)] if wrong else None


def run_plant(pages, *, seed: int, per_page: int) -> None:
    rng = random.Random(seed)
    found: Counter = Counter()
    planted: Counter = Counter()
    false_weekday = 0
    planted_pages = 0
    for _key, html, gold in pages:
        clean = clean_document(html, fmt="html")
        published = clean.published
        cands = [m for m in _PLANT_RE.finditer(gold) if m.group(0) in html]
        rng.shuffle(cands)
        plants: list[tuple[str, str, str]] = []  # (kind, original, planted)
        used: set[str] = set()
        for m in cands:
            if len(plants) >= per_page or m.group(0) in used:
                continue
            mon = _MONTHS[m["mon"].rstrip(".").lower()]
            day = int(m["d"])
            year = int(m["y"]) if m["y"] else None
            kind = rng.choice(["weekday", "impossible"])
            if kind == "impossible":
                # a day the month never has: "Nov. 31", or a 31-day month moved to a 30-day one
                longest = 29 if mon == 2 else calendar.monthrange(2001, mon)[1]
                if longest < 31:
                    new = f"{m['mon']} {longest + 1}"
                else:
                    new = f"{rng.choice(['April', 'June', 'September', 'November'])} 31"
                if year:
                    new += f", {year}"
                plants.append(("impossible", m.group(0), new))
                used.add(m.group(0))
                continue
            wd = _wrong_weekday(mon, day, year, published, rng)
            if wd is None:
                continue
            plants.append(("weekday", m.group(0), f"{wd}, {m.group(0)}"))
            used.add(m.group(0))
        if not plants:
            continue
        planted_pages += 1
        head, sep, body = html.partition("</head>")
        if not sep:
            head, body = "", html
        for _kind, orig, new in plants:
            body = body.replace(orig, new)
        page = head + sep + body
        res, claims = _claims_for(page)
        hit_sentences: set[tuple[int, int]] = set()
        for kind, _orig, new in plants:
            code = "weekday_mismatch" if kind == "weekday" else "invalid_date"
            holders = [c for c in claims if new in " ".join(c.sentence.split())]
            if not holders:
                continue  # the plant did not survive cleaning: not a detection question
            planted[kind] += 1
            hit_sentences.update((c.start, c.end) for c in holders)
            if any(f.code == code for c in holders for f in c.flags):
                found[kind] += 1
        for c in claims:
            if (c.start, c.end) in hit_sentences:
                continue
            false_weekday += sum(f.code == "weekday_mismatch" for f in c.flags)
    print(f"planted_pages: {planted_pages}")
    for kind in ("weekday", "impossible"):
        print(f"planted_{kind}: {planted[kind]}")
        print(f"recall_{kind}: {found[kind] / max(1, planted[kind]):.4f}")
    print(f"false_weekday_flags: {false_weekday}")


def _sha1(sentence: str) -> str:
    return hashlib.sha1(" ".join(sentence.split()).encode("utf-8")).hexdigest()


def run_labels(pages, labels_path: Path) -> None:
    """Labels are per verbatim sentence (stable while claim wording changes)."""
    rows = [json.loads(line) for line in labels_path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    by_key: dict[str, dict[str, str]] = {}
    for r in rows:
        by_key.setdefault(r["key"], {})[r.get("sentence_sha1") or _sha1(r["sentence"])] = r["label"]
    labelled = produced = above = checkable = 0
    counts: Counter = Counter()
    for key, html, _gold in pages:
        if key not in by_key:
            continue
        labelled += len(by_key[key])
        _res, claims = _claims_for(html)
        seen: set[str] = set()
        for c in claims:
            sent = _sha1(c.sentence)
            label = by_key[key].get(sent)
            if label is None:
                continue
            if sent not in seen:
                seen.add(sent)
                produced += 1
            counts[label] += 1
            if c.checkworthiness >= THRESHOLD:
                above += 1
                checkable += label == "checkable"
    n = max(1, sum(counts.values()))
    print(f"labelled_sentences: {labelled}")
    print(f"labelled_sentences_still_claims: {produced}")
    for label in ("checkable", "not_checkable", "junk", "distorted"):
        print(f"share_{label}: {counts[label] / n:.4f}")
    print(f"labelled_claims_above_threshold: {above}")
    print(f"checkable_above_threshold: {checkable / max(1, above):.4f}")
    print(f"checkable_kept_above_threshold: {checkable / max(1, counts['checkable']):.4f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", required=True, help="folder with ground-truth.json and html/")
    ap.add_argument("--split", choices=("dev", "hold", "all"), default="all")
    ap.add_argument("--plant", action="store_true", help="planted-error mode")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-page", type=int, default=3, help="plants per page (default 3)")
    ap.add_argument("--labels", type=Path, help="hand-labelled claims (JSONL)")
    ap.add_argument("--no-baseline", action="store_true", help="skip trafilatura")
    args = ap.parse_args(argv)
    pages = load_pages(Path(args.pages), args.split)
    if args.plant:
        run_plant(pages, seed=args.seed, per_page=args.per_page)
    elif args.labels:
        run_labels(pages, args.labels)
    else:
        run_default(pages, no_baseline=args.no_baseline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
