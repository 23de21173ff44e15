"""Verification runs in the admin.
"""

from django.contrib import admin

from claims.models import VerificationRun


@admin.register(VerificationRun)
class VerificationRunAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "phase", "article", "done", "failed", "total",
                    "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["article"]
    readonly_fields = ["created_at", "started_at", "finished_at"]
    raw_id_fields = ["article"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__raw_text", "article__cleaned_text")
