"""Filters of the articles list and of search results (django-filter)."""

import django_filters
from django import forms

from claims.filters import ClaimQueueFilter
from claims.models import Article, Source
from claims.selectors.articles import VerificationState


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
