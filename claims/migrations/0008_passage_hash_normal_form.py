"""Recompute ReferencePassage.content_hash with claims.pipeline.dedupe.text_hash.

The hash now also ignores quote marks and dashes. Passages already stored that
become equal under the new form are left in place (nothing is deleted: they may
carry matches and contradictions); the second and later keep their old hash, so
the unique constraint holds and a later load of the same text is still refused.
"""

import hashlib
import re

from django.db import migrations

# claims.pipeline.dedupe.text_hash as it was when this migration was written (a
# migration must not change meaning when the live code does)
_QUOTES = str.maketrans(
    {
        c: "'"
        for c in '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2018\u2019\u201a\u201b\u2032\u2033`\u00b4'
    }
    | {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
)


def text_hash(text: str) -> str:
    form = re.sub(r"\s+", " ", text.translate(_QUOTES)).strip().casefold()
    return hashlib.sha256(form.encode("utf-8")).hexdigest()


def rehash(apps, schema_editor):
    ReferencePassage = apps.get_model("claims", "ReferencePassage")
    taken: set[str] = set()
    changed = []
    # passages published from verdicts are keyed by their claim, not their text
    rows = (
        ReferencePassage.objects.filter(from_verdict__isnull=True)
        .order_by("pk")
        .only("pk", "text", "content_hash")
    )
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
