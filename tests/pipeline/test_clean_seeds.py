"""Acceptance: the five real pasted pages in ../shared/seeds clean the way a reader would.

The seed files are the user's: they are read here, never copied into the project. The
word tuples asserted below pin the paragraphs that must survive (no seed text is copied).
"""

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from claims.pipeline.clean import clean_document, paragraphs
from claims.pipeline.segment import segment

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

# Prose paragraphs per seed, counted by hand from the pasted pages.
EXPECTED = {
    "000": {
        "kept": 13,
        "title": ("alliance",),
        "published": date(2021, 3, 21),
        "fragments": [("enter", "iran"), ("astana", "2017"), ("zarif", "content")],
    },
    "001": {
        "kept": 14,
        "title": ("aleppo",),
        "published": None,
        "fragments": [("telephone", "conference", "saturday"), ("completely", "cut")],
    },
    "002": {
        "kept": 13,
        "title": ("turkey", "russia"),
        "published": None,
        "fragments": [("initial", "astana", "2016"), ("coordination", "russia")],
    },
    "003": {
        "kept": 26,
        "title": ("putin", "iran"),
        "published": None,
        "fragments": [("sullivan", "tehran"), ("sanctions", "kremlin")],
    },
    "004": {
        "kept": 14,
        "title": ("iran", "normalization"),
        "published": None,
        "fragments": [("astana", "troika"), ("revealed", "january")],
    },
}

# Lines that must never survive into the kept text of any page.
BOILERPLATE = [
    re.compile(r"^[\d.,\s]*[$€£][\d.,\s]*$"),  # donation counters "2,500 $"
    re.compile(r"AP Photo|\(credit:|IMAGE:", re.I),  # photo captions and credits
    re.compile(r"^no comments", re.I),
    re.compile(r"^(notify of|inline feedbacks|view all comments|leave a reply|click to comment)",
               re.I),
    re.compile(r"^\d+\s+comments?$", re.I),
    re.compile(r"^(reply|hash|hashed|guest|oldest|newest)", re.I),
    re.compile(r"support \w+ on patreon|^support \w+$|days left", re.I),
    re.compile(r"^home breaking news", re.I),
    re.compile(r"content is protected|views and opinions expressed", re.I),
    re.compile(r"^(connect with us|subscribe|advertisement|more on this topic)", re.I),
]
# Words only the comment threads use (insults and commenter chatter).
COMMENT_WORDS = ["crying", "faggots", "full of shit", "warmonger churchill", "losser"]


def seed_path(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed pages not found at {SEEDS} (they live outside the repository)")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return matches[0]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_cleans_like_a_reader(prefix):
    raw = seed_path(prefix).read_text(encoding="utf-8")
    result = clean_document(raw)
    expected = EXPECTED[prefix]
    kept = paragraphs(result)
    counts = Counter(d.reason for d in result.dropped)
    print(f"seed {prefix}: kept {len(kept)} paragraphs; dropped {dict(sorted(counts.items()))}")

    assert result.format == "text"
    assert len(kept) == expected["kept"]
    assert all(w in result.title.lower() for w in expected["title"]), result.title
    assert result.published == expected["published"]
    # each tuple: words that must appear together in one kept paragraph
    for words in expected["fragments"]:
        assert any(all(w in p.lower() for w in words) for p in kept), words
    for para in kept:
        for marker in BOILERPLATE:
            assert not marker.search(para), (marker.pattern, para[:80])
    for word in COMMENT_WORDS:
        assert word not in result.text
    assert result.title not in kept


def test_seed_000_dateline_is_dropped_not_kept():
    result = clean_document(seed_path("000").read_text(encoding="utf-8"))
    assert result.published == date(2021, 3, 21)
    assert {"text": "Sunday, March 21, 2021", "reason": "dateline"} in [
        {"text": d.text, "reason": d.reason} for d in result.dropped
    ]
    assert "Sunday, March 21, 2021" not in result.text


def test_seed_001_caption_from_another_date_is_dropped():
    result = clean_document(seed_path("001").read_text(encoding="utf-8"))
    captions = [d.text for d in result.dropped if d.reason == "caption"]
    assert len(captions) == 1
    assert "April 8, 2014" in captions[0]
    assert "April 8, 2014" not in result.text


def test_seed_004_comment_thread_is_dropped_from_its_start():
    result = clean_document(seed_path("004").read_text(encoding="utf-8"))
    comments = [d.text for d in result.dropped if d.reason == "comments"]
    assert comments[0] == "Notify of"
    assert len(comments) > 40
    donations = [d.text for d in result.dropped if d.reason == "donation"]
    assert {"0 $", "2,500 $", "5,000 $", "900 $"} <= set(donations)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_sentences_have_exact_offsets(prefix):
    result = clean_document(seed_path(prefix).read_text(encoding="utf-8"))
    sentences = segment(result.text)
    assert len(sentences) >= expected_min_sentences(prefix)
    for s in sentences:
        assert result.text[s.start:s.end] == s.text
        assert "\n" not in s.text


def expected_min_sentences(prefix: str) -> int:
    return EXPECTED[prefix]["kept"]
