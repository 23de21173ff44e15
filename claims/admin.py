"""Moderation in the admin: filters, search, audit history, bulk actions through services.

Every changelist annotates its counts and selects its related rows, so a page of
100 rows costs the same handful of queries as a page of 3.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from .admin_display import FlagCodeFilter, chips, score, text_cell
from .evidence_list import cut_at_word
from .forms import OverrideForm
from .models import (
    Article,
    Assignment,
    Claim,
    ClaimFlag,
    Contradiction,
    Match,
    ReferencePassage,
    ReviewMode,
    Source,
    Verdict,
    VerificationRun,
)
from .permissions import is_moderator
from .selectors import (
    assignable_reviewers,
    conflict_count_expr,
    count_subquery,
    verdict_history_visible_to,
    verdicts_visible_to,
)
from .services.assignment_assign import assignment_assign, assignment_end
from .services.claim_mark import claims_mark_not_checkworthy
from .services.contradiction_resolve import contradiction_reopen, contradiction_resolve
from .services.review_mode_set import article_review_mode_set, claim_review_mode_set
from .services.verdict_override import verdict_override
from .services.verification_start import verification_start


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


@admin.register(ReferencePassage)
class ReferencePassageAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "source", "published", "from_verdict", "match_count"]
    list_filter = ["source", "embedding_model"]
    list_select_related = ["from_verdict"]
    search_fields = ["text", "title", "external_id"]
    exclude = ["embedding"]
    # kept in step with the claim's current verdict by services/verdict_reference.py
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


# "Matchs" in the sidebar: Django adds an "s". Set on the admin side, since a Meta
# verbose_name_plural would need a migration (AlterModelOptions) for a label only.
Match._meta.verbose_name_plural = "matches"

# learned model versions (manage.py train): their own module
from . import admin_models  # noqa: E402, F401
