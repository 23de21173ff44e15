"""The pages' filters (django-filter): the review queue, the articles list and search
results.
"""

import django_filters
from django import forms
from django.db.models import Q

from claims.flag_words import flag_label
from claims.models import Article, Claim, Source
from claims.selectors import claims as claim_reads
from claims.selectors.articles import VerificationState
from claims.selectors.claims import OPEN_STATUSES, below_threshold_q
from claims.selectors.reviews import claims_assigned_to

STATUS_CHOICES = [("open", "Open (needs review)"), ("all", "Any status")] + list(
    Claim.Status.choices
)


class ClaimQueueFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", empty_label=None, label="Status"
    )
    flag = django_filters.ChoiceFilter(
        choices=[], method="filter_flag", empty_label="Any flag", label="Flag"
    )
    source = django_filters.ModelChoiceFilter(
        field_name="article__source", queryset=Source.objects.only("id", "name").order_by("name"),
        empty_label="Any source", label="Source",
    )
    article = django_filters.ModelChoiceFilter(
        queryset=Article.objects.only("id", "title"), widget=forms.HiddenInput, label="Article"
    )
    has_contradiction = django_filters.BooleanFilter(
        method="filter_has_contradiction", label="Contradictions",
        widget=forms.Select(choices=[("", "With or without"), ("true", "With open conflicts"),
                                     ("false", "Without conflicts")]),
    )
    assigned_to_me = django_filters.BooleanFilter(
        method="filter_assigned_to_me", label="Assigned",
        widget=forms.Select(choices=[("", "To anyone"), ("true", "Assigned to me"),
                                     ("false", "Not assigned to me")]),
    )
    sort = django_filters.OrderingFilter(
        fields=(("checkworthiness", "worthiness"), ("conflict_count", "conflicts")),
        field_labels={"checkworthiness": "Check-worthiness", "conflict_count": "Conflicts"},
        empty_label=None, label="Sort",
    )

    class Meta:
        model = Claim
        fields = []

    def __init__(self, data=None, *args, flag_codes=None, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("status"):
            data["status"] = "open"
        if not data.get("sort"):
            data["sort"] = "-worthiness"
        super().__init__(data, *args, **kwargs)
        codes = flag_codes if flag_codes is not None else claim_reads.flag_codes()
        self.filters["flag"].extra["choices"] = [(c, flag_label(c)) for c in codes]

    def filter_status(self, qs, name, value):
        """The threshold applies here as in the tab counts (selectors.below_threshold_q)."""
        below = below_threshold_q()
        if value == "open":
            return qs.filter(status__in=OPEN_STATUSES).exclude(below)
        if value == "all":
            return qs
        if value == Claim.Status.NOT_CHECKWORTHY:
            return qs.filter(Q(status=value) | below)
        return qs.filter(status=value).exclude(below)

    def filter_flag(self, qs, name, value):
        return qs.filter(pk__in=Claim.objects.filter(flags__code=value).values("pk"))

    def filter_assigned_to_me(self, qs, name, value: bool):
        """Needs ``request`` (the view passes it); without a user nothing is "mine"."""
        user = getattr(self.request, "user", None)
        mine = claims_assigned_to(user)
        return qs.filter(mine) if value else qs.exclude(mine)

    def filter_has_contradiction(self, qs, name, value):
        return qs.filter(conflict_count__gt=0) if value else qs.filter(conflict_count=0)

    @property
    def qs(self):
        qs = super().qs
        # a stable tie-break, so pages never repeat or skip rows
        return qs.order_by(*qs.query.order_by, "-checkworthiness", "id")


class ArticleListFilter(django_filters.FilterSet):
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.only("id", "name").order_by("name"),
        empty_label="Any source", label="Source",
    )
    published_after = django_filters.DateFilter(
        field_name="published", lookup_expr="gte", label="Published from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    published_before = django_filters.DateFilter(
        field_name="published", lookup_expr="lte", label="to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    state = django_filters.ChoiceFilter(
        choices=VerificationState.CHOICES, empty_label="Any status", label="Status",
    )
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title")
    sort = django_filters.OrderingFilter(
        fields=(
            ("published", "published"), ("created_at", "added"), ("title", "title"),
            ("n_claims", "claims"), ("n_flagged", "flags"), ("n_conflicts", "conflicts"),
            ("reviewed_share", "reviewed"),
        ),
        empty_label=None, label="Sort",
    )

    class Meta:
        model = Article
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("sort"):
            data["sort"] = "-added"
        super().__init__(data, *args, **kwargs)

    @property
    def qs(self):
        qs = super().qs
        return qs.order_by(*qs.query.order_by, "-id")  # stable pages


class SearchClaimFilter(ClaimQueueFilter):
    """The queue's filters on search results: every status unless one is asked for,
    and no sort (results come best match first)."""

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("status"):
            data["status"] = "all"
        super().__init__(data, *args, **kwargs)
        self.filters.pop("sort", None)
