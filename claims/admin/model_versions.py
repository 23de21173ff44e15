"""Admin for learned model versions: list versions and their figures, roll back.

Versions are made by ``manage.py train`` only (no add or edit here); a moderator can make
any version the active one, or go back to the artefact shipped in the repository. Both
go through ``services.model_versions.model_rollback`` and queue the re-score job.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from claims.models import ModelVersion
from claims.permissions import is_moderator
from claims.services.model_versions import model_rollback, model_rollback_to_shipped


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = ["kind", "version", "is_active", "metric", "held_back_score",
                    "replaced_score", "gain", "n_train", "n_held_back", "created_at",
                    "activated_at"]  # fmt: skip
    list_filter = ["kind", "is_active"]
    ordering = ["kind", "-version"]
    readonly_fields = ["kind", "version", "artefact_sha256", "metric", "score", "previous_score",
                       "n_train", "n_held_back", "figures", "is_active", "created_by",
                       "created_at", "activated_at"]  # fmt: skip
    exclude = ["artefact"]
    actions = ["roll_back_to_this", "roll_back_to_shipped"]

    @admin.display(description="score (held back)", ordering="score")
    def held_back_score(self, obj):
        return f"{obj.score:.4f}"

    @admin.display(description="model it replaced", ordering="previous_score")
    def replaced_score(self, obj):
        return "—" if obj.previous_score is None else f"{obj.previous_score:.4f}"

    @admin.display(description="gain")
    def gain(self, obj):
        return "—" if obj.previous_score is None else f"{obj.score - obj.previous_score:+.4f}"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("artefact").select_related("created_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # readable; the only change is the rollback action

    def has_delete_permission(self, request, obj=None):
        return False  # the record of what served when stays

    def has_view_permission(self, request, obj=None):
        return is_moderator(request.user) or super().has_view_permission(request, obj)

    def has_moderate_permission(self, request):
        return is_moderator(request.user)

    @admin.action(description="Roll back to this version", permissions=["moderate"])
    def roll_back_to_this(self, request, queryset):
        chosen = list(queryset.values_list("pk", flat=True))
        if len(chosen) != 1:
            self.message_user(request, "Pick exactly one version to roll back to.",
                              messages.ERROR)  # fmt: skip
            return
        try:
            v = model_rollback(version_id=chosen[0], user=request.user)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, f"{v.get_kind_display()} now runs version {v.version}; "
                          "re-score queued.", messages.SUCCESS)  # fmt: skip

    @admin.action(description="Roll back to the shipped artefact (this kind)",
                  permissions=["moderate"])  # fmt: skip
    def roll_back_to_shipped(self, request, queryset):
        kinds = sorted(set(queryset.values_list("kind", flat=True)))
        try:
            for kind in kinds:
                model_rollback_to_shipped(kind=kind, user=request.user)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, f"Shipped artefact serves {', '.join(kinds)}; re-score queued.",
                          messages.SUCCESS)  # fmt: skip
