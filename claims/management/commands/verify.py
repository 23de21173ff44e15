"""python manage.py verify [--article ID | --all] [--wait]"""

import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.models import Article, VerificationRun
from claims.services.runs import verification_start


def progress_bar(run: VerificationRun, width: int = 30) -> str:
    frac = run.progress
    filled = int(round(frac * width))
    return (
        f"[{'#' * filled}{'.' * (width - filled)}] {run.done + run.failed}/{run.total} "
        f"{run.get_phase_display().lower()} ({run.get_status_display().lower()}"
        f"{f', {run.failed} failed' if run.failed else ''})"
    )


class Command(BaseCommand):
    help = "Embed and match claims against the reference corpus and other sources."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--article", type=int, help="one article's claims")
        target.add_argument("--all", action="store_true", help="every check-worthy claim")
        parser.add_argument("--wait", action="store_true", help="follow progress until done")
        parser.add_argument("--timeout", type=int, default=3600, help="seconds to wait at most")

    def handle(self, *args, article, all, wait, timeout, **opts):
        if article is not None and not Article.objects.filter(pk=article).exists():
            raise CommandError(f"No article with id {article}")
        from django.db import transaction

        with transaction.atomic():
            run = verification_start(
                article_ids=[article] if article is not None else None, all_claims=all
            )
        if run.status == VerificationRun.Status.FAILED and run.phase == VerificationRun.Phase.DONE \
                and not run.started_at:  # refused by the broker: nothing was queued
            raise CommandError(f"run {run.pk} was not queued: {run.errors[-1]['error']}")
        eager = settings.CELERY_TASK_ALWAYS_EAGER
        self.stdout.write(
            f"run {run.pk}: {run.total} claims "
            + ("(ran in this process)" if eager else "queued for the workers")
        )
        if not (wait or eager):
            return
        deadline = time.monotonic() + timeout
        tty = sys.stdout.isatty()
        while True:
            run.refresh_from_db()
            line = progress_bar(run)
            self.stdout.write(("\r" + line) if tty else line, ending="" if tty else "\n")
            if run.status in (VerificationRun.Status.COMPLETE, VerificationRun.Status.FAILED):
                break
            if time.monotonic() > deadline:
                raise CommandError(f"\nrun {run.pk} still {run.status} after {timeout} s")
            time.sleep(1 if tty else 5)
        if tty:
            self.stdout.write("")
        if run.status == VerificationRun.Status.FAILED:
            raise CommandError(f"run {run.pk} failed: {run.errors[-1] if run.errors else ''}")
