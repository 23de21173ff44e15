"""Contradictions: confirm or dismiss one, and the event page (one claim and every
other source's version of it).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims.evidence_list import evidence_list
from claims.forms import ContradictionResolveForm
from claims.models import Claim, Contradiction
from claims.permissions import is_moderator, reviewer_required
from claims.selectors.claims import matches_shown
from claims.selectors.contradictions import claim_contradictions, claim_event
from claims.services import contradictions as contradiction_services
from claims.views.display import contradiction_side, event_threshold


@require_POST
@reviewer_required
def contradiction_resolve(request, pk: int):
    contradiction = get_object_or_404(Contradiction.objects.only("id", "claim_id", "other_claim_id"), pk=pk)
    back = request.POST.get("claim")
    sides = {contradiction.claim_id, contradiction.other_claim_id}
    back_id = int(back) if back and back.isdigit() and int(back) in sides else contradiction.claim_id
    form = ContradictionResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose confirm or dismiss.")
        return redirect("claims:claim", pk=back_id)
    try:
        c = contradiction_services.contradiction_resolve(
            contradiction_id=pk, user=request.user, decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Contradiction {c.get_status_display().lower()}.")
    if request.POST.get("back") == "event":
        return redirect(reverse("claims:event", args=[back_id]) + "#contradictions")
    return redirect(reverse("claims:claim", args=[back_id]) + "#contradictions")


@require_GET
@reviewer_required
def event_detail(request, claim_id: int):
    try:
        threshold = float(request.GET.get("min", event_threshold()))
    except ValueError:
        threshold = event_threshold()
    threshold = min(max(threshold, 0.0), 1.0)
    try:
        claim, versions = claim_event(claim_id=claim_id, threshold=threshold)
    except Claim.DoesNotExist:
        raise Http404("No such claim") from None
    # the same contradictions and evidence as the claim page, whatever the threshold
    contradictions = [contradiction_side(c, claim.pk) for c in claim_contradictions(claim_id=claim.pk)]
    passages = list(matches_shown().filter(claim_id=claim.pk, passage__isnull=False))
    return render(request, "claims/event.html", {
        "claim": claim, "versions": versions, "threshold": threshold,
        "conflicting": sum(1 for v in versions if any(
            c.status != "dismissed" for c in v.contradictions)),
        "corroborating": sum(1 for v in versions if v.stance == "support"),
        "contradictions": contradictions,
        "open_contradictions": sum(1 for s in contradictions if s["c"].status == "suspected"),
        "evidence": evidence_list(passages, claim.text),
        "can_override": is_moderator(request.user),
        "back_to": "event",
    })
