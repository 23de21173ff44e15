"""/api/runs/: verification runs.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins

from claims.api import serializers as s
from claims.api.filters import (
    RunFilter,
)
from claims.api.views.common import ApiViewSet
from claims.selectors.runs import verification_runs


@extend_schema(tags=["runs"])
class RunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Verification runs (embed + match jobs) and their progress."""

    serializer_class = s.RunSerializer
    filterset_class = RunFilter

    def get_queryset(self):
        return verification_runs()
