"""Hostile documents through every door (service, command, API): a clear error that
changes nothing, or sanitised content with no script, handler or javascript: URL stored."""

import re
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Article, Claim, ClaimFlag
from claims.pipeline.errors import InputError
from claims.services.articles import article_ingest

PROSE = (
    "The grain terminal in Port Meridian reopened on 6 March 2023 after three months of "
    "repairs, the harbour authority said. It handled 1.4 million tonnes of wheat in 2022, "
    "according to the authority's annual report."
)
XSS_HTML = f"""<!DOCTYPE html><html><head>
<title>Port news<script>window.__pwned=1</script></title>
<meta name="author" content="&lt;img src=x onerror=window.__pwned=2&gt;">
<script>window.__pwned=3</script><style>body{{background:url(javascript:alert(4))}}</style>
</head><body onload="window.__pwned=5">
<nav><a href="/">Home</a></nav>
<article><h1 onclick="window.__pwned=6">Port reopens</h1>
<p onmouseover="window.__pwned=7">{PROSE}</p>
<p><img src="x" onerror="window.__pwned=8">The terminal employs 420 people, officials said on Monday.</p>
<p><a href="javascript:window.__pwned=9">Read more</a> <svg onload="window.__pwned=10"></svg>
<iframe src="javascript:window.__pwned=11"></iframe>
<object data="javascript:window.__pwned=12"></object></p>
<p>Ships &lt;script&gt;window.__pwned=13&lt;/script&gt; queued for two days, the port said.</p>
</article></body></html>"""

DANGEROUS = re.compile(r"<\s*(script|img|svg|iframe|object|embed)\b|\bon[a-z]+\s*=|javascript:",
                       re.I)


def ingest(content, **kw):
    return article_ingest(content=content, source_name="Hostile", enqueue_verification=False,
                          **kw)


# Text the author wrote as text (HTML entities): content, stored as text, escaped on display.
LITERAL = "<script>window.__pwned=13</script>"


def stored_text(article: Article) -> str:
    """What the article and claim pages show as prose (the dropped clutter is shown too,
    as escaped text: the browser test covers it)."""
    claims = Claim.objects.filter(article=article)
    parts = [article.cleaned_text, article.title, article.author]
    parts += [c.text + c.sentence for c in claims]
    return "\n".join(parts).replace(LITERAL, "")


def assert_nothing_stored():
    assert Article.objects.count() == Claim.objects.count() == ClaimFlag.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"\n \t\r\n" * 100, "empty"),
        (b"\xef\xbb\xbf   ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary.*PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "binary"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "binary"),
        (b"\x1f\x8b\x08\x00" + bytes(range(200)), "binary"),
        (bytes(range(256)) * 4, "binary"),
        (b"Some text \x81\x8d\x8f\x90\x9d \xc3\x28 more \xff\xfe\xfd", "Unknown encoding"),
        (b"\xef\xbb\xbfvalid start \xff\xfe then junk \xc3\x28", "Unknown encoding|UTF-8"),
    ],
    ids=["empty", "whitespace", "bom-only", "png", "pdf", "zip", "elf", "gzip", "all-bytes",
         "undecodable", "bom-then-junk"],
)
def test_bad_bytes_get_a_clear_error_and_store_nothing(content, message):
    with pytest.raises(InputError, match=message) as err:
        ingest(content)
    assert "Traceback" not in str(err.value) and len(str(err.value)) < 300
    assert_nothing_stored()


@pytest.mark.django_db
def test_a_50_mb_file_is_refused_quickly_with_its_size(settings):
    settings.INGEST_MAX_BYTES = 5 * 1024 * 1024
    big = (b"<p>" + PROSE.encode() + b"</p>\n") * (50 * 1024 * 1024 // (len(PROSE) + 8))
    assert len(big) >= 49 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(InputError, match=r"too large: 50\.0 MB|too large: 49\.\d MB"):
        ingest(big)
    assert time.monotonic() - started < 5
    with pytest.raises(InputError, match="larger than the limit"):
        ingest(big.decode())  # pasted text is capped the same
    assert_nothing_stored()


@pytest.mark.django_db
def test_a_50_mb_file_through_the_command_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "huge.html"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse, so the test does not write 50 MB
    with pytest.raises(CommandError):
        call_command("ingest", str(path))
    assert "too large" in capsys.readouterr().err
    assert_nothing_stored()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 50_000 + PROSE + "</div>" * 10,
        "<p>" * 20_000 + PROSE,
        "<table><tr><td>" * 5_000 + PROSE,
        f"<p {'a=b ' * 10_000}>{PROSE}</p>",
        f"<html><body><p>{PROSE}<p<p<p <!-- never closed",
        f"<html><body><![CDATA[{PROSE}]]><p>{PROSE}</b></i></p></span></html></html>",
        f"<html><body><p>{PROSE}</p>\x00\x0b\x1b</body>",
        f"<?xml version='1.0' encoding='bogus'?><html><body><p>{PROSE}</p></body></html>",
    ],
    ids=["deep-div", "deep-p", "deep-table", "huge-attrs", "unclosed", "cdata-mismatch",
         "controls", "bogus-xml-decl"],
)
def test_deep_or_malformed_html_is_cleaned_or_refused_never_crashes(html):
    started = time.monotonic()
    try:
        article = ingest(html, fmt="html").article
    except InputError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        assert_nothing_stored()
    else:
        assert "Port Meridian" in article.cleaned_text
        assert not DANGEROUS.search(stored_text(article))
    assert time.monotonic() - started < 30


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["auto", "html"])
def test_script_handlers_and_javascript_urls_are_never_stored(fmt):
    article = ingest(XSS_HTML, fmt=fmt).article
    assert article.input_format == "html"
    assert "1.4 million tonnes" in article.cleaned_text
    everything = stored_text(article)
    assert not DANGEROUS.search(everything), DANGEROUS.search(everything)
    assert "__pwned" not in everything
    assert "<script" not in str(article.dropped)
    assert "Ships <script>window.__pwned=13</script> queued" in article.cleaned_text


@pytest.mark.django_db
def test_markdown_with_raw_html_and_javascript_links_is_stored_as_text():
    md = (
        f"# Port reopens\n\n{PROSE}\n\n<script>window.__pwned=1</script>\n\n"
        "[Read more](javascript:window.__pwned=2) and <img src=x onerror=window.__pwned=3>\n"
    )
    article = ingest(md, fmt="markdown").article
    assert "1.4 million tonnes" in article.cleaned_text
    assert not DANGEROUS.search(stored_text(article))
    assert "<script" not in str(article.dropped)  # raw HTML blocks are dropped unread


@pytest.mark.django_db
def test_api_bodies_over_the_ingest_limit_get_a_4xx_never_a_500(reviewer, settings, monkeypatch):
    from rest_framework.test import APIClient

    from claims import tasks

    monkeypatch.setattr(tasks.run_dispatch, "delay", lambda *a, **k: None)
    settings.INGEST_MAX_BYTES = 1024 * 1024
    api = APIClient()
    api.force_login(reviewer)
    over_ingest = api.post("/api/articles/", {"text": PROSE * 8000, "source": "x"}, format="json")
    assert over_ingest.status_code == 400
    assert "larger than the limit" in over_ingest.json()["detail"]
    huge = api.post("/api/articles/", {"text": "x" * (50 * 1024 * 1024), "source": "x"},
                    format="json")
    assert huge.status_code == 400  # Django's request size cap, before any parsing
    assert_nothing_stored()
