"""REST API views: thin, reads via selectors, writes via services.

A service's refusal (invalid input, a stale claim version, a duplicate article) is
turned into its HTTP answer in one place, ``claims.api.errors``; views do not catch it."""

from django.db.models import Prefetch
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from claims import selectors
from claims.agreement import agreement_report
from claims.export.claimreview import claimreview_for_verdict
from claims.models import Article, Assignment, Claim, Contradiction, Match, Verdict
from claims.services.api_token import api_token_expires_at, api_token_issue, api_token_revoke
from claims.services.article_ingest import article_ingest, article_ingest_url
from claims.services.assignment_assign import assignment_assign, assignment_end
from claims.services.claim_edit_revert import claim_edit_restore, claim_edit_revert
from claims.services.contradiction_resolve import contradiction_resolve
from claims.services.review_mode_set import article_review_mode_set, claim_review_mode_set
from claims.services.verdict_blind import claim_adjudicate
from claims.services.verdict_override import verdict_override
from claims.services.verdict_record import verdict_record

from . import serializers as s
from .filters import (
    ApiClaimFilter,
    AssignmentFilter,
    ContradictionFilter,
    MatchFilter,
    RunFilter,
    VerdictFilter,
)
from .pagination import KnownCountPagination
from .parsers import DepthLimitedJSONParser
from .permissions import API_AUTHENTICATION, IsModerator, IsReviewer

ERROR = OpenApiResponse(s.ErrorSerializer)


def _exists_or_404(qs, pk) -> None:
    """404 (JSON) for an id that is not a number or names no row: the router lets any
    path segment through to detail actions."""
    if not str(pk).isdigit() or not qs.filter(pk=int(pk)).exists():
        raise NotFound()


review_mode_schema = extend_schema(
    request=s.ReviewModeSerializer,
    responses={200: s.ReviewModeSerializer, 400: OpenApiResponse(OpenApiTypes.OBJECT),
               403: ERROR, 404: ERROR},
)


def _review_mode_answer(request, pk, qs, mode_set) -> Response:
    """Validate ``{"review_mode": ...}``, call ``mode_set(pk, mode)``, answer the mode in effect."""
    _exists_or_404(qs, pk)
    ser = s.ReviewModeSerializer(data=request.data)
    ser.is_valid(raise_exception=True)
    mode = mode_set(int(pk), ser.validated_data["review_mode"])
    return Response({"review_mode": mode})


class ApiViewSet(viewsets.GenericViewSet):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsReviewer]
    filter_backends = [DjangoFilterBackend]


@extend_schema(tags=["articles"])
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Articles with their claims. POST ingests one; matching runs in queued jobs,
    so claims' matches and contradictions fill in as those finish (see ``runs``)."""

    serializer_class = s.ArticleSerializer
    filterset_fields = ["source", "status"]

    def get_queryset(self):
        return (
            selectors.articles_with_claims()
            .defer("raw_text", "cleaned_text", "dropped")
            .order_by("-created_at", "-id")
        )

    def get_serializer_class(self):
        if self.action == "list":
            return s.ArticleSerializer
        if self.action == "create":
            return s.ArticleIngestSerializer
        return s.ArticleDetailSerializer

    def get_object(self):
        try:
            article = selectors.article_with_claims(pk=self.kwargs["pk"])
        except (Article.DoesNotExist, ValueError):
            raise NotFound() from None
        return article

    @extend_schema(
        request=s.ArticleIngestSerializer,
        responses={
            201: s.ArticleDetailSerializer,
            400: ERROR,
            409: OpenApiResponse(s.DuplicateArticleSerializer, "Same content already stored."),
        },
    )
    def create(self, request):
        ser = s.ArticleIngestSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        common = {
            "title": data.get("title", ""),
            "published": data.get("published"),
            "enqueue_verification": True,
        }
        if "text" in data:
            result = article_ingest(
                content=data["text"], source_name=data.get("source", ""),
                url=data.get("url", ""), **common,
            )
        else:
            result = article_ingest_url(
                url=data["url"], source_name=data.get("source", ""), **common
            )
        article = selectors.article_with_claims(pk=result.article.pk)
        body = s.ArticleDetailSerializer(article, context=self.get_serializer_context()).data
        return Response(
            body, status=status.HTTP_201_CREATED,
            headers={"Location": request.build_absolute_uri(f"{article.pk}/")},
        )

    @review_mode_schema
    @action(detail=True, methods=["post"], url_path="review-mode",
            permission_classes=[IsModerator], filter_backends=[])
    def review_mode(self, request, pk=None):
        """Moderators: `single` or `double` (two blind reviewers) for the article's claims
        that have no mode of their own. Switching to `single` settles any open blind
        round with its first review."""
        return _review_mode_answer(
            request, pk, Article.objects,
            lambda pk, mode: article_review_mode_set(
                article_id=pk, user=request.user, mode=mode).review_mode,
        )


@extend_schema(tags=["claims"])
class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """The review queue (filters as in the UI; every status unless ``status`` is given)
    and claim details."""

    filterset_class = ApiClaimFilter
    pagination_class = KnownCountPagination

    def get_queryset(self):
        return selectors.claim_queue()

    def known_count(self, request) -> int | None:
        """The list's total when ``status`` (validated by the filter backend by now) is
        its only filter: that status's figure from ``claim_status_counts``."""
        given = {k for k, v in request.query_params.items() if v}
        if self.action != "list" or given - {"status", "sort", "page", "format"}:
            return None
        return selectors.claim_status_counts().get(request.query_params.get("status") or "all")

    def get_serializer_class(self):
        return s.ClaimListSerializer if self.action == "list" else s.ClaimDetailSerializer

    def get_object(self):
        try:
            claim = selectors.claim_detail(pk=self.kwargs["pk"], viewer=self.request.user)
        except (Claim.DoesNotExist, ValueError):
            raise NotFound() from None
        claim.api_contradictions = selectors.claim_contradictions(claim_id=claim.pk)
        claim.api_assignments = selectors.claim_assignments(claim=claim)
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
        _exists_or_404(Claim.objects, pk)
        ser = s.AdjudicateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        verdict = claim_adjudicate(
            claim_id=int(pk), user=request.user, label=d["label"], reason=d["reason"],
            expected_version=d["version"],
        )
        verdict = (
            selectors.verdicts_visible_to(request.user).select_related("reviewer")
            .prefetch_related("cited_matches").get(pk=verdict.pk)
        )
        return Response(s.VerdictSerializer(verdict).data, status=status.HTTP_201_CREATED)

    def _wording_change(self, request, pk, service) -> Response:
        _exists_or_404(Claim.objects, pk)
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
        return _review_mode_answer(
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
        _exists_or_404(Claim.objects, pk)  # "false" is no claim id: 404, not a 500
        verdict = (
            selectors.verdicts_visible_to(request.user)
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
        return selectors.matches_shown().order_by("claim_id", "rank", "id")


@extend_schema(tags=["verdicts"])
class VerdictViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Verdicts, newest first. Reviewers POST one; moderators override the current one."""

    serializer_class = s.VerdictSerializer
    filterset_class = VerdictFilter

    def get_queryset(self):
        # a sealed first blind review is visible to its author only (404 for others)
        return (
            selectors.verdicts_visible_to(self.request.user)
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
        _exists_or_404(selectors.verdicts_visible_to(request.user), pk)
        ser = s.VerdictOverrideSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        verdict = verdict_override(
            verdict_id=int(pk), user=request.user, label=d["label"], reason=d["reason"],
            kind=d["kind"], expected_version=d["version"],
        )
        return self._created(verdict)


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
        _exists_or_404(Assignment.objects, pk)
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
        overall, pairs = agreement_report(selectors.blind_review_rounds())
        return Response(s.agreement_data(overall, pairs))


@extend_schema(tags=["runs"])
class RunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Verification runs (embed + match jobs) and their progress."""

    serializer_class = s.RunSerializer
    filterset_class = RunFilter

    def get_queryset(self):
        return selectors.verification_runs()


@extend_schema(tags=["auth"])
class TokenView(ObtainAuthToken):
    """POST username and password; get the token for ``Authorization: Token <key>``,
    valid until ``expires_at``. DELETE (with the token, or a session) revokes it."""

    parser_classes = [DepthLimitedJSONParser, FormParser, MultiPartParser]
    authentication_classes = API_AUTHENTICATION
    # DRF's ObtainAuthToken has no throttle at all: the API's, per address when anonymous
    throttle_classes = [AnonRateThrottle, UserRateThrottle]

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "DELETE" else []

    @extend_schema(
        request=AuthTokenSerializer,
        responses={200: s.TokenSerializer, 400: OpenApiResponse(OpenApiTypes.OBJECT),
                   429: OpenApiResponse(s.ErrorSerializer, "Locked out or throttled.")},
    )
    def post(self, request, *args, **kwargs):
        ser = self.get_serializer(data=request.data)
        if not ser.is_valid():
            # django-axes marks the request it was given (this DRF request, not the
            # Django one its middleware answers for): say "locked out", as the login
            # page does, rather than "wrong password"
            if getattr(request, "axes_locked_out", False):
                return Response(
                    {"detail": "Too many failed logins for this account or from this "
                               "address; try again later."},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                )
            raise ValidationError(ser.errors)
        token = api_token_issue(user=ser.validated_data["user"])
        expires = api_token_expires_at(token)
        return Response({
            "token": token.key,
            "expires_at": expires,
            "expires_in": max(0, int((expires - timezone.now()).total_seconds())),
        })

    @extend_schema(request=None, responses={204: None, 401: ERROR})
    def delete(self, request, *args, **kwargs):
        """Revoke your own token: it is refused from now on (POST again for a new one)."""
        api_token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
