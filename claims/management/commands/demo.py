"""python manage.py demo — our sample data in, the pipeline run, ready to browse.

Idempotent: running it again skips what is already loaded (duplicates are
reported by the ingest service, not stored twice).
"""

import json
import os
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.models import Article, Claim, ClaimFlag, Contradiction, Match, ReferencePassage
from claims.pipeline.errors import InputError
from claims.services.articles import DuplicateArticle, article_ingest
from claims.services.reference import reference_load
from claims.services.runs import verification_start

SAMPLE = Path(settings.BASE_DIR) / "data" / "sample"
DEMO_USERS = [
    # username, password, group, is_staff, is_superuser
    ("reviewer", "review-demo-2026", "reviewer", False, False),
    ("moderator", "moderate-demo-2026", "moderator", True, False),
    ("admin", "admin-demo-2026", None, True, True),
]


class Command(BaseCommand):
    help = "Load the sample articles and reference corpus, run the pipeline, create demo users."

    def add_arguments(self, parser):
        parser.add_argument("--data", default=str(SAMPLE), help="sample data folder")
        parser.add_argument("--no-verify", action="store_true", help="skip embedding/matching")

    def handle(self, *args, data, no_verify, **opts):
        root = Path(data)
        manifest = root / "articles.json"
        if not manifest.is_file():
            raise CommandError(f"{manifest}: no such file")
        self._users()
        for ref in sorted(root.glob("reference.*")):
            try:
                res = reference_load(path=ref)
                self.stdout.write(f"reference {ref.name}: {res.created} passages loaded, "
                                  f"{res.duplicates} already there")
            except InputError as exc:
                raise CommandError(str(exc)) from None
        new_ids = []
        for entry in json.loads(manifest.read_text(encoding="utf-8")):
            path = root / entry["file"]
            try:
                result = article_ingest(
                    content=path.read_bytes(), filename=path.name,
                    source_name=entry["source"], url=entry.get("url", ""),
                    title=entry.get("title", ""),
                    published=date.fromisoformat(entry["published"]) if entry.get("published")
                    else None,
                    enqueue_verification=False,
                )
                new_ids.append(result.article.pk)
                self.stdout.write(f"article {result.article.pk}: {path.name} "
                                  f"({result.claim_count} claims)")
            except DuplicateArticle as exc:
                self.stdout.write(f"{path.name}: already loaded as article {exc.existing.pk}")
        if not no_verify:
            self.stdout.write("embedding and matching (first run loads the model) …")
            with transaction.atomic():
                run = verification_start(all_claims=True)
            run.refresh_from_db()
            self.stdout.write(f"verification run {run.pk}: {run.status}, "
                              f"{run.done}/{run.total} claims matched")
        self.stdout.write(self.style.SUCCESS(
            f"\n{Article.objects.count()} articles, {Claim.objects.count()} claims "
            f"({ClaimFlag.objects.values('claim').distinct().count()} flagged), "
            f"{ReferencePassage.objects.count()} reference passages, "
            f"{Match.objects.count()} matches, {Contradiction.objects.count()} contradictions"
        ))
        self.stdout.write("\nDemo accounts (local use only):")
        for username, password, group, _staff, _su in DEMO_USERS:
            self.stdout.write(f"  {username:10} / {password:22} {group or 'superuser'}")
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in.")

    def _users(self):
        from claims.services.roles import roles_setup

        roles_setup()
        User = get_user_model()
        for username, password, group, staff, su in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(os.environ.get(f"DEMO_{username.upper()}_PASSWORD", password))
                user.is_staff, user.is_superuser = staff, su
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
