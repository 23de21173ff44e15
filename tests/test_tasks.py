"""tasks.match_claims: one batch per chunk; when the batch fails, each claim alone, so
one bad claim is recorded as failed and the others are still matched."""

import pytest

from claims import tasks
from claims.models import VerificationRun

pytestmark = pytest.mark.django_db


def test_a_chunk_is_matched_in_one_batch(monkeypatch):
    batches, singles = [], []
    monkeypatch.setattr(tasks, "claims_match", lambda *, claim_ids: batches.append(claim_ids))
    monkeypatch.setattr(tasks, "claim_match", lambda *, claim_id: singles.append(claim_id))
    run = VerificationRun.objects.create(total=3, params={"claim_ids": [1, 2, 3]})
    tasks._match_chunk(run.pk, [1, 2, 3])
    assert batches == [[1, 2, 3]] and singles == []


def test_a_failed_batch_falls_back_to_one_claim_at_a_time(monkeypatch):
    def batch(*, claim_ids):
        raise ValueError("claim 2 has a broken vector")

    matched = []

    def single(*, claim_id):
        if claim_id == 2:
            raise ValueError("broken vector")
        matched.append(claim_id)

    monkeypatch.setattr(tasks, "claims_match", batch)
    monkeypatch.setattr(tasks, "claim_match", single)
    run = VerificationRun.objects.create(total=3, params={"claim_ids": [1, 2, 3]})
    tasks._match_chunk(run.pk, [1, 2, 3])
    run.refresh_from_db()
    assert matched == [1, 3]
    assert run.failed == 1 and "broken vector" in str(run.errors)


def test_a_transient_error_is_raised_for_the_retry(monkeypatch):
    from django.db import OperationalError

    def batch(*, claim_ids):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(tasks, "claims_match", batch)
    run = VerificationRun.objects.create(total=1, params={"claim_ids": [1]})
    with pytest.raises(OperationalError):
        tasks._match_chunk(run.pk, [1])
