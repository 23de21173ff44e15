from django.urls import include, path
from rest_framework.routers import APIRootView, DefaultRouter

from claims.api.permissions import API_AUTHENTICATION, IsReviewer
from claims.api.views import articles, assignments, auth, claims, contradictions, runs, verdicts


class ApiRootView(APIRootView):
    """The API's endpoints. Schema: /api/schema/, docs: /api/docs/."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsReviewer]


class ApiRouter(DefaultRouter):
    APIRootView = ApiRootView


router = ApiRouter()
router.register("articles", articles.ArticleViewSet, basename="article")
router.register("claims", claims.ClaimViewSet, basename="claim")
router.register("matches", claims.MatchViewSet, basename="match")
router.register("verdicts", verdicts.VerdictViewSet, basename="verdict")
router.register("contradictions", contradictions.ContradictionViewSet, basename="contradiction")
router.register("runs", runs.RunViewSet, basename="run")
router.register("assignments", assignments.AssignmentViewSet, basename="assignment")

app_name = "api"

urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="token"),
    path("agreement/", assignments.AgreementView.as_view(), name="agreement"),
    path("", include(router.urls)),
]
