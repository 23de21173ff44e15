"""The reference corpus and the matches in the admin.
"""

from django.contrib import admin

from claims.admin.display import score
from claims.models import Match, ReferencePassage
from claims.selectors.counts import count_subquery


@admin.register(ReferencePassage)
class ReferencePassageAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "source", "published", "from_verdict", "match_count"]
    list_filter = ["source", "embedding_model"]
    list_select_related = ["from_verdict"]
    search_fields = ["text", "title", "external_id"]
    exclude = ["embedding"]
    # kept in step with the claim's current verdict by services/reference.py
    readonly_fields = ["content_hash", "from_verdict", "embedding_model", "embedded_at",
                       "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("embedding").annotate(
            n_matches=count_subquery(Match.objects.all(), "passage")
        )

    @admin.display(description="Matches", ordering="n_matches")
    def match_count(self, obj):
        return obj.n_matches


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["id", "claim", "passage", "other_claim", "similarity", "rank", "method", "stance"]

    @admin.display(description="Similarity", ordering="score")
    def similarity(self, obj):
        return score(obj.score)

    list_filter = ["method", "stance", "model_version"]
    search_fields = ["claim__text", "passage__title"]
    list_select_related = ["claim", "passage", "other_claim"]
    raw_id_fields = ["claim", "passage", "other_claim"]
    readonly_fields = ["created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(
            "claim__embedding", "passage__embedding", "other_claim__embedding"
        )
