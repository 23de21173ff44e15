from django.urls import include, path
from rest_framework.routers import APIRootView, DefaultRouter

from . import views
from .permissions import API_AUTHENTICATION, IsReviewer


class ApiRootView(APIRootView):
    """The API's endpoints. Schema: /api/schema/, docs: /api/docs/."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsReviewer]


class ApiRouter(DefaultRouter):
    APIRootView = ApiRootView


router = ApiRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("matches", views.MatchViewSet, basename="match")
router.register("verdicts", views.VerdictViewSet, basename="verdict")
router.register("contradictions", views.ContradictionViewSet, basename="contradiction")
router.register("runs", views.RunViewSet, basename="run")
router.register("assignments", views.AssignmentViewSet, basename="assignment")

app_name = "api"

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("agreement/", views.AgreementView.as_view(), name="agreement"),
    path("", include(router.urls)),
]
