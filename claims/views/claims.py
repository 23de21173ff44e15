"""One claim's page and what a reviewer does on it: record a verdict, revert or
restore a machine edit of its wording, override the current verdict (moderators).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims.evidence_list import METHOD_HELP, STANCE_HELP, evidence_list
from claims.forms import (
    LABEL_KEYS,
    AdjudicateForm,
    AssignForm,
    ContradictionResolveForm,
    OverrideForm,
    ReviewModeForm,
    VerdictForm,
)
from claims.models import Claim, Match, ReviewMode, Verdict
from claims.permissions import is_moderator, is_reviewer, moderator_required, reviewer_required
from claims.selectors import claims as claim_reads
from claims.selectors.claims import HistoryEntry, claim_history
from claims.selectors.contradictions import claim_contradictions
from claims.selectors.reviews import assignable_reviewers, claim_assignments, review_state
from claims.services import claims as claim_services
from claims.services.verdicts import StaleClaimVersion, verdict_override, verdict_record
from claims.views.display import LABEL_MAP, contradiction_side, sentence_in_context
from claims.wording import claim_wording, edit_history


def _claim_context(request, claim: Claim, *, verdict_form=None, stale=None) -> dict:
    matches = list(claim.matches.all())
    evidence = evidence_list(matches, claim.text)
    verdicts = list(claim.verdicts.all())
    current = next((v for v in verdicts if v.is_current), None)
    moderator = is_moderator(request.user)
    if verdict_form is None:
        initial = {"version": claim.version}
        label = request.GET.get("label")
        if label in {value for _, value, _ in LABEL_KEYS}:
            initial["label"] = label
        verdict_form = VerdictForm(initial=initial, matches=evidence.citable)
        if "label" in initial:  # picked from the queue: the rationale is next
            verdict_form.fields["rationale"].widget.attrs["autofocus"] = True
    contradictions = [contradiction_side(c, claim.pk) for c in claim_contradictions(claim_id=claim.pk)]
    return {
        "claim": claim,
        "context": sentence_in_context(claim),
        "matches": matches,
        "evidence": evidence,
        "method_help": [(Match.Method(k).label, v.split(": ", 1)[-1]) for k, v in METHOD_HELP.items()],
        "stance_help": [(Match.Stance(k).label, v.split(": ", 1)[-1]) for k, v in STANCE_HELP.items()],
        "passages": [m for m in matches if m.passage_id],
        "other_claims": [m for m in matches if m.other_claim_id],
        "verdicts": verdicts,
        "current": current,
        "form": verdict_form,
        "label_keys": LABEL_KEYS,
        "label_map": LABEL_MAP,
        "stale": stale,
        "contradictions": contradictions,
        "open_contradictions": sum(1 for s in contradictions if s["c"].status == "suspected"),
        "resolve_form": ContradictionResolveForm(),
        "history": _history(claim, request.user),
        "wording": claim_wording(claim),
        "can_edit_wording": is_reviewer(request.user),
        "can_override": moderator,
        "blind": review_state(claim, verdicts, request.user),
        "adjudicate_form": AdjudicateForm(initial={"version": claim.version}),
        **(_moderation_context(claim) if moderator else {}),
    }


def _history(claim: Claim, viewer) -> list[HistoryEntry]:
    """Verdict and contradiction history, with the reverts of the machine's edits."""
    entries = claim_history(claim_id=claim.pk, viewer=viewer)
    edits = [HistoryEntry(e["when"], e["who"], "edit", e["action"], e)
             for e in edit_history(claim) if e["when"]]
    if not edits:
        return entries
    return sorted(entries + edits, key=lambda e: e.when, reverse=True)


def _moderation_context(claim: Claim) -> dict:
    assignments = claim_assignments(claim=claim)
    return {
        "assignments": assignments,
        "assign_form": AssignForm(
            reviewers=assignable_reviewers(),
            current=[a for a in assignments if a.claim_id],
        ),
        "mode_form": ReviewModeForm(
            initial={"review_mode": claim.review_mode},
            inherit_label=f"As the article ({claim.article.get_review_mode_display().lower()})",
        ),
    }


def _load_claim(pk: int, viewer) -> Claim:
    try:
        return claim_reads.claim_detail(pk=pk, viewer=viewer)
    except Claim.DoesNotExist:
        raise Http404("No such claim") from None


def _citable(claim: Claim) -> list:
    """The matches a verdict may cite: the ones the page lists above the floor."""
    return evidence_list(claim.matches.all(), claim.text).citable


@require_GET
@reviewer_required
def claim_detail(request, pk: int):
    claim = _load_claim(pk, request.user)
    return render(request, "claims/claim.html", _claim_context(request, claim))


@require_POST
@reviewer_required
def claim_verdict(request, pk: int):
    claim = _load_claim(pk, request.user)
    form = VerdictForm(request.POST, matches=_citable(claim))
    if form.is_valid():
        data = form.cleaned_data
        try:
            verdict = verdict_record(
                claim_id=claim.pk, user=request.user, label=data["label"],
                rationale=data["rationale"], cited_match_ids=data["cited_matches"],
                expected_version=data["version"],
            )
        except StaleClaimVersion as exc:
            claim = _load_claim(pk, request.user)  # show what changed
            fresh = request.POST.copy()
            fresh["version"] = str(exc.current)
            form = VerdictForm(fresh, matches=_citable(claim))
            form.is_valid()
            if claim.effective_review_mode == ReviewMode.DOUBLE:
                messages.warning(
                    request,
                    "Another review of this claim was recorded, or an edit of its wording "
                    "reverted, while you were editing it. Nothing was saved; your verdict is kept below. Save again to record it.",
                )
            else:
                messages.warning(
                    request,
                    "This claim changed while you were editing it (someone else saved a "
                    "verdict or reverted an edit of its wording). Nothing was saved; your verdict is kept below. Check the new "
                    "verdict, then save again to replace it.",
                )
            ctx = _claim_context(request, claim, verdict_form=form, stale=exc)
            return render(request, "claims/claim.html", ctx, status=409)
        except ValidationError as exc:
            for msg in exc.messages:
                form.add_error(None, msg)
        else:
            messages.success(request, _recorded_message(verdict))
            return redirect("claims:claim", pk=claim.pk)
    ctx = _claim_context(request, claim, verdict_form=form)
    return render(request, "claims/claim.html", ctx, status=400)


def _wording_change(request, pk: int, service, done: str):
    """POST index (+ version): revert or restore one edit, back to the wording card."""
    claim = get_object_or_404(Claim.objects.only("id"), pk=pk)  # the service re-reads it
    back = redirect(reverse("claims:claim", args=[claim.pk]) + "#wording")
    try:
        index = int(request.POST.get("index", ""))
        version = request.POST.get("version")
        version = int(version) if version not in (None, "") else None
    except ValueError:
        messages.error(request, "Nothing changed: that edit number is not a number.")
        return back
    try:
        claim = service(claim=claim, index=index, user=request.user, expected_version=version)
    except StaleClaimVersion:
        messages.warning(
            request, "Nothing changed: the claim changed since you loaded it (another "
            "reviewer reverted an edit or saved a verdict). Check its wording below, then "
            "try again.",
        )
    except ValidationError as exc:
        messages.error(request, "Nothing changed: " + " ".join(exc.messages))
    else:
        again = ("" if claim.status == Claim.Status.NOT_CHECKWORTHY
                 else " It will be matched again with this wording.")
        messages.success(request, f"{done} The claim now reads: “{claim.text}”{again}")
    return back


@require_POST
@reviewer_required
def claim_edit_revert(request, pk: int):
    return _wording_change(request, pk, claim_services.claim_edit_revert, "Edit reverted.")


@require_POST
@reviewer_required
def claim_edit_restore(request, pk: int):
    return _wording_change(request, pk, claim_services.claim_edit_restore, "Edit restored.")


def _recorded_message(verdict: Verdict) -> str:
    if verdict.sealed:
        return (f"Blind review recorded: {verdict.get_label_display()}. It stays hidden "
                "until a second reviewer has recorded theirs.")
    if verdict.kind == Verdict.Kind.SECOND_REVIEW:
        if verdict.is_current:
            return f"Second review recorded: both reviewers say {verdict.get_label_display()}."
        return ("Second review recorded. The two reviews disagree; a moderator will "
                "adjudicate.")
    return f"Verdict recorded: {verdict.get_label_display()}."


@require_http_methods(["GET", "HEAD", "POST"])
@moderator_required
def claim_override(request, pk: int):
    claim = _load_claim(pk, request.user)
    current = next((v for v in claim.verdicts.all() if v.is_current), None)
    if request.method == "POST":
        form = OverrideForm(request.POST)
        if current is None:
            messages.error(request, "This claim has no current verdict to override.")
        elif form.is_valid():
            try:
                verdict_override(
                    verdict_id=current.pk, user=request.user, label=form.cleaned_data["label"],
                    reason=form.cleaned_data["reason"], kind=form.cleaned_data["kind"],
                )
            except ValidationError as exc:
                for msg in exc.messages:
                    form.add_error(None, msg)
            else:
                messages.success(request, "Verdict overridden.")
                return redirect("claims:claim", pk=claim.pk)
        status = 400
    else:
        form = OverrideForm(initial={"label": current.label} if current else None)
        status = 200
    return render(
        request, "claims/override.html",
        {"claim": claim, "current": current, "form": form}, status=status,
    )
