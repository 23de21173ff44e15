"""A CheckThat split inside the workbench's own database, for the matching benchmarks.

- :func:`setup_django` points Django at a bench database (a SQLite file under
  ``var/bench-db/`` by default, or ``--database-url`` for PostgreSQL+pgvector, the
  database created if missing) with Celery eager, and migrates it.
- :func:`corpus_load` writes the verified claims to a temporary JSONL file and loads
  it with the ``reference_load`` service (which embeds the passages through the
  embed task, as in production). A database that already holds exactly this corpus
  is reused; one that holds anything else is refused.
- :func:`claims_for_queries` makes one article + one claim per query (the tweet as
  the claim text; dates, numbers and entities extracted as extraction does), after
  deleting the previous run's bench articles.

Passage ids are ``<format>:<vclaim id>``; the loader keeps the first of texts that
are equal up to case, spacing, quotes and dashes, so :func:`corpus_load` returns the
map from every vclaim id to the id that stands for it.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_SOURCE = "CheckThat bench queries"


def setup_django(database_url: str | None, label: str) -> str:
    """Configure and migrate the bench database; returns its URL."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    if database_url is None:
        folder = ROOT / "var" / "bench-db"
        folder.mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{folder / (label + '.sqlite3')}"
    elif database_url.startswith("postgres"):
        _pg_create(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return database_url


def _pg_create(url: str) -> None:
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _passage_row(fmt: str, doc) -> dict:
    # passages have no subtitle field: the 2022 subtitles are left out (and so most
    # 2022 passages embed the same string as their 2020 twin, and share its vector)
    return {"id": f"{fmt}:{doc.id}", "text": doc.vclaim, "title": doc.title[:500],
            "source": f"CheckThat {fmt}"}


def corpus_load(data, fmt: str) -> dict[str, str]:
    """Load ``data.corpus`` (reusing a database that holds it); returns vclaim id ->
    the vclaim id whose passage stands for it."""
    from claims.models import ReferencePassage
    from claims.selectors.runs import stale_embedding_ids
    from claims.services.embeddings import passages_embed
    from claims.services.reference import passage_hash, reference_load

    rows = [_passage_row(fmt, d) for d in data.corpus if d.vclaim.strip()]
    stands: dict[str, str] = {}
    first: dict[str, str] = {}
    for r in rows:
        vid = r["id"].split(":", 1)[1]
        stands[vid] = first.setdefault(passage_hash(r["text"]), vid)
    kept = {f"{fmt}:{v}" for v in first.values()}
    have = set(ReferencePassage.objects.values_list("external_id", flat=True))
    if have and have != kept:
        raise SystemExit(
            f"the bench database holds {len(have)} other passages; give a fresh one "
            "(or delete var/bench-db/)"
        )
    if not have:
        from unittest import mock

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "corpus.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                for r in rows:
                    fh.write(json.dumps(r) + "\n")
            # embed below, after the cache had its say (same service, same strings)
            with mock.patch("claims.services.embeddings.passages_embed_enqueue"):
                result = reference_load(path=path)
        print(f"# loaded {result.created} passages ({result.duplicates} duplicates)",
              file=sys.stderr)
    _claims, stale = stale_embedding_ids()
    if stale:
        _from_cache(stale)
        _claims, stale = stale_embedding_ids()
    if stale:
        print(f"# embedding {len(stale)} passages", file=sys.stderr)
        passages_embed(passage_ids=stale)
    _to_cache()
    return stands


CACHE = ROOT / "var" / "bench-cache"


def _cache_path():
    from claims.pipeline import embed

    return CACHE / f"passage-vectors-{embed.model_version().replace('@', '_')}.npz"


def _key(title: str, text: str) -> str:
    import hashlib

    # the string passages_embed embeds: title and text joined by a space
    joined = " ".join(x for x in (title, text) if x)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()


def _from_cache(ids: list[int]) -> None:
    """Vectors that ``passages_embed`` made earlier for the very same string, from
    var/bench-cache/ (a bench speed-up only: 10k CPU embeddings take minutes)."""
    import numpy as np
    from django.utils import timezone

    from claims.models import ReferencePassage
    from claims.pipeline import embed

    path = _cache_path()
    if not path.exists():
        return
    with np.load(path) as npz:
        known = dict(zip(npz["keys"].tolist(), npz["vectors"], strict=True))
    rows = list(ReferencePassage.objects.filter(pk__in=ids).only("pk", "title", "text"))
    hit = [r for r in rows if _key(r.title, r.text) in known]
    now = timezone.now()
    for r in hit:
        r.embedding = known[_key(r.title, r.text)]
        r.embedding_model = embed.model_version()
        r.embedded_at = now
    ReferencePassage.objects.bulk_update(hit, ["embedding", "embedding_model", "embedded_at"],
                                         batch_size=500)
    print(f"# {len(hit)} of {len(rows)} passage vectors from {path.name}", file=sys.stderr)


def _to_cache() -> None:
    import numpy as np

    from claims.models import ReferencePassage
    from claims.pipeline import embed

    path = _cache_path()
    known: dict = {}
    if path.exists():
        with np.load(path) as npz:
            known = dict(zip(npz["keys"].tolist(), npz["vectors"], strict=True))
    rows = ReferencePassage.objects.filter(embedding_model=embed.model_version()).values_list(
        "title", "text", "embedding")
    before = len(known)
    for title, text, vec in rows:
        known.setdefault(_key(title, text), np.asarray(vec, np.float32))
    if len(known) == before:
        return
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".tmp.npz")
    np.savez(tmp, keys=np.asarray(list(known)), vectors=np.stack(list(known.values())))
    tmp.replace(path)


def claims_for_queries(queries: dict[str, str], fmt: str) -> dict[str, int]:
    """One article and one pending claim per query; returns query id -> claim id."""
    from django.db import transaction

    from claims.models import Article, Claim, Source
    from claims.pipeline.dedupe import text_hash
    from claims.pipeline.entities import extract_entities
    from claims.pipeline.quantities import extract_quantities
    from claims.pipeline.temporal import extract_dates

    with transaction.atomic():
        Article.objects.filter(source__name=BENCH_SOURCE).delete()
        source, _ = Source.objects.get_or_create(name=BENCH_SOURCE)
        articles = Article.objects.bulk_create(
            [
                Article(source=source, title=f"{fmt} query {qid}", raw_text=text,
                        cleaned_text=text, content_hash=text_hash(f"{fmt}\0{qid}\0{text}"))
                for qid, text in queries.items()
            ],
            batch_size=500,
        )
        if any(a.pk is None for a in articles):
            by_title = dict(Article.objects.filter(source=source).values_list("title", "pk"))
            for a in articles:
                a.pk = by_title[a.title]
        claims = Claim.objects.bulk_create(
            [
                Claim(article=a, position=0, text=text, sentence=text, start=0, end=len(text),
                      checkworthiness=0.5,
                      dates=[d.to_dict() for d in extract_dates(text, reference=None)],
                      numbers=[q.to_dict() for q in extract_quantities(text)],
                      entities=[e.to_dict() for e in extract_entities(text)])
                for a, text in zip(articles, queries.values(), strict=True)
            ],
            batch_size=500,
        )
        if any(c.pk is None for c in claims):
            by_article = dict(Claim.objects.filter(article__source=source)
                              .values_list("article_id", "pk"))
            return {q: by_article[a.pk] for q, a in zip(queries, articles, strict=True)}
    return {q: c.pk for q, c in zip(queries, claims, strict=True)}
