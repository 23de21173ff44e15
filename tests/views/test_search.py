"""/search/ (words, phrases, similar): every term, articles found, the queue's
filters, highlighting, and a query count that does not grow.
"""

import numpy as np
import pytest

from claims.models import Claim
from claims.pipeline import embed
from claims.vector_search import clear_cache
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimFlagFactory,
    SourceFactory,
    unit_vector,
)
from tests.views.articles.test_list import count_queries, rows

SEARCH = "/search/"


@pytest.fixture
def corpus(db):
    ledger = SourceFactory(name="Harbour Ledger")
    post = SourceFactory(name="Valley Post")
    a = ArticleFactory(source=ledger, title="Ferry fares to rise in May")
    b = ArticleFactory(source=post, title="Orchard harvest breaks a record")
    fares = ClaimFactory(article=a, position=0, text="A return ferry ticket will cost 14 euros.")
    order = ClaimFactory(article=a, position=1, text="Tickets for the ferry will cost more.")
    apples = ClaimFactory(article=b, position=0,
                          text="The cooperative picked 2,300 tonnes of apples in 2025.")
    ClaimFlagFactory(claim=fares, code="weekday_mismatch", message="1 May 2026 is a Friday")
    return {"fares": fares, "order": order, "apples": apples, "a": a, "b": b, "post": post}


@pytest.mark.django_db
def test_words_every_term_and_phrases(reviewer_client, corpus):
    ids = lambda params: [c.pk for c in rows(reviewer_client.get(SEARCH, params))]  # noqa: E731
    assert set(ids({"q": "ferry cost"})) == {corpus["fares"].pk, corpus["order"].pk}
    assert ids({"q": '"ferry ticket"'}) == [corpus["fares"].pk]
    assert ids({"q": '"ticket ferry"'}) == []
    assert ids({"q": "apples"}) == [corpus["apples"].pk]


@pytest.mark.django_db
def test_words_find_articles_and_link_claims(reviewer_client, corpus):
    resp = reviewer_client.get(SEARCH, {"q": "ferry"})
    assert [a.pk for a in resp.context["articles"]] == [corpus["a"].pk]
    html = resp.content.decode()
    assert f'href="/claims/{corpus["fares"].pk}/"' in html
    assert "Weekday does not fit the date" in html  # the flag in words, not its code


@pytest.mark.django_db
def test_search_filters_combine_with_the_queue_filters(reviewer_client, corpus):
    got = rows(reviewer_client.get(SEARCH, {"q": "ferry", "flag": "weekday_mismatch"}))
    assert [c.pk for c in got] == [corpus["fares"].pk]
    got = rows(reviewer_client.get(SEARCH, {"q": "2025", "source": corpus["post"].pk}))
    assert [c.pk for c in got] == [corpus["apples"].pk]
    got = rows(reviewer_client.get(SEARCH, {"q": "ferry", "status": "reviewed"}))
    assert list(got) == []


@pytest.mark.django_db
def test_empty_query_shows_the_form_only(reviewer_client, corpus):
    resp = reviewer_client.get(SEARCH)
    assert resp.status_code == 200 and resp.context["page"] is None


@pytest.mark.django_db
def test_search_query_count_is_constant(reviewer_client, corpus):
    count_queries(reviewer_client, SEARCH, {"q": "ferry"})
    few = count_queries(reviewer_client, SEARCH, {"q": "ferry"})
    for i in range(30):
        c = ClaimFactory(article=corpus["a"], position=100 + i, text=f"The ferry sails at {i}.")
        ClaimFlagFactory(claim=c)
    many = count_queries(reviewer_client, SEARCH, {"q": "ferry"})
    assert few == many, (few, many)


@pytest.mark.django_db
def test_similar_mode_ranks_by_stored_embeddings(reviewer_client, corpus, monkeypatch):
    version = embed.model_version()
    query = unit_vector(1)
    near = (query + 0.2 * unit_vector(2)).astype(np.float32)
    far = unit_vector(3)
    for claim, vec in ((corpus["order"], near / np.linalg.norm(near)),
                       (corpus["apples"], far), (corpus["fares"], query)):
        Claim.objects.filter(pk=claim.pk).update(embedding=vec, embedding_model=version)
    clear_cache()
    monkeypatch.setattr(embed, "embed_texts", lambda texts, **kw: np.vstack([query]))
    resp = reviewer_client.get(SEARCH, {"q": "the ferry gets dearer", "mode": "similar"})
    got = [c.pk for c in rows(resp)]
    assert got[:2] == [corpus["fares"].pk, corpus["order"].pk]
    assert rows(resp)[0].similarity == pytest.approx(1.0, abs=1e-4)
    assert "Similarity" in resp.content.decode()
    clear_cache()


@pytest.mark.django_db
def test_matched_words_are_highlighted_and_text_stays_escaped(reviewer_client, corpus):
    ClaimFactory(article=corpus["a"], position=50,
                 text='The ferry <script>alert("x")</script> sails at dawn.')
    html = reviewer_client.get(SEARCH, {"q": "ferry"}).content.decode()
    assert '<mark class="term">ferry</mark>' in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
