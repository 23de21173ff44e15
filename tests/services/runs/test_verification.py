"""Embedding + matching + comparison through the eager Celery path (SQLite backend).

Uses the real packaged MiniLM model: matching quality is the thing under test.
"""

import pytest

from claims.models import Claim, Contradiction, Match, VerificationRun
from claims.services.runs import reverify_stale, runs_watchdog, verification_start
from claims.vector_search import clear_cache
from tests.factories import ArticleFactory, ClaimFactory, ReferencePassageFactory, SourceFactory


def since(year: int, text: str) -> dict:
    i = text.index(f"since {year}")
    return {"text": f"since {year}", "start": i, "end": i + 10, "granularity": "range",
            "value": f"{year}/..", "start_date": f"{year}-01-01", "end_date": None,
            "relative": False, "weekday": None}


@pytest.fixture(autouse=True)
def fresh_cache():
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def two_sources(db):
    a = ArticleFactory(source=SourceFactory(name="Harbour Ledger"))
    b = ArticleFactory(source=SourceFactory(name="Steppe Observer"))
    t1 = "Russia, Turkey and Iran have held peace talks in Astana since 2017."
    t2 = "Russia, Iran and Turkey have been holding peace talks in Astana since 2016."
    ents = lambda t: [  # noqa: E731
        {"text": w, "start": t.index(w), "end": t.index(w) + len(w), "label": "GPE"}
        for w in ("Russia", "Turkey", "Iran", "Astana")
    ]
    c1 = ClaimFactory(article=a, text=t1, dates=[since(2017, t1)], entities=ents(t1))
    c2 = ClaimFactory(article=b, text=t2, dates=[since(2016, t2)], entities=ents(t2))
    unrelated = ClaimFactory(article=b, text="The harbour crane was repainted blue last spring.")
    ReferencePassageFactory(text="The Astana peace talks on Syria began in January 2017.")
    ReferencePassageFactory(text="Wheat prices rose sharply in the spring.")
    return c1, c2, unrelated


def run_all(django_capture_on_commit_callbacks, **kw):
    with django_capture_on_commit_callbacks(execute=True):
        run = verification_start(**kw)
    run.refresh_from_db()
    return run


@pytest.mark.django_db
def test_run_matches_every_claim_and_completes(two_sources, django_capture_on_commit_callbacks):
    c1, c2, unrelated = two_sources
    run = run_all(django_capture_on_commit_callbacks, all_claims=True)
    assert run.status == VerificationRun.Status.COMPLETE, run.errors
    assert run.done == run.total == 3 and run.phase == VerificationRun.Phase.DONE
    # each claim's best other-source claim is the paraphrase, not the unrelated one
    top = Match.objects.filter(claim=c1, other_claim__isnull=False).order_by("rank").first()
    assert top.other_claim_id == c2.pk and top.score > 0.8
    assert Match.objects.filter(claim=c1, passage__isnull=False).exists()
    assert not Match.objects.filter(claim=c1, other_claim__article=c1.article).exists()
    for c in (c1, c2, unrelated):
        c.refresh_from_db()
        assert c.matched_at and c.status == Claim.Status.NEEDS_REVIEW


@pytest.mark.django_db
def test_date_contradiction_between_sources(two_sources, django_capture_on_commit_callbacks):
    c1, c2, _ = two_sources
    run_all(django_capture_on_commit_callbacks, all_claims=True)
    contra = Contradiction.objects.get(kind="date", other_claim__isnull=False)
    assert {contra.claim_id, contra.other_claim_id} == {c1.pk, c2.pk}
    values = {contra.claim_id: contra.value_claim, contra.other_claim_id: contra.value_other}
    assert "2017" in values[c1.pk] and "2016" in values[c2.pk]


@pytest.mark.django_db
def test_rerun_is_idempotent(two_sources, django_capture_on_commit_callbacks):
    run_all(django_capture_on_commit_callbacks, all_claims=True)
    matches = sorted(Match.objects.values_list("claim_id", "passage_id", "other_claim_id"), key=str)
    contradictions = Contradiction.objects.count()
    run_all(django_capture_on_commit_callbacks, all_claims=True)
    assert sorted(Match.objects.values_list("claim_id", "passage_id", "other_claim_id"), key=str) == matches
    assert Contradiction.objects.count() == contradictions


@pytest.mark.django_db
def test_reviewer_decision_survives_rematch(two_sources, django_capture_on_commit_callbacks):
    run_all(django_capture_on_commit_callbacks, all_claims=True)
    contra = Contradiction.objects.get(kind="date", other_claim__isnull=False)
    contra.status = Contradiction.Status.DISMISSED
    contra.save()
    run_all(django_capture_on_commit_callbacks, all_claims=True)
    contra.refresh_from_db()
    assert contra.status == Contradiction.Status.DISMISSED


@pytest.mark.django_db
def test_reverify_picks_claims_older_than_newest_passage(
    two_sources, django_capture_on_commit_callbacks
):
    run_all(django_capture_on_commit_callbacks, all_claims=True)
    with django_capture_on_commit_callbacks(execute=False):
        assert reverify_stale() is None  # nothing stale
    ReferencePassageFactory(text="Astana hosted a new round of talks in 2018.")
    with django_capture_on_commit_callbacks(execute=True):
        run = reverify_stale()
    run.refresh_from_db()
    assert run.kind == VerificationRun.Kind.REVERIFY and run.total == 3
    assert run.status == VerificationRun.Status.COMPLETE


@pytest.mark.django_db
def test_overlapping_reverify_is_skipped(two_sources):
    VerificationRun.objects.create(kind=VerificationRun.Kind.REVERIFY,
                                   status=VerificationRun.Status.RUNNING)
    skipped = reverify_stale()
    assert skipped.status == VerificationRun.Status.SKIPPED
    assert "still active" in skipped.errors[0]["error"]


@pytest.mark.django_db
def test_watchdog_fails_stuck_run_and_requeues_unfinished(
    two_sources, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    c1, c2, u = two_sources
    stuck = VerificationRun.objects.create(
        kind=VerificationRun.Kind.VERIFY, status=VerificationRun.Status.RUNNING,
        started_at=timezone.now() - timedelta(hours=5), total=3,
        params={"claim_ids": [c1.pk, c2.pk, u.pk]},
    )
    with django_capture_on_commit_callbacks(execute=False):
        requeued = runs_watchdog()
    stuck.refresh_from_db()
    assert stuck.status == VerificationRun.Status.FAILED
    assert len(requeued) == 1 and requeued[0].params["claim_ids"] == [c1.pk, c2.pk, u.pk]


@pytest.mark.django_db
def test_empty_run_completes(db, django_capture_on_commit_callbacks):
    run = run_all(django_capture_on_commit_callbacks, claim_ids=[])
    assert run.status == VerificationRun.Status.COMPLETE and run.total == 0
