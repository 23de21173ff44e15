"""Blind second review, adjudication, assignments and agreement on the web pages."""

import pytest
from django.urls import reverse

from claims.models import Assignment, Claim, ReviewMode, Verdict
from claims.services.assignments import assignment_assign
from claims.services.verdicts import verdict_record
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

pytestmark = pytest.mark.django_db

SECRET = "The wire copy has the wrong weekday"


@pytest.fixture
def claim(db):
    return ClaimFactory(article=ArticleFactory(review_mode=ReviewMode.DOUBLE),
                        status=Claim.Status.NEEDS_REVIEW)


def _first(claim, user, label="misleading"):
    return verdict_record(claim_id=claim.pk, user=user, label=label, rationale=SECRET,
                          expected_version=claim.version)


def _page(client, claim):
    r = client.get(reverse("claims:claim", args=[claim.pk]))
    assert r.status_code == 200
    return r.content.decode()


def test_second_reviewer_does_not_see_the_first_review(client, claim, reviewer, second_reviewer):
    _first(claim, reviewer)
    client.force_login(second_reviewer)
    html = _page(client, claim)
    assert SECRET not in html and "verdict-pill label-misleading" not in html
    assert "another reviewer has recorded the first review" in html
    assert 'id="verdict-form"' in html
    # the history does not give it away either
    history = html.split('id="history"')[1].split("</section>")[0]
    assert "misleading" not in history.lower() and SECRET not in history


def test_first_reviewer_sees_their_own_blind_review_and_no_form(client, claim, reviewer):
    _first(claim, reviewer)
    client.force_login(reviewer)
    html = _page(client, claim)
    assert SECRET in html and "Your blind review" in html
    assert "verdict-pill label-misleading" in html
    assert 'id="verdict-form"' not in html


def test_second_review_through_the_form_disputes_and_moderator_adjudicates(
    client, claim, reviewer, second_reviewer, moderator
):
    _first(claim, reviewer, "misleading")
    claim.refresh_from_db()
    client.force_login(second_reviewer)
    r = client.post(reverse("claims:claim_verdict", args=[claim.pk]), {
        "label": "supported", "rationale": "Matches the agency report.",
        "version": claim.version,
    }, follow=True)
    assert "The two reviews disagree" in r.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISPUTED

    # both reviews are now shown; the reviewer cannot adjudicate
    html = _page(client, claim)
    assert SECRET in html and 'id="adjudicate-form"' not in html
    r = client.post(reverse("claims:claim_adjudicate", args=[claim.pk]),
                    {"label": "refuted", "reason": "x"})
    assert r.status_code == 403

    client.force_login(moderator)
    html = _page(client, claim)
    assert 'id="adjudicate-form"' in html
    r = client.post(reverse("claims:claim_adjudicate", args=[claim.pk]),
                    {"label": "refuted", "reason": "   ", "version": claim.version}, follow=True)
    assert "needs a reason" in r.content.decode().lower() or "required" in r.content.decode()
    assert not Verdict.objects.filter(kind="adjudication").exists()
    r = client.post(reverse("claims:claim_adjudicate", args=[claim.pk]),
                    {"label": "refuted", "reason": "Wrong weekday.", "version": claim.version},
                    follow=True)
    assert "Adjudicated: Refuted" in r.content.decode()
    current = Verdict.objects.get(claim=claim, is_current=True)
    assert current.kind == "adjudication" and current.reviewer == moderator
    assert "Wrong weekday." in _page(client, claim).split('id="history"')[1]


def test_same_reviewer_twice_gets_a_clear_error(client, claim, reviewer):
    _first(claim, reviewer)
    claim.refresh_from_db()
    client.force_login(reviewer)
    r = client.post(reverse("claims:claim_verdict", args=[claim.pk]), {
        "label": "supported", "rationale": "again", "version": claim.version,
    })
    assert r.status_code == 400
    assert "different reviewer must record the second" in r.content.decode()
    assert Verdict.objects.filter(claim=claim).count() == 1


def test_queue_assigned_to_me_filter(client, reviewer, second_reviewer, moderator):
    mine = ClaimFactory(status=Claim.Status.NEEDS_REVIEW)
    via_article = ClaimFactory(status=Claim.Status.NEEDS_REVIEW)
    theirs = ClaimFactory(status=Claim.Status.NEEDS_REVIEW)
    assignment_assign(user=moderator, reviewer_id=reviewer.pk, claim_id=mine.pk)
    assignment_assign(user=moderator, reviewer_id=reviewer.pk, article_id=via_article.article_id)
    assignment_assign(user=moderator, reviewer_id=second_reviewer.pk, claim_id=theirs.pk)
    ended = ClaimFactory(status=Claim.Status.NEEDS_REVIEW)
    a = assignment_assign(user=moderator, reviewer_id=reviewer.pk, claim_id=ended.pk)
    assignment_assign(user=moderator, reviewer_id=second_reviewer.pk, claim_id=ended.pk)  # reassigned
    assert not Assignment.objects.get(pk=a.pk).is_active
    client.force_login(reviewer)

    def ids(**params):
        r = client.get(reverse("claims:queue"), params)
        assert r.status_code == 200
        return {c.pk for c in r.context["page"]}

    assert ids(assigned_to_me="true") == {mine.pk, via_article.pk}
    assert ids(assigned_to_me="false") == {theirs.pk, ended.pk}
    assert ids() == {mine.pk, via_article.pk, theirs.pk, ended.pk}


def test_moderator_assigns_and_sets_mode_from_the_claim_page(client, moderator, reviewer):
    claim = ClaimFactory()
    client.force_login(moderator)
    html = _page(client, claim)
    assert 'id="assign-form"' in html and 'id="review-mode-form"' in html
    r = client.post(reverse("claims:claim_assign", args=[claim.pk]), {"reviewer": reviewer.pk},
                    follow=True)
    assert f"Assigned to {reviewer.username}" in r.content.decode()
    assert Assignment.objects.get(claim=claim, is_active=True).reviewer == reviewer
    r = client.post(reverse("claims:claim_review_mode", args=[claim.pk]),
                    {"review_mode": "double"}, follow=True)
    claim.refresh_from_db()
    assert claim.review_mode == "double"
    assert "Two blind reviewers" in r.content.decode()
    r = client.post(reverse("claims:claim_review_mode", args=[claim.pk]),
                    {"review_mode": "quadruple"}, follow=True)
    claim.refresh_from_db()
    assert claim.review_mode == "double"


def test_moderator_assigns_an_article(client, moderator, reviewer):
    article = ArticleFactory()
    client.force_login(moderator)
    r = client.get(reverse("claims:article", args=[article.pk]))
    assert 'id="assign-form"' in r.content.decode()
    client.post(reverse("claims:article_assign", args=[article.pk]), {"reviewer": reviewer.pk})
    a = Assignment.objects.get(article=article)
    client.post(reverse("claims:assignment_end", args=[a.pk]))
    a.refresh_from_db()
    assert not a.is_active and a.ended_by == moderator
    client.post(reverse("claims:article_review_mode", args=[article.pk]), {"review_mode": "double"})
    article.refresh_from_db()
    assert article.review_mode == "double"


def test_moderation_forms_are_for_moderators_only(reviewer_client, reviewer):
    claim = ClaimFactory()
    html = _page(reviewer_client, claim)
    assert 'id="assign-form"' not in html
    for name, data in [("claims:claim_assign", {"reviewer": reviewer.pk}),
                       ("claims:claim_review_mode", {"review_mode": "double"})]:
        assert reviewer_client.post(reverse(name, args=[claim.pk]), data).status_code == 403
    assert reviewer_client.get(reverse("claims:agreement")).status_code == 403
    assert not Assignment.objects.exists()
    claim.refresh_from_db()
    assert claim.review_mode == ""


def test_agreement_page_shows_kappa_per_pair(moderator_client, reviewer, second_reviewer):
    # four blind rounds between reviewer and second: labels (a,a) (a,a) (b,b) (a,b)
    for first_label, second_label in [("supported", "supported"), ("supported", "supported"),
                                      ("refuted", "refuted"), ("supported", "refuted")]:
        c = ClaimFactory()
        f = VerdictFactory(claim=c, reviewer=reviewer, label=first_label, is_current=False)
        VerdictFactory(claim=c, reviewer=second_reviewer, label=second_label, kind="second_review",
                       first_review=f, is_current=first_label == second_label)
    VerdictFactory(reviewer=reviewer)  # a single-mode verdict does not count
    r = moderator_client.get(reverse("claims:agreement"))
    assert r.status_code == 200
    overall = r.context["overall"]
    # p_o = 3/4; first: s3 r1, second: s2 r2 -> p_e = (6+2)/16 = 0.5; kappa = 0.5
    assert overall.items == 4 and overall.observed == pytest.approx(0.75)
    assert overall.kappa == pytest.approx(0.5)
    html = r.content.decode()
    assert "0.500" in html and f"{reviewer.username} &amp; {second_reviewer.username}" in html


def test_agreement_page_with_no_rounds(moderator_client, client):
    r = moderator_client.get(reverse("claims:agreement"))
    assert r.status_code == 200 and "No claim has two blind reviews yet" in r.content.decode()
    client.logout()
    assert client.get(reverse("claims:agreement")).status_code == 302
