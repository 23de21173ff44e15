"""Contradictions in the admin: decisions through ``contradiction_resolve`` /
``contradiction_reopen``, so counts and history follow.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Contradiction
from claims.services.contradictions import contradiction_reopen, contradiction_resolve


@admin.register(Contradiction)
class ContradictionAdmin(SimpleHistoryAdmin):
    list_display = ["id", "claim", "other_claim", "passage", "kind", "value_claim",
                    "value_other", "status", "confidence", "resolved_by"]
    list_filter = ["kind", "status"]
    search_fields = ["claim__text", "other_claim__text", "value_claim", "value_other", "note"]
    list_select_related = ["claim", "other_claim", "passage", "resolved_by"]
    raw_id_fields = ["claim", "other_claim", "passage", "resolved_by"]
    readonly_fields = ["claim", "other_claim", "passage", "kind", "value_claim", "value_other",
                       "confidence", "detail", "created_at", "resolved_by", "resolved_at"]
    fields = ["claim", "other_claim", "passage", "kind", "value_claim", "value_other",
              "confidence", "detail", "status", "note", "created_at", "resolved_by", "resolved_at"]
    history_list_display = ["status", "note"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(
            "claim__embedding", "other_claim__embedding", "passage__embedding"
        )

    def has_add_permission(self, request):
        return False  # contradictions come from detection, never by hand

    def save_model(self, request, obj, form, change):
        """Status changes go through the service: who/when recorded, conflict counts kept."""
        try:
            if obj.status == Contradiction.Status.SUSPECTED:
                contradiction_reopen(contradiction_id=obj.pk, user=request.user, note=obj.note)
            else:
                contradiction_resolve(
                    contradiction_id=obj.pk, user=request.user, decision=obj.status,
                    note=obj.note,
                )
        except (PermissionDenied, ValidationError) as exc:
            self.message_user(request, f"Not saved: {exc}", messages.ERROR)
