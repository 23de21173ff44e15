"""A claim's settled verdict as a reference passage: the "previously fact-checked" task.

Once a claim has a current verdict, its text joins the reference corpus as a passage
linked to that verdict (``ReferencePassage.from_verdict``). A later article that
repeats the claim is matched to it like any other reference passage, and the claim
page shows the earlier verdict with a link to the claim it settled.

There is one such passage per claim. It follows the claim's current verdict: a new
current verdict (review, agreeing second review, override, adjudication) re-points
it; when the claim has no current verdict any more, the passage is removed (with
the matches that cited it). Sealed first reviews are never published.

These passages do not make the whole corpus stale (``reverify.stale_claim_ids``
ignores them) and are not compared slot by slot (the claim they came from is
already compared across sources); a claim is never matched to its own article's.
"""

from __future__ import annotations

import hashlib

from django.db.models import Q
from django.utils import timezone

from claims.models import Claim, ReferencePassage, Verdict

SOURCE = "Workbench verdict"


def verdict_passage_hash(claim_id: int) -> str:
    """A hash of the claim, not of its text: two claims with one text are two passages."""
    return hashlib.sha256(f"verdict-of-claim:{claim_id}".encode()).hexdigest()


def verdict_reference_sync(*, claim_id: int) -> ReferencePassage | None:
    """Make the claim's verdict passage match its current verdict (or remove it).

    Runs inside the caller's transaction; the embedding is queued on commit.
    """
    current = (
        Verdict.objects.filter(claim_id=claim_id, is_current=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    digest = verdict_passage_hash(claim_id)
    passage = (
        ReferencePassage.objects.select_for_update(of=("self",))  # not the joined verdict
        .filter(Q(content_hash=digest) | Q(from_verdict__claim_id=claim_id))
        .order_by("pk")
        .first()
    )
    if current is None:
        if passage is not None:
            passage.delete()
        return None
    claim = Claim.objects.only("text").get(pk=claim_id)
    day = timezone.localdate(current.created_at)
    if passage is None:
        # no title: the label would be embedded and searched as words ("refuted"),
        # and pages and the API read it from the verdict anyway
        passage = ReferencePassage.objects.create(
            text=claim.text, source=SOURCE, published=day, content_hash=digest,
            from_verdict=current,
        )
        _embed_on_commit(passage.pk)
        return passage
    stale_text = passage.text != claim.text
    passage.from_verdict = current
    passage.published = day
    fields = ["from_verdict", "published"]
    if stale_text:
        passage.text = claim.text
        passage.embedding, passage.embedding_model, passage.embedded_at = None, "", None
        fields += ["text", "embedding", "embedding_model", "embedded_at"]
    passage.save(update_fields=fields)
    if stale_text:
        _embed_on_commit(passage.pk)
    return passage


def _embed_on_commit(passage_id: int) -> None:
    from .verification_start import passages_embed_enqueue

    passages_embed_enqueue(passage_ids=[passage_id])  # sent when the transaction commits
