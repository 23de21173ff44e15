"""python manage.py load_reference PATH [--skip-bad]"""

from django.core.management.base import BaseCommand, CommandError

from claims.pipeline.errors import InputError
from claims.services.reference import reference_load


class Command(BaseCommand):
    help = "Load reference passages from JSONL or CSV (text, title, source, url, published)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--skip-bad", action="store_true", help="load the good rows, report the bad ones"
        )

    def handle(self, *args, path, skip_bad, **opts):
        try:
            result = reference_load(path=path, skip_bad=skip_bad)
        except InputError as exc:
            raise CommandError(str(exc)) from None
        for line in result.skipped:
            self.stderr.write(f"skipped {line}")
        shown = result.duplicate_lines  # --verbosity 2 and up: all of them
        if opts["verbosity"] == 1:
            shown = shown[:10]
        elif opts["verbosity"] == 0:
            shown = []
        for line in shown:
            self.stdout.write(f"not stored, {line}")
        if len(shown) < len(result.duplicate_lines):
            self.stdout.write(
                f"… and {len(result.duplicate_lines) - len(shown)} more duplicates "
                "(--verbosity 2 lists them all)"
            )
        self.stdout.write(
            f"{path}: {result.created} passages loaded, {result.duplicates} duplicates ignored, "
            f"{len(result.skipped)} bad rows skipped"
        )
