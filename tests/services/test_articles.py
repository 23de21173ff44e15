"""Ingest: all or nothing, duplicates reported, bad input refused with a clear message."""

import pytest

from claims.models import Article, Claim, ClaimFlag
from claims.pipeline.errors import InputError
from claims.services.articles import DuplicateArticle, article_ingest, content_hash

PAGE = """Home | World | Business | Sport | Contact

Monday, 6 March 2023

Grain terminal in Port Meridian reopens after repairs

The grain terminal in Port Meridian reopened on Monday after three months of repairs, the harbour authority said.
It handled 1.4 million tonnes of wheat in 2022, according to the authority's annual report.
The repairs cost 12 million euros, the authority said in a statement.

Support our reporting: 0 $ 2,500 $ Donate now

3 comments:

grumpy_sailor said... What a waste of money, idiots.
Reply
"""


def ingest(**kw):
    defaults = dict(content=PAGE, source_name="Harbour Ledger", enqueue_verification=False)
    return article_ingest(**{**defaults, **kw})


@pytest.mark.django_db
def test_ingest_stores_clean_text_claims_and_dropped():
    result = ingest()
    a = result.article
    assert a.source.name == "Harbour Ledger"
    assert "Donate" not in a.cleaned_text and "idiots" not in a.cleaned_text
    assert "1.4 million tonnes" in a.cleaned_text
    assert {d["reason"] for d in a.dropped} >= {"comments"}
    assert a.published.isoformat() == "2023-03-06" and a.published_origin == "found"
    assert result.claim_count == a.claims.count() > 0
    for c in a.claims.all():
        assert a.cleaned_text[c.start : c.end] == c.sentence
        assert 0 <= c.checkworthiness <= 1


@pytest.mark.django_db
def test_relative_weekday_resolved_against_found_date():
    a = ingest().article
    claim = a.claims.filter(text__contains="reopened").first()
    assert claim is not None
    assert any(d["value"] == "2023-03-06" for d in claim.dates), claim.dates


@pytest.mark.django_db
def test_given_date_wins_and_bytes_are_decoded():
    a = ingest(content=PAGE.encode("utf-8"), published=__import__("datetime").date(2023, 3, 7))
    assert a.article.published.isoformat() == "2023-03-07"
    assert a.article.published_origin == "given"


@pytest.mark.django_db
def test_duplicate_is_reported_and_not_stored_twice():
    first = ingest().article
    with pytest.raises(DuplicateArticle) as err:
        ingest(content="\n\n" + PAGE.replace("Monday", "Monday") + "  \n", source_name="Other")
    assert err.value.existing.pk == first.pk
    assert f"article {first.pk}" in str(err.value)
    assert Article.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("Home | News | Contact\n\nSubscribe now\n", "No article text"),
    ],
)
def test_bad_input_stores_nothing(content, message):
    with pytest.raises(InputError, match=message):
        ingest(content=content)
    assert Article.objects.count() == Claim.objects.count() == ClaimFlag.objects.count() == 0


@pytest.mark.django_db
def test_oversized_input_refused(settings):
    settings.INGEST_MAX_BYTES = 1000
    with pytest.raises(InputError, match="limit"):
        ingest(content=PAGE * 5)
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_extraction_failure_rolls_back_everything(monkeypatch):
    def boom(**kw):
        raise RuntimeError("extractor crashed")

    monkeypatch.setattr("claims.services.articles.claims_extract", boom)
    with pytest.raises(RuntimeError):
        ingest()
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_html_with_script_is_sanitised():
    html = (
        "<html><head><title>Port news</title><script>alert('x')</script></head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>Port reopens</h1>"
        "<p onclick=\"steal()\">The grain terminal in Port Meridian reopened on 6 March 2023 "
        "after three months of repairs, the harbour authority said.</p>"
        "<p>It handled 1.4 million tonnes of wheat in 2022, according to the authority.</p>"
        "<p><a href=\"javascript:steal()\">Read more</a></p></article></body></html>"
    )
    a = ingest(content=html, filename="port.html").article
    assert a.input_format == "html"
    assert "alert" not in a.cleaned_text and "steal" not in a.cleaned_text
    assert "1.4 million tonnes" in a.cleaned_text


def test_content_hash_ignores_whitespace_and_case():
    assert content_hash("A  b\nC") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("a b d")
