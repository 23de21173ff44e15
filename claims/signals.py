"""Signal receivers, connected in ``ClaimsConfig.ready``; each hands its work to a service."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from claims.models import Contradiction
from claims.services.contradictions import claim_conflict_counts_refresh


@receiver(post_delete, sender=Contradiction, dispatch_uid="contradiction_conflict_count")
def contradiction_deleted(sender, instance: Contradiction, **kwargs) -> None:
    """A deleted contradiction (also by cascade) no longer counts for its two claims."""
    claim_conflict_counts_refresh(claim_ids=[instance.claim_id, instance.other_claim_id])
