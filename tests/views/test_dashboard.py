"""The dashboard: permissions, the aggregates behind each chart, and a fixed query count."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Contradiction, Verdict
from claims.selectors.dashboard import (
    claims_per_source,
    open_contradictions_by_event,
    reviewer_throughput,
    verdicts_by_label,
)
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimFlagFactory,
    ContradictionFactory,
    ReferencePassageFactory,
    SourceFactory,
    UserFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
TODAY = dt.date(2026, 3, 18)  # a Wednesday; its week starts Monday 16 March


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DASHBOARD_CACHE_SECONDS = 0  # each test sees its own data; caching tested below


def verdict_at(when: dt.datetime, **kwargs) -> Verdict:
    v = VerdictFactory(**kwargs)
    Verdict.objects.filter(pk=v.pk).update(created_at=when)
    return v


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def chart(response, chart_id: str):
    return next(c for c in response.context["charts"] if c.chart_id == chart_id)


# --- permissions -------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("claims:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_outsider_is_refused(outsider_client):
    assert outsider_client.get(reverse("claims:dashboard")).status_code == 403


def test_reviewer_sees_the_dashboard_and_the_nav_link(reviewer_client):
    response = reviewer_client.get(reverse("claims:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("claims:dashboard")}" class="active"' in html
    # four charts, each an accessible SVG with a data table beside it
    for chart_id in ("chart-verdicts", "chart-sources", "chart-events", "chart-throughput"):
        assert f'id="{chart_id}"' in html and f'aria-labelledby="{chart_id}-title' in html
        assert f'id="{chart_id}-table"' in html


def test_post_is_refused(reviewer_client):
    assert reviewer_client.post(reverse("claims:dashboard")).status_code == 405


# --- verdicts by label per week ------------------------------------------------------


def test_verdicts_by_label_counts_each_week():
    monday = dt.date(2026, 3, 16)
    verdict_at(at(monday), label="supported")
    verdict_at(at(TODAY), label="supported")
    verdict_at(at(TODAY), label="refuted", is_current=False)  # superseded ones still count
    verdict_at(at(monday - dt.timedelta(days=1)), label="misleading")  # Sunday: week before
    verdict_at(at(monday - dt.timedelta(weeks=3)), label="refuted")
    verdict_at(at(monday - dt.timedelta(weeks=4)), label="refuted")  # outside 4 weeks
    series = verdicts_by_label(weeks=4, today=TODAY)
    assert series.weeks == [dt.date(2026, 2, 23), dt.date(2026, 3, 2), dt.date(2026, 3, 9), monday]
    assert series.counts["supported"] == [0, 0, 0, 2]
    assert series.counts["refuted"] == [1, 0, 0, 1]
    assert series.counts["misleading"] == [0, 0, 1, 0]
    assert series.counts["conflicting"] == [0, 0, 0, 0]
    assert set(series.counts) == set(Verdict.Label.values)


def test_verdicts_by_label_leaves_out_sealed_blind_first_reviews():
    claim = ClaimFactory()
    verdict_at(at(TODAY), claim=claim, label="refuted", is_current=False, sealed=True)
    verdict_at(at(TODAY), label="supported")
    series = verdicts_by_label(weeks=1, today=TODAY)
    assert series.counts["refuted"] == [0]  # the sealed label is not revealed
    assert series.counts["supported"] == [1]
    # the round completes: the first review is unsealed and counts from then on
    Verdict.objects.filter(claim=claim).update(sealed=False)
    assert verdicts_by_label(weeks=1, today=TODAY).counts["refuted"] == [1]


def test_reviewer_throughput_keeps_the_busiest_and_sums_the_rest():
    monday = dt.date(2026, 3, 16)
    ann, bob, cy, dee = (UserFactory(username=n) for n in ("ann", "bob", "cy", "dee"))
    for _ in range(3):
        verdict_at(at(TODAY), reviewer=ann)
    verdict_at(at(monday - dt.timedelta(weeks=1)), reviewer=ann)
    verdict_at(at(TODAY), reviewer=bob)
    verdict_at(at(TODAY), reviewer=bob)
    verdict_at(at(TODAY), reviewer=cy)
    verdict_at(at(monday - dt.timedelta(weeks=1)), reviewer=dee)
    series = reviewer_throughput(weeks=2, top=2, today=TODAY)
    assert list(series.counts) == ["ann", "bob", "others"]
    assert series.counts["ann"] == [1, 3]
    assert series.counts["bob"] == [0, 2]
    assert series.counts["others"] == [1, 1]
    assert series.names["others"] == "2 other reviewers"


# --- claims and flags per source --------------------------------------------------------


def test_claims_and_flags_per_source():
    big, small, empty = (SourceFactory(name=n) for n in ("Big Daily", "Small Weekly", "Empty"))
    a1, a2 = ArticleFactory(source=big), ArticleFactory(source=big)
    claims = [ClaimFactory(article=a1) for _ in range(3)] + [ClaimFactory(article=a2)]
    ClaimFlagFactory(claim=claims[0], code="weekday_mismatch")
    ClaimFlagFactory(claim=claims[0], code="future_date")
    ClaimFlagFactory(claim=claims[3], code="future_date")
    ClaimFactory(article=ArticleFactory(source=small))
    ArticleFactory(source=empty)  # an article without claims is not a row
    rows, total = claims_per_source()
    assert total == 2
    assert [(r.name, r.claims, r.flags, r.flagged_claims) for r in rows] == [
        ("Big Daily", 4, 3, 2), ("Small Weekly", 1, 0, 0)]
    rows, total = claims_per_source(top=1)
    assert [r.name for r in rows] == ["Big Daily"] and total == 2


# --- open contradictions per event ------------------------------------------------------


def test_open_contradictions_are_grouped_into_events():
    a, b, c = (ClaimFactory(text=f"claim {n}") for n in "abc")
    ContradictionFactory(claim=a, other_claim=b)
    ContradictionFactory(claim=b, other_claim=c, status=Contradiction.Status.CONFIRMED)
    ContradictionFactory(claim=a, other_claim=b, kind="number")
    lone = ClaimFactory(text="lone claim")
    ContradictionFactory(claim=lone, other_claim=None, passage=ReferencePassageFactory())
    x, y = ClaimFactory(), ClaimFactory()
    ContradictionFactory(claim=x, other_claim=y, status=Contradiction.Status.DISMISSED)
    events, total = open_contradictions_by_event()
    assert total == 2  # a-b-c is one event; the passage one another; dismissed ones none
    first, second = events
    assert (first.hub_id, first.claims, first.suspected, first.confirmed) == (b.pk, 3, 2, 1)
    assert first.hub_text == "claim b" and first.open == 3
    assert (second.hub_id, second.claims, second.open) == (lone.pk, 1, 1)
    events, total = open_contradictions_by_event(top=1)
    assert [e.hub_id for e in events] == [b.pk] and total == 2


# --- the page shows the numbers --------------------------------------------------------------


def test_page_charts_show_factory_numbers(reviewer_client, reviewer):
    today = timezone.localdate()
    source = SourceFactory(name="Daily Example")
    claims = ClaimFactory.create_batch(3, article=ArticleFactory(source=source))
    ClaimFlagFactory(claim=claims[0])
    verdict_at(at(today), claim=claims[0], label="refuted", reviewer=reviewer)
    verdict_at(at(today), claim=claims[1], label="refuted", reviewer=reviewer)
    verdict_at(at(today), claim=claims[2], label="supported", reviewer=reviewer)
    ContradictionFactory(claim=claims[1], other_claim=claims[2])

    response = reviewer_client.get(reverse("claims:dashboard"), {"weeks": 4})
    assert response.status_code == 200
    week = f"{(today - dt.timedelta(days=today.weekday())).day} "
    verdicts = chart(response, "chart-verdicts")
    assert len(verdicts.rows) == 4
    last = dict(zip(verdicts.headers, verdicts.rows[-1], strict=True))
    assert last["Week starting"].startswith(week)
    assert (last["Refuted"], last["Supported"], last["Total"]) == ("2", "1", "3")
    svg = ET.fromstring(verdicts.svg)
    titles = {t.text for r in svg.iter(f"{SVG}rect") for t in r.iter(f"{SVG}title")}
    assert f"{last['Week starting']} · Refuted: 2" in titles

    assert chart(response, "chart-sources").rows == [["Daily Example", "3", "1", "1"]]
    events = chart(response, "chart-events")
    assert events.rows == [[f"Daily Example: {claims[1].text}", "1", "0", "1"]]
    assert events.links == [reverse("claims:event", args=[claims[1].pk])]
    throughput = chart(response, "chart-throughput")
    assert throughput.headers == ["Week starting", reviewer.username]
    assert [r[1] for r in throughput.rows] == ["0", "0", "0", "3"]
    html = response.content.decode()
    assert f'href="{reverse("claims:event", args=[claims[1].pk])}"' in html


def test_unknown_weeks_fall_back_to_the_default(reviewer_client):
    for value in ("7", "abc", "-1"):
        response = reviewer_client.get(reverse("claims:dashboard"), {"weeks": value})
        assert response.status_code == 200
        assert response.context["data"].weeks == 12


def test_query_count_does_not_grow_with_data(reviewer_client, django_assert_max_num_queries):
    def populate(n: int):
        for i in range(n):
            source = SourceFactory()
            article = ArticleFactory(source=source)
            c1, c2 = ClaimFactory(article=article), ClaimFactory(article=article)
            ClaimFlagFactory(claim=c1)
            verdict_at(timezone.now() - dt.timedelta(weeks=i % 5), claim=c1,
                       reviewer=UserFactory())
            ContradictionFactory(claim=c1, other_claim=c2)

    populate(2)
    # session + user + groups, then six reads: see selectors/dashboard.py
    with django_assert_max_num_queries(9):
        assert reviewer_client.get(reverse("claims:dashboard")).status_code == 200
    populate(12)
    with django_assert_max_num_queries(9):
        response = reviewer_client.get(reverse("claims:dashboard"))
    assert len(response.context["data"].events) == 10


def test_figures_are_cached_for_a_while(reviewer_client, settings, django_assert_max_num_queries):
    from django.core.cache import cache

    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    ClaimFactory()
    first = reviewer_client.get(reverse("claims:dashboard"))
    assert chart(first, "chart-sources").rows[0][1] == "1"
    source_id = first.context["data"].sources[0].source_id
    ClaimFactory(article=ArticleFactory(source_id=source_id))
    with django_assert_max_num_queries(3):  # session, user, groups: no aggregate re-run
        again = reviewer_client.get(reverse("claims:dashboard"))
    assert chart(again, "chart-sources").rows[0][1] == "1"  # a minute-old figure
    assert b"Figures as of" in again.content
    cache.clear()
    fresh = reviewer_client.get(reverse("claims:dashboard"))
    assert chart(fresh, "chart-sources").rows[0][1] == "2"


def test_agreement_link_in_the_top_bar_for_moderators_only(reviewer, moderator):
    from django.test import Client

    reviewer_client, moderator_client = Client(), Client()
    reviewer_client.force_login(reviewer)
    moderator_client.force_login(moderator)
    link = f'href="{reverse("claims:agreement")}"'

    def topbar(client, url):
        html = client.get(url).content.decode()
        return html[html.index('<nav class="mainnav">'):html.index("</nav>", html.index("mainnav"))]

    assert link in topbar(moderator_client, reverse("claims:dashboard"))
    assert f'{link} class="active"' in topbar(moderator_client, reverse("claims:agreement"))
    assert link not in topbar(reviewer_client, reverse("claims:dashboard"))
