"""claims_extract stores each claim's edits and annotations, checked against its sentence."""

import logging
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from claims.claim_edits import claim_edits_check
from claims.pipeline.records import ExtractedClaim
from claims.services.claims import claims_extract
from tests.factories import ArticleFactory
from tests.wording_data import ANNOTATIONS, EDITS, SENTENCE, TEXT

pytestmark = pytest.mark.django_db


def _extracted(**kw):
    """An extracted claim as the pipeline with the edit model hands it over."""
    base = ExtractedClaim(text=TEXT, sentence=SENTENCE, start=0, end=len(SENTENCE),
                          checkworthiness=0.8)
    return SimpleNamespace(**{**base.__dict__, "edits": EDITS, "annotations": ANNOTATIONS, **kw})


def _extract(monkeypatch, claims):
    monkeypatch.setattr("claims.services.claims.extract_claims",
                        lambda text, published=None: claims)
    return claims_extract(article=ArticleFactory(cleaned_text=SENTENCE))


def test_edits_and_annotations_are_stored_in_sentence_order(monkeypatch):
    shuffled = [EDITS[2], EDITS[0], EDITS[3], EDITS[1]]
    [claim] = _extract(monkeypatch, [_extracted(edits=shuffled)])
    claim.refresh_from_db()
    assert claim.text == TEXT and claim.edits == EDITS and claim.annotations == ANNOTATIONS


def test_a_pipeline_without_the_edit_model_still_works(monkeypatch):
    old = ExtractedClaim(text="Rewritten claim.", sentence=SENTENCE, start=0, end=len(SENTENCE))
    [claim] = _extract(monkeypatch, [old])
    claim.refresh_from_db()
    assert claim.text == "Rewritten claim." and claim.edits == [] and claim.annotations == []


def test_edits_that_do_not_give_the_text_keep_the_verbatim_sentence(monkeypatch, caplog):
    with caplog.at_level(logging.ERROR, logger="claims.services.claims"):
        [claim] = _extract(monkeypatch, [_extracted(text="Mayor Ortiz opened a bridge.")])
    claim.refresh_from_db()
    assert claim.text == SENTENCE and claim.edits == []
    assert claim.annotations == ANNOTATIONS
    assert "claim edits refused" in caplog.text


def test_annotations_off_the_words_are_dropped(monkeypatch, caplog):
    bad = [{**ANNOTATIONS[0], "start": 0, "end": 3}]  # "She", not "May"
    with caplog.at_level(logging.ERROR, logger="claims.services.claims"):
        [claim] = _extract(monkeypatch, [_extracted(annotations=bad)])
    claim.refresh_from_db()
    assert claim.edits == EDITS and claim.annotations == []


@pytest.mark.parametrize("edits, message", [
    ([{**EDITS[0], "original": "He"}], "the sentence says 'She'"),
    ([EDITS[0], {**EDITS[0], "replacement": "Ana"}], "overlaps"),
    ([{**EDITS[0], "reason": "whim"}], "unknown reason"),
    ([{"start": 0, "end": 3}], "must have"),
    ([{**EDITS[0], "end": 999}], "leaves the sentence"),
])
def test_check_refuses_edits_that_do_not_fit(edits, message):
    with pytest.raises(ValidationError, match=message):
        claim_edits_check(sentence=SENTENCE, text=TEXT, edits=edits, annotations=[])


def test_model_clean_checks_the_edits():
    from tests.wording_data import claim_with_edits

    claim = claim_with_edits()
    claim.full_clean()
    claim.text = "Something else."
    with pytest.raises(ValidationError, match="do not give the claim text"):
        claim.full_clean()
