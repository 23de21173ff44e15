"""/api/auth/token/: a token for a username and password (with the login lockout).
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from claims.api import serializers as s
from claims.api.parsers import DepthLimitedJSONParser
from claims.api.permissions import API_AUTHENTICATION
from claims.api.views.common import ERROR
from claims.services.api_tokens import api_token_expires_at, api_token_issue, api_token_revoke


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
