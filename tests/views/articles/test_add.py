"""/articles/new/: paste, upload, URLs; per-item outcomes; progress; permissions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import Article, Claim, VerificationRun
from claims.pipeline import fetch as fetch_module
from claims.services.articles import strip_title_line

URL = "/articles/new/"

# written for these tests
HEADLINE = "Lighthouse keepers return to Gullrock after forty years"
BODY = (
    "The harbour trust said on Thursday 12 March 2026 that two keepers will live at the "
    "Gullrock lighthouse from June. The lamp has been automatic since 1986, according to "
    "the trust. Repairs to the keepers' cottage cost 310,000 pounds."
)
# a headline that reads as a sentence (full stop): the cleaner alone keeps it as prose
PASTE = f"{HEADLINE}.\r\n\r\n{BODY}"
OTHER = (
    "The ferry between Tarnby and Osk will run twice a day from 1 May 2026, the operator "
    "said. A return ticket will cost 14 euros, up from 11 euros last year."
)
THIRD = (
    "The Vell valley orchard cooperative picked 2,300 tonnes of apples in 2025, the "
    "cooperative said in its yearly report. That is the largest harvest since 2019."
)


@pytest.fixture
def no_queue(monkeypatch):
    """Nothing is dispatched (pytest's transaction never commits), so a run stays queued."""
    return None


def post(client, data=None, files=None, **headers):
    payload = dict(data or {})
    if files:
        payload["files"] = files
    return client.post(URL, payload, **headers)


# --- permissions -----------------------------------------------------------------

@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    resp = client.get(URL)
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]
    resp = client.post(URL, {"text": BODY})
    assert resp.status_code == 302
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_outsider_is_refused(outsider_client):
    assert outsider_client.get(URL).status_code == 403
    assert outsider_client.post(URL, {"text": BODY}).status_code == 403
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_reviewer_sees_the_form_and_the_top_bar_links_to_it(reviewer_client):
    resp = reviewer_client.get(URL)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'name="text"' in html and 'name="files"' in html and "multiple" in html
    assert 'name="urls"' in html and 'name="published"' in html
    home = reviewer_client.get("/").content.decode()
    assert f'href="{URL}"' in home and 'action="/search/"' in home


# --- paste -------------------------------------------------------------------------

@pytest.mark.django_db
def test_pasted_article_with_title_drops_the_headline(reviewer_client):
    resp = post(reviewer_client, {"text": PASTE, "title": HEADLINE, "source": "Gullrock Gazette"})
    assert resp.status_code == 200
    article = Article.objects.get()
    assert article.title == HEADLINE and article.source.name == "Gullrock Gazette"
    assert not article.cleaned_text.startswith("Lighthouse keepers")
    texts = list(Claim.objects.values_list("text", flat=True))
    assert texts and not any(HEADLINE in t for t in texts)
    assert {"text": HEADLINE + ".", "reason": "headline"} in article.dropped
    html = resp.content.decode()
    assert "Added" in html and reverse("claims:article", args=[article.pk]) in html
    # the run is queued (nothing commits in this test): the progress polls
    run = VerificationRun.objects.get(article=article)
    assert run.status == VerificationRun.Status.QUEUED
    assert reverse("claims:article_progress", args=[article.pk]) in html
    assert 'hx-trigger="every' in html


def test_strip_title_line_only_strips_an_equal_first_line():
    assert strip_title_line("Big news!\n\nBody here.", "big news") == ("Body here.", "Big news!")
    assert strip_title_line("Other line\n\nBody.", "Big news") == ("Other line\n\nBody.", "")
    assert strip_title_line("Body only.", "") == ("Body only.", "")


@pytest.mark.django_db
def test_htmx_post_returns_only_the_results(reviewer_client):
    resp = post(reviewer_client, {"text": OTHER}, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "<html" not in html and "outcome-stored" in html


@pytest.mark.django_db
def test_nothing_given_is_a_form_error(reviewer_client):
    resp = post(reviewer_client, {"text": "   ", "urls": ""})
    assert resp.status_code == 400
    assert "Nothing to add" in resp.content.decode()
    resp = post(reviewer_client, {"text": ""}, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200 and resp["HX-Retarget"] == "#add-form"
    assert not Article.objects.exists()


# --- files ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_three_files_one_binary_two_stored(reviewer_client):
    files = [
        SimpleUploadedFile("ferry.txt", OTHER.encode(), content_type="text/plain"),
        SimpleUploadedFile("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
                           content_type="text/plain"),
        SimpleUploadedFile("orchard.md", f"# Orchard\n\n{THIRD}".encode(),
                           content_type="text/markdown"),
    ]
    resp = post(reviewer_client, {"title": "ignored for a batch"}, files=files)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert Article.objects.count() == 2
    assert not Article.objects.filter(title="ignored for a batch").exists()
    assert html.count("outcome-stored") == 2 and html.count("outcome-refused") == 1
    assert "photo.txt" in html and "binary" in html


@pytest.mark.django_db
def test_empty_too_large_and_wrong_type_files_are_refused(reviewer_client, settings):
    settings.INGEST_MAX_BYTES = 1000
    files = [
        SimpleUploadedFile("empty.txt", b"", content_type="text/plain"),
        SimpleUploadedFile("huge.txt", b"word " * 400, content_type="text/plain"),
        SimpleUploadedFile("report.pdf", b"%PDF-1.4 hello", content_type="application/pdf"),
    ]
    html = post(reviewer_client, files=files).content.decode()
    assert not Article.objects.exists()
    assert html.count("outcome-refused") == 3
    assert "empty" in html and "too large" in html and "Only .txt, .html and .md" in html


@pytest.mark.django_db
def test_duplicate_is_already_here_with_a_link(reviewer_client):
    post(reviewer_client, {"text": OTHER})
    first = Article.objects.get()
    html = post(reviewer_client, {"text": OTHER}).content.decode()
    assert Article.objects.count() == 1
    assert "Already here" in html and reverse("claims:article", args=[first.pk]) in html


# --- URLs ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_urls_bad_and_good(reviewer_client, monkeypatch):
    page = f"<html><head><title>Ferry</title></head><body><article><p>{OTHER}</p></article></body></html>"

    def fake_fetch(url, **kw):
        fetch_module._check_url(url)  # the real scheme / host checks
        if "tarnby" not in url:
            raise fetch_module.InputError(f"Cannot resolve host {url!r}.")
        return fetch_module.Fetched(url=url, body=page.encode(), content_type="text/html")

    monkeypatch.setattr("claims.services.articles.fetch_url", fake_fetch)
    resp = post(reviewer_client, {
        "urls": "https://news.tarnby.example/ferry\nftp://files.example/x\nhttps://nowhere.invalid/\n"
    })
    html = resp.content.decode()
    article = Article.objects.get()
    assert article.url == "https://news.tarnby.example/ferry"
    assert article.source.name == "news.tarnby.example"
    assert html.count("outcome-refused") == 2
    assert "Only http and https" in html and "Cannot resolve host" in html


@pytest.mark.django_db
def test_loopback_url_is_refused_by_default(reviewer_client):
    html = post(reviewer_client, {"urls": "http://127.0.0.1:9/article"}).content.decode()
    assert not Article.objects.exists()
    assert "private or local address" in html


# --- progress -------------------------------------------------------------------------

@pytest.mark.django_db
def test_progress_partial_permissions_and_404(client, reviewer, outsider):
    from tests.factories import ArticleFactory

    article = ArticleFactory()
    url = reverse("claims:article_progress", args=[article.pk])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    assert client.get(reverse("claims:article_progress", args=[999999])).status_code == 404


@pytest.mark.django_db
@pytest.mark.slow
def test_completed_run_shows_done_and_stops_polling(
    reviewer_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        resp = post(reviewer_client, {"text": BODY, "source": "Gullrock Gazette"})
    article = Article.objects.get()
    run = VerificationRun.objects.get(article=article)
    assert run.status == VerificationRun.Status.COMPLETE, run.errors
    html = reviewer_client.get(reverse("claims:article_progress", args=[article.pk])).content.decode()
    assert 'hx-trigger="every' not in html
    assert "Checked: every claim is matched" in html
    assert 'aria-valuenow="100"' in html
    assert resp.status_code == 200
