"""The project's own sample data (data/sample/) is well-formed.

These tests only read files: no database, no model, no Django setup needed.
They guard the demo and the end-to-end expectations in data/sample/planted.json.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
COLUMNS = {"text", "title", "source", "url", "published"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
URL_RE = re.compile(r"^https://example\.(org|com)/\S+$")


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _manifest() -> list[dict]:
    return json.loads((SAMPLE / "articles.json").read_text(encoding="utf-8"))


def _planted() -> dict:
    return json.loads((SAMPLE / "planted.json").read_text(encoding="utf-8"))


def _reference_rows() -> list[dict]:
    rows = []
    with (SAMPLE / "reference.jsonl").open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            assert line.strip(), f"reference.jsonl line {n} is blank"
            rows.append(json.loads(line))
    return rows


def _csv_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _text(rel: str) -> str:
    return (SAMPLE / rel).read_text(encoding="utf-8")


# --- manifest and articles -------------------------------------------------


def test_manifest_entries_exist_and_parse():
    entries = _manifest()
    assert 7 <= len(entries) <= 10
    assert {e["file"] for e in entries} == {
        f"articles/{p.name}" for p in (SAMPLE / "articles").iterdir() if p.is_file()
    }, "every article file is in the manifest and vice versa"
    for e in entries:
        assert set(e) == {"file", "source", "url", "published", "title"}, e
        assert (SAMPLE / e["file"]).is_file(), e["file"]
        assert e["source"].strip() and e["title"].strip()
        assert URL_RE.match(e["url"]), e["url"]
        _date(e["published"])
    assert len({e["url"] for e in entries}) == len(entries)
    assert len({e["source"] for e in entries}) >= 4, "several outlets"
    assert sum(e["file"].endswith(".html") for e in entries) in (1, 2)


@pytest.mark.parametrize("entry", _manifest(), ids=lambda e: e["file"])
def test_article_is_modest_utf8_with_clutter(entry):
    text = _text(entry["file"])
    words = len(re.sub(r"<[^>]+>", " ", text).split())
    assert 300 <= words <= 900, f"{entry['file']}: {words} words"
    assert "$" in text or "€" in text, "donation counter"
    assert re.search(r"Photo[:/]", text), "photo caption with credit"
    assert re.search(r"[Cc]omment", text), "comment thread or 'No comments'"


@pytest.mark.parametrize("entry", _manifest(), ids=lambda e: e["file"])
def test_dated_header_line_matches_publication_date(entry):
    published = _date(entry["published"])
    header = f"{published:%A}, {published:%B} {published.day}, {published.year}"
    header_uk = f"{published:%A}, {published.day} {published:%B} {published.year}"
    text = _text(entry["file"])
    assert header in text or header_uk in text, f"no header line for {published}"


def test_html_articles_carry_published_time():
    for e in _manifest():
        if e["file"].endswith(".html"):
            text = _text(e["file"])
            assert f'content="{e["published"]}T' in text, e["file"]


# --- reference corpus ------------------------------------------------------


def test_reference_jsonl_rows():
    rows = _reference_rows()
    assert 30 <= len(rows) <= 60
    for n, row in enumerate(rows, start=1):
        assert set(row) == COLUMNS, f"line {n}: {sorted(row)}"
        assert row["text"].strip(), f"line {n}: empty text"
        assert row["title"].strip() and row["source"].strip()
        assert URL_RE.match(row["url"]), f"line {n}: {row['url']}"
        _date(row["published"])
    assert len({r["url"] for r in rows}) == len(rows), "urls are unique"
    assert len({r["text"] for r in rows}) == len(rows), "texts are unique"


def test_reference_csv_rows():
    rows = _csv_rows(SAMPLE / "reference.csv")
    assert 2 <= len(rows) <= 10
    jsonl_texts = {r["text"] for r in _reference_rows()}
    for row in rows:
        assert set(row) == COLUMNS
        assert row["text"].strip()
        assert row["text"] not in jsonl_texts, "CSV rows add facts, not duplicates"
        assert URL_RE.match(row["url"])
        _date(row["published"])


def test_reference_holds_the_refuting_facts():
    by_url = {r["url"].rsplit("/", 1)[-1]: r["text"] for r in _reference_rows()}
    assert "Moscow on 20 December 2016" in by_url["moscow-meeting-2016-12-20"]
    assert "January 2017" in by_url["astana-process-start"]
    assert "40 percent" in by_url["kessova-export-share-2016"]
    assert "17 December 2016" in by_url["putin-erdogan-call-2016-12-17"]
    assert "30 December 2016" in by_url["ceasefire-takes-effect"]
    assert "5 December 2016" in by_url["kessova-closure"]


# --- planted cases ---------------------------------------------------------


def _phrase_items(planted: dict):
    for section, items in planted.items():
        if section.startswith("_"):
            continue
        for item in items:
            for part in (item, item.get("a"), item.get("b")):
                if isinstance(part, dict) and "phrase" in part:
                    yield section, part


def test_every_planted_phrase_occurs_in_its_file():
    planted = _planted()
    files = {e["file"] for e in _manifest()}
    seen = 0
    for section, item in _phrase_items(planted):
        assert item["file"] in files, f"{section}: {item['file']} not in manifest"
        assert item["phrase"] in _text(item["file"]), (
            f"{section}: {item['phrase']!r} not in {item['file']}"
        )
        seen += 1
    assert seen > 50


def test_weekday_pairs_are_marked_correctly():
    pairs = _planted()["weekday_pairs"]
    for p in pairs:
        date = _date(p["date"])
        assert p["weekday"] in WEEKDAYS
        assert p["weekday"] in p["phrase"] and str(date.year) in p["phrase"]
        actual = WEEKDAYS[date.weekday()]
        assert (actual == p["weekday"]) is p["correct"], (
            f"{p['phrase']!r}: {date} was a {actual}, planted.json says correct={p['correct']}"
        )
    wrong = [p for p in pairs if not p["correct"]]
    assert len(wrong) >= 2 and len(pairs) - len(wrong) >= 10


def test_planted_wrong_weekdays():
    wrong = {p["phrase"] for p in _planted()["weekday_pairs"] if not p["correct"]}
    assert wrong == {"Thursday 30 December 2016", "Tuesday 5 December 2016"}
    assert dt.date(2016, 12, 30).strftime("%A") == "Friday"
    assert dt.date(2016, 12, 5).strftime("%A") == "Monday"


def test_every_weekday_date_pair_in_the_articles_is_listed():
    """A pair we forgot to list could be a silent extra error in the sample."""
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    abbr = "Jan|Feb|Mar|Apr|Aug|Sept|Oct|Nov|Dec"
    pattern = re.compile(
        rf"(?:{'|'.join(WEEKDAYS)}),? (?:\d{{1,2}} (?:{months}) \d{{4}}|(?:{months}|(?:{abbr})\.) \d{{1,2}}, \d{{4}})"
    )
    listed = {(p["file"], p["phrase"]) for p in _planted()["weekday_pairs"]}
    found = 0
    for e in _manifest():
        for m in pattern.finditer(_text(e["file"])):
            found += 1
            assert (e["file"], m.group(0)) in listed, (
                f"{e['file']}: {m.group(0)!r} not in planted.json"
            )
    assert found >= len(listed)


def test_after_publication_dates_are_after_publication():
    published = {e["file"]: _date(e["published"]) for e in _manifest()}
    items = _planted()["after_publication"]
    assert items
    for item in items:
        assert _date(item["date"]) > published[item["file"]]
        assert item["published"] == published[item["file"]].isoformat()
        assert item["code"] == "date_after_publication"


def test_relative_dates_use_the_manifest_publication_date():
    published = {e["file"]: e["published"] for e in _manifest()}
    for item in _planted()["relative_dates"]:
        assert item["published"] == published[item["file"]], item
        assert item["granularity"] in {"day", "week", "month", "year"}
        value = item["resolves_to"]
        if item["granularity"] in {"day", "week"}:
            _date(value)
        elif item["granularity"] == "month":
            _date(value + "-01")
        else:
            assert re.fullmatch(r"\d{4}", value), value


def test_contradictions_and_reference_links():
    planted = _planted()
    urls = {r["url"] for r in _reference_rows()}
    kinds = {c["kind"] for c in planted["contradictions"]}
    assert kinds == {"date", "number", "entity"}
    for c in planted["contradictions"]:
        assert c["a"]["file"] != c["b"]["file"]
        assert c["a"]["value"] != c["b"]["value"]
        assert c["reference"] in urls
        assert c["wrong"] in {"a", "b"}
    for section in ("reference_conflicts", "supports"):
        for item in planted[section]:
            assert item["reference"] in urls, f"{section}: {item['reference']}"


def test_the_same_events_are_covered_by_several_sources():
    sources_by_topic: dict[str, set[str]] = {}
    for e in _manifest():
        text = _text(e["file"])
        for topic in ("Astana", "Kessova", "Moscow"):
            if topic in text:
                sources_by_topic.setdefault(topic, set()).add(e["source"])
    assert all(len(s) >= 3 for s in sources_by_topic.values()), sources_by_topic


# --- bad fixtures ----------------------------------------------------------


def test_bad_fixtures_exist_and_are_bad_in_the_intended_way():
    bad = SAMPLE / "bad"
    assert (bad / "empty.txt").stat().st_size == 0

    blob = (bad / "binary.bin").read_bytes()
    assert blob.startswith(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(UnicodeDecodeError):
        blob.decode("utf-8")

    lines = (bad / "corpus_bad_row.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4
    for n, line in enumerate(lines, start=1):
        if n == 3:
            with pytest.raises(json.JSONDecodeError):
                json.loads(line)
        else:
            row = json.loads(line)
            assert set(row) == COLUMNS and row["text"].strip()

    rows = _csv_rows(bad / "corpus_missing_text.csv")
    assert [bool(r["text"].strip()) for r in rows] == [True, False, True]
    assert all(set(r) == COLUMNS for r in rows)

    html = (bad / "script.html").read_text(encoding="utf-8")
    for needle in ("<script>alert(1)</script>", "onclick=", "javascript:", "Port Kessova"):
        assert needle in html
