"""The model-constraint tests of tests/test_models.py, again on PostgreSQL.

The unit run checks them on SQLite; production runs PostgreSQL, where the same
constraints must hold (partial unique index, CHECKs, vector(384) column).
"""

import pytest

from tests.test_models import (  # noqa: F401 - collected here a second time, on PostgreSQL
    TestArticle,
    TestClaim,
    TestContradiction,
    TestEmbeddingField,
    TestFactories,
    TestMatch,
    TestVerdict,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_runs_on_postgresql():
    from django.db import connection

    assert connection.vendor == "postgresql"
