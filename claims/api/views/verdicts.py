"""/api/verdicts/: list, detail, record, override, adjudicate.
"""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from claims.api import serializers as s
from claims.api.filters import (
    VerdictFilter,
)
from claims.api.permissions import IsModerator
from claims.api.views.common import ApiViewSet, exists_or_404
from claims.models import Match, Verdict
from claims.selectors.reviews import verdicts_visible_to
from claims.services.verdicts import verdict_override, verdict_record


@extend_schema(tags=["verdicts"])
class VerdictViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Verdicts, newest first. Reviewers POST one; moderators override the current one."""

    serializer_class = s.VerdictSerializer
    filterset_class = VerdictFilter

    def get_queryset(self):
        # a sealed first blind review is visible to its author only (404 for others)
        return (
            verdicts_visible_to(self.request.user)
            .select_related("reviewer")
            .prefetch_related(Prefetch("cited_matches", queryset=Match.objects.only("id")))
            .order_by("-created_at", "-id")
        )

    def get_serializer_class(self):
        return {
            "create": s.VerdictCreateSerializer, "override": s.VerdictOverrideSerializer,
        }.get(self.action, s.VerdictSerializer)

    def _created(self, verdict: Verdict) -> Response:
        verdict = self.get_queryset().get(pk=verdict.pk)
        return Response(s.VerdictSerializer(verdict).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.VerdictCreateSerializer,
        responses={
            201: s.VerdictSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, "Invalid fields."),
            409: OpenApiResponse(s.StaleVersionSerializer, "The claim changed; nothing saved."),
        },
    )
    def create(self, request):
        ser = s.VerdictCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        verdict = verdict_record(
            claim_id=d["claim"].pk, user=request.user, label=d["label"],
            rationale=d["rationale"], expected_version=d["version"],
            cited_match_ids=d["cited_matches"],
        )
        return self._created(verdict)

    @extend_schema(
        request=s.VerdictOverrideSerializer,
        responses={
            201: s.VerdictSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, "Invalid fields, or not current."),
            409: OpenApiResponse(s.StaleVersionSerializer, "The claim changed; nothing saved."),
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[IsModerator], filter_backends=[])
    def override(self, request, pk=None):
        """Moderators: replace this (current) verdict; the reason becomes its rationale."""
        exists_or_404(verdicts_visible_to(request.user), pk)
        ser = s.VerdictOverrideSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        verdict = verdict_override(
            verdict_id=int(pk), user=request.user, label=d["label"], reason=d["reason"],
            kind=d["kind"], expected_version=d["version"],
        )
        return self._created(verdict)
