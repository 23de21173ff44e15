"""/api/claims/ (the review queue and claim details, with their actions) and
/api/matches/.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from claims.api import serializers as s
from claims.api.filters import (
    ApiClaimFilter,
    MatchFilter,
)
from claims.api.pagination import KnownCountPagination
from claims.api.permissions import IsModerator
from claims.api.views.common import (
    ERROR,
    ApiViewSet,
    exists_or_404,
    review_mode_answer,
    review_mode_schema,
)
from claims.export.claimreview import claimreview_for_verdict
from claims.models import Claim
from claims.selectors.claims import claim_detail, claim_queue, matches_shown, status_only_count
from claims.selectors.contradictions import claim_contradictions
from claims.selectors.reviews import claim_assignments, verdicts_visible_to
from claims.services.claims import claim_edit_restore, claim_edit_revert
from claims.services.review_modes import claim_review_mode_set
from claims.services.verdicts import verdict_adjudicate


@extend_schema(tags=["claims"])
class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """The review queue (filters as in the UI; every status unless ``status`` is given)
    and claim details."""

    filterset_class = ApiClaimFilter
    pagination_class = KnownCountPagination

    def get_queryset(self):
        return claim_queue()

    def known_count(self, request) -> int | None:
        """The list's total when ``status`` (validated by the filter backend by now) is
        its only filter: that status's figure from ``claim_status_counts``."""
        if self.action != "list":
            return None
        return status_only_count(request.query_params, default_status="all")

    def get_serializer_class(self):
        return s.ClaimListSerializer if self.action == "list" else s.ClaimDetailSerializer

    def get_object(self):
        try:
            claim = claim_detail(pk=self.kwargs["pk"], viewer=self.request.user)
        except (Claim.DoesNotExist, ValueError):
            raise NotFound() from None
        claim.api_contradictions = claim_contradictions(claim_id=claim.pk)
        claim.api_assignments = claim_assignments(claim=claim)
        return claim

    @extend_schema(
        request=s.AdjudicateSerializer,
        responses={
            201: s.VerdictSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, "Invalid fields, or nothing to adjudicate."),
            409: OpenApiResponse(s.StaleVersionSerializer, "The claim changed; nothing saved."),
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[IsModerator], filter_backends=[])
    def adjudicate(self, request, pk=None):
        """Moderators: settle a claim whose two blind reviews disagree (status `disputed`).
        The reason is required; the adjudicator may not be one of the two reviewers."""
        exists_or_404(Claim.objects, pk)
        ser = s.AdjudicateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        verdict = verdict_adjudicate(
            claim_id=int(pk), user=request.user, label=d["label"], reason=d["reason"],
            expected_version=d["version"],
        )
        verdict = (
            verdicts_visible_to(request.user).select_related("reviewer")
            .prefetch_related("cited_matches").get(pk=verdict.pk)
        )
        return Response(s.VerdictSerializer(verdict).data, status=status.HTTP_201_CREATED)

    def _wording_change(self, request, pk, service) -> Response:
        exists_or_404(Claim.objects, pk)
        ser = s.EditRevertSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        service(claim=Claim(pk=int(pk)), index=ser.validated_data["index"],
                user=request.user, expected_version=ser.validated_data["version"])
        return Response(s.ClaimDetailSerializer(self.get_object()).data)

    @extend_schema(
        request=s.EditRevertSerializer,
        responses={
            200: s.ClaimDetailSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, "No such edit, or the claim's edits "
                                 "do not fit its sentence; nothing changed."),
            403: ERROR, 404: ERROR,
            409: OpenApiResponse(s.StaleVersionSerializer, "The claim changed; nothing saved."),
        },
    )
    @action(detail=True, methods=["post"], url_path="revert-edit", filter_backends=[])
    def revert_edit(self, request, pk=None):
        """Reviewers: undo the machine's edit number `index` (0-based, as in `edits`).
        The text is recomputed from the sentence and the remaining edits, the edit is
        kept in `edits_reverted` with who reverted it, and the claim is re-embedded and
        re-matched (a verification run is queued)."""
        return self._wording_change(request, pk, claim_edit_revert)

    @extend_schema(
        request=s.EditRevertSerializer,
        responses={
            200: s.ClaimDetailSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, "No such reverted edit; nothing changed."),
            403: ERROR, 404: ERROR,
            409: OpenApiResponse(s.StaleVersionSerializer, "The claim changed; nothing saved."),
        },
    )
    @action(detail=True, methods=["post"], url_path="restore-edit", filter_backends=[])
    def restore_edit(self, request, pk=None):
        """Reviewers: put back the reverted edit `edits_reverted[index]`."""
        return self._wording_change(request, pk, claim_edit_restore)

    @review_mode_schema
    @action(detail=True, methods=["post"], url_path="review-mode",
            permission_classes=[IsModerator], filter_backends=[])
    def review_mode(self, request, pk=None):
        """Moderators: `single`, `double` (two blind reviewers) or empty (follow the
        article). The response gives the mode now in effect."""
        return review_mode_answer(
            request, pk, Claim.objects,
            lambda pk, mode: claim_review_mode_set(
                claim_id=pk, user=request.user, mode=mode).effective_review_mode,
        )

    @extend_schema(
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, "schema.org ClaimReview (JSON-LD)."),
            404: OpenApiResponse(s.ErrorSerializer, "No such claim, or no current verdict."),
        },
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def claimreview(self, request, pk=None):
        """The claim's current verdict as a schema.org ClaimReview."""
        exists_or_404(Claim.objects, pk)  # "false" is no claim id: 404, not a 500
        verdict = (
            verdicts_visible_to(request.user)
            .select_related("claim__article__source")
            .defer("claim__embedding", "claim__article__raw_text",
                   "claim__article__cleaned_text", "claim__article__dropped")
            .filter(claim_id=pk, is_current=True)
            .first()
        )
        if verdict is None:
            return Response(
                {"detail": "This claim has no current verdict."}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(claimreview_for_verdict(verdict))


@extend_schema(tags=["matches"])
class MatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Matches of claims to reference passages and to other sources' claims."""

    serializer_class = s.MatchSerializer
    filterset_class = MatchFilter

    def get_queryset(self):
        return matches_shown().order_by("claim_id", "rank", "id")
