"""Web latency at scale: p50/p95 of the queue, a claim page, the API claim list and
the dashboard, measured with a real HTTP client against a running gunicorn.

    bash scripts/pgvector.sh start
    .venv/bin/python bench/ui.py \
        --database-url postgres://postgres@127.0.0.1:5433/factcheck_bench \
        --claims 100000 --matches 1000000 --requests 200

What it does:

1. creates the database if it is missing and runs ``migrate``;
2. fills it with synthetic data (``--claims`` claims in articles of 20 across
   ``--sources`` sources, ``--matches`` matches split 60/40 between reference
   passages and other sources' claims, flags on 10% of claims, a verdict on every
   reviewed or disputed claim plus superseded ones, with their history rows, and
   ``--contradictions`` contradictions between matched claims) with PostgreSQL
   ``COPY``; every column the bench does not set gets the model field's default,
   so new nullable or defaulted fields need no change here. A database that
   already holds exactly these counts is reused (``--regenerate`` rebuilds it);
3. starts ``gunicorn factcheck.wsgi`` (``--workers``, DEBUG off, CONN_MAX_AGE
   as in docker-compose.yml) or ``manage.py runserver --noreload`` with
   ``--server runserver``;
4. logs in as a reviewer through the login form (httpx2, cookies and CSRF as a
   browser would), warms each page up, then times ``--requests`` sequential GETs
   per page (claim pages and queue pages at random ids/pages, so no single row
   stays hot) and prints ``metric: value`` lines. The dashboard keeps its figures
   in the cache for a minute, so most of its requests are hits; the figures of a
   miss are timed in-process as ``dashboard_uncached_*``.

The machine's load counts: on a shared 2-core box the same page can take three
times as long as on an idle one. ``load_average`` is printed for that reason.

Embeddings stay NULL: the pages measured never read them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-reviewer-password"
REVIEWER = "bench_reviewer"
FLAG_CODES = ("weekday_mismatch", "future_date", "relative_date_after_publication",
              "number_mismatch")
SUBJECTS = ("The ministry", "Delegations", "The central bank", "Health officials", "Rebels",
            "The mayor", "Negotiators", "The army", "Opposition leaders", "The agency")
VERBS = ("announced", "reported", "confirmed", "denied", "estimated", "said")
NOUNS = ("people were displaced", "talks resumed", "prices rose", "troops withdrew",
         "cases were recorded", "schools reopened", "flights were cancelled")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


PAGES = ("queue", "queue_page", "claim", "api_claims", "api_claims_page", "dashboard",
         "queue_by_conflicts", "articles", "articles_by_conflicts", "search_words",
         "search_phrase")


def log(msg: str) -> None:
    print(f"# {msg}", file=sys.stderr, flush=True)


# --- database ------------------------------------------------------------------------


def ensure_database(url: str, *, recreate: bool) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise SystemExit(f"bench/ui.py: database name {name!r} must be a plain identifier")
    admin = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and recreate:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(urlunsplit(parts._replace(scheme="postgresql")), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()


def copy_model(model, given: list[str], rows) -> int:
    """COPY ``rows`` (tuples in ``given`` attname order) into ``model``'s table; every
    other concrete column gets the field's default (or NULL)."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if f.attname not in given]
    rest, rest_values = [], []
    for f in fields:
        if f.primary_key:
            continue
        value = f.get_db_prep_save(f.get_default(), connection)  # "" for text, else None
        if value is None and not f.null:
            raise SystemExit(
                f"bench/ui.py: {model.__name__}.{f.name} has no default and is not nullable; "
                "teach the bench to fill it"
            )
        rest.append(f.column)
        rest_values.append(value)
    by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
    columns = [by_attname[a] for a in given] + rest
    tail = tuple(rest_values)
    n = 0
    with connection.cursor() as cur:
        cols = ", ".join(connection.ops.quote_name(c) for c in columns)
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({cols}) FROM STDIN"
        with cur.cursor.copy(sql) as cp:
            for row in rows:
                cp.write_row(row + tail)
                n += 1
    return n


def reset_sequences(models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cur:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cur.execute(sql)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def generate(args) -> dict[str, int]:
    """Synthetic data at the requested scale. Returns counts per table."""
    from django.contrib.auth.models import Group, User
    from django.db import connection, transaction

    from claims.models import (
        Article,
        Claim,
        ClaimFlag,
        Contradiction,
        Match,
        ReferencePassage,
        Source,
        Verdict,
    )

    rng = np.random.default_rng(args.seed)
    now = dt.datetime.now(dt.UTC)
    counts: dict[str, int] = {}
    n_claims = args.claims
    per_article = 20
    n_articles = -(-n_claims // per_article)
    n_passages = args.passages

    with transaction.atomic():
        reviewers_group, _ = Group.objects.get_or_create(name="reviewer")
        me = User.objects.create_user(REVIEWER, f"{REVIEWER}@example.org", PASSWORD)
        me.groups.add(reviewers_group)
        staff = User.objects.bulk_create(
            [User(username=f"bench_reviewer_{i:02d}", password="!") for i in range(args.reviewers)]
        )
        staff_ids = [u.pk for u in staff] + [me.pk]

        counts["sources"] = copy_model(Source, ["id", "name", "kind", "url", "created_at"], (
            (i, f"Bench Outlet {i:03d}", "news", f"https://outlet{i}.example", now)
            for i in range(1, args.sources + 1)
        ))

        # claims first (in memory), so each article's text is its claims' sentences
        weekday = rng.integers(0, 7, n_claims)
        day = rng.integers(1, 29, n_claims)
        month = rng.integers(0, 12, n_claims)
        year = rng.integers(2015, 2026, n_claims)
        subj = rng.integers(0, len(SUBJECTS), n_claims)
        verb = rng.integers(0, len(VERBS), n_claims)
        noun = rng.integers(0, len(NOUNS), n_claims)
        qty = rng.integers(2, 5000, n_claims)
        worth = rng.random(n_claims).round(4)
        statuses = rng.choice(
            ["pending", "needs_review", "reviewed", "disputed", "not_checkworthy"],
            p=[0.10, 0.60, 0.20, 0.05, 0.05], size=n_claims,
        )
        days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
        texts = [
            f"{SUBJECTS[subj[i]]} {VERBS[verb[i]]} on {days[weekday[i]]} {day[i]} "
            f"{MONTHS[month[i]]} {year[i]} that {qty[i]} {NOUNS[noun[i]]} (item {i + 1})."
            for i in range(n_claims)
        ]
        article_text, spans = [], []
        for a in range(n_articles):
            parts, pos = [], 0
            for i in range(a * per_article, min(n_claims, (a + 1) * per_article)):
                spans.append((pos, pos + len(texts[i])))
                parts.append(texts[i])
                pos += len(texts[i]) + 1
            article_text.append(" ".join(parts))
        published = [dt.date(2024, 1, 1) + dt.timedelta(days=int(d))
                     for d in rng.integers(0, 700, n_articles)]
        article_source = rng.integers(1, args.sources + 1, n_articles)
        counts["articles"] = copy_model(
            Article,
            ["id", "source_id", "title", "url", "published", "published_origin", "input_format",
             "raw_text", "cleaned_text", "content_hash", "status", "created_at", "updated_at"],
            (
                (a + 1, int(article_source[a]), f"Bench article {a + 1}",
                 f"https://outlet.example/a/{a + 1}", published[a], "given", "text",
                 f"<p>{article_text[a]}</p>", article_text[a], sha(f"bench-{a + 1}"), "matched",
                 now - dt.timedelta(minutes=a), now)
                for a in range(n_articles)
            ),
        )
        log(f"articles: {counts['articles']}")
        counts["claims"] = copy_model(
            Claim,
            ["id", "article_id", "position", "text", "sentence", "start", "end",
             "checkworthiness", "status", "created_at", "matched_at"],
            (
                (i + 1, i // per_article + 1, i % per_article, texts[i], texts[i], spans[i][0],
                 spans[i][1], float(worth[i]), str(statuses[i]), now, now)
                for i in range(n_claims)
            ),
        )
        log(f"claims: {counts['claims']}")

        flagged = np.flatnonzero(rng.random(n_claims) < 0.10)
        codes = rng.integers(0, len(FLAG_CODES), len(flagged))
        counts["flags"] = copy_model(ClaimFlag, ["id", "claim_id", "code", "message"], (
            (k + 1, int(i) + 1, FLAG_CODES[codes[k]], f"{days[weekday[i]]} {day[i]} "
             f"{MONTHS[month[i]]} {year[i]} does not fit ({FLAG_CODES[codes[k]]})")
            for k, i in enumerate(flagged)
        ))

        counts["passages"] = copy_model(
            ReferencePassage,
            ["id", "text", "title", "source", "url", "external_id", "content_hash", "created_at"],
            (
                (p, f"Reference passage {p}: {SUBJECTS[p % len(SUBJECTS)]} "
                 f"{VERBS[p % len(VERBS)]} that {NOUNS[p % len(NOUNS)]} in {2015 + p % 11}. " * 2,
                 f"Reference {p}", "Bench Encyclopedia", f"https://ref.example/{p}", f"bench-{p}",
                 sha(f"bench-ref-{p}"), now)
                for p in range(1, n_passages + 1)
            ),
        )
        log(f"passages: {counts['passages']}")

        per_claim = max(1, args.matches // n_claims)
        to_passages = min(n_passages, max(1, round(per_claim * 0.6)))
        to_claims = min(n_claims - 1, per_claim - to_passages)
        p_stride = n_passages // to_passages
        c_step = max(2, n_claims // max(1, to_claims))
        p_base = rng.integers(0, n_passages, n_claims)
        c_delta = rng.integers(1, c_step, n_claims)
        scores = np.sort(rng.uniform(0.55, 0.97, (n_claims, per_claim)), axis=1)[:, ::-1].round(4)
        stances = rng.choice(["related", "support", "contradict", "unknown"],
                             p=[0.6, 0.2, 0.1, 0.1], size=(n_claims, per_claim))
        other_of = np.empty((n_claims, max(to_claims, 0)), dtype=np.int64)

        def match_rows():
            mid = 0
            for i in range(n_claims):
                for j in range(to_passages):
                    mid += 1
                    yield (mid, i + 1, int((p_base[i] + j * p_stride) % n_passages) + 1, None,
                           float(scores[i, j]), j + 1, "hybrid", "bench", str(stances[i, j]), now)
                for j in range(to_claims):
                    other = int((i + j * c_step + c_delta[i]) % n_claims)
                    other_of[i, j] = other
                    r = to_passages + j
                    mid += 1
                    yield (mid, i + 1, None, other + 1, float(scores[i, r]), r + 1, "hybrid",
                           "bench", str(stances[i, r]), now)

        t0 = time.perf_counter()
        counts["matches"] = copy_model(
            Match,
            ["id", "claim_id", "passage_id", "other_claim_id", "score", "rank", "method",
             "model_version", "stance", "created_at"],
            match_rows(),
        )
        log(f"matches: {counts['matches']} in {time.perf_counter() - t0:.0f}s")

        reviewed = np.flatnonzero(np.isin(statuses, ["reviewed", "disputed"]))
        labels = rng.choice(Verdict.Label.values, p=[0.35, 0.3, 0.15, 0.15, 0.05],
                            size=len(reviewed))
        who = rng.choice(staff_ids, size=len(reviewed))
        age = rng.uniform(0, 26 * 7 * 86400, len(reviewed))
        superseded = rng.random(len(reviewed)) < 0.2
        verdicts = []  # (id, claim_id, label, rationale, reviewer_id, is_current, created_at)
        vid = 0
        for k, i in enumerate(reviewed):
            when = now - dt.timedelta(seconds=float(age[k]))
            if superseded[k]:
                vid += 1
                verdicts.append((vid, int(i) + 1, "not_enough_evidence", "First look.",
                                 int(who[k - 1]), False, when - dt.timedelta(hours=6)))
            vid += 1
            verdicts.append((vid, int(i) + 1, str(labels[k]), "Checked against the reference.",
                             int(who[k]), True, when))
        counts["verdicts"] = copy_model(
            Verdict,
            ["id", "claim_id", "label", "rationale", "reviewer_id", "is_current", "created_at"],
            iter(verdicts),
        )
        copy_model(
            Verdict.history.model,
            ["history_id", "id", "claim_id", "label", "rationale", "reviewer_id", "is_current",
             "created_at", "history_date", "history_type", "history_user_id"],
            ((v[0],) + v + (v[6], "+", v[4]) for v in verdicts),
        )
        log(f"verdicts: {counts['verdicts']}")

        pairs: dict[tuple[int, int, str], None] = {}
        kinds = Contradiction.Kind.values
        if to_claims > 0:
            picks = rng.integers(0, n_claims, args.contradictions * 2)
            for i in picks:
                j = int(other_of[i, rng.integers(0, to_claims)])
                a, b = sorted((int(i) + 1, j + 1))
                pairs.setdefault((a, b, kinds[int(rng.integers(0, 4))]), None)
                if len(pairs) >= args.contradictions:
                    break
        c_status = rng.choice(["suspected", "confirmed", "dismissed"], p=[0.7, 0.2, 0.1],
                              size=len(pairs))
        contradictions = [
            (k + 1, a, b, kind, "2017", "2016", f"{kind}: 2017 vs 2016", 0.8, str(c_status[k]),
             None if c_status[k] == "suspected" else me.pk,
             None if c_status[k] == "suspected" else now, now)
            for k, (a, b, kind) in enumerate(pairs)
        ]
        given = ["id", "claim_id", "other_claim_id", "kind", "value_claim", "value_other",
                 "detail", "confidence", "status", "resolved_by_id", "resolved_at", "created_at"]
        counts["contradictions"] = copy_model(Contradiction, given, iter(contradictions))
        copy_model(
            Contradiction.history.model,
            ["history_id"] + given + ["history_date", "history_type", "history_user_id"],
            ((c[0],) + c + (now, "+", None) for c in contradictions),
        )
        log(f"contradictions: {counts['contradictions']}")
        reset_sequences([Source, Article, Claim, ClaimFlag, ReferencePassage, Match, Verdict,
                         Verdict.history.model, Contradiction, Contradiction.history.model])
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE)")  # as autovacuum would have by now: visibility map set
    return counts


def existing_counts() -> dict[str, int] | None:
    from django.contrib.auth.models import User

    from claims.models import Claim, Match

    if not User.objects.filter(username=REVIEWER).exists():
        return None
    return {"claims": Claim.objects.count(), "matches": Match.objects.count()}


# --- server and client -----------------------------------------------------------------


def start_server(args, env: dict[str, str], log_path: Path) -> subprocess.Popen:
    if args.server == "gunicorn" and shutil.which("gunicorn", path=str(Path(sys.executable).parent)):
        cmd = [str(Path(sys.executable).parent / "gunicorn"), "factcheck.wsgi:application",
               f"--bind=127.0.0.1:{args.port}", f"--workers={args.workers}", "--timeout=120"]
    else:
        cmd = [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading",
               f"127.0.0.1:{args.port}"]
    out = open(log_path, "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=out,
                            stderr=subprocess.STDOUT)
    log(f"server: {' '.join(cmd[:2])} (pid {proc.pid}), log {log_path}")
    return proc


def wait_ready(client, proc, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bench/ui.py: the server exited with {proc.returncode}")
        try:
            if client.get("/healthz").status_code == 200:
                return
        except Exception:  # noqa: BLE001 - not listening yet
            pass
        time.sleep(0.3)
    raise SystemExit("bench/ui.py: the server did not answer /healthz in time")


def login(client) -> None:
    page = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if page.status_code != 200 or not token:
        raise SystemExit(f"bench/ui.py: no login form ({page.status_code})")
    r = client.post("/accounts/login/", data={
        "username": REVIEWER, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1),
    }, headers={"Referer": str(client.base_url) + "/accounts/login/"})
    if r.status_code != 302 or "sessionid" not in client.cookies:
        raise SystemExit(f"bench/ui.py: login failed ({r.status_code})")


def timed(client, urls) -> np.ndarray:
    out = []
    for url in urls:
        start = time.perf_counter()
        r = client.get(url)
        body = r.content
        out.append((time.perf_counter() - start) * 1000)
        if r.status_code != 200 or not body:
            raise SystemExit(f"bench/ui.py: GET {url} -> {r.status_code}")
    return np.asarray(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--database-url", required=True,
                    help="postgres://user@host:port/dbname (created if missing)")
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--matches", type=int, default=1_000_000)
    ap.add_argument("--passages", type=int, default=20_000)
    ap.add_argument("--sources", type=int, default=40)
    ap.add_argument("--reviewers", type=int, default=12)
    ap.add_argument("--contradictions", type=int, default=5_000)
    ap.add_argument("--requests", type=int, default=200, help="timed GETs per page")
    ap.add_argument("--warmup", type=int, default=10, help="untimed GETs per page first")
    ap.add_argument("--server", choices=["gunicorn", "runserver"], default="gunicorn")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pages", type=lambda s: s.split(","), default=list(PAGES),
                    help=f"comma-separated subset of {','.join(PAGES)}")
    ap.add_argument("--regenerate", action="store_true", help="drop and rebuild the database")
    args = ap.parse_args(argv)
    if unknown := set(args.pages) - set(PAGES):
        raise SystemExit(f"bench/ui.py: unknown page(s) {', '.join(sorted(unknown))}")
    if args.claims < 2 or args.matches < args.claims:
        raise SystemExit("bench/ui.py: need --claims >= 2 and --matches >= --claims")

    var = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    env = {
        "DATABASE_URL": args.database_url, "DEBUG": "false", "CONN_MAX_AGE": "60",
        "FACTCHECK_VAR_DIR": str(var), "LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    ensure_database(args.database_url, recreate=args.regenerate)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT,
                   env={**os.environ, **env}, check=True)
    django_setup(env)

    have = existing_counts()
    t0 = time.perf_counter()
    if have is not None and have["claims"] == args.claims and have["matches"] >= args.matches // args.claims * args.claims:
        log(f"reusing {have['claims']} claims / {have['matches']} matches already in the database")
        generated = False
    else:
        if have is not None:
            from django.db import connections

            connections.close_all()
            ensure_database(args.database_url, recreate=True)
            subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
                           cwd=ROOT, env={**os.environ, **env}, check=True)
        generate(args)
        generated = True
    generate_s = time.perf_counter() - t0
    have = existing_counts()

    from django.db import connections

    from claims.models import Claim

    rng = np.random.default_rng(args.seed + 1)
    claim_ids = list(Claim.objects.order_by("?").values_list("pk", flat=True)[:5000])
    connections.close_all()

    import httpx2

    proc = start_server(args, env, var / "server.log")
    try:
        with httpx2.Client(base_url=f"http://127.0.0.1:{args.port}", timeout=120) as client:
            wait_ready(client, proc)
            login(client)
            pages = {
                "queue": lambda: "/",
                "queue_page": lambda: f"/?page={int(rng.integers(2, 100))}",
                "queue_by_conflicts": lambda: "/?sort=-conflicts",
                "claim": lambda: f"/claims/{claim_ids[int(rng.integers(0, len(claim_ids)))]}/",
                "api_claims": lambda: "/api/claims/",
                "api_claims_page": lambda: f"/api/claims/?page={int(rng.integers(2, 100))}",
                "dashboard": lambda: "/dashboard/",
                "articles": lambda: f"/articles/?page={int(rng.integers(1, 5))}",
                "articles_by_conflicts": lambda: "/articles/?sort=-conflicts",
                "search_words": lambda: f"/search/?q={NOUNS[int(rng.integers(0, len(NOUNS)))]}",
                "search_phrase": lambda: (
                    f'/search/?q="{SUBJECTS[int(rng.integers(0, len(SUBJECTS)))]}"'.replace(" ", "+")
                ),
            }
            print(f"claims: {have['claims']}")
            print(f"matches: {have['matches']}")
            print(f"data_generated: {str(generated).lower()}")
            print(f"generate_s: {generate_s:.1f}")
            print(f"server: {args.server}")
            print(f"requests_per_page: {args.requests}")
            print(f"load_average_1m: {os.getloadavg()[0]:.1f}", flush=True)
            results = {}
            for name in args.pages:
                url = pages[name]
                timed(client, [url() for _ in range(args.warmup)])
                ms = results[name] = timed(client, [url() for _ in range(args.requests)])
                print(f"{name}_p50_ms: {np.percentile(ms, 50):.1f}")
                print(f"{name}_p95_ms: {np.percentile(ms, 95):.1f}", flush=True)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()

    if "dashboard" in args.pages:
        # the page caches its figures (DASHBOARD_CACHE_SECONDS): also time a cache miss,
        # i.e. the six aggregate queries and the grouping, in this process
        from claims.selectors.dashboard import dashboard_data

        ms = []
        for _ in range(max(5, args.requests // 10)):
            start = time.perf_counter()
            dashboard_data(cached=False)
            ms.append((time.perf_counter() - start) * 1000)
        print(f"dashboard_uncached_p50_ms: {np.percentile(ms, 50):.1f}")
        print(f"dashboard_uncached_p95_ms: {np.percentile(ms, 95):.1f}")
    print(f"load_average_1m_end: {os.getloadavg()[0]:.1f}")
    worst = max(float(np.percentile(ms, 95)) for ms in results.values())
    print(f"worst_p95_ms: {worst:.1f}")
    print(f"goal_p95_met: {str(worst <= 100).lower()}")
    shutil.rmtree(var, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
