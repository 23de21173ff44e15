"""python manage.py train [--what matcher|stance|checkworthy] [--dry-run] [--l2 X]

Retrains each learned model (all three when --what is not given) from its shipped base
artefact plus the reviewers' labels, scores the new and the serving model on the same
held-back labels, prints both, and promotes the new one only if it is better (a new model
version; the re-score job is queued). --dry-run trains and scores and writes nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from claims.models import ModelVersion
from claims.selectors.labels import label_counts
from claims.services.model_training import NotEnoughLabels, TrainerUnavailable, model_train


class Command(BaseCommand):
    help = "Retrain the learned models from reviewer labels; promote only if better."

    def add_arguments(self, parser):
        parser.add_argument("--what", choices=ModelVersion.Kind.values, action="append",
                            help="which model (repeatable); default: all three")  # fmt: skip
        parser.add_argument("--dry-run", action="store_true", help="train and score; write nothing")
        parser.add_argument("--l2", type=float, default=1.0, help="penalty on the correction")

    def handle(self, *args, what, dry_run, l2, **opts):
        if l2 <= 0:
            raise CommandError("--l2 must be positive")
        kinds = what or list(ModelVersion.Kind.values)
        counts = label_counts()
        failures = []
        for kind in kinds:
            have = counts.get(kind, {})
            self.stdout.write(f"{kind}: labels {sum(have.values())} "
                              f"({', '.join(f'{k} {v}' for k, v in sorted(have.items())) or 'none'})")  # fmt: skip
            try:
                r = model_train(kind=kind, dry_run=dry_run, l2=l2)
            except (NotEnoughLabels, TrainerUnavailable) as exc:
                self.stderr.write(f"{kind}: {exc}")
                failures.append(kind)
                continue
            self.stdout.write(
                f"{kind}: {r.metric} on {r.n_held_back} held-back labels "
                f"(trained on {r.n_train}): current ({r.current_tag}) {r.current_score:.4f}, "
                f"new {r.new_score:.4f}"
                + (f"; log-loss current {r.current_loss:.4f}, new {r.new_loss:.4f}"
                   if None not in (r.current_loss, r.new_loss) else "")  # fmt: skip
            )
            if r.promoted:
                self.stdout.write(self.style.SUCCESS(
                    f"{kind}: promoted as version {r.version.version} ({r.version.tag}); "
                    "re-score queued"))  # fmt: skip
            elif dry_run:
                self.stdout.write(f"{kind}: dry run: {'would promote' if r.better else 'would keep current'}")
            else:
                self.stdout.write(f"{kind}: not better; current model kept")
        if failures and len(failures) == len(kinds):
            raise CommandError(f"nothing trained ({', '.join(failures)}); see messages above")
