from django.db import migrations


def seed(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, every, period in [
        ("Re-verify stale claims", "claims.tasks.reverify_stale", 30, "minutes"),
        ("Cross-source contradiction sweep", "claims.tasks.sweep_contradictions", 1, "days"),
        ("Run watchdog", "claims.tasks.watchdog", 10, "minutes"),
    ]:
        interval, _ = IntervalSchedule.objects.get_or_create(every=every, period=period)
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": interval})


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_run_phase"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
