"""List endpoints run the same number of queries for 3 rows as for 20 (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Assignment
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimFlagFactory,
    ContradictionFactory,
    MatchFactory,
    UserFactory,
    VerdictFactory,
    VerificationRunFactory,
)


def _rows(n: int, resolver) -> None:
    """n of everything each list shows, with every nested part filled in."""
    for _ in range(n):
        article = ArticleFactory()
        claim = ClaimFactory(article=article, position=0)
        other = ClaimFactory(article=article, position=1)
        ClaimFlagFactory(claim=claim)
        ClaimFlagFactory(claim=claim, code="after_publication")
        m1 = MatchFactory(claim=claim)
        MatchFactory(claim=claim, passage=None, other_claim=other, rank=2)
        VerdictFactory(claim=claim, cited_matches=[m1], reviewer=resolver)
        ContradictionFactory(claim=claim, other_claim=other, resolved_by=resolver,
                             status="confirmed")
        VerificationRunFactory(article=article)
        Assignment.objects.create(claim=claim, reviewer=resolver, assigned_by=resolver)


ENDPOINTS = [
    ("/api/articles/", 1),  # rows per unit made by _rows
    ("/api/claims/", 2),
    ("/api/matches/", 2),
    ("/api/verdicts/", 1),
    ("/api/contradictions/", 1),
    ("/api/runs/", 1),
    ("/api/assignments/", 1),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url,per_row", [pytest.param(u, n, id=u) for u, n in ENDPOINTS])
def test_list_query_count_is_constant(url, per_row, as_persona):
    client = as_persona("reviewer")
    resolver = UserFactory()

    def count(expected_rows):
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
        assert r.status_code == 200
        assert r.json()["count"] == expected_rows
        return len(ctx.captured_queries)

    _rows(3, resolver)
    few = count(3 * per_row)
    _rows(17, resolver)
    many = count(20 * per_row)
    assert many == few, f"{url}: {few} queries for 3 rows, {many} for 20"
    assert few <= 8
