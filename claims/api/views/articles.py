"""/api/articles/: list, detail, ingest (text or URL), review mode, assignments.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from claims.api import serializers as s
from claims.api.permissions import IsModerator
from claims.api.views.common import ERROR, ApiViewSet, review_mode_answer, review_mode_schema
from claims.models import Article
from claims.selectors.articles import article_with_claims, articles_with_claims
from claims.services.articles import article_ingest_text_or_url
from claims.services.review_modes import article_review_mode_set


@extend_schema(tags=["articles"])
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Articles with their claims. POST ingests one; matching runs in queued jobs,
    so claims' matches and contradictions fill in as those finish (see ``runs``)."""

    serializer_class = s.ArticleSerializer
    filterset_fields = ["source", "status"]

    def get_queryset(self):
        return (
            articles_with_claims()
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
            article = article_with_claims(pk=self.kwargs["pk"])
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
        result = article_ingest_text_or_url(
            content=data.get("text"), url=data.get("url", ""),
            source_name=data.get("source", ""), **common,
        )
        article = article_with_claims(pk=result.article.pk)
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
        return review_mode_answer(
            request, pk, Article.objects,
            lambda pk, mode: article_review_mode_set(
                article_id=pk, user=request.user, mode=mode).review_mode,
        )
