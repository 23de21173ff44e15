"""Claim.conflict_count: open (suspected or confirmed) contradictions on either side,
stored so the queue can sort by it through an index instead of counting two
subqueries per open claim (bench/ui.py: ``?sort=-conflicts`` took ~1.6 s at 100k
claims). The backfill counts every claim that has a contradiction; the others
keep the default 0. Kept right afterwards by services.claim_conflict_count.
"""

from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

OPEN = ("suspected", "confirmed")


def backfill(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Contradiction = apps.get_model("claims", "Contradiction")
    live = Contradiction.objects.filter(status__in=OPEN)

    def count(ref):
        sub = (live.filter(**{ref: OuterRef("pk")}).order_by().values(ref)
               .annotate(n=Count("pk")).values("n"))
        return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))

    touched = Claim.objects.filter(
        models.Q(pk__in=live.values("claim_id")) | models.Q(pk__in=live.values("other_claim_id"))
    )
    touched.update(conflict_count=count("claim") + count("other_claim"))


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0006_claim_worthiness_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="conflict_count",
            field=models.PositiveIntegerField(default=0, editable=False, help_text="Open (suspected or confirmed) contradictions on either side of the pair; kept by services.claim_conflict_count."),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["-conflict_count", "-checkworthiness", "id"], name="claim_conflicts_order"),
        ),
    ]
