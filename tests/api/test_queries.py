"""List endpoints run the same number of queries for 3 rows as for 20 (no N+1)."""

import pytest
from django.core.cache import cache
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
        cache.clear()  # the claim list's total comes from status counts kept a few seconds
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


@pytest.mark.django_db
def test_claim_list_total_is_the_status_count_when_status_alone_filters(as_persona):
    client = as_persona("reviewer")
    ClaimFactory.create_batch(3, status="reviewed")
    ClaimFactory.create_batch(2, status="needs_review")
    flagged = ClaimFactory(status="needs_review")
    ClaimFlagFactory(claim=flagged, code="weekday_mismatch")
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        body = client.get("/api/claims/").json()
    assert body["count"] == 6 == len(body["results"])
    assert not any("COUNT(*)" in q["sql"] and "GROUP BY" not in q["sql"]
                   for q in cold.captured_queries), "no separate COUNT(*) for the page"
    assert client.get("/api/claims/", {"status": "reviewed"}).json()["count"] == 3
    assert client.get("/api/claims/", {"status": "open"}).json()["count"] == 3
    # any other filter: counted for the filtered rows
    body = client.get("/api/claims/", {"flag": "weekday_mismatch"}).json()
    assert body["count"] == 1 and [r["id"] for r in body["results"]] == [flagged.pk]
