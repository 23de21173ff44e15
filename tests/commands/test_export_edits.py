"""`export` carries each claim's edits and annotations in every format."""

import csv
import json

import pytest
from django.core.management import call_command

from claims.pipeline.edits import apply_edits
from tests.factories import VerdictFactory
from tests.wording_data import ANNOTATIONS, EDITS, SENTENCE, TEXT, claim_with_edits

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    return claim_with_edits()


def _export(tmp_path, fmt: str) -> str:
    out = tmp_path / f"out.{fmt}"
    call_command("export", "--format", fmt, "-o", str(out))
    return out.read_text(encoding="utf-8")


def test_json_has_edits_and_annotations_that_rebuild_the_text(claim, tmp_path):
    [article] = json.loads(_export(tmp_path, "json"))
    [rec] = article["claims"]
    assert rec["sentence"] == SENTENCE and rec["text"] == TEXT
    assert rec["edits"] == EDITS and rec["annotations"] == ANNOTATIONS
    assert rec["edits_reverted"] == []
    assert apply_edits(rec["sentence"], rec["edits"]) == rec["text"]


def test_jsonl_carries_reverted_edits_with_who(claim, reviewer, tmp_path, monkeypatch):
    from claims import tasks
    from claims.services.claims import claim_edit_revert

    monkeypatch.setattr(tasks.run_dispatch, "delay", lambda run_id: None)
    claim_edit_revert(claim=claim, index=0, user=reviewer)
    [row] = [json.loads(line) for line in _export(tmp_path, "jsonl").splitlines()]
    assert row["text"].startswith("She reopened")
    assert len(row["edits"]) == 3 and row["edits_reverted"][0]["reverted_by"] == reviewer.username
    assert apply_edits(row["sentence"], row["edits"]) == row["text"]


def test_csv_has_sentence_and_edits_as_json_text(claim, tmp_path):
    [row] = list(csv.DictReader(_export(tmp_path, "csv").splitlines()))
    assert row["sentence"] == SENTENCE and row["text"] == TEXT
    assert json.loads(row["edits"]) == EDITS
    assert json.loads(row["annotations"]) == ANNOTATIONS


def test_csv_of_a_claim_without_edits(tmp_path):
    claim = claim_with_edits(edits=[], annotations=[], text=SENTENCE)
    [row] = list(csv.DictReader(_export(tmp_path, "csv").splitlines()))
    assert row["claim_id"] == str(claim.pk) and row["edits"] == "[]"


def test_claimreview_reviews_the_claim_and_quotes_the_sentence(claim, tmp_path):
    VerdictFactory(claim=claim)
    [review] = json.loads(_export(tmp_path, "claimreview"))
    assert review["claimReviewed"] == TEXT
    assert review["itemReviewed"]["appearance"][0]["hasPart"] == {
        "@type": "Quotation", "text": SENTENCE}
