"""Two reviewers save a verdict on the same claim at the same moment, on PostgreSQL.

No lost update: both loaded the claim at the same version; exactly one save
wins, the other is refused with "the claim changed" (HTTP 409 with the current
version) and nothing of it is written. After reloading, the loser's verdict is
recorded too: both are in the history, exactly one is current (the partial
unique index verdict_one_current backs that up).
"""

import threading

import pytest
from rest_framework.test import APIClient

import claims.services.verdicts as verdict_service
from claims.models import Claim, Verdict
from claims.services.verdicts import StaleClaimVersion, verdict_record
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.integration

LABELS = ["supported", "refuted"]


@pytest.fixture
def reviewers(transactional_db, reviewer_group):
    users = [UserFactory(username=f"reviewer_{n}") for n in range(8)]
    for u in users:
        u.groups.add(reviewer_group)
    return users


def run_together(n: int, fn) -> list:
    """Run fn(i) in n threads released at once; return what each returned or raised."""
    from django.db import connections

    barrier = threading.Barrier(n)
    results: list = [None] * n

    def target(i):
        try:
            barrier.wait(timeout=30)
            results[i] = fn(i)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def assert_one_current(claim_id: int) -> Verdict:
    current = Verdict.objects.filter(claim_id=claim_id, is_current=True)
    assert current.count() == 1
    return current.get()


def test_both_past_validation_one_wins_the_other_is_told(reviewers, monkeypatch):
    """Force the worst interleaving: both transactions are open and validated before either
    writes. The row lock of the version UPDATE orders them; the second sees the new version."""
    claim = ClaimFactory()
    version = claim.version
    real_bump = verdict_service._bump_version
    at_write = threading.Barrier(2)

    def bump_together(**kwargs):
        at_write.wait(timeout=30)
        return real_bump(**kwargs)

    monkeypatch.setattr(verdict_service, "_bump_version", bump_together)
    results = run_together(2, lambda i: verdict_record(
        claim_id=claim.pk, user=reviewers[i], label=LABELS[i],
        rationale=f"checked by reviewer {i}", expected_version=version,
    ))  # fmt: skip
    monkeypatch.undo()

    saved = [r for r in results if isinstance(r, Verdict)]
    refused = [r for r in results if isinstance(r, StaleClaimVersion)]
    assert len(saved) == 1 and len(refused) == 1, results
    assert (refused[0].expected, refused[0].current) == (version, version + 1)
    assert "the form was for version" in str(refused[0])
    # nothing of the loser was written
    assert Verdict.objects.filter(claim=claim).count() == 1
    assert assert_one_current(claim.pk).pk == saved[0].pk
    assert Claim.objects.get(pk=claim.pk).version == version + 1

    # the loser reloads (sees the winner's verdict) and saves again: both are kept
    loser = 1 - results.index(saved[0])
    second = verdict_record(
        claim_id=claim.pk, user=reviewers[loser], label=LABELS[loser],
        rationale="after reading the other verdict", expected_version=refused[0].current,
    )
    assert assert_one_current(claim.pk).pk == second.pk
    assert set(Verdict.objects.filter(claim=claim).values_list("reviewer_id", flat=True)) == {
        reviewers[0].pk, reviewers[1].pk,
    }
    history = Verdict.history.filter(claim_id=claim.pk)
    assert set(history.values_list("id", flat=True)) == {saved[0].pk, second.pk}
    # the winner's verdict was retired with a history row of its own
    assert history.filter(id=saved[0].pk, is_current=False).exists()


def test_eight_reviewers_post_through_the_api_at_once(reviewers):
    claim = ClaimFactory()
    version = claim.version
    clients = []
    for user in reviewers:
        c = APIClient()
        c.force_authenticate(user)
        clients.append(c)

    def post(i):
        return clients[i].post("/api/verdicts/", {
            "claim": claim.pk, "label": LABELS[i % 2], "rationale": f"reviewer {i}",
            "version": version, "cited_matches": [],
        }, format="json")  # fmt: skip

    responses = run_together(len(clients), post)
    codes = sorted(getattr(r, "status_code", repr(r)) for r in responses)
    assert codes == [201] + [409] * (len(clients) - 1), [
        (getattr(r, "status_code", r), getattr(r, "data", "")) for r in responses
    ]
    for r in responses:
        if r.status_code == 409:
            assert r.data["current_version"] == version + 1
    winner = next(r for r in responses if r.status_code == 201)
    assert assert_one_current(claim.pk).pk == winner.data["id"]
    assert Verdict.objects.filter(claim=claim).count() == 1
    assert Claim.objects.get(pk=claim.pk).version == version + 1
