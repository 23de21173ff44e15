"""verdict_reference: a claim's settled verdict joins the reference corpus.

Matching runs through the eager Celery path with the real packaged MiniLM model.
"""

import pytest

from claims.models import Claim, Contradiction, Match, ReferencePassage, Verdict
from claims.pipeline import embed
from claims.selectors.runs import stale_claim_ids
from claims.services.matching import claim_match
from claims.services.review_modes import claim_review_mode_set
from claims.services.verdicts import verdict_adjudicate, verdict_override, verdict_record
from claims.vector_search import clear_cache
from tests.factories import ArticleFactory, ClaimFactory, ReferencePassageFactory, SourceFactory

pytestmark = pytest.mark.django_db

SETTLED = "The harbour authority handled 4.2 million tonnes of grain in 2019."


@pytest.fixture(autouse=True)
def fresh_cache():
    clear_cache()
    yield
    clear_cache()


def record(claim, user, label, why="Checked against the port's annual report."):
    claim.refresh_from_db()
    return verdict_record(claim_id=claim.pk, user=user, label=label, rationale=why,
                          expected_version=claim.version)


def published(claim):
    return ReferencePassage.objects.filter(from_verdict__claim=claim).first()


def test_a_verdict_is_published_and_follows_the_current_verdict(
    reviewer, moderator, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(text=SETTLED, status=Claim.Status.NEEDS_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        first = record(claim, reviewer, "refuted")
    p = published(claim)
    assert p.from_verdict == first and p.text == SETTLED
    assert p.title == ""  # the label is read from the verdict, never embedded or searched
    assert p.embedding is not None  # the embed task ran on commit
    override = verdict_override(verdict_id=first.pk, user=moderator, label="misleading",
                                reason="The tonnage is right; the year is not.")
    p2 = published(claim)
    assert p2.pk == p.pk and p2.from_verdict == override
    assert p2.from_verdict.label == "misleading"
    assert ReferencePassage.objects.count() == 1


def test_a_repeated_claim_in_another_article_is_matched_to_the_earlier_verdict(
    reviewer, django_capture_on_commit_callbacks
):
    settled = ClaimFactory(text=SETTLED, status=Claim.Status.NEEDS_REVIEW)
    ReferencePassageFactory(text="Wheat prices rose sharply in the spring.")
    with django_capture_on_commit_callbacks(execute=True):
        record(settled, reviewer, "refuted")
    later = ClaimFactory(
        article=ArticleFactory(source=SourceFactory(name="Quay Weekly")),
        text="In 2019 the harbour authority handled 4.2 million tonnes of grain.",
    )
    neighbour = ClaimFactory(article=settled.article, text=SETTLED + " ")
    claim_match(claim_id=later.pk)
    top = Match.objects.filter(claim=later, passage__isnull=False).order_by("rank").first()
    assert top.passage.from_verdict.claim_id == settled.pk and top.score > 0.9
    # no contradiction against the verdict passage: the claim itself is compared
    assert not Contradiction.objects.filter(passage=top.passage).exists()
    # a claim of the settled claim's own article is not matched to its verdict
    claim_match(claim_id=neighbour.pk)
    assert not Match.objects.filter(claim=neighbour, passage=top.passage).exists()


def test_sealed_reviews_are_not_published_until_the_round_settles(
    reviewer, second_reviewer, moderator
):
    claim = ClaimFactory(text=SETTLED, status=Claim.Status.NEEDS_REVIEW)
    claim_review_mode_set(claim_id=claim.pk, user=moderator, mode="double")
    record(claim, reviewer, "refuted")
    assert published(claim) is None
    record(claim, second_reviewer, "supported")  # disagree: disputed, nothing settled
    assert published(claim) is None
    other = ClaimFactory(text="The quay was lengthened by 40 metres in 2018.")
    claim_review_mode_set(claim_id=other.pk, user=moderator, mode="double")
    sealed = record(other, reviewer, "supported")
    assert published(other) is None
    claim_review_mode_set(claim_id=other.pk, user=moderator, mode="single")  # first settles
    assert published(other).from_verdict == sealed
    claim.refresh_from_db()
    verdict = verdict_adjudicate(claim_id=claim.pk, user=moderator, label="refuted",
                               reason="The annual report gives 3.1 million tonnes.")
    assert published(claim).from_verdict == verdict


def test_verdict_passages_do_not_make_the_corpus_stale_and_go_with_their_claim(reviewer):
    claim = ClaimFactory(text=SETTLED, status=Claim.Status.NEEDS_REVIEW)
    other = ClaimFactory(text="A second claim that was matched already.")
    Claim.objects.filter(pk=other.pk).update(
        matched_at="2030-01-01T00:00:00Z", embedding_model=embed.model_version()
    )
    assert other.pk not in stale_claim_ids()
    record(claim, reviewer, "refuted")
    ReferencePassage.objects.filter(from_verdict__isnull=False).update(
        created_at="2031-01-01T00:00:00Z"
    )
    assert other.pk not in stale_claim_ids()
    claim.delete()
    assert not ReferencePassage.objects.exists()
    assert not Verdict.objects.exists()


def test_claim_page_and_api_show_the_earlier_verdict(reviewer, reviewer_client):
    settled = ClaimFactory(text=SETTLED, status=Claim.Status.NEEDS_REVIEW)
    record(settled, reviewer, "refuted")
    later = ClaimFactory(text="In 2019 the harbour handled 4.2 million tonnes of grain.")
    Match.objects.create(claim=later, passage=published(settled), score=0.93, rank=1,
                         method=Match.Method.HYBRID)
    page = reviewer_client.get(f"/claims/{later.pk}/").content.decode()
    assert "Checked before" in page and f'href="/claims/{settled.pk}/"' in page
    assert "label-refuted" in page and "port&#x27;s annual report" in page
    api = reviewer_client.get(f"/api/matches/?claim={later.pk}").json()
    row = api["results"][0]["passage"]
    assert row["verdict_claim"] == settled.pk and row["verdict_label"] == "refuted"


def test_claim_page_says_when_the_earlier_verdict_is_under_dispute(
    reviewer, second_reviewer, moderator, reviewer_client
):
    settled = ClaimFactory(text=SETTLED, status=Claim.Status.NEEDS_REVIEW)
    record(settled, reviewer, "refuted")
    later = ClaimFactory(text="In 2019 the harbour handled 4.2 million tonnes of grain.")
    Match.objects.create(claim=later, passage=published(settled), score=0.93, rank=1,
                         method=Match.Method.HYBRID)
    assert "re-review disputed" not in reviewer_client.get(f"/claims/{later.pk}/").content.decode()
    claim_review_mode_set(claim_id=settled.pk, user=moderator, mode="double")
    record(settled, reviewer, "refuted")
    record(settled, second_reviewer, "supported")  # the re-review disagrees
    settled.refresh_from_db()
    assert settled.status == Claim.Status.DISPUTED
    page = reviewer_client.get(f"/claims/{later.pk}/").content.decode()
    assert "label-refuted" in page  # the settled verdict stands until adjudication
    assert "re-review disputed" in page
    row = reviewer_client.get(f"/api/matches/?claim={later.pk}").json()["results"][0]["passage"]
    assert (row["verdict_label"], row["verdict_claim_status"]) == ("refuted", "disputed")


def test_marking_a_reviewed_claim_not_checkworthy_withdraws_its_verdict(reviewer, moderator):
    from claims.services.claims import claims_mark_not_checkworthy

    claim = ClaimFactory(text=SETTLED, status=Claim.Status.NEEDS_REVIEW)
    kept = ClaimFactory(text="The quay was lengthened by 40 metres in 2018.")
    record(claim, reviewer, "refuted")
    record(kept, reviewer, "supported")
    assert claims_mark_not_checkworthy(claim_ids=[claim.pk], user=moderator) == 1
    assert published(claim) is None and published(kept) is not None
    assert Verdict.objects.filter(claim=claim, is_current=True).exists()  # history kept


def test_export_names_the_earlier_verdict_of_a_match(reviewer):
    from claims.export.records import claim_record
    from claims.selectors.articles import articles_for_export

    settled = ClaimFactory(text=SETTLED, status=Claim.Status.NEEDS_REVIEW)
    record(settled, reviewer, "refuted")
    later = ClaimFactory(text="In 2019 the harbour handled 4.2 million tonnes of grain.")
    Match.objects.create(claim=later, passage=published(settled), score=0.93, rank=1,
                         method=Match.Method.HYBRID)
    Match.objects.create(claim=later, passage=ReferencePassageFactory(), score=0.5, rank=2,
                         method=Match.Method.HYBRID)
    (article,) = articles_for_export(article_id=later.article_id)
    rec = claim_record(article.claims.all()[0])
    assert [(m["verdict_claim_id"], m["verdict_label"]) for m in rec["matches"]] == [
        (settled.pk, "refuted"), (None, None)
    ]
