"""Property-based tests (hypothesis) of every pipeline step on arbitrary unicode.

For any input: no exception other than the documented ``InputError``; every span
lies inside the text it indexes and cuts out exactly the text it claims; every
date is a real calendar date; scores stay in [0, 1].

Example counts are kept modest so the unit suite stays fast; the profile is
chosen with ``HYPOTHESIS_PROFILE`` (``unit`` by default, ``thorough`` for a long
hunt: ``HYPOTHESIS_PROFILE=thorough .venv/bin/pytest tests/pipeline/test_properties.py``).
"""

from __future__ import annotations

import os
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.pipeline import checkworthy, decode, pubdate, quantities, segment, temporal
from claims.pipeline.clean import clean_document, markdown_to_text
from claims.pipeline.coref import resolve_pronouns
from claims.pipeline.decompose import absolutise, decompose, split_attribution
from claims.pipeline.edits import apply_edits, undo_edits
from claims.pipeline.entities import extract_entities
from claims.pipeline.errors import InputError
from claims.pipeline.extract import extract_claims
from claims.pipeline.flags import date_flags

_COMMON = {"deadline": None, "database": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("unit", max_examples=40, **_COMMON)
settings.register_profile("thorough", max_examples=2000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "unit"))

# Tokens that steer arbitrary text into the interesting branches: dates, weekdays,
# numbers, pronouns, quotes, attributions, markup, odd whitespace and code points.
TOKENS = [
    "Saturday", "Sunday", "Mon.", "17", "17th", "31", "0", "29", "December", "Dec.", "Feb",
    "February", "2017", "1999", "0001", "9999", "1990s", "today", "yesterday", "tomorrow",
    "on Friday", "last December", "next week", "five months ago", "since 2016", "between",
    "and", "from", "to", "said", "told", "according to", "He", "She", "They", "It", "they",
    "Lavrov", "President Putin", "Ministry of Defence", "Russia", "Syria", "Astana", "US",
    "$", "€", "2.1", "1,000,000", "million", "billion", "%", "percent", "per cent", "tons",
    ".", ",", "!", "?", ":", ";", "—", "–", "-", "“", "”", '"', "'", "(", ")", "\n", "\n\n",
    " ", "  ", "\t", "\r\n", "\u00a0", "\u200b", "\u2028", "\ufeff", "\x00", "\x0b", "é",
    "ß", "İ", "ﬁ", "Σ", "ς", "👍🏽", "\u0301", "Ⅻ", "٣", "１２", "<p>", "</p>", "<br>",
    "<script>", "# ", "* ", "> ", "[x](y)", "&amp;", "&#0;",
]  # fmt: skip
newsy = st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=40).map(" ".join)
raw = st.text(max_size=300)
# JSON and Python strings can hold lone surrogates; st.text() leaves them out by default
with_surrogates = st.text(st.characters(exclude_categories=()), max_size=120)
texts = st.one_of(raw, newsy, with_surrogates)
references = st.none() | st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


def _valid_iso(value: str | None) -> None:
    if value is None:
        return
    assert date.fromisoformat(value) <= date(9999, 12, 31)


def _check_time_expr(text: str, e) -> None:
    assert 0 <= e.start <= e.end <= len(text)
    assert text[e.start : e.end] == e.text
    assert e.granularity in ("day", "month", "year", "range")
    _valid_iso(e.start_date)
    _valid_iso(e.end_date)


@given(texts)
def test_segment_spans_cut_out_their_own_text(text):
    sentences = segment.segment(text)
    last_end = 0
    for s in sentences:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= last_end  # in order, never overlapping
        last_end = s.end


@given(texts, references)
def test_temporal_spans_inside_and_dates_valid(text, reference):
    for e in temporal.extract_dates(text, reference=reference):
        _check_time_expr(text, e)
    for start, end in temporal.time_spans(text):
        assert 0 <= start <= end <= len(text)
    for written, why in temporal.invalid_dates(text):
        assert written in text and why


@given(texts, references)
def test_flags_never_crash_and_have_codes(text, reference):
    exprs = temporal.extract_dates(text, reference=reference)
    for flag in date_flags(exprs, published=reference, text=text):
        assert flag.code and flag.message


@given(texts)
def test_quantities_spans_inside(text):
    for q in quantities.extract_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.value == q.value  # not NaN


@given(texts, st.sets(st.sampled_from(["Sergey Lavrov", "Putin", "Ann Lee", ""]), max_size=3))
def test_entities_spans_inside(text, known):
    for e in extract_entities(text, known_people=known):
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
        assert e.label in ("PERSON", "ORG", "GPE", "NORP", "OTHER")


@given(texts, st.lists(texts, max_size=4))
def test_coref_returns_text(sentence, context):
    out = resolve_pronouns(sentence, context=context)
    assert isinstance(out, str)
    if not sentence.strip():
        assert out == sentence


@given(texts, references)
def test_decompose_claims_point_at_real_sentences(text, reference):
    sentences = segment.segment(text)
    claims = decompose(sentences, published=reference)
    spans = {(s.start, s.end) for s in sentences}
    for c in claims:
        assert (c.sentence.start, c.sentence.end) in spans
        assert isinstance(c.text, str)
    assert isinstance(absolutise(text, reference), str)
    head, tail = split_attribution(text)
    assert isinstance(head, str) and isinstance(tail, str)


# Words that steer sentences into every decomposition step: attribution (lead, trailing,
# mid-sentence, "according to"), clause and list splits, pronouns, relative dates,
# quotes, teasers, fragments and odd whitespace.
CLAIM_TOKENS = [
    "The council", "Ana Ruiz", "Peru and Chile", "Peru, Chile and Bolivia", "He", "She",
    "They", "It", "their", "said", "said that", "she said,", ", he said,", "told reporters",
    "according to", "Reuters", "the Acme Facts report", "voted", "is", "will", "were",
    "approved the budget", "in", "with", "between", "and", ", and", ", but", "; ", "while",
    "today", "yesterday", "tomorrow", "on Friday", "Black Friday", "last year", "this week",
    "in May", "mid-December", "Dec. 6", "Friday, Dec. 6", "five years ago", "more than",
    "two decades ago", "we observe", "“", "”", '"', "‘", "’", "- ", "?", ".", ",", " ", "  ",
    "\n", "\u00a0", "Smith and York", "universities", "including", "the", "a",
]  # fmt: skip
claimy = st.lists(st.sampled_from(CLAIM_TOKENS), max_size=30).map(" ".join)


def _check_claim_edits(claims) -> None:
    for c in claims:
        assert apply_edits(c.sentence.text, c.edits) == c.text
        assert undo_edits(c.text, c.edits) == c.sentence.text
        for a in c.annotations:
            assert c.sentence.text[a.start : a.end] == a.text
            assert 0.0 <= a.confidence <= 1.0


@given(st.one_of(claimy, texts), references)
def test_every_claim_is_its_verbatim_sentence_with_its_edits_applied(text, reference):
    _check_claim_edits(decompose(segment.segment(text), published=reference))


def test_every_seed_claim_is_its_verbatim_sentence_with_its_edits_applied():
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    pages = sorted(seeds.glob("*.txt")) if seeds.is_dir() else []
    if not pages:
        import pytest

        pytest.skip(f"seed pages not found at {seeds}")
    for page in pages:
        text = clean_document(page.read_text(encoding="utf-8"), fmt="text").text
        for published in (None, date(2021, 3, 21)):
            claims = decompose(segment.segment(text), published=published)
            assert claims
            _check_claim_edits(claims)


@given(texts, references)
def test_extract_claims_spans_dates_and_scores(text, reference):
    for c in extract_claims(text, published=reference):
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.sentence
        assert 0.0 <= c.checkworthiness <= 1.0
        for d in c.dates:
            _valid_iso(d["start_date"])
            _valid_iso(d["end_date"])
            where = c.text if d["source"] == "claim" else c.sentence
            assert where[d["start"] : d["end"]] == d["text"]
        for q in c.numbers:
            assert c.text[q["start"] : q["end"]] == q["text"]
        for e in c.entities:
            assert c.text[e["start"] : e["end"]] == e["text"]
        assert apply_edits(c.sentence, c.edits) == c.text


@given(st.lists(texts, min_size=1, max_size=4))
def test_checkworthy_features_and_scores(batch):
    for t in batch:
        feats = checkworthy.hand_features(t)
        assert len(feats) == len(checkworthy.HAND_FEATURES)
        assert all(f == f and abs(f) != float("inf") for f in feats)
    scores = checkworthy.score(batch)
    assert len(scores) == len(batch)
    assert all(0.0 <= s <= 1.0 for s in scores)


@given(texts)
def test_pubdate_is_a_real_date_or_none(text):
    found = pubdate.find_dateline(text.splitlines())
    assert found is None or isinstance(found[1], date)
    for line in text.splitlines()[:5]:
        got = pubdate.parse_dateline(line)
        assert got is None or isinstance(got, date)


@given(st.binary(max_size=400) | texts.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_decode_returns_text_or_says_why(data):
    try:
        text = decode.decode_bytes(data, max_bytes=10_000)
    except InputError as exc:
        assert str(exc)
        return
    assert isinstance(text, str) and text.strip()
    assert decode.detect_format(text) in ("html", "markdown", "text")


@given(texts, st.sampled_from(["auto", "html", "markdown", "text"]))
def test_clean_keeps_a_string_and_a_real_date(text, fmt):
    try:
        result = clean_document(text, fmt=fmt)
    except InputError as exc:
        assert str(exc)
        return
    assert isinstance(result.text, str)
    assert result.published is None or isinstance(result.published, date)
    assert result.format in ("html", "markdown", "text")
    assert isinstance(markdown_to_text(text), str)
