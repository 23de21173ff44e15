"""Bulk actions shared by the changelists: moderators only, each through a service.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from claims.models import ReviewMode
from claims.permissions import is_moderator
from claims.selectors.reviews import assignable_reviewers
from claims.services.assignments import assignment_assign


class ModeratorActionsMixin:
    def has_moderate_permission(self, request):
        return is_moderator(request.user)


class AssignActionForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=None, label="Reviewer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = assignable_reviewers()


class AssignActionMixin(ModeratorActionsMixin):
    """Bulk "assign to a reviewer" (through ``assignment_assign``, one row per item) and
    review-mode actions for the claim and article changelists."""

    assign_target = ""  # "claim_id" or "article_id"

    def _mode_set(self, request, pk, mode):
        raise NotImplementedError

    @admin.action(description="Assign to a reviewer…", permissions=["moderate"])
    def assign_to_reviewer(self, request, queryset):
        items = list(queryset)
        if "apply" in request.POST:
            form = AssignActionForm(request.POST)
            if form.is_valid():
                reviewer = form.cleaned_data["reviewer"]
                done, problems = 0, []
                for obj in items:
                    try:
                        assignment_assign(user=request.user, reviewer_id=reviewer.pk,
                                          **{self.assign_target: obj.pk})
                        done += 1
                    except ValidationError as exc:
                        problems.append(f"{obj.pk}: {' '.join(exc.messages)}")
                if done:
                    self.message_user(
                        request, f"Assigned {done} item(s) to {reviewer.get_username()}.",
                        messages.SUCCESS,
                    )
                for p in problems:
                    self.message_user(request, p, messages.WARNING)
                return None
        else:
            form = AssignActionForm()
        context = {
            **self.admin_site.each_context(request),
            "title": "Assign to a reviewer",
            "opts": self.model._meta,
            "items": items,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "action_name": "assign_to_reviewer",
            "media": self.media,
        }
        return TemplateResponse(request, "admin/claims/assign.html", context)

    def _set_modes(self, request, queryset, mode: str, label: str):
        n = 0
        for pk in queryset.values_list("pk", flat=True):
            self._mode_set(request, pk, mode)
            n += 1
        self.message_user(request, f"{n} item(s) set to {label}.", messages.SUCCESS)

    @admin.action(description="Review mode: two blind reviewers", permissions=["moderate"])
    def set_double_review(self, request, queryset):
        self._set_modes(request, queryset, ReviewMode.DOUBLE, "two blind reviewers")

    @admin.action(description="Review mode: one reviewer", permissions=["moderate"])
    def set_single_review(self, request, queryset):
        self._set_modes(request, queryset, ReviewMode.SINGLE, "one reviewer")
