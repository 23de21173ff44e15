"""Workbench pages: filters, sorting, highlighting, optimistic locking, constant queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Contradiction, Match, Verdict, VerificationRun
from claims.services.contradiction_resolve import contradiction_resolve
from claims.views import article_segments, mark_value
from tests.factories import (
    ClaimFactory,
    ClaimFlagFactory,
    ContradictionFactory,
    MatchFactory,
    VerdictFactory,
    VerificationRunFactory,
)
from tests.ui.scenario import build_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def queue_ids(client, **params):
    response = client.get(reverse("claims:queue"), params)
    assert response.status_code == 200
    return [c.pk for c in response.context["page"]]


# --- queue ---------------------------------------------------------------------


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


# --- article -------------------------------------------------------------------


def test_article_highlights_claims_in_place(reviewer_client):
    s = build_scenario()
    html = reviewer_client.get(reverse("claims:article", args=[s.article_a.pk])).content.decode()
    assert html.count('<mark class="hl') == 2  # two spans, three claims
    assert '<mark class="hl flagged"' in html
    assert "Donate now" in html and "donation" in html  # the dropped blocks, with reasons
    assert "17 Dec 2017 was a Sunday" in html


def test_article_segments_share_and_clip_spans():
    class C:
        def __init__(self, start, end):
            self.start, self.end = start, end
            self.flags = type("F", (), {"all": lambda self: []})()

    text = "Aaaa. Bbbb. Cccc."
    a, b, b2, overlap = C(0, 5), C(6, 11), C(6, 11), C(9, 17)
    segs = article_segments(text, [a, b, b2, overlap])
    assert "".join(s["text"] for s in segs) == text  # nothing lost, nothing doubled
    marked = [s for s in segs if s["claims"]]
    assert [s["text"] for s in marked] == ["Aaaa.", "Bbbb.", " Cccc."]
    assert marked[1]["claims"] == [b, b2]


def test_mark_value_escapes_and_marks():
    html, found = mark_value("<b>since 2016</b>", "2016")
    assert found and html == "&lt;b&gt;since <mark>2016</mark>&lt;/b&gt;"
    html, found = mark_value("since 2016", "1999")
    assert not found and "<mark>" not in html


# --- claim ---------------------------------------------------------------------


def test_claim_page_shows_both_sides_with_the_slot_marked(reviewer_client):
    s = build_scenario()
    for claim, mine, theirs in [(s.since_a, "2017", "2016"), (s.since_b, "2016", "2017")]:
        html = reviewer_client.get(reverse("claims:claim", args=[claim.pk])).content.decode()
        assert f"since <mark>{mine}</mark>" in html
        assert f"since <mark>{theirs}</mark>" in html
        assert html.index(f"<mark>{mine}</mark>") < html.index(f"<mark>{theirs}</mark>")


def test_recording_a_verdict(reviewer_client, reviewer):
    s = build_scenario()
    url = reverse("claims:claim_verdict", args=[s.since_a.pk])
    response = reviewer_client.post(url, {
        "label": "refuted", "rationale": "Began in 2017.", "version": "0",
        "cited_matches": [str(s.passage_match.pk)],
    })
    assert response.status_code == 302
    v = Verdict.objects.get(claim=s.since_a)
    assert v.is_current and v.reviewer == reviewer and v.label == "refuted"
    assert list(v.cited_matches.all()) == [s.passage_match]
    page = reviewer_client.get(reverse("claims:claim", args=[s.since_a.pk])).content.decode()
    assert "created review verdict" in page and "Began in 2017." in page


def test_stale_verdict_is_refused_and_the_draft_kept(reviewer_client, moderator):
    s = build_scenario()
    VerdictFactory(claim=s.since_a, reviewer=moderator, label="supported")
    Claim.objects.filter(pk=s.since_a.pk).update(version=1)  # someone saved meanwhile
    response = reviewer_client.post(reverse("claims:claim_verdict", args=[s.since_a.pk]), {
        "label": "misleading", "rationale": "My careful draft.", "version": "0",
    })
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed while you were editing" in html
    assert "My careful draft." in html
    assert 'name="version" value="1"' in html  # saving again is a deliberate choice
    assert Verdict.objects.filter(claim=s.since_a).count() == 1


def test_cited_evidence_must_be_this_claims(reviewer_client):
    s = build_scenario()
    foreign = MatchFactory()
    response = reviewer_client.post(reverse("claims:claim_verdict", args=[s.weekday.pk]), {
        "label": "refuted", "rationale": "x", "version": "0", "cited_matches": [foreign.pk],
    })
    assert response.status_code == 400
    assert not Verdict.objects.exists()


def test_moderator_override_endpoint(moderator_client):
    s = build_scenario()
    v = VerdictFactory(claim=s.since_a, label="supported")
    url = reverse("claims:claim_override", args=[s.since_a.pk])
    assert moderator_client.post(url, {"label": "refuted", "kind": "override",
                                       "reason": " "}).status_code == 400
    response = moderator_client.post(url, {"label": "refuted", "kind": "override",
                                           "reason": "Wrong year."})
    assert response.status_code == 302
    v.refresh_from_db()
    assert not v.is_current
    assert Verdict.objects.get(claim=s.since_a, is_current=True).kind == "override"


def test_resolve_contradiction_from_either_side(reviewer_client):
    s = build_scenario()
    response = reviewer_client.post(
        reverse("claims:contradiction_resolve", args=[s.contradiction.pk]),
        {"decision": "dismiss", "note": "Different events", "claim": str(s.since_b.pk)},
    )
    assert response["Location"] == reverse("claims:claim", args=[s.since_b.pk]) + "#contradictions"
    s.contradiction.refresh_from_db()
    assert s.contradiction.status == "dismissed" and s.contradiction.note == "Different events"


# --- event and runs ------------------------------------------------------------


def test_event_view_reads_matches_both_ways_above_the_threshold(reviewer_client):
    s = build_scenario()
    low = ClaimFactory()
    MatchFactory(claim=low, passage=None, other_claim=s.since_a, score=0.5, rank=1)
    back = ClaimFactory()
    MatchFactory(claim=back, passage=None, other_claim=s.since_a, score=0.93, rank=1,
                 stance=Match.Stance.SUPPORT)
    ctx = reviewer_client.get(reverse("claims:event", args=[s.since_a.pk])).context
    assert [v.claim.pk for v in ctx["versions"]] == [back.pk, s.since_b.pk]
    assert ctx["conflicting"] == 1 and ctx["corroborating"] == 1
    ctx = reviewer_client.get(reverse("claims:event", args=[s.since_a.pk]), {"min": "0.4"}).context
    assert low.pk in [v.claim.pk for v in ctx["versions"]]


def test_run_progress_partial_polls_only_while_active(reviewer_client):
    run = VerificationRunFactory(status=VerificationRun.Status.RUNNING, total=8, done=2)
    url = reverse("claims:run_progress", args=[run.pk])
    html = reviewer_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in html and "2 done" in html and "<html" not in html
    VerificationRun.objects.filter(pk=run.pk).update(status="complete", done=8)
    html = reviewer_client.get(url).content.decode()
    assert "hx-trigger" not in html and "8 done" in html
    assert reviewer_client.get(reverse("claims:runs")).status_code == 200


# --- query counts --------------------------------------------------------------


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
