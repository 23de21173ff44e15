"""End-to-end throughput: articles in, claims embedded, matched and compared, by real workers.

    # PostgreSQL + pgvector and Redis, 2 worker processes (one celery worker, concurrency 2)
    nice -n 5 .venv/bin/python bench/pipeline.py --articles ../shared/benchmarks/realnews-aeb/html \
        --corpus /work/data-throughput/corpus.jsonl \
        --database-url postgres://postgres@127.0.0.1:5433/throughput_bench \
        --redis-url redis://127.0.0.1:6379/7 --workers 2 --n 1000

    # embedded default: SQLite file, Celery eager, in this process
    .venv/bin/python bench/pipeline.py --articles data/sample/articles \
        --corpus data/sample/reference.jsonl --n 50

What it does: loads the reference corpus into the given database (once: a database
that already holds it embedded is reused), deletes the articles and runs of earlier
bench runs, starts its own ``celery worker`` (``--workers`` processes, consuming the
default, embed and match queues) with the timers of ``bench/pipeline_probe.py``,
then ingests ``--n`` articles from ``--articles`` the way the web and ``manage.py
ingest`` do (``article_ingest``: clean, extract, store, one verification run per
article queued on commit) in this process, while the workers embed, match and
compare. The files are reused round-robin; every copy after the first gets a
two-word sentence ("Copy N.") inside one paragraph so no content hash repeats.
The clock runs from the first ingest to the last run's ``finished_at``.

The embedding bound is the raw ``model.encode`` rate (batch 64, all cores) on a
sample of the same sentences, measured in this process right after the run, with
the workers idle; ``ratio_vs_embedding_bound`` is the end-to-end sentence rate over
it. Both move with machine load alike, so read the ratio, and the load average
printed beside it.

Stage times are summed over worker processes (worker-seconds) and inclusive (a
search's SQL is in ``search`` and in the database totals). Prints ``metric: value``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

TEXT_SUFFIXES = (".html", ".htm", ".txt", ".md", ".html.gz", ".htm.gz", ".txt.gz")


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def read_articles(folder: Path) -> list[dict]:
    """Every article file under ``folder``, with metadata from an articles.json beside it."""
    meta: dict[str, dict] = {}
    for candidate in (folder / "articles.json", folder.parent / "articles.json"):
        if candidate.exists():
            for entry in json.loads(candidate.read_text(encoding="utf-8")):
                meta[Path(entry["file"]).name] = entry
            break
    docs = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or not path.name.endswith(TEXT_SUFFIXES):
            continue
        raw = path.read_bytes()
        name = path.name
        if name.endswith(".gz"):
            raw, name = gzip.decompress(raw), name[:-3]
        entry = meta.get(name, {})
        docs.append({
            "name": name, "text": raw.decode("utf-8", "replace"),
            "source": entry.get("source") or "bench-feed", "title": entry.get("title", ""),
            "published": entry.get("published"),
        })
    if not docs:
        raise SystemExit(f"no article files ({', '.join(TEXT_SUFFIXES)}) in {folder}")
    return docs


def variants(doc: dict, copy: int):
    """The article text for copy ``copy``: the original, then "Copy N." put into a
    paragraph (middle first, then outwards), so the cleaned text and its hash change."""
    text = doc["text"]
    if copy == 0:
        yield text
        return
    mark = f" Copy {copy}."
    if doc["name"].endswith((".html", ".htm")):
        ends = [m.start() for m in re.finditer(r"</p>", text, flags=re.I)]
    else:
        ends = [m.start() for m in re.finditer(r"\n\s*\n", text)] + [len(text.rstrip())]
    mid = len(ends) // 2
    for pos in sorted(ends, key=lambda p: abs(ends.index(p) - mid))[:6]:
        yield text[:pos] + mark + text[pos:]
    yield text.rstrip() + "\n\n" + f"This is copy {copy} of the benchmark feed article.\n"


def corpus_load(path: Path, *, derive: bool) -> dict:
    """Load and embed the corpus unless the database already holds it.

    With ``derive``, the synthetic variants named in ``<corpus>.variants.json`` get
    their base passage's model vector plus Gaussian noise, its size calibrated so
    the median cosine to the base equals the model's own on 256 variants; all other
    passages are embedded by the model (``passages_embed``, the pipeline's path).
    """
    from django.db import connection
    from django.db.models import Q

    from claims.models import ReferencePassage
    from claims.pipeline import embed
    from claims.services import embeddings
    from claims.services.embeddings import passages_embed
    from claims.services.reference import reference_load

    start = time.perf_counter()
    info: dict = {}
    lines = sum(1 for line in path.open(encoding="utf-8") if line.strip())
    version = embed.model_version()
    bases: dict[str, str] = {}
    side = path.with_suffix(".variants.json")
    if derive and side.exists():
        bases = json.loads(side.read_text())
    if ReferencePassage.objects.filter(embedding_model=version).count() < lines:
        if ReferencePassage.objects.count() < lines:
            saved = embeddings.passages_embed_enqueue
            embeddings.passages_embed_enqueue = lambda **kw: None
            try:
                reference_load(path=path, skip_bad=True)
            finally:
                embeddings.passages_embed_enqueue = saved
        stale = ReferencePassage.objects.filter(
            Q(embedding__isnull=True) | ~Q(embedding_model=version))
        todo = list(stale.exclude(external_id__in=list(bases)).order_by("pk")
                    .values_list("pk", flat=True))
        for i in range(0, len(todo), 2048):
            passages_embed(passage_ids=todo[i : i + 2048])
            print(f"# corpus embedded {min(i + 2048, len(todo))}/{len(todo)} "
                  f"({time.perf_counter() - start:.0f} s, load {_load()})", flush=True)
        info["corpus_model_embedded_now"] = len(todo)
        derived = list(stale.filter(external_id__in=list(bases)).order_by("pk"))
        if derived:
            info.update(_derive(derived, bases, version))
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("ANALYZE claims_referencepassage")
    info["corpus_passages"] = ReferencePassage.objects.filter(embedding_model=version).count()
    info["corpus_synthetic_variants"] = ReferencePassage.objects.filter(
        source="synthetic-variant").count()
    info["corpus_derived_vectors"] = len(bases)
    info["corpus_load_seconds"] = round(time.perf_counter() - start, 1)
    return info


def _derive(rows, bases: dict[str, str], version: str) -> dict:
    import numpy as np
    from django.utils import timezone

    from claims.models import ReferencePassage
    from claims.pipeline import embed

    base_vec = {
        ext: np.asarray(v, dtype=np.float32)
        for ext, v in ReferencePassage.objects.filter(
            external_id__in=set(bases.values()), embedding_model=version
        ).values_list("external_id", "embedding")
    }
    rng = np.random.default_rng(16)
    probe_rows = rows[:256]
    model_vecs = embed.embed_texts([" ".join(x for x in (r.title, r.text) if x)
                                    for r in probe_rows])
    cos_model = float(np.median([
        float(model_vecs[i] @ base_vec[bases[r.external_id]])
        for i, r in enumerate(probe_rows)]))
    dim = embed.DIMENSIONS
    # |noise| = sigma * sqrt(dim): cos(base, base + noise) ~ 1 / sqrt(1 + dim sigma^2)
    sigma = float(np.sqrt(max(1.0 / cos_model**2 - 1.0, 1e-6) / dim))
    now = timezone.now()
    cos = []
    for i in range(0, len(rows), 2000):
        part = rows[i : i + 2000]
        for r in part:
            b = base_vec[bases[r.external_id]]
            v = b + rng.normal(0.0, sigma, dim).astype(np.float32)
            v /= np.linalg.norm(v)
            cos.append(float(v @ b))
            r.embedding, r.embedding_model, r.embedded_at = v, version, now
        ReferencePassage.objects.bulk_update(
            part, ["embedding", "embedding_model", "embedded_at"], batch_size=500)
        print(f"# corpus derived {i + len(part)}/{len(rows)}", flush=True)
    return {"corpus_derive_cos_model_median": round(cos_model, 4),
            "corpus_derive_cos_median": round(float(np.median(cos)), 4),
            "corpus_derive_sigma": round(sigma, 5)}


def reset() -> None:
    """Delete what earlier bench runs left (articles, claims, matches, runs); keep the corpus."""
    from claims.models import Article, Source, VerificationRun

    Article.objects.all().delete()
    VerificationRun.objects.all().delete()
    Source.objects.filter(articles__isnull=True).delete()


def start_workers(n: int, probe_dir: Path, log: Path) -> subprocess.Popen:
    cmd = [
        sys.executable, "-m", "celery", "-A", "bench.pipeline_probe", "worker",
        "--pool", "prefork", "--concurrency", str(n), "-Q", "default,embed,match",
        "--loglevel", "WARNING", "-n", f"pipeline-bench-{os.getpid()}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]
    env = dict(os.environ, PIPELINE_PROBE_DIR=str(probe_dir), PYTHONPATH=str(ROOT))
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("w"),
                            stderr=subprocess.STDOUT, start_new_session=True)


def wait_ready(app, n: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.inspect(timeout=1.0).stats() or {}
        for stats in replies.values():
            if len(stats.get("pool", {}).get("processes", [])) >= n:
                return
        time.sleep(0.5)
    raise SystemExit("workers did not come up; see the worker log")


def stop_workers(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # warm shutdown: children dump their timers
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class BrokerSampler:
    """Peak queue lengths and Redis memory, sampled every few seconds during the run."""

    def __init__(self, url: str | None):
        self.client = None
        self.peak = {"default": 0, "embed": 0, "match": 0, "used_memory": 0}
        self.base_memory = 0
        self.last = 0.0
        if url:
            import redis

            self.client = redis.Redis.from_url(url)
            self.base_memory = int(self.client.info("memory")["used_memory"])

    def sample(self, *, every: float = 3.0) -> None:
        if self.client is None or time.monotonic() - self.last < every:
            return
        self.last = time.monotonic()
        for q in ("default", "embed", "match"):
            self.peak[q] = max(self.peak[q], int(self.client.llen(q)))
        self.peak["used_memory"] = max(self.peak["used_memory"],
                                       int(self.client.info("memory")["used_memory"]))


def raw_encode_rate(sentences: list[str], rounds: int) -> tuple[float, list[float]]:
    import torch

    from claims.pipeline.embed import get_model

    torch.set_num_threads(os.cpu_count() or 1)
    model = get_model()
    model.encode(sentences[:64], batch_size=64, show_progress_bar=False)
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        model.encode(sentences, batch_size=64, show_progress_bar=False)
        rates.append(len(sentences) / (time.perf_counter() - start))
    return max(rates), rates


def backend_encode_rate(sentences: list[str], rounds: int) -> float:
    """The same sample through ``embed_texts`` under the workers' ``EMBEDDING_BACKEND``
    (onnx / onnx-int8): that backend's own bound, beside the torch one."""
    from claims.pipeline import embed

    embed.embed_texts(sentences[:64])
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        embed.embed_texts(sentences)
        best = min(best, time.perf_counter() - start)
    return len(sentences) / best


def merge(stats_list: list[dict]) -> dict:
    out = {"stage_seconds": {}, "stage_calls": {}, "db": {}, "tasks": {},
           "queue_wait": [0, 0.0, 0.0], "task_log": []}
    for s in stats_list:
        for key in ("stage_seconds", "stage_calls"):
            for k, v in s[key].items():
                out[key][k] = out[key].get(k, 0) + v
        for stage, kinds in s["db"].items():
            for kind, (c, t) in kinds.items():
                row = out["db"].setdefault(stage, {}).setdefault(kind, [0, 0.0])
                row[0] += c
                row[1] += t
        for name, (c, t, n) in s["tasks"].items():
            row = out["tasks"].setdefault(name, [0, 0.0, 0])
            row[0] += c
            row[1] += t
            row[2] += n
        qw = s["queue_wait"]
        out["queue_wait"][0] += qw[0]
        out["queue_wait"][1] += qw[1]
        out["queue_wait"][2] = max(out["queue_wait"][2], qw[2])
        out["task_log"].extend(s["task_log"])
    out["task_log"].sort()
    return out


def report_queries(log: list, task: str) -> None:
    rows = [r for r in log if r[1] == task and r[2]]
    if not rows:
        return
    q, c = sum(r[3] for r in rows), sum(r[2] for r in rows)
    print(f"queries_per_claim_{task}: {q / c:.2f}")
    quarter = max(1, len(rows) // 4)
    first, last = rows[:quarter], rows[-quarter:]
    print(f"queries_per_claim_{task}_first_quarter: "
          f"{sum(r[3] for r in first) / max(1, sum(r[2] for r in first)):.2f}")
    print(f"queries_per_claim_{task}_last_quarter: "
          f"{sum(r[3] for r in last) / max(1, sum(r[2] for r in last)):.2f}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=Path, required=True, help="folder of article files")
    p.add_argument("--corpus", type=Path, required=True, help="reference corpus JSONL/CSV")
    p.add_argument("--database-url", default="", help="PostgreSQL+pgvector; else SQLite, eager")
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--n", type=int, default=100, help="articles to ingest")
    p.add_argument("--raw-sample", type=int, default=2000, help="sentences for the raw rate")
    p.add_argument("--raw-rounds", type=int, default=2)
    p.add_argument("--timeout", type=float, default=4 * 3600)
    p.add_argument("--derive-variants", action="store_true",
                   help="synthetic variants get their base's vector plus noise (see corpus_load)")
    p.add_argument("--what-if", choices=["no-lexical-passages"], default=None,
                   help="a what-if (printed first): skip the passages' full-text search")
    p.add_argument("--keep", action="store_true", help="keep the SQLite file / worker log")
    args = p.parse_args(argv)

    # a SIGTERM (kill) runs the finally blocks, so the workers are stopped too
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
    if args.what_if:
        os.environ["PIPELINE_WHAT_IF"] = args.what_if
        print(f"what_if: {args.what_if} (NOT the shipped pipeline)")
    tmp = Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    probe_dir = tmp / "probe"
    probe_dir.mkdir()
    eager = not args.database_url
    if eager:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        os.environ["CELERY_BROKER_URL"] = ""
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    else:
        os.environ["DATABASE_URL"] = args.database_url
        os.environ["CELERY_BROKER_URL"] = args.redis_url
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
        _create_database(args.database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

    import django

    django.setup()
    from django.core.management import call_command

    from bench import pipeline_probe as probe

    probe.install()
    call_command("migrate", verbosity=0)

    import claims.pipeline.extract as extract_mod
    from claims.models import Claim, Contradiction, Match, VerificationRun
    from claims.pipeline.errors import InputError
    from claims.services.articles import DuplicateArticle, article_ingest
    from factcheck.celery import app

    for k, v in corpus_load(args.corpus, derive=args.derive_variants).items():
        print(f"{k}: {v}", flush=True)
    reset()
    probe.reset()
    docs = read_articles(args.articles)

    # count the segmented sentences; keep a sample for the raw encode rate
    rng = random.Random(16)
    seen = {"sentences": 0}
    sample: list[str] = []
    segment = extract_mod._segment

    def counting_segment(text):
        out = segment(text)
        for s in out:
            seen["sentences"] += 1
            if len(sample) < args.raw_sample:
                sample.append(s.text)
            else:
                j = rng.randrange(seen["sentences"])
                if j < args.raw_sample:
                    sample[j] = s.text
        return out

    extract_mod._segment = counting_segment

    proc = None
    log = tmp / "worker.log"
    if not eager:
        with app.connection_for_write() as conn:
            for q in ("default", "embed", "match"):
                conn.default_channel.queue_purge(q)
        import redis

        # and what an earlier run's workers held unacknowledged (Redis would restore it)
        redis.Redis.from_url(args.redis_url).delete("unacked", "unacked_index", "unacked_mutex")
        proc = start_workers(args.workers, probe_dir, log)
        wait_ready(app, args.workers)
    print(f"load_average_start: {_load()}", flush=True)

    broker = BrokerSampler(None if eager else args.redis_url)
    first_run = (VerificationRun.objects.order_by("-pk").values_list("pk", flat=True).first()
                 or 0)
    stored = dups = refused = 0
    t0 = time.time()
    try:
        for i in range(args.n):
            doc, copy = docs[i % len(docs)], i // len(docs)
            for text in variants(doc, copy):
                try:
                    article_ingest(
                        content=text.encode("utf-8"), filename=doc["name"],
                        source_name=doc["source"], title=doc["title"],
                        published=_date(doc["published"]),
                    )
                    stored += 1
                    break
                except DuplicateArticle:
                    continue
                except InputError:
                    refused += 1
                    break
            else:
                dups += 1
            broker.sample()
            if (i + 1) % 200 == 0:
                print(f"# ingested {i + 1}/{args.n} ({time.time() - t0:.0f} s, "
                      f"load {_load()})", flush=True)
        t_ingest = time.time() - t0
        pending = VerificationRun.objects.filter(pk__gt=first_run).exclude(
            status__in=[VerificationRun.Status.COMPLETE, VerificationRun.Status.FAILED,
                        VerificationRun.Status.SKIPPED])
        last_print = time.time()
        while pending.exists():
            if time.time() - t0 > args.timeout:
                raise SystemExit(f"runs not finished after {args.timeout} s")
            if proc is not None and proc.poll() is not None:
                raise SystemExit(f"the worker exited ({proc.returncode}); see {log}")
            time.sleep(1.0)
            broker.sample()
            if time.time() - last_print > 60:
                print(f"# waiting: {pending.count()} runs left ({time.time() - t0:.0f} s, "
                      f"load {_load()})", flush=True)
                last_print = time.time()
        runs = VerificationRun.objects.filter(pk__gt=first_run)
        end = max(r.finished_at for r in runs).timestamp() if runs.exists() else time.time()
        wall = max(end, t0 + t_ingest) - t0
        load_end = _load()
    finally:
        if proc is not None:
            stop_workers(proc)

    raw, rates = raw_encode_rate(sample, args.raw_rounds) if sample else (0.0, [])
    from claims.pipeline import embed

    backend = embed.backend()
    backend_raw = (backend_encode_rate(sample, args.raw_rounds)
                   if sample and backend != "torch" else raw)
    load_raw = _load()

    if eager:
        stats = merge([probe.STATS])
        worker_rss = [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss]
        worker_growth = []
    else:
        files = [json.loads(f.read_text()) for f in probe_dir.glob("*.json")]
        files = [f for f in files if f["tasks"]]
        stats = merge(files)
        ingest_stats = probe.STATS  # this process: clean and extract
        for k in ("clean", "extract"):
            stats["stage_seconds"][k] = ingest_stats["stage_seconds"].get(k, 0.0)
        worker_rss = [f["rss_kb_max"] for f in files]
        print(f"torch_threads_per_worker: {', '.join(str(f.get('torch_threads', '?')) for f in files)}")
        worker_growth = []
        for f in files:
            rss = [r[4] for r in f["task_log"]]
            if len(rss) >= 8:
                q = len(rss) // 4
                worker_growth.append((sum(rss[q:2 * q]) / q, sum(rss[-q:]) / q))

    sentences = seen["sentences"]
    verified = Claim.objects.exclude(status=Claim.Status.NOT_CHECKWORTHY).filter(
        matched_at__isnull=False).count()
    print(f"mode: {'eager-sqlite' if eager else 'celery-postgres'}")
    print(f"workers: {0 if eager else args.workers}")
    print(f"articles_requested: {args.n}")
    print(f"articles_stored: {stored}")
    print(f"articles_duplicate: {dups}")
    print(f"articles_refused: {refused}")
    print(f"sentences: {sentences}")
    print(f"claims: {Claim.objects.count()}")
    print(f"claims_verified: {verified}")
    print(f"runs: {runs.count()}")
    print(f"runs_failed: {runs.filter(status=VerificationRun.Status.FAILED).count()}")
    print(f"matches: {Match.objects.count()}")
    print(f"contradictions: {Contradiction.objects.count()}")
    print(f"ingest_seconds: {t_ingest:.1f}")
    print(f"wall_seconds: {wall:.1f}")
    print(f"sentences_per_second: {sentences / wall:.1f}")
    print(f"claims_per_second: {verified / wall:.1f}")
    print(f"raw_encode_sentences: {len(sample)}")
    print(f"raw_encode_sentences_per_second: {raw:.1f}")
    print(f"raw_encode_rounds: {', '.join(f'{r:.1f}' for r in rates)}")
    print(f"ratio_vs_embedding_bound: {(sentences / wall) / raw if raw else 0:.3f}")
    print(f"embedding_backend: {backend}")
    print(f"backend_encode_sentences_per_second: {backend_raw:.1f}")
    print(f"ratio_vs_backend_bound: {(sentences / wall) / backend_raw if backend_raw else 0:.3f}")
    print(f"load_average_end_of_run: {load_end}")
    print(f"load_average_after_raw: {load_raw}")

    st = stats["stage_seconds"]
    task_total = sum(t for _, t, _ in stats["tasks"].values())
    print(f"worker_task_seconds: {task_total:.1f}")
    for name, (c, t, n) in sorted(stats["tasks"].items()):
        short = name.rsplit(".", 1)[-1]
        print(f"task_{short}: {c} tasks, {t:.1f} s, {n} claims")
    db_total = sum(t for kinds in stats["db"].values() for _, t in kinds.values())
    db_n = sum(c for kinds in stats["db"].values() for c, _ in kinds.values())
    write = sum(t for kinds in stats["db"].values() for k, (_, t) in kinds.items()
                if k in ("insert", "update", "delete"))
    stages = {
        "clean": st.get("clean", 0.0), "extract": st.get("extract", 0.0),
        "embed": st.get("embed", 0.0) + st.get("rescore", 0.0),
        "search": st.get("search", 0.0) + st.get("search_cosines", 0.0)
        + st.get("search_fuse", 0.0) + st.get("search_rerank", 0.0),
        "compare": st.get("compare", 0.0) + st.get("compare_sides", 0.0),
        "write": write,
    }
    for k, v in stages.items():
        print(f"stage_{k}_seconds: {v:.1f}")
    for k, v in sorted(st.items()):
        print(f"probe_{k}_seconds: {v:.1f} ({stats['stage_calls'].get(k, 0)} calls)")
    for stage, kinds in sorted(stats["db"].items()):
        parts = ", ".join(f"{k} {c}/{t:.1f}s" for k, (c, t) in sorted(kinds.items()))
        print(f"db_in_{stage}: {parts}")
    qw = stats["queue_wait"]
    print(f"queue_wait_mean_seconds: {qw[1] / qw[0] if qw[0] else 0:.2f}")
    print(f"queue_wait_max_seconds: {qw[2]:.1f}")
    if broker.client is not None:
        print(f"broker_peak_queue_default_embed_match: {broker.peak['default']}, "
              f"{broker.peak['embed']}, {broker.peak['match']}")
        print(f"broker_redis_used_memory_mb_base_peak: {broker.base_memory / 2**20:.1f}, "
              f"{broker.peak['used_memory'] / 2**20:.1f}")
    print(f"db_seconds: {db_total:.1f}")
    print(f"db_queries: {db_n}")
    claims_worked = sum(n for name, (_, _, n) in stats["tasks"].items() if "match" in name)
    print(f"queries_per_claim: {db_n / claims_worked if claims_worked else 0:.2f}")
    report_queries(stats["task_log"], "embed_claims")
    report_queries(stats["task_log"], "match_claims")
    print(f"peak_rss_mb_per_worker: {', '.join(f'{r / 1024:.0f}' for r in worker_rss)}")
    for i, (a, b) in enumerate(worker_growth):
        print(f"rss_mb_worker{i}_2nd_quarter_vs_last_quarter: {a / 1024:.0f} -> {b / 1024:.0f}")
    print(f"peak_rss_mb_ingest_process: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    if args.keep:
        print(f"kept: {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _date(value):
    from datetime import date

    return date.fromisoformat(value) if value else None


def _create_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` (and pgvector in it) if missing."""
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")


if __name__ == "__main__":
    raise SystemExit(main())
