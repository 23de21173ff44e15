"""python manage.py ingest PATH... [--source NAME] [--url URL] [--published YYYY-MM-DD] [--title T]"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.pipeline.errors import InputError
from claims.services.articles import DuplicateArticle, article_ingest_text_or_url


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--published {value!r} is not a YYYY-MM-DD date") from None


class Command(BaseCommand):
    help = "Ingest articles from files (.txt, .html, .md) or a URL; extract their claims."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="files to ingest")
        parser.add_argument("--source", default="", help="source (outlet) name")
        parser.add_argument("--url", default="", help="the article's URL; fetched if no PATH")
        parser.add_argument("--published", type=_iso_date, help="publication date YYYY-MM-DD")
        parser.add_argument("--title", default="")
        parser.add_argument(
            "--no-verify", action="store_true", help="do not queue matching after extraction"
        )

    def handle(self, *args, **opts):
        paths = [Path(p) for p in opts["paths"]]
        if not paths and not opts["url"]:
            raise CommandError("Give at least one PATH, or --url to fetch a page.")
        for p in paths:
            if not p.is_file():
                raise CommandError(f"{p}: no such file")
        common = dict(
            title=opts["title"], published=opts["published"],
            enqueue_verification=not opts["no_verify"],
        )
        failures = 0
        jobs = [(p, None) for p in paths] or [(None, opts["url"])]
        for path, url in jobs:
            label = str(path) if path else url
            try:
                result = article_ingest_text_or_url(
                    content=path.read_bytes() if path else None,
                    filename=path.name if path else None, url=opts["url"],
                    source_name=opts["source"] or (path.parent.name if path else "")
                    or ("local files" if path else ""), **common,
                )
            except DuplicateArticle as exc:
                failures += 1
                self.stderr.write(f"{label}: {exc}")
                continue
            except InputError as exc:
                failures += 1
                self.stderr.write(f"{label}: {exc}")
                continue
            a = result.article
            flagged = a.claims.filter(flags__isnull=False).distinct().count()
            self.stdout.write(
                f"{label}: article {a.pk} {a.title[:60]!r} ({a.source.name}, published "
                f"{a.published or 'unknown'}): {result.claim_count} claims, {flagged} flagged"
            )
            if result.queue_error:
                self.stderr.write(f"{label}: stored, but matching was not queued: {result.queue_error}")
        if failures:
            raise CommandError(f"{failures} of {len(jobs)} document(s) were not ingested")
