"""The front door in a real browser (Playwright + Debian Chromium): add articles by
paste, files and URL, search, upload a reference corpus. All text is our own.

Screenshots land in var/screenshots/ and in $FRONT_SHOTS (default /tmp/front-shots/).
"""

import functools
import http.server
import json
import re
import threading

import pytest

from claims.models import Article, Claim, ReferencePassage
from claims.vector_search import clear_cache
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory
from tests.ui.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODEL_WAIT = 120_000  # ms: the first article in a process loads the embedding model

WEEKDAY_ARTICLE = (
    "Gullrock lighthouse opens to visitors\n\n"
    "The Gullrock harbour trust reopened the old lighthouse to visitors on Tuesday "
    "12 March 2026, after two years of repairs. The trust said the repairs cost 310,000 "
    "pounds. Around 4,000 people visited the lighthouse in its first week, according to "
    "the trust."
)
FERRY = (
    "The ferry between Tarnby and Osk will run twice a day from 1 May 2026, the operator "
    "said. A return ticket will cost 14 euros, up from 11 euros last year."
)
ORCHARD = (
    "# Valley harvest\n\nThe Vell valley orchard cooperative picked 2,300 tonnes of apples "
    "in 2025, the cooperative said in its yearly report. That is its largest harvest since 2019."
)
MILL_PAGE = (
    "<html><head><title>Mill reopens</title></head><body><nav>Home | News | Sport</nav>"
    "<article><h1>Old Bracken mill grinds again</h1>"
    "<p>The Bracken watermill near Osk ground its first flour in ninety years on Saturday "
    "7 March 2026, the mill's volunteers said.</p><p>The restoration cost 85,000 pounds, "
    "most of it raised by the village.</p></article></body></html>"
)


@pytest.fixture(autouse=True)
def _fresh_index():
    clear_cache()
    yield
    clear_cache()






def wait_done(page, timeout=MODEL_WAIT):
    """Every stored article's progress has stopped polling (its run finished)."""
    page.wait_for_selector(".outcome", timeout=timeout)
    page.wait_for_function(
        "() => document.querySelectorAll('.ingest-progress.is-active').length === 0",
        timeout=timeout,
    )


def test_paste_article_with_a_wrong_weekday_shows_the_flag(live_server, page, snap, reviewer):
    base = live_server.url
    login(page, base, reviewer, "/articles/new/")
    page.wait_for_selector("#add-form")
    assert page.locator(".topbar a.add-articles").count() == 1
    snap(page, "front-01-add-empty")
    page.fill("textarea[name=text]", WEEKDAY_ARTICLE)
    page.fill("input[name=title]", "Gullrock lighthouse opens to visitors")
    page.fill("input[name=source]", "Gullrock Gazette")
    page.fill("input[name=published]", "2026-03-20")
    page.click("#add-submit")
    wait_done(page)
    flag = page.locator('.outcome-stored .flag[data-flag="weekday_mismatch"]')
    flag.first.wait_for()
    assert "12 Mar 2026 was a Thursday" in page.inner_text(".outcome-stored")
    assert page.get_attribute(".outcome-stored [role=progressbar]", "aria-valuenow") == "100"
    # the headline, given as the title, is not a claim
    article = Article.objects.get()
    assert not Claim.objects.filter(article=article, text__icontains="opens to visitors").exists()
    assert page.url.endswith("/articles/new/")  # no reload: htmx swapped the results in
    assert page.input_value("textarea[name=text]") == ""
    snap(page, "front-02-add-pasted-flag")
    page.click(".outcome-stored .outcome-link")
    page.wait_for_url(f"**/articles/{article.pk}/")


def test_upload_three_files_one_binary(live_server, page, snap, reviewer, tmp_path):
    (tmp_path / "ferry.txt").write_text(FERRY)
    (tmp_path / "orchard.md").write_text(ORCHARD)
    (tmp_path / "scan.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300))
    base = live_server.url
    login(page, base, reviewer, "/articles/new/")
    page.set_input_files("input[name=files]", [str(tmp_path / n) for n in
                                               ("ferry.txt", "scan.html", "orchard.md")])
    assert page.locator("#dz-files li").count() == 3
    snap(page, "front-03-add-files-chosen")
    page.click("#add-submit")
    wait_done(page)
    assert page.locator(".outcome-stored").count() == 2
    refused = page.locator(".outcome-refused")
    assert refused.count() == 1
    assert "scan.html" in refused.inner_text() and "binary" in refused.inner_text()
    assert Article.objects.count() == 2
    snap(page, "front-04-add-files-result")


@pytest.fixture
def local_site(tmp_path):
    (tmp_path / "mill.html").write_text(MILL_PAGE)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_add_a_url_from_a_local_server(live_server, page, snap, reviewer, local_site, settings):
    # the fetcher refuses loopback addresses unless this setting allows them
    settings.URL_FETCH_ALLOW_PRIVATE = True
    base = live_server.url
    login(page, base, reviewer, "/articles/new/")
    page.fill("textarea[name=urls]", f"{local_site}/mill.html\n{local_site}/missing.html\n"
                                     "ftp://example.org/file")
    page.fill("input[name=source]", "Osk Weekly")
    page.click("#add-submit")
    wait_done(page)
    assert page.locator(".outcome-stored").count() == 1
    assert page.locator(".outcome-refused").count() == 2
    text = page.inner_text(".add-results")
    assert "HTTP 404" in text and "Only http and https" in text
    article = Article.objects.get()
    assert article.url.endswith("/mill.html") and article.source.name == "Osk Weekly"
    assert "Home | News" not in article.cleaned_text
    snap(page, "front-05-add-url")
    # the new article is in the list
    page.goto(base + "/articles/")
    page.wait_for_selector("#articles-table")
    assert page.locator("tr.article-row").count() == 1
    snap(page, "front-06-articles-list")


def test_search_a_phrase(live_server, page, snap, reviewer):
    ledger = SourceFactory(name="Tarnby Courier")
    a = ArticleFactory(source=ledger, title="Ferry fares to rise in May")
    hit = ClaimFactory(article=a, position=0, text="A return ferry ticket will cost 14 euros.")
    ClaimFactory(article=a, position=1, text="The ticket office by the ferry will close.")
    b = ArticleFactory(source=SourceFactory(name="Vell Valley Post"), title="Apples")
    ClaimFactory(article=b, position=0, text="The cooperative picked 2,300 tonnes of apples.")
    base = live_server.url
    login(page, base, reviewer)
    page.fill(".topsearch input[name=q]", '"ferry ticket"')
    page.press(".topsearch input[name=q]", "Enter")
    page.wait_for_url(re.compile(r".*/search/\?q=.*"))
    rows = page.locator("#search-results tr.result-row")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-claim-id") == str(hit.pk)
    snap(page, "front-07-search-phrase")
    page.fill("#search-form input[name=q]", "ferry")
    page.click("#search-form button.primary")
    page.wait_for_selector("#article-hits")
    assert page.locator("#search-results tr.result-row").count() == 2
    assert "Ferry fares to rise in May" in page.inner_text("#article-hits")
    rows.first.locator("a.claim-link").click()
    page.wait_for_url(re.compile(r".*/claims/\d+/"))


def test_upload_a_corpus_file_with_a_bad_row(live_server, page, snap, moderator, tmp_path):
    good = [
        {"text": "The Gullrock lighthouse lamp was automated in 1986.", "title": "Gullrock light",
         "source": "Coast Almanac", "published": "2020-04-01"},
        {"text": "The Tarnby to Osk ferry first sailed in 1962.", "title": "Tarnby ferry",
         "source": "Coast Almanac"},
    ]
    path = tmp_path / "coast.jsonl"
    path.write_text("\n".join([json.dumps(good[0]), '{"title": "a row with no text"}',
                               json.dumps(good[1])]) + "\n")
    base = live_server.url
    login(page, base, moderator, "/reference/")
    page.wait_for_selector("#upload-form")
    page.set_input_files("#upload-form input[type=file]", str(path))
    page.uncheck("#upload-form input[name=reverify]")
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#upload-error")
    assert "line 2: empty text" in page.inner_text("#upload-error")
    assert ReferencePassage.objects.count() == 0
    snap(page, "front-08-reference-bad-row")
    page.set_input_files("#upload-form input[type=file]", str(path))
    page.check("#upload-form input[name=skip_bad]")
    page.uncheck("#upload-form input[name=reverify]")
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#upload-result")
    assert "2 passages added" in page.inner_text("#upload-result")
    assert page.locator("#passages tbody tr[data-passage-id]").count() == 2
    assert ReferencePassage.objects.count() == 2
    snap(page, "front-09-reference-skip-bad")


def test_progress_moves_without_a_reload(live_server, page, snap, reviewer, monkeypatch):
    """With a task queue (not eager), the run is still queued when the page answers: the
    progress bar polls and moves through embedding and matching as the run does."""
    from django.utils import timezone

    from claims.models import VerificationRun
    from claims.services import runs

    monkeypatch.setattr(runs, "_enqueue", lambda name, *args, **kw: None)  # a queue
    base = live_server.url
    login(page, base, reviewer, "/articles/new/")
    page.fill("textarea[name=text]", FERRY)
    page.fill("input[name=source]", "Tarnby Courier")
    page.click("#add-submit")
    page.wait_for_selector(".outcome-stored .ingest-progress.is-active")
    assert page.get_attribute('[data-step="extract"]', "class").endswith("step-done")
    run = VerificationRun.objects.get()
    assert run.status == VerificationRun.Status.QUEUED
    VerificationRun.objects.filter(pk=run.pk).update(
        status=VerificationRun.Status.RUNNING, phase=VerificationRun.Phase.MATCH,
        started_at=timezone.now(), done=1,
    )
    page.wait_for_selector('[data-step="match"].step-active', timeout=10_000)
    assert page.get_attribute('[data-step="embed"]', "class").endswith("step-done")
    snap(page, "front-10-progress-matching")
    VerificationRun.objects.filter(pk=run.pk).update(
        status=VerificationRun.Status.COMPLETE, phase=VerificationRun.Phase.DONE,
        done=run.total, finished_at=timezone.now(),
    )
    page.wait_for_selector(".outcome-stored .ingest-progress:not(.is-active)", timeout=10_000)
    assert page.get_attribute(".outcome-stored [role=progressbar]", "aria-valuenow") == "100"
    assert page.url.endswith("/articles/new/")
    snap(page, "front-11-progress-done")
