"""What every API view shares: the base viewset, the error schema, the review-mode answer.
"""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from claims.api import serializers as s
from claims.api.permissions import API_AUTHENTICATION, IsReviewer

ERROR = OpenApiResponse(s.ErrorSerializer)


def exists_or_404(qs, pk) -> None:
    """404 (JSON) for an id that is not a number or names no row: the router lets any
    path segment through to detail actions."""
    if not str(pk).isdigit() or not qs.filter(pk=int(pk)).exists():
        raise NotFound()


review_mode_schema = extend_schema(
    request=s.ReviewModeSerializer,
    responses={200: s.ReviewModeSerializer, 400: OpenApiResponse(OpenApiTypes.OBJECT),
               403: ERROR, 404: ERROR},
)


def review_mode_answer(request, pk, qs, mode_set) -> Response:
    """Validate ``{"review_mode": ...}``, call ``mode_set(pk, mode)``, answer the mode in effect."""
    exists_or_404(qs, pk)
    ser = s.ReviewModeSerializer(data=request.data)
    ser.is_valid(raise_exception=True)
    mode = mode_set(int(pk), ser.validated_data["review_mode"])
    return Response({"review_mode": mode})


class ApiViewSet(viewsets.GenericViewSet):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsReviewer]
    filter_backends = [DjangoFilterBackend]
