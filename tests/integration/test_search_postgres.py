"""Search's words-and-phrases mode on PostgreSQL: full-text search (websearch_to_tsquery
on the claims' GIN index), with stemming, phrases and exclusions, through the page."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import ArticleFactory, ClaimFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def claims():
    article = ArticleFactory(title="Ferry fares to rise in May")
    return {
        "ticket": ClaimFactory(article=article, status="needs_review",
                               text="A return ferry ticket will cost 14 euros from May."),
        "order": ClaimFactory(article=article, status="needs_review",
                              text="The ticket for the ferry rises to 14 euros."),
        "osk": ClaimFactory(article=article, status="needs_review",
                            text="The Osk ferry ticket office closed in 2025."),
        "apples": ClaimFactory(article=article, status="needs_review",
                               text="The cooperative picked 2,300 tonnes of apples."),
    }


def found(client, q):
    resp = client.get(reverse("claims:search"), {"q": q})
    assert resp.status_code == 200
    return {c.pk for c in resp.context["page"]}


def test_full_text_words_phrases_stems_and_exclusions(reviewer_client, claims):
    assert connection.vendor == "postgresql"
    c = claims
    assert found(reviewer_client, "ferry ticket") == {c["ticket"].pk, c["order"].pk, c["osk"].pk}
    # a phrase keeps its words together and in order
    assert found(reviewer_client, '"ferry ticket"') == {c["ticket"].pk, c["osk"].pk}
    # English stemming: "rising" finds "rises"
    assert found(reviewer_client, "rising ferry") == {c["order"].pk}
    # websearch syntax: -word excludes
    assert found(reviewer_client, "ferry ticket -osk") == {c["ticket"].pk, c["order"].pk}
    assert found(reviewer_client, "tonnes apples") == {c["apples"].pk}
    assert found(reviewer_client, "submarine") == set()


def test_full_text_query_can_use_the_gin_index(claims):
    with connection.cursor() as cur:
        cur.execute("SET enable_seqscan = off")
        cur.execute(
            "EXPLAIN SELECT id FROM claims_claim WHERE text_tsv "
            "@@ websearch_to_tsquery('english', %s)", ["ferry"])
        plan = "\n".join(r[0] for r in cur.fetchall())
        cur.execute("SET enable_seqscan = on")
    assert "claims_claim_text_tsv" in plan


def test_the_stored_tsvector_follows_an_edited_claim_text(reviewer_client, claims):
    claim = claims["apples"]
    claim.text = "The cooperative picked 2,300 tonnes of pears."
    claim.save(update_fields=["text"])
    assert found(reviewer_client, "pears") == {claim.pk}
    assert found(reviewer_client, "apples") == set()
