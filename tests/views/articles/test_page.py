"""One article's page: its claims highlighted in place, its state, runs and verdicts.
"""


import pytest
from django.urls import reverse

from claims.models import Claim, VerificationRun
from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory, VerificationRunFactory
from tests.ui.scenario import build_scenario

pytestmark = pytest.mark.django_db


def test_article_highlights_claims_in_place(reviewer_client):
    s = build_scenario()
    html = reviewer_client.get(reverse("claims:article", args=[s.article_a.pk])).content.decode()
    assert html.count('<mark class="hl') == 2  # two spans, three claims
    assert '<mark class="hl flagged"' in html
    assert "Donate now" in html and "donation" in html  # the dropped blocks, with reasons
    assert "17 Dec 2017 was a Sunday" in html


@pytest.mark.usefixtures("evidence_floor")
def test_article_page_state_runs_and_verdict_labels(reviewer_client):

    article = ArticleFactory(status="extracted")
    done = ClaimFactory(article=article, position=0, status="reviewed")
    ClaimFactory(article=article, position=1, status="needs_review")
    VerdictFactory(claim=done, label="refuted")
    run = VerificationRunFactory(article=article, status="complete", total=2, done=2)
    html = reviewer_client.get(reverse("claims:article", args=[article.pk])).content.decode()
    assert "Claims extracted" not in html
    assert "Matched, in review" in html and "(1 of 2 claims reviewed)" in html
    assert f'href="/runs/#runcard-{run.pk}"' in html
    assert 'class="verdict-pill label-refuted"' in html


@pytest.mark.usefixtures("evidence_floor")
def test_run_finish_moves_the_article_to_matched():
    from claims.models import Article
    from claims.services.runs import run_finish
    from tests.factories import VerificationRunFactory

    article = ArticleFactory(status="extracted")
    a = ClaimFactory(article=article, status="needs_review")
    from django.utils import timezone

    run = VerificationRunFactory(article=article, status="running", total=1,
                                 started_at=timezone.now(), params={"claim_ids": [a.pk]})
    other = ArticleFactory(status="extracted")
    ClaimFactory(article=other, status="pending")
    run_finish(run_id=run.pk)
    assert VerificationRun.objects.get(pk=run.pk).phase == "done"
    assert Article.objects.get(pk=article.pk).status == "matched"
    assert Article.objects.get(pk=other.pk).status == "extracted"  # not part of the run


@pytest.mark.usefixtures("evidence_floor")
def test_headline_then_blank_line_is_never_joined_to_the_first_sentence():
    from claims.services.articles import article_ingest

    body = ("The harbour trust said on Thursday 12 March 2026 that two keepers will live at "
            "the Gullrock lighthouse from June. The lamp has been automatic since 1986.")
    for n, (title, head) in enumerate([("", "Keepers return to Gullrock lighthouse"),
                                       ("Gullrock news", "Keepers will return to Gullrock")]):
        result = article_ingest(content=f"{head}\r\n\r\n{body} ({n})", source_name="Gazette",
                                title=title, enqueue_verification=False)
        texts = list(Claim.objects.filter(article=result.article).values_list("text", flat=True))
        assert texts, title
        assert not any(head in t and "harbour trust" in t for t in texts), texts
