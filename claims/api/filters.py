"""API filters. Claims reuse the review queue's FilterSet; the API lists every status
unless ``status`` is given (the UI opens on ``open``)."""

import django_filters
from django import forms
from django.db.models import Q

from claims.filters import ClaimQueueFilter
from claims.models import Assignment, Contradiction, Match, Verdict, VerificationRun


class ApiClaimFilter(ClaimQueueFilter):
    """``status`` (open|all|<status>), ``flag`` (code), ``source`` (id), ``article`` (id),
    ``has_contradiction`` (true|false), ``assigned_to_me`` (true|false), ``sort`` (worthiness|-worthiness|conflicts|-conflicts).

    ``flag`` is declared again, not inherited: schema generation builds (and caches) the
    class-level filter's form field with no choices, and an inherited filter object is
    shared with the UI's FilterSet. The cached field is also dropped per instance, so the
    choices set in ``__init__`` are the ones validated against.
    """

    flag = django_filters.ChoiceFilter(
        choices=[], method="filter_flag", empty_label="Any flag", label="Flag"
    )

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("status"):
            data["status"] = "all"
        super().__init__(data, *args, **kwargs)
        self.filters["flag"].__dict__.pop("_field", None)

    def filter_flag(self, qs, name, value: str):  # typed for the schema
        return super().filter_flag(qs, name, value)


class MatchFilter(django_filters.FilterSet):
    class Meta:
        model = Match
        fields = ["claim", "stance", "method"]


class VerdictFilter(django_filters.FilterSet):
    class Meta:
        model = Verdict
        fields = ["claim", "label", "kind", "is_current"]


class IdFilter(django_filters.NumberFilter):
    """A whole-number id inside the database's range (a decimal, or one past bigint, is a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class ContradictionFilter(django_filters.FilterSet):
    claim = IdFilter(method="filter_claim", label="Claim on either side of the pair")

    class Meta:
        model = Contradiction
        fields = ["status", "kind"]

    def filter_claim(self, qs, name, value):
        return qs.filter(Q(claim_id=value) | Q(other_claim_id=value))


class RunFilter(django_filters.FilterSet):
    class Meta:
        model = VerificationRun
        fields = ["status", "kind", "article"]


class AssignmentFilter(django_filters.FilterSet):
    mine = django_filters.BooleanFilter(method="filter_mine", label="Assigned to me")

    class Meta:
        model = Assignment
        fields = ["claim", "article", "reviewer", "is_active"]

    def filter_mine(self, qs, name, value: bool):
        user_id = getattr(getattr(self.request, "user", None), "pk", None)
        return qs.filter(reviewer_id=user_id) if value else qs.exclude(reviewer_id=user_id)
