"""Verdicts (with their audit history and the override action) and assignments.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from claims.admin.actions import ModeratorActionsMixin
from claims.forms import OverrideForm
from claims.models import Assignment, Verdict
from claims.permissions import is_moderator
from claims.selectors.reviews import verdict_history_visible_to, verdicts_visible_to
from claims.services.assignments import assignment_end
from claims.services.verdicts import verdict_override


class OverrideActionForm(OverrideForm):
    """The admin's intermediate page (the selected ids travel as hidden inputs)."""


@admin.register(Verdict)
class VerdictAdmin(ModeratorActionsMixin, SimpleHistoryAdmin):
    """Verdicts as ``selectors.verdicts_visible_to`` allows: a sealed first blind review
    is not in the changelist, its filter counts or search, and its change, delete and
    history pages answer as for an id that names nothing, to everyone but its author
    (superusers included)."""

    list_display = ["id", "claim", "label", "kind", "reviewer", "is_current", "created_at"]
    list_filter = ["label", "kind", "is_current", "reviewer"]
    search_fields = ["rationale", "claim__text", "reviewer__username"]
    list_select_related = ["claim", "reviewer"]
    raw_id_fields = ["claim", "cited_matches"]
    # every field: verdicts change only through the services (a form field for
    # ``first_review`` would also list every verdict, sealed ones included)
    readonly_fields = ["claim", "label", "kind", "rationale", "reviewer", "is_current",
                       "sealed", "first_review", "created_at", "cited_matches"]
    actions = ["override_verdicts"]
    history_list_display = ["label", "kind", "is_current"]

    def get_queryset(self, request):
        return verdicts_visible_to(
            request.user, super().get_queryset(request).defer("claim__embedding")
        )

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        qs = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return verdict_history_visible_to(request.user, qs)

    def _visible_or_404(self, request, object_id) -> None:
        if not str(object_id).isdigit():
            raise Http404("No such verdict.")
        pk = int(object_id)
        if (Verdict.objects.filter(pk=pk).exists()
                and not verdicts_visible_to(request.user).filter(pk=pk).exists()):
            raise Http404("No such verdict.")  # as if there were none

    def history_view(self, request, object_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._visible_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id,
                                         extra_context=extra_context)

    def has_add_permission(self, request):
        return False  # verdicts are recorded on the claim page or through an override

    @admin.action(description="Override verdict (with a reason)…", permissions=["moderate"])
    def override_verdicts(self, request, queryset):
        if not is_moderator(request.user):
            raise PermissionDenied
        verdicts = list(queryset.select_related("claim", "reviewer"))
        if "apply" in request.POST:
            form = OverrideActionForm(request.POST)
            if form.is_valid():
                done, problems = 0, []
                for v in verdicts:
                    try:
                        verdict_override(
                            verdict_id=v.pk, user=request.user, label=form.cleaned_data["label"],
                            reason=form.cleaned_data["reason"], kind=form.cleaned_data["kind"],
                        )
                        done += 1
                    except ValidationError as exc:
                        problems.append(f"verdict {v.pk}: {' '.join(exc.messages)}")
                if done:
                    self.message_user(request, f"Overrode {done} verdict(s).", messages.SUCCESS)
                for p in problems:
                    self.message_user(request, p, messages.WARNING)
                return None
        else:
            form = OverrideActionForm(
                initial={"label": verdicts[0].label if len(verdicts) == 1 else None}
            )
        context = {
            **self.admin_site.each_context(request),
            "title": "Override verdicts",
            "opts": self.model._meta,
            "verdicts": verdicts,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/claims/verdict/override.html", context)


@admin.register(Assignment)
class AssignmentAdmin(ModeratorActionsMixin, SimpleHistoryAdmin):
    """Assignments are made with the claim/article "Assign to a reviewer" action or on
    their pages; here they are listed, searched and ended (rows are kept)."""

    list_display = ["id", "claim", "article", "reviewer", "assigned_by", "assigned_at",
                    "is_active", "ended_by", "ended_at"]
    list_filter = ["is_active", "reviewer", "assigned_by"]
    search_fields = ["reviewer__username", "claim__text", "article__title"]
    list_select_related = ["claim", "article", "reviewer", "assigned_by", "ended_by"]
    raw_id_fields = ["claim", "article"]
    readonly_fields = ["claim", "article", "reviewer", "assigned_by", "assigned_at",
                       "is_active", "ended_by", "ended_at"]
    actions = ["end_assignments"]
    history_list_display = ["is_active", "ended_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(
            "claim__embedding", "article__raw_text", "article__cleaned_text"
        )

    def has_add_permission(self, request):
        return False

    @admin.action(description="End the selected assignments", permissions=["moderate"])
    def end_assignments(self, request, queryset):
        n = 0
        for pk in queryset.filter(is_active=True).values_list("pk", flat=True):
            assignment_end(user=request.user, assignment_id=pk)
            n += 1
        self.message_user(request, f"Ended {n} assignment(s).", messages.SUCCESS)
