"""Moderator pages and actions: adjudication, review mode, assignments, agreement.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from claims.agreement import agreement_report
from claims.forms import AdjudicateForm, AssignForm, ReviewModeForm
from claims.models import Article, Assignment, Claim
from claims.permissions import moderator_required
from claims.selectors.reviews import assignable_reviewers, blind_review_rounds
from claims.services import assignments as assignment_services
from claims.services.review_modes import article_review_mode_set, claim_review_mode_set
from claims.services.verdicts import StaleClaimVersion, verdict_adjudicate


def _errors(request, exc: ValidationError) -> None:
    for msg in exc.messages:
        messages.error(request, msg)


def _form_errors(request, form) -> None:
    for field, errs in form.errors.items():
        name = form.fields[field].label if field in form.fields else ""
        for err in errs:
            messages.error(request, f"{name}: {err}" if name else err)


@require_POST
@moderator_required
def claim_adjudicate(request, pk: int):
    get_object_or_404(Claim.objects.only("id"), pk=pk)
    back = reverse("claims:claim", args=[pk]) + "#verdict"
    form = AdjudicateForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    try:
        verdict = verdict_adjudicate(
            claim_id=pk, user=request.user, label=form.cleaned_data["label"],
            reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"],
        )
    except StaleClaimVersion:
        messages.warning(request, "This claim changed meanwhile; nothing was saved. Look again.")
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Adjudicated: {verdict.get_label_display()}.")
    return redirect(back)


@require_POST
@moderator_required
def claim_review_mode(request, pk: int):
    get_object_or_404(Claim.objects.only("id"), pk=pk)
    form = ReviewModeForm(request.POST, inherit_label="")
    if form.is_valid():
        claim = claim_review_mode_set(
            claim_id=pk, user=request.user, mode=form.cleaned_data["review_mode"]
        )
        messages.success(request, f"Review mode: {claim.get_effective_review_mode_display()}.")
    else:
        _form_errors(request, form)
    return redirect(reverse("claims:claim", args=[pk]) + "#moderation")


@require_POST
@moderator_required
def article_review_mode(request, pk: int):
    get_object_or_404(Article.objects.only("id"), pk=pk)
    form = ReviewModeForm(request.POST)
    if form.is_valid():
        article = article_review_mode_set(
            article_id=pk, user=request.user, mode=form.cleaned_data["review_mode"]
        )
        messages.success(request, f"Review mode: {article.get_review_mode_display()}.")
    else:
        _form_errors(request, form)
    return redirect(reverse("claims:article", args=[pk]) + "#moderation")


def _assign(request, *, claim_id=None, article_id=None, back: str):
    current = list(
        Assignment.objects.filter(claim_id=claim_id, article_id=article_id, is_active=True)
        .select_related("reviewer")
    )
    form = AssignForm(request.POST, reviewers=assignable_reviewers(), current=current)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect(back)
    try:
        a = assignment_services.assignment_assign(
            user=request.user, reviewer_id=form.cleaned_data["reviewer"].pk,
            claim_id=claim_id, article_id=article_id, replace_id=form.cleaned_data["replace"],
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Assigned to {a.reviewer.get_username()}.")
    return redirect(back)


@require_POST
@moderator_required
def claim_assign(request, pk: int):
    get_object_or_404(Claim.objects.only("id"), pk=pk)
    return _assign(request, claim_id=pk, back=reverse("claims:claim", args=[pk]) + "#moderation")


@require_POST
@moderator_required
def article_assign(request, pk: int):
    get_object_or_404(Article.objects.only("id"), pk=pk)
    return _assign(
        request, article_id=pk, back=reverse("claims:article", args=[pk]) + "#moderation"
    )


@require_POST
@moderator_required
def assignment_end(request, pk: int):
    a = get_object_or_404(Assignment.objects.only("id", "claim_id", "article_id"), pk=pk)
    try:
        assignment_services.assignment_end(user=request.user, assignment_id=pk)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, "Assignment ended.")
    if a.claim_id:
        return redirect(reverse("claims:claim", args=[a.claim_id]) + "#moderation")
    return redirect(reverse("claims:article", args=[a.article_id]) + "#moderation")


@require_GET
@moderator_required
def agreement(request):
    overall, pairs = agreement_report(blind_review_rounds())
    return render(request, "claims/agreement.html", {"overall": overall, "pairs": pairs})
