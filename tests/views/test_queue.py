"""The review queue: filters, sorting, pagination, tab counts, pinned query counts.
"""


import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Contradiction
from claims.services.contradictions import contradiction_resolve
from tests.factories import (
    ClaimFactory,
    ClaimFlagFactory,
    ContradictionFactory,
    MatchFactory,
    VerdictFactory,
)
from tests.ui.scenario import build_scenario

pytestmark = pytest.mark.django_db


def queue_ids(client, **params):
    response = client.get(reverse("claims:queue"), params)
    assert response.status_code == 200
    return [c.pk for c in response.context["page"]]


def test_queue_defaults_to_open_claims_by_checkworthiness(reviewer_client):
    s = build_scenario()
    done = ClaimFactory(status=Claim.Status.REVIEWED, checkworthiness=0.99)
    assert queue_ids(reviewer_client) == [s.weekday.pk, s.since_a.pk, s.since_b.pk, s.sponsors.pk]
    assert done.pk in queue_ids(reviewer_client, status="all")
    assert queue_ids(reviewer_client, status="reviewed") == [done.pk]
    counts = reviewer_client.get(reverse("claims:queue")).context["counts"]
    assert counts["open"] == 4 and counts["reviewed"] == 1 and counts["all"] == 5


def test_queue_filters(reviewer, reviewer_client):
    s = build_scenario()
    assert queue_ids(reviewer_client, flag="weekday_mismatch") == [s.weekday.pk]
    assert queue_ids(reviewer_client, source=s.article_b.source_id) == [s.since_b.pk]
    assert queue_ids(reviewer_client, article=s.article_a.pk) == [
        s.weekday.pk, s.since_a.pk, s.sponsors.pk]
    assert queue_ids(reviewer_client, has_contradiction="true") == [s.since_a.pk, s.since_b.pk]
    assert queue_ids(reviewer_client, has_contradiction="false") == [s.weekday.pk, s.sponsors.pk]
    # a dismissed contradiction is no longer a conflict
    for pk in Contradiction.objects.values_list("pk", flat=True):
        contradiction_resolve(contradiction_id=pk, user=reviewer, decision="dismiss")
    assert queue_ids(reviewer_client, has_contradiction="true") == []


def test_queue_sorts_by_conflicts(reviewer_client):
    s = build_scenario()
    other = ClaimFactory(status=Claim.Status.NEEDS_REVIEW, checkworthiness=0.35)  # over the threshold, under the rest
    ContradictionFactory(claim=s.weekday, other_claim=other)
    ContradictionFactory(claim=s.weekday, other_claim=s.sponsors, kind="number")
    ids = queue_ids(reviewer_client, sort="-conflicts")
    assert ids[0] == s.weekday.pk  # 2 conflicts
    assert ids[-1] == other.pk or ids.index(other.pk) > ids.index(s.weekday.pk)
    page = reviewer_client.get(reverse("claims:queue"), {"sort": "-conflicts"}).context["page"]
    assert page[0].conflict_count == 2


def test_queue_paginates(reviewer_client):
    ClaimFactory.create_batch(30, status=Claim.Status.NEEDS_REVIEW)
    first = reviewer_client.get(reverse("claims:queue")).context["page"]
    second = reviewer_client.get(reverse("claims:queue"), {"page": 2}).context["page"]
    assert first.paginator.count == 30 and len(first) == 25 and len(second) == 5
    assert not {c.pk for c in first} & {c.pk for c in second}


def test_queue_rejects_unknown_filter_values_without_crashing(reviewer_client):
    response = reviewer_client.get(reverse("claims:queue"), {"source": "999999"})
    assert response.status_code == 200
    assert list(response.context["page"]) == []


def test_queue_query_count_is_pinned(reviewer_client, django_assert_num_queries):
    _populate(build_scenario().since_a, 0, 3)
    reviewer_client.get(reverse("claims:queue"))  # warm the session
    cache.clear()
    # session, user, groups, source choices, flag codes, status counts, rows, flags,
    # current verdicts, active runs: the pager's total is the open tab's status count
    with django_assert_num_queries(10):
        reviewer_client.get(reverse("claims:queue"))
    # status counts kept for a few seconds (QUEUE_COUNTS_CACHE_SECONDS)
    with django_assert_num_queries(9):
        reviewer_client.get(reverse("claims:queue"))
    # another filter than the status tab: the pager counts the filtered rows itself
    with django_assert_num_queries(10):
        reviewer_client.get(reverse("claims:queue"), {"flag": "weekday_mismatch"})


def test_queue_total_reuses_status_count_only_when_status_alone_filters(reviewer_client):
    s = build_scenario()
    ClaimFactory.create_batch(3, status=Claim.Status.REVIEWED)
    open_page = reviewer_client.get(reverse("claims:queue")).context["page"]
    assert open_page.paginator.count == Claim.objects.filter(
        status__in=[Claim.Status.PENDING, Claim.Status.NEEDS_REVIEW, Claim.Status.DISPUTED]
    ).count() == 4
    reviewed = reviewer_client.get(reverse("claims:queue"), {"status": "reviewed"}).context
    assert reviewed["page"].paginator.count == 3 == reviewed["counts"]["reviewed"]
    flagged = reviewer_client.get(reverse("claims:queue"), {"flag": "weekday_mismatch"}).context
    assert flagged["page"].paginator.count == 1 == len(flagged["page"].object_list)
    assert [c.pk for c in flagged["page"]] == [s.weekday.pk]


def test_queue_status_counts_cache_lag_and_switch_off(reviewer_client, settings):
    build_scenario()
    before = reviewer_client.get(reverse("claims:queue")).context["counts"]["open"]
    ClaimFactory(status=Claim.Status.NEEDS_REVIEW)
    # within the time-to-live the tab totals may lag; the rows never do
    ctx = reviewer_client.get(reverse("claims:queue")).context
    assert ctx["counts"]["open"] == before and len(ctx["page"].object_list) == before + 1
    settings.QUEUE_COUNTS_CACHE_SECONDS = 0
    assert reviewer_client.get(reverse("claims:queue")).context["counts"]["open"] == before + 1


def _populate(first, start: int, stop: int):
    """Claims with flags, matches (both kinds), contradictions, verdicts and history."""
    for i in range(start, stop):
        c = ClaimFactory(article=first.article, position=1000 + i, checkworthiness=0.5,
                         status=Claim.Status.NEEDS_REVIEW)
        ClaimFlagFactory(claim=c)
        MatchFactory(claim=first, rank=10 + i)
        MatchFactory(claim=first, passage=None, other_claim=c, rank=100 + i, score=0.9)
        ContradictionFactory(claim=first, other_claim=c, value_claim="2017", value_other="2016")
        VerdictFactory(claim=c)


def _count(client, url):
    cache.clear()  # the same cold start for both measurements (queue status counts)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["queue", "claim", "event", "article"])
def test_constant_queries(reviewer_client, page):
    def url(first):
        return {
            "queue": reverse("claims:queue"),
            "claim": reverse("claims:claim", args=[first.pk]),
            "event": reverse("claims:event", args=[first.pk]),
            "article": reverse("claims:article", args=[first.article_id]),
        }[page]

    first = build_scenario().since_a
    _populate(first, 0, 3)
    few = _count(reviewer_client, url(first))
    _populate(first, 3, 30)
    many = _count(reviewer_client, url(first))
    assert Claim.objects.count() >= 30
    assert few == many, f"{page}: {few} queries for 3 rows, {many} for 30"


@pytest.mark.usefixtures("evidence_floor")
def test_queue_shows_rank_and_applies_the_threshold_consistently(reviewer_client, settings):
    from django.core.cache import cache

    from claims.worthiness_rank import distribution

    settings.CHECKWORTHY_THRESHOLD = 0.3
    cache.clear()
    high = ClaimFactory(status="needs_review", checkworthiness=0.9996, text="The port reopened on 2 May.")
    ClaimFactory(status="needs_review", checkworthiness=0.9950, text="Grain exports rose 40 percent.")
    low = ClaimFactory(status="needs_review", checkworthiness=0.2, text="Keep local shipping news free.")
    distribution(fresh=True)
    resp = reviewer_client.get(reverse("claims:queue"))
    ids = [c.pk for c in resp.context["page"]]
    assert high.pk in ids and low.pk not in ids  # under the threshold: not in Needs review
    assert resp.context["counts"]["needs_review"] == 2
    assert resp.context["counts"]["not_checkworthy"] == 1
    assert "top 34%" in resp.content.decode()  # 1 of 3 claims scores this high
    ncw = reviewer_client.get(reverse("claims:queue"), {"status": "not_checkworthy"})
    assert [c.pk for c in ncw.context["page"]] == [low.pk]
    assert "Its score fell under the check-worthiness threshold" in ncw.content.decode()


@pytest.mark.usefixtures("evidence_floor")
def test_worthiness_rank_words():
    from claims.worthiness_rank import top_share, top_words

    points = sorted([0.1, 0.2, 0.5, 0.9, 0.99, 0.999])
    assert top_share(0.999, points) == 1 / 6
    assert top_words(top_share(0.999, points)) == "top 17%"
    assert top_words(top_share(0.1, points)) == "top 100%"
    assert top_words(0.004) == "top 0.4%"
    assert top_words(None) == ""
