"""Sources, articles and their claims in the admin (claims: readings shown, text and
status locked; bulk assign, review mode and "not check-worthy" through services).
"""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.utils.html import format_html, format_html_join

from claims.admin.actions import AssignActionMixin
from claims.admin.display import FlagCodeFilter, chips, score, text_cell
from claims.evidence_list import cut_at_word
from claims.models import Article, Claim, ClaimFlag, Match, Source, VerificationRun
from claims.selectors.contradictions import conflict_count_expr
from claims.selectors.counts import count_subquery
from claims.services.claims import claims_mark_not_checkworthy
from claims.services.review_modes import article_review_mode_set, claim_review_mode_set
from claims.services.runs import verification_start


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "article_count", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "url"]
    readonly_fields = ["created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_articles=Count("articles"))

    @admin.display(description="Articles", ordering="n_articles")
    def article_count(self, obj):
        return obj.n_articles


@admin.register(Article)
class ArticleAdmin(AssignActionMixin, admin.ModelAdmin):
    list_display = ["id", "title", "source", "published", "status", "review_mode", "claim_count",
                    "created_at"]
    list_filter = ["status", "review_mode", "source", "input_format", "published_origin"]
    actions = ["assign_to_reviewer", "set_double_review", "set_single_review"]
    assign_target = "article_id"

    def _mode_set(self, request, pk, mode):
        article_review_mode_set(article_id=pk, user=request.user, mode=mode)
    search_fields = ["title", "url", "author"]
    list_select_related = ["source"]
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        qs = super().get_queryset(request).defer("raw_text", "cleaned_text")
        return qs.annotate(n_claims=count_subquery(Claim.objects.all(), "article"))

    @admin.display(description="Claims", ordering="n_claims")
    def claim_count(self, obj):
        return obj.n_claims


class ClaimFlagInline(admin.TabularInline):
    model = ClaimFlag
    extra = 0


@admin.register(Claim)
class ClaimAdmin(AssignActionMixin, admin.ModelAdmin):
    list_display = [
        "id", "short_text", "article_title", "worthiness", "status", "review_mode", "flag_count",
        "match_count", "conflict_count",
    ]
    list_filter = ["status", "review_mode", FlagCodeFilter, "article__source"]
    assign_target = "claim_id"
    search_fields = ["text", "sentence", "article__title"]
    list_select_related = ["article"]
    # text, status and the machine's readings change through services (actions, the claim
    # page's Revert, verdicts), never by typing here; they are shown, not edited
    readonly_fields = ["article", "text", "sentence", "status", "worthiness", "position", "start", "end",
                       "dates_read", "numbers_read", "entities_read", "edits_read",
                       "embedding_model", "embedded_at", "matched_at", "created_at", "version",
                       "conflict_count"]
    fields = ["article", "position", "text", "sentence", "attribution", "status", "review_mode",
              "worthiness", "dates_read", "numbers_read", "entities_read", "edits_read",
              "start", "end", "conflict_count", "version", "embedding_model", "embedded_at",
              "matched_at", "created_at"]
    exclude = None
    raw_id_fields = ["article"]
    inlines = [ClaimFlagInline]
    actions = ["requeue_verification", "mark_not_checkworthy", "assign_to_reviewer",
               "set_double_review", "set_single_review"]

    def _mode_set(self, request, pk, mode):
        claim_review_mode_set(claim_id=pk, user=request.user, mode=mode)

    def get_queryset(self, request):
        qs = super().get_queryset(request).defer("embedding", "article__raw_text",
                                                 "article__cleaned_text")
        return qs.annotate(
            n_flags=count_subquery(ClaimFlag.objects.all(), "claim"),
            n_matches=count_subquery(Match.objects.all(), "claim"),
            n_conflicts=conflict_count_expr(),
        )

    class Media:
        css = {"all": ["claims/admin.css"]}

    @admin.display(description="Claim")
    def short_text(self, obj):
        return text_cell(obj.text)

    @admin.display(description="Article", ordering="article__title")
    def article_title(self, obj):
        return cut_at_word(str(obj.article), 60)

    @admin.display(description="Check-worthiness", ordering="checkworthiness")
    def worthiness(self, obj):
        return score(obj.checkworthiness)

    @admin.display(description="Dates")
    def dates_read(self, obj):
        return chips(obj.dates)

    @admin.display(description="Numbers")
    def numbers_read(self, obj):
        return chips(obj.numbers)

    @admin.display(description="Entities")
    def entities_read(self, obj):
        return chips(obj.entities, key_value="label")

    @admin.display(description="The machine's edits")
    def edits_read(self, obj):
        rows = [(e.get("original", ""), e.get("replacement", ""), e.get("reason", ""))
                for e in obj.edits or [] if isinstance(e, dict)]
        if not rows:
            return "–"
        return format_html("<ul class=\"admin-chips\">{}</ul>", format_html_join(
            "", "<li>“{}” → “{}” <span class=\"quiet\">({})</span></li>", rows))

    @admin.display(description="Flags", ordering="n_flags")
    def flag_count(self, obj):
        return obj.n_flags

    @admin.display(description="Matches", ordering="n_matches")
    def match_count(self, obj):
        return obj.n_matches

    @admin.display(description="Conflicts", ordering="n_conflicts")
    def conflict_count(self, obj):
        return obj.n_conflicts

    @admin.action(description="Re-queue verification (embed and match again)",
                  permissions=["moderate"])
    def requeue_verification(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        with transaction.atomic():
            run = verification_start(claim_ids=ids, kind=VerificationRun.Kind.VERIFY)
        run.refresh_from_db()  # queued, or already done when Celery runs eagerly
        skipped = len(ids) - run.total
        note = f"; {skipped} not check-worthy, left out" if skipped else ""
        level = messages.ERROR if run.status == VerificationRun.Status.FAILED else messages.SUCCESS
        self.message_user(
            request,
            f"Re-queued {run.total} claim(s) for verification as run {run.pk} "
            f"({run.get_status_display().lower()}){note}.",
            level,
        )
        return None

    @admin.action(description="Mark as not check-worthy", permissions=["moderate"])
    def mark_not_checkworthy(self, request, queryset):
        n = claims_mark_not_checkworthy(
            claim_ids=queryset.values_list("pk", flat=True), user=request.user
        )
        self.message_user(request, f"Marked {n} claim(s) as not check-worthy.", messages.SUCCESS)
