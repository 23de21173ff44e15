"""/api/assignments/ and /api/agreement/.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from claims.agreement import agreement_report
from claims.api import serializers as s
from claims.api.filters import (
    AssignmentFilter,
)
from claims.api.permissions import API_AUTHENTICATION, IsModerator
from claims.api.views.common import ERROR, ApiViewSet, exists_or_404
from claims.models import Assignment
from claims.selectors.reviews import blind_review_rounds
from claims.services.assignments import assignment_assign, assignment_end


@extend_schema(tags=["assignments"])
class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Who reviews what. Reviewers read; moderators POST an assignment (reassigning ends
    the old row and adds a new one, so the record is kept) and end one."""

    serializer_class = s.AssignmentSerializer
    filterset_class = AssignmentFilter

    def get_queryset(self):
        return Assignment.objects.select_related("reviewer", "assigned_by", "ended_by").order_by(
            "-assigned_at", "-id"
        )

    def get_permissions(self):
        if self.action in ("create", "end"):
            return [IsModerator()]
        return super().get_permissions()

    def get_serializer_class(self):
        return s.AssignmentCreateSerializer if self.action == "create" else s.AssignmentSerializer

    @extend_schema(request=s.AssignmentCreateSerializer,
                   responses={201: s.AssignmentSerializer, 400: OpenApiResponse(OpenApiTypes.OBJECT)})
    def create(self, request):
        ser = s.AssignmentCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        a = assignment_assign(
            user=request.user, reviewer_id=d["reviewer"], claim_id=d["claim"],
            article_id=d["article"], replace_id=d["replace"],
        )
        return Response(
            s.AssignmentSerializer(self.get_queryset().get(pk=a.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses={200: s.AssignmentSerializer,
                                            400: OpenApiResponse(OpenApiTypes.OBJECT)})
    @action(detail=True, methods=["post"], filter_backends=[])
    def end(self, request, pk=None):
        """Moderators: take the item away from the reviewer (the row stays, ended)."""
        exists_or_404(Assignment.objects, pk)
        assignment_end(user=request.user, assignment_id=int(pk))
        return Response(s.AssignmentSerializer(self.get_queryset().get(pk=pk)).data)


@extend_schema(tags=["agreement"], responses={200: s.AgreementReportSerializer, 403: ERROR})
class AgreementView(GenericAPIView):
    """Moderators: Cohen's kappa between blind reviewers, overall and per pair
    (see ``claims.agreement`` for the definitions)."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsModerator]
    serializer_class = s.AgreementReportSerializer

    def get(self, request):
        overall, pairs = agreement_report(blind_review_rounds())
        return Response(s.agreement_data(overall, pairs))
