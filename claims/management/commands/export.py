"""python manage.py export [--format json|jsonl|csv|claimreview] [--article ID] [-o FILE]

``claimreview`` writes a JSON array of schema.org ClaimReview objects, one per claim
with a current verdict (the count reported is of reviews, not claims).
"""

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.export.formats import WRITERS
from claims.models import Article
from claims.selectors.articles import articles_for_export


def _unit(fmt: str) -> str:
    return "claim reviews" if fmt == "claimreview" else "claims"


class Command(BaseCommand):
    help = "Export articles, claims, flags, matches, verdicts and contradictions."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(WRITERS), default="json")
        parser.add_argument("--article", type=int)
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, format, article, output, **opts):
        if article is not None and not Article.objects.filter(pk=article).exists():
            raise CommandError(f"No article with id {article}")
        articles = articles_for_export(article_id=article)
        writer = WRITERS[format]
        if not output:
            n = writer(articles, sys.stdout)
            self.stderr.write(f"{n} {_unit(format)} exported")
            return
        target = Path(output)
        if not target.parent.exists():
            raise CommandError(f"{target.parent}: no such directory")
        # write to a temporary file and rename: a failed export never leaves half a file
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".export-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                n = writer(articles, out)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.stderr.write(f"{n} {_unit(format)} exported to {target}")
