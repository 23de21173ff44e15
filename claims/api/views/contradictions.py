"""/api/contradictions/: list, detail, resolve.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins
from rest_framework.response import Response

from claims.api import serializers as s
from claims.api.filters import (
    ContradictionFilter,
)
from claims.api.views.common import ERROR, ApiViewSet
from claims.models import Contradiction
from claims.services.contradictions import contradiction_resolve


@extend_schema(tags=["contradictions"])
class ContradictionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Contradictions between sources; PATCH ``status`` to confirm or dismiss one.

    Changing one already resolved needs a moderator (403 otherwise)."""

    serializer_class = s.ContradictionSerializer
    filterset_class = ContradictionFilter
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return Contradiction.objects.select_related("resolved_by").order_by("-created_at", "-id")

    @extend_schema(
        request=s.ContradictionUpdateSerializer,
        responses={200: s.ContradictionSerializer, 400: OpenApiResponse(OpenApiTypes.OBJECT),
                   403: ERROR, 404: ERROR},
    )
    def partial_update(self, request, pk=None):
        self.get_object()  # 404 before validating
        ser = s.ContradictionUpdateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        contradiction_resolve(
            contradiction_id=int(pk), user=request.user,
            decision=ser.validated_data["status"], note=ser.validated_data["note"],
        )
        return Response(s.ContradictionSerializer(self.get_object()).data)
