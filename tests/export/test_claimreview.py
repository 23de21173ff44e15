"""schema.org ClaimReview: every field checked, the label scale, the export command."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from claims.export.claimreview import (
    BEST_RATING,
    RATING_VALUES,
    WORST_RATING,
    claimreview_for_verdict,
)
from claims.models import Verdict
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory, VerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def verdict():
    article = ArticleFactory(
        title="Talks resume in Astana", url="https://news.example/astana",
        published=dt.date(2017, 12, 18), source=SourceFactory(name="Steppe Herald"),
    )
    claim = ClaimFactory(article=article, text="Talks in Astana began on 17 December 2017.")
    return VerdictFactory(claim=claim, label=Verdict.Label.REFUTED)


def test_every_field(verdict, settings):
    settings.FACTCHECK_ORG_NAME = "Harbour Fact Desk"
    settings.SITE_URL = "https://facts.example/"
    review = claimreview_for_verdict(verdict)
    claim = verdict.claim
    assert set(review) == {"@context", "@type", "url", "claimReviewed", "datePublished",
                           "author", "reviewRating", "itemReviewed"}
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Talks in Astana began on 17 December 2017."
    assert review["url"] == f"https://facts.example/claims/{claim.pk}/"
    assert dt.date.fromisoformat(review["datePublished"]) == verdict.created_at.date()
    assert review["author"] == {"@type": "Organization", "name": "Harbour Fact Desk"}
    rating = review["reviewRating"]
    assert rating == {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                      "alternateName": "Refuted"}
    item = review["itemReviewed"]
    assert item == {
        "@type": "Claim",
        "appearance": [{"@type": "CreativeWork", "url": "https://news.example/astana",
                        "headline": "Talks resume in Astana",
                        "hasPart": {"@type": "Quotation", "text": claim.sentence}}],
        "datePublished": "2017-12-18",
        "author": {"@type": "Organization", "name": "Steppe Herald"},
    }
    json.dumps(review)  # JSON-serialisable as it is


def test_defaults_without_settings(verdict, settings):
    del settings.FACTCHECK_ORG_NAME
    del settings.SITE_URL
    review = claimreview_for_verdict(verdict)
    assert review["author"]["name"] == "Factcheck workbench"
    assert review["url"] == f"http://127.0.0.1:8000/claims/{verdict.claim_id}/"


def test_unknown_article_date_and_url_are_left_out(settings):
    claim = ClaimFactory(article=ArticleFactory(url="", published=None, title=""))
    review = claimreview_for_verdict(VerdictFactory(claim=claim))
    item = review["itemReviewed"]
    assert "datePublished" not in item
    assert item["appearance"] == [
        {"@type": "CreativeWork", "hasPart": {"@type": "Quotation", "text": claim.sentence}}
    ]
    assert item["author"]["name"] == claim.article.source.name


def test_claim_reviewed_is_the_claim_and_the_quote_is_the_verbatim_sentence():
    from tests.wording_data import SENTENCE, TEXT, claim_with_edits

    review = claimreview_for_verdict(VerdictFactory(claim=claim_with_edits()))
    assert review["claimReviewed"] == TEXT
    [appearance] = review["itemReviewed"]["appearance"]
    assert appearance["hasPart"] == {"@type": "Quotation", "text": SENTENCE}


@pytest.mark.parametrize("label", Verdict.Label.values)
def test_every_label_has_a_rating_within_the_scale(label):
    review = claimreview_for_verdict(VerdictFactory(label=label))
    rating = review["reviewRating"]
    assert isinstance(rating["ratingValue"], int)
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert rating["alternateName"] == Verdict.Label(label).label


def test_scale_is_ordered_from_refuted_to_supported():
    assert set(RATING_VALUES) == set(Verdict.Label.values)
    assert RATING_VALUES["refuted"] == WORST_RATING and RATING_VALUES["supported"] == BEST_RATING
    assert (RATING_VALUES["refuted"] < RATING_VALUES["misleading"]
            < RATING_VALUES["conflicting"] < RATING_VALUES["supported"])


def test_export_command_writes_one_review_per_current_verdict(tmp_path, verdict, capsys):
    VerdictFactory(claim=verdict.claim, is_current=False, label="supported")  # history
    ClaimFactory()  # no verdict: not exported
    second = VerdictFactory(label=Verdict.Label.SUPPORTED)
    out, err = tmp_path / "reviews.json", StringIO()
    call_command("export", "--format", "claimreview", "-o", str(out), stderr=err)
    reviews = json.loads(out.read_text())
    assert isinstance(reviews, list) and len(reviews) == 2
    assert [r["claimReviewed"] for r in reviews] == [verdict.claim.text, second.claim.text]
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["Refuted", "Supported"]
    assert "2 claim reviews exported" in err.getvalue()
    assert reviews[0] == claimreview_for_verdict(verdict)

    capsys.readouterr()
    call_command("export", "--format", "claimreview", "--article",
                 str(second.claim.article_id), stderr=StringIO())
    only = json.loads(capsys.readouterr().out)  # the command writes to sys.stdout
    assert [r["claimReviewed"] for r in only] == [second.claim.text]


def test_export_query_count_does_not_grow_with_reviews(django_assert_max_num_queries, capsys):
    for _ in range(15):
        VerdictFactory()
    with django_assert_max_num_queries(10):
        call_command("export", "--format", "claimreview", stderr=StringIO())
    assert len(json.loads(capsys.readouterr().out)) == 15
