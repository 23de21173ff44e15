"""/articles/ (list, filters, sort, pagination): permissions, figures, and a
query count that does not grow with the rows shown.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Contradiction, VerificationRun
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimFlagFactory,
    ContradictionFactory,
    SourceFactory,
)

LIST = "/articles/"


SEARCH = "/search/"


def article_with(n_claims=3, *, source=None, published=None, title=None, flagged=0,
                 reviewed=0, pending=0):
    kw = {"source": source or SourceFactory()}
    if published:
        kw["published"] = published
    if title:
        kw["title"] = title
    a = ArticleFactory(**kw)
    claims = []
    for i in range(n_claims):
        status = (Claim.Status.REVIEWED if i < reviewed else
                  Claim.Status.PENDING if i < reviewed + pending else Claim.Status.NEEDS_REVIEW)
        claims.append(ClaimFactory(article=a, position=i, status=status))
    for c in claims[:flagged]:
        ClaimFlagFactory(claim=c)
    return a, claims


def rows(resp):
    return resp.context["page"].object_list


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LIST, SEARCH + "?q=talks"])
def test_permissions(client, outsider, reviewer, url):
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(reviewer)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_article_figures(reviewer_client):
    a, claims = article_with(4, flagged=2, reviewed=1, pending=1, title="Ferry fares rise")
    b, others = article_with(2)
    ClaimFactory(article=a, position=10, status=Claim.Status.NOT_CHECKWORTHY)
    ContradictionFactory(claim=claims[0], other_claim=others[0])
    ContradictionFactory(claim=claims[1], other_claim=others[1],
                         status=Contradiction.Status.DISMISSED)
    resp = reviewer_client.get(LIST)
    assert resp.status_code == 200
    row = next(r for r in rows(resp) if r.pk == a.pk)
    assert (row.n_claims, row.n_flagged, row.n_conflicts, row.n_pending, row.n_reviewed) == (
        4, 2, 1, 1, 1)
    assert row.reviewed_share == pytest.approx(0.25)
    assert row.state == "unmatched"
    html = resp.content.decode()
    assert "Ferry fares rise" in html and "25%" in html and "Not matched yet" in html


@pytest.mark.django_db
def test_states(reviewer_client):
    running, _ = article_with(2)
    VerificationRun.objects.create(kind="verify", article=running, total=2)
    done, _ = article_with(2, reviewed=2)
    review, _ = article_with(2)
    nothing = ArticleFactory()
    states = {r.pk: r.state for r in rows(reviewer_client.get(LIST))}
    assert states == {running.pk: "running", done.pk: "reviewed", review.pk: "in_review",
                      nothing.pk: "nothing"}
    only = rows(reviewer_client.get(LIST, {"state": "reviewed"}))
    assert [r.pk for r in only] == [done.pk]


@pytest.mark.django_db
def test_filters_and_sort(reviewer_client):
    ledger, other = SourceFactory(name="Harbour Ledger"), SourceFactory(name="Valley Post")
    old, _ = article_with(1, source=ledger, published=dt.date(2024, 1, 5), title="Old pier")
    new, _ = article_with(3, source=ledger, published=dt.date(2026, 2, 1), title="New pier")
    far, _ = article_with(2, source=other, published=dt.date(2025, 6, 1), title="Orchards")
    ids = lambda resp: [r.pk for r in rows(resp)]  # noqa: E731
    assert ids(reviewer_client.get(LIST, {"source": ledger.pk})) == [new.pk, old.pk]
    assert ids(reviewer_client.get(LIST, {"published_after": "2025-01-01",
                                          "published_before": "2025-12-31"})) == [far.pk]
    assert ids(reviewer_client.get(LIST, {"sort": "-published"})) == [new.pk, far.pk, old.pk]
    assert ids(reviewer_client.get(LIST, {"sort": "-claims"})) == [new.pk, far.pk, old.pk]
    assert ids(reviewer_client.get(LIST, {"q": "pier", "sort": "title"})) == [new.pk, old.pk]


@pytest.mark.django_db
def test_bad_filter_shows_nothing_and_says_so(reviewer_client):
    article_with(1)
    resp = reviewer_client.get(LIST, {"published_after": "yesterday"})
    assert resp.status_code == 200 and list(rows(resp)) == []
    assert "not understood" in resp.content.decode()


@pytest.mark.django_db
def test_pagination(reviewer_client):
    for _ in range(27):
        ArticleFactory()
    assert len(rows(reviewer_client.get(LIST))) == 25
    assert len(rows(reviewer_client.get(LIST, {"page": 2}))) == 2


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url, params or {})
    assert resp.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_article_list_query_count_is_constant(reviewer_client):
    article_with(3, flagged=1)
    count_queries(reviewer_client, LIST)  # warm: session, groups
    few = count_queries(reviewer_client, LIST)
    for _ in range(20):
        article_with(4, flagged=2, reviewed=1)
    many = count_queries(reviewer_client, LIST)
    assert few == many, (few, many)
    assert many <= 8
