from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.permissions import IsAuthenticated

from claims.api.permissions import API_AUTHENTICATION
from claims.api.schema import SCHEMA_SETTINGS

# the schema and its viewers need a logged-in user, like the API itself
_schema_perm = {
    "permission_classes": [IsAuthenticated], "authentication_classes": API_AUTHENTICATION,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/schema/", SpectacularAPIView.as_view(custom_settings=SCHEMA_SETTINGS, **_schema_perm), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema", **_schema_perm),
        name="api-docs",
    ),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="api-schema", **_schema_perm),
        name="api-redoc",
    ),
    path("api/", include("claims.api.urls")),
    path("", include("claims.urls")),
]
