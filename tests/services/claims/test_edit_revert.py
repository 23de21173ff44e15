"""claim_edit_revert / claim_edit_restore: undo one machine edit, keep the record,
re-embed and re-match the new wording; refuse anything that does not fit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import tasks
from claims.models import Claim, ReferencePassage, VerificationRun
from claims.pipeline.edits import apply_edits
from claims.services.claims import claim_edit_restore, claim_edit_revert
from claims.services.reference import verdict_reference_sync
from claims.services.verdicts import StaleClaimVersion
from tests.factories import VerdictFactory
from tests.wording_data import EDITS, SENTENCE, TEXT, claim_with_edits

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    """Run ids whose dispatch task was sent (the broker is not the thing under test)."""
    calls = []
    monkeypatch.setattr(tasks.run_dispatch, "delay", lambda run_id: calls.append(run_id))
    return calls


@pytest.fixture
def claim():
    return claim_with_edits(embedded=True, status=Claim.Status.NEEDS_REVIEW)


def test_revert_recomputes_text_and_records_who(claim, reviewer, sent,
                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        out = claim_edit_revert(claim=claim, index=2, user=reviewer)  # "on Friday"
    claim.refresh_from_db()
    assert claim.text == out.text == (
        "Mayor Lina Ortiz reopened the ferry line on Friday after repairs that began in May."
    )
    assert claim.text == apply_edits(SENTENCE, claim.edits)
    assert [e["reason"] for e in claim.edits] == ["pronoun", "spacing", "attribution"]
    [entry] = claim.edits_reverted
    assert entry["original"] == "on Friday" and entry["replacement"] == "on 14 March 2025"
    assert entry["reverted_by"] == reviewer.username and entry["reverted_by_id"] == reviewer.pk
    assert entry["reverted_at"] and "restored_at" not in entry
    assert claim.version == 1


def test_revert_marks_embedding_stale_and_queues_rematching(
    claim, reviewer, sent, django_capture_on_commit_callbacks
):
    assert claim.embedding is not None
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        claim_edit_revert(claim=claim, index=0, user=reviewer)
        assert sent == []  # nothing is sent before the transaction commits
    claim.refresh_from_db()
    assert claim.embedding is None and claim.embedding_model == "" and claim.embedded_at is None
    assert claim.matched_at is None
    run = VerificationRun.objects.get()
    assert run.params["claim_ids"] == [claim.pk] and run.status == VerificationRun.Status.QUEUED
    for cb in callbacks:
        cb()
    assert sent == [run.pk]


def test_not_checkworthy_claim_gets_new_text_but_no_run(reviewer, sent,
                                                        django_capture_on_commit_callbacks):
    claim = claim_with_edits(status=Claim.Status.NOT_CHECKWORTHY)
    with django_capture_on_commit_callbacks(execute=True):
        claim_edit_revert(claim=claim, index=0, user=reviewer)
    claim.refresh_from_db()
    assert claim.text.startswith("She reopened")
    assert not VerificationRun.objects.exists() and sent == []


def test_revert_updates_the_published_verdict_passage(claim, reviewer, sent):
    VerdictFactory(claim=claim, reviewer=reviewer)
    verdict_reference_sync(claim_id=claim.pk)
    assert ReferencePassage.objects.get().text == TEXT
    claim_edit_revert(claim=claim, index=0, user=reviewer)
    claim.refresh_from_db()
    assert ReferencePassage.objects.get().text == claim.text != TEXT


@pytest.mark.parametrize("index", [-1, 4, 99])
def test_bad_index_is_refused_and_nothing_changes(claim, reviewer, sent, index):
    with pytest.raises(ValidationError, match="no edit number"):
        claim_edit_revert(claim=claim, index=index, user=reviewer)
    claim.refresh_from_db()
    assert claim.text == TEXT and claim.edits == EDITS and claim.edits_reverted == []
    assert claim.version == 0 and claim.embedding is not None
    assert not VerificationRun.objects.exists()


def test_outsider_is_refused(claim, outsider, sent):
    with pytest.raises(PermissionDenied):
        claim_edit_revert(claim=claim, index=0, user=outsider)
    claim.refresh_from_db()
    assert claim.text == TEXT and claim.edits_reverted == []


def test_edits_that_do_not_give_the_text_are_refused(reviewer, sent):
    claim = claim_with_edits(text="Someone reopened a ferry line.")
    with pytest.raises(ValidationError, match="not its sentence with its recorded edits"):
        claim_edit_revert(claim=claim, index=0, user=reviewer)
    claim.refresh_from_db()
    assert claim.text == "Someone reopened a ferry line." and claim.edits_reverted == []


def test_edits_that_do_not_fit_the_sentence_are_refused(reviewer, sent):
    claim = claim_with_edits(sentence="A different sentence entirely, the council said.")
    with pytest.raises(ValidationError, match="do not fit its sentence"):
        claim_edit_revert(claim=claim, index=0, user=reviewer)


def test_stale_version_is_refused(claim, reviewer, sent):
    with pytest.raises(StaleClaimVersion):
        claim_edit_revert(claim=claim, index=0, user=reviewer, expected_version=7)
    claim.refresh_from_db()
    assert claim.text == TEXT


def test_reverting_every_edit_gives_the_verbatim_sentence(claim, reviewer, sent):
    for _ in range(len(EDITS)):
        claim = claim_edit_revert(claim=claim, index=0, user=reviewer)
    claim.refresh_from_db()
    assert claim.text == SENTENCE and claim.edits == []
    assert len(claim.edits_reverted) == len(EDITS) and claim.version == len(EDITS)


def test_restore_puts_the_edit_back_and_keeps_the_record(claim, reviewer, moderator, sent):
    claim_edit_revert(claim=claim, index=2, user=reviewer)
    claim.refresh_from_db()
    claim_edit_restore(claim=claim, index=0, user=moderator, expected_version=1)
    claim.refresh_from_db()
    assert claim.text == TEXT and claim.edits == EDITS
    [entry] = claim.edits_reverted
    assert entry["reverted_by"] == reviewer.username
    assert entry["restored_by"] == moderator.username and entry["restored_at"]
    assert VerificationRun.objects.count() == 2
    with pytest.raises(ValidationError, match="no reverted edit number 0"):
        claim_edit_restore(claim=claim, index=0, user=moderator)
