"""contradiction_sweep: re-match every check-worthy claim, one sweep at a time."""

import pytest

from claims.models import Claim, VerificationRun
from claims.services.runs import contradiction_sweep
from tests.factories import ClaimFactory, VerificationRunFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """A queue that holds what is sent (the sweep's run is not worked here)."""
    sent = []
    monkeypatch.setattr("claims.services.runs._enqueue",
                        lambda name, *args, **kw: sent.append((name, args)))
    return sent


def test_the_sweep_queues_one_run_of_every_checkworthy_claim(queued):
    worthy = [ClaimFactory(), ClaimFactory(status=Claim.Status.REVIEWED)]
    ClaimFactory(status=Claim.Status.NOT_CHECKWORTHY)

    run = contradiction_sweep()

    assert run.kind == VerificationRun.Kind.SWEEP and run.status == VerificationRun.Status.QUEUED
    assert run.params["claim_ids"] == sorted(c.pk for c in worthy)
    assert queued == [("claims.tasks.run_dispatch", (run.pk,))]


def test_a_sweep_still_active_makes_the_next_one_a_skipped_run(queued):
    ClaimFactory()
    active = VerificationRunFactory(kind=VerificationRun.Kind.SWEEP,
                                    status=VerificationRun.Status.RUNNING)

    skipped = contradiction_sweep()

    assert skipped.status == VerificationRun.Status.SKIPPED and skipped.finished_at
    assert f"run {active.pk}" in skipped.errors[0]["error"]
    assert queued == []  # nothing sent
    assert VerificationRun.objects.filter(kind=VerificationRun.Kind.SWEEP).count() == 2


def test_another_kind_of_run_does_not_block_the_sweep(queued):
    ClaimFactory()
    VerificationRunFactory(kind=VerificationRun.Kind.REVERIFY, status=VerificationRun.Status.RUNNING)
    assert contradiction_sweep().status == VerificationRun.Status.QUEUED
