from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from claims.api.permissions import API_AUTHENTICATION, IsReviewer
from claims.api.schema import SCHEMA_SETTINGS

# the schema and its viewers follow the API's own rule: a reviewer role (401 anonymous,
# 403 for a logged-in user with no role)
_schema_perm = {
    "permission_classes": [IsReviewer], "authentication_classes": API_AUTHENTICATION,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    # FormView answers PUT like POST: only the methods the page serves (others 405)
    path("accounts/login/", auth_views.LoginView.as_view(
        http_method_names=["get", "head", "post", "options"]), name="login"),
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
