"""POST /api/articles/: ingest text or a URL; bad input 400, duplicates 409."""

import pytest

from claims.models import Article, Claim, VerificationRun
from claims.pipeline.fetch import Fetched
from tests.api.conftest import PAGE_TEXT

pytestmark = pytest.mark.django_db


def test_ingest_text_returns_article_with_claims_and_queues_matching(
    as_persona, queued, django_capture_on_commit_callbacks
):
    client = as_persona("reviewer")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/api/articles/", {
            "text": PAGE_TEXT, "source": "Lantern Bay Courier", "title": "Terminal reopens",
            "published": "2023-03-06", "url": "https://courier.example/terminal",
        }, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    article = Article.objects.get()
    assert body["id"] == article.pk and r.headers["Location"].endswith(f"/api/articles/{article.pk}/")
    assert body["source"] == "Lantern Bay Courier"
    assert body["title"] == "Terminal reopens"
    assert body["published"] == "2023-03-06" and body["published_origin"] == "given"
    assert body["url"] == "https://courier.example/terminal"
    texts = [c["text"] for c in body["claims"]]
    assert len(texts) == Claim.objects.filter(article=article).count() >= 2
    assert any("2.1 million passengers" in t for t in texts)
    assert "2.1 million passengers" in body["cleaned_text"]
    # matching was queued, once, for this article's run
    run = VerificationRun.objects.get(article=article)
    assert queued == [(run.pk,)]
    assert body["runs"] == [
        {"id": run.pk, "kind": "verify", "status": "queued", "phase": "embed",
         "total": run.total, "done": 0, "failed": 0, "progress": 0.0}
    ]


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_is_400_and_stores_nothing(as_persona, queued, text):
    r = as_persona("reviewer").post("/api/articles/", {"text": text, "source": "X"}, format="json")
    assert r.status_code == 400
    assert r.json() == {"detail": "The document is empty."}
    assert not Article.objects.exists() and not Claim.objects.exists()
    assert not VerificationRun.objects.exists() and queued == []


def test_neither_text_nor_url_is_400(as_persona):
    r = as_persona("reviewer").post("/api/articles/", {"source": "X"}, format="json")
    assert r.status_code == 400
    assert "text" in str(r.json()) and not Article.objects.exists()


def test_duplicate_is_409_naming_the_stored_article(as_persona, queued):
    client = as_persona("moderator")
    first = client.post("/api/articles/", {"text": PAGE_TEXT, "source": "A"}, format="json")
    assert first.status_code == 201
    again = client.post("/api/articles/", {"text": PAGE_TEXT, "source": "B"}, format="json")
    assert again.status_code == 409
    body = again.json()
    assert body["article_id"] == first.json()["id"]
    assert "Duplicate" in body["detail"]
    assert Article.objects.count() == 1


def test_url_is_fetched_when_no_text(as_persona, queued, monkeypatch):
    html = "<html><body><h1>Ferry terminal reopens in Lantern Bay</h1><p>" + PAGE_TEXT.replace(
        "\n", "</p><p>") + "</p></body></html>"
    seen = []

    def fake_fetch(url, **kwargs):
        seen.append(url)
        return Fetched(url=url + "?final", body=html.encode(), content_type="text/html")

    monkeypatch.setattr("claims.services.articles.fetch_url", fake_fetch)
    r = as_persona("reviewer").post(
        "/api/articles/", {"url": "https://courier.example/a"}, format="json"
    )
    assert r.status_code == 201, r.content
    assert seen == ["https://courier.example/a"]
    body = r.json()
    assert body["url"] == "https://courier.example/a?final"
    assert body["source"] == "courier.example"  # host name when no source is given
    assert body["claims"]


def test_unfetchable_url_is_400_with_the_reason(as_persona):
    r = as_persona("reviewer").post(
        "/api/articles/", {"url": "ftp://courier.example/a"}, format="json"
    )
    assert r.status_code == 400
    assert "Only http and https" in r.json()["detail"]
    assert not Article.objects.exists()


def test_article_detail_and_list_nest_claims(as_persona, world):
    client = as_persona("reviewer")
    detail = client.get(f"/api/articles/{world['article'].pk}/").json()
    assert [c["id"] for c in detail["claims"]] == [world["claim"].pk]
    claim = detail["claims"][0]
    assert claim["flags"] == [{"code": "weekday_mismatch", "message": world["claim"].flags.get().message}]
    assert claim["conflict_count"] == 1
    assert [r["id"] for r in detail["runs"]] == [world["run"].pk]
    listing = client.get("/api/articles/").json()
    assert listing["count"] == 2
    assert "cleaned_text" not in listing["results"][0]
    assert client.get("/api/articles/999999/").status_code == 404
