"""Recompute ReferencePassage.content_hash with claims.pipeline.dedupe.text_hash.

The hash now also ignores quote marks and dashes. Passages already stored that
become equal under the new form are left in place (nothing is deleted: they may
carry matches and contradictions); the second and later keep their old hash, so
the unique constraint holds and a later load of the same text is still refused.
"""

import hashlib

from django.db import migrations

from claims.pipeline.dedupe import text_hash


def rehash(apps, schema_editor):
    ReferencePassage = apps.get_model("claims", "ReferencePassage")
    taken: set[str] = set()
    changed = []
    rows = ReferencePassage.objects.order_by("pk").only("pk", "text", "content_hash")
    for p in rows.iterator(chunk_size=2000):
        new = text_hash(p.text)
        if new in taken:  # a near-duplicate of an earlier passage: keep a hash of its own
            new = p.content_hash
            if new in taken:
                new = hashlib.sha256(f"duplicate-{p.pk}-{new}".encode()).hexdigest()
        taken.add(new)
        if new != p.content_hash:
            p.content_hash = new
            changed.append(p)
    # two passes so no row takes a hash another row still holds mid-update
    for p in changed:
        ReferencePassage.objects.filter(pk=p.pk).update(content_hash=f"tmp{p.pk}")
    for p in changed:
        ReferencePassage.objects.filter(pk=p.pk).update(content_hash=p.content_hash)


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_claim_conflict_count")]
    operations = [migrations.RunPython(rehash, migrations.RunPython.noop)]
