"""Two-reviewer mode: blind first/second reviews, agreement, dispute, adjudication."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from claims.models import Claim, ReviewMode, Verdict
from claims.services.review_modes import article_review_mode_set, claim_review_mode_set
from claims.services.verdicts import StaleClaimVersion, verdict_adjudicate, verdict_record
from tests.factories import ArticleFactory, ClaimFactory, MatchFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def double_claim(db):
    article = ArticleFactory(review_mode=ReviewMode.DOUBLE)
    return ClaimFactory(article=article, status=Claim.Status.NEEDS_REVIEW)


def _record(claim, user, label, version, **kw):
    return verdict_record(claim_id=claim.pk, user=user, label=label,
                          rationale=f"{user.username} says {label}", expected_version=version, **kw)


def test_claim_inherits_the_article_mode_unless_it_has_its_own():
    article = ArticleFactory(review_mode=ReviewMode.DOUBLE)
    inherits = ClaimFactory(article=article)
    own = ClaimFactory(article=article, review_mode=ReviewMode.SINGLE)
    assert inherits.effective_review_mode == ReviewMode.DOUBLE
    assert own.effective_review_mode == ReviewMode.SINGLE


def test_first_review_is_sealed_and_not_current(double_claim, reviewer):
    first = _record(double_claim, reviewer, "supported", 0)
    double_claim.refresh_from_db()
    assert first.kind == Verdict.Kind.REVIEW and first.sealed and not first.is_current
    assert double_claim.status == Claim.Status.NEEDS_REVIEW
    assert double_claim.version == 1
    assert not Verdict.objects.filter(claim=double_claim, is_current=True).exists()


def test_agreeing_second_review_settles_the_claim(double_claim, reviewer, second_reviewer):
    match = MatchFactory(claim=double_claim)
    first = _record(double_claim, reviewer, "refuted", 0)
    second = _record(double_claim, second_reviewer, "refuted", 1, cited_match_ids=[match.pk])
    double_claim.refresh_from_db()
    first.refresh_from_db()
    assert second.kind == Verdict.Kind.SECOND_REVIEW and second.first_review == first
    assert second.is_current and not first.is_current
    assert not first.sealed and not second.sealed
    assert double_claim.status == Claim.Status.REVIEWED and double_claim.version == 2
    assert list(second.cited_matches.all()) == [match]
    reasons = [h.history_change_reason for h in Verdict.history.filter(id=second.pk)]
    assert reasons == [f"second blind review: agrees with verdict {first.pk}"]


def test_disagreeing_second_review_disputes_the_claim(double_claim, reviewer, second_reviewer):
    first = _record(double_claim, reviewer, "refuted", 0)
    second = _record(double_claim, second_reviewer, "supported", 1)
    double_claim.refresh_from_db()
    first.refresh_from_db()
    assert double_claim.status == Claim.Status.DISPUTED
    assert not first.is_current and not second.is_current and not first.sealed
    # nobody else reviews a disputed claim: a moderator adjudicates
    third = UserFactory(username="third")
    third.groups.add(*reviewer.groups.all())
    with pytest.raises(ValidationError, match="adjudicates"):
        _record(double_claim, third, "refuted", 2)
    assert Verdict.objects.filter(claim=double_claim).count() == 2


def test_an_earlier_settled_verdict_stays_current_until_the_round_settles(
    reviewer, second_reviewer
):
    claim = ClaimFactory(status=Claim.Status.REVIEWED, review_mode=ReviewMode.DOUBLE)
    old = VerdictFactory(claim=claim, label="supported")
    _record(claim, reviewer, "refuted", 0)
    assert Verdict.objects.get(claim=claim, is_current=True) == old
    second = _record(claim, second_reviewer, "refuted", 1)
    old.refresh_from_db()
    assert not old.is_current and second.is_current


def test_the_same_reviewer_cannot_record_both_reviews(double_claim, reviewer):
    _record(double_claim, reviewer, "refuted", 0)
    with pytest.raises(ValidationError, match="different reviewer"):
        _record(double_claim, reviewer, "refuted", 1)
    double_claim.refresh_from_db()
    assert double_claim.version == 1
    assert Verdict.objects.filter(claim=double_claim).count() == 1


def test_a_stale_form_is_refused_in_blind_mode_too(double_claim, reviewer, second_reviewer):
    _record(double_claim, reviewer, "refuted", 0)
    with pytest.raises(StaleClaimVersion) as exc:
        _record(double_claim, second_reviewer, "supported", 0)
    assert exc.value.current == 1
    assert Verdict.objects.filter(claim=double_claim).count() == 1


def test_bad_fields_write_nothing(double_claim, reviewer, outsider):
    with pytest.raises(ValidationError):
        _record(double_claim, reviewer, "maybe", 0)
    with pytest.raises(ValidationError):
        verdict_record(claim_id=double_claim.pk, user=reviewer, label="refuted",
                       rationale="  ", expected_version=0)
    other = MatchFactory()
    with pytest.raises(ValidationError):
        _record(double_claim, reviewer, "refuted", 0, cited_match_ids=[other.pk])
    with pytest.raises(PermissionDenied):
        _record(double_claim, outsider, "refuted", 0)
    double_claim.refresh_from_db()
    assert double_claim.version == 0 and not double_claim.verdicts.exists()


def _disputed(claim, a, b):
    first = _record(claim, a, "refuted", 0)
    second = _record(claim, b, "supported", 1)
    return first, second


def test_moderator_adjudicates_with_a_reason(double_claim, reviewer, second_reviewer, moderator):
    m1, m2 = MatchFactory(claim=double_claim), MatchFactory(claim=double_claim, rank=2)
    first = _record(double_claim, reviewer, "refuted", 0, cited_match_ids=[m1.pk])
    second = _record(double_claim, second_reviewer, "supported", 1, cited_match_ids=[m2.pk])
    with pytest.raises(ValidationError):
        verdict_adjudicate(claim_id=double_claim.pk, user=moderator, label="refuted", reason=" ")
    verdict = verdict_adjudicate(claim_id=double_claim.pk, user=moderator, label="misleading",
                               reason="Right year, wrong city.", expected_version=2)
    double_claim.refresh_from_db()
    assert verdict.kind == Verdict.Kind.ADJUDICATION and verdict.is_current
    assert verdict.rationale == "Right year, wrong city."
    assert double_claim.status == Claim.Status.REVIEWED and double_claim.version == 3
    assert set(verdict.cited_matches.all()) == {m1, m2}
    history = Verdict.history.get(id=verdict.pk)
    assert history.history_change_reason == (
        f"adjudication of verdicts {first.pk} and {second.pk}: Right year, wrong city."
    )
    assert history.history_user == moderator
    # the reviews stay in the record, not current
    assert set(Verdict.objects.filter(claim=double_claim, is_current=False)) == {first, second}


def test_adjudication_is_refused_when_it_does_not_fit(
    double_claim, reviewer, second_reviewer, moderator
):
    with pytest.raises(ValidationError, match="disagree"):
        verdict_adjudicate(claim_id=double_claim.pk, user=moderator, label="refuted", reason="r")
    with pytest.raises(PermissionDenied):
        verdict_adjudicate(claim_id=double_claim.pk, user=reviewer, label="refuted", reason="r")
    # a moderator who was one of the two reviewers may not settle it
    _record(double_claim, moderator, "refuted", 0)
    _record(double_claim, second_reviewer, "supported", 1)
    with pytest.raises(ValidationError, match="another moderator"):
        verdict_adjudicate(claim_id=double_claim.pk, user=moderator, label="refuted", reason="r")
    with pytest.raises(StaleClaimVersion):
        verdict_adjudicate(claim_id=double_claim.pk, user=UserFactory(is_superuser=True),
                         label="refuted", reason="r", expected_version=0)
    assert not Verdict.objects.filter(claim=double_claim, kind="adjudication").exists()


def test_switching_to_single_mode_settles_an_open_round(double_claim, reviewer, moderator):
    first = _record(double_claim, reviewer, "refuted", 0)
    claim_review_mode_set(claim_id=double_claim.pk, user=moderator, mode="")  # still double
    first.refresh_from_db()
    assert first.sealed
    claim = claim_review_mode_set(claim_id=double_claim.pk, user=moderator, mode="single")
    first.refresh_from_db()
    assert first.is_current and not first.sealed
    assert claim.status == Claim.Status.REVIEWED and claim.version == 2


def test_article_mode_switch_settles_only_claims_that_follow_it(reviewer, moderator):
    article = ArticleFactory(review_mode=ReviewMode.DOUBLE)
    follows = ClaimFactory(article=article, position=0)
    own = ClaimFactory(article=article, position=1, review_mode=ReviewMode.DOUBLE)
    a = _record(follows, reviewer, "refuted", 0)
    b = _record(own, reviewer, "refuted", 0)
    article_review_mode_set(article_id=article.pk, user=moderator, mode="single")
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.is_current and not a.sealed
    assert b.sealed and not b.is_current


def test_review_mode_input_is_checked(double_claim, reviewer, moderator):
    with pytest.raises(ValidationError):
        claim_review_mode_set(claim_id=double_claim.pk, user=moderator, mode="triple")
    with pytest.raises(ValidationError):
        article_review_mode_set(article_id=double_claim.article_id, user=moderator, mode="")
    with pytest.raises(PermissionDenied):
        claim_review_mode_set(claim_id=double_claim.pk, user=reviewer, mode="single")
    double_claim.refresh_from_db()
    assert double_claim.review_mode == ""


def test_single_mode_is_unchanged(reviewer):
    claim = ClaimFactory(status=Claim.Status.NEEDS_REVIEW)
    v = _record(claim, reviewer, "refuted", 0)
    assert v.is_current and not v.sealed and v.kind == Verdict.Kind.REVIEW


class TestConstraints:
    def test_one_sealed_verdict_per_claim(self):
        claim = ClaimFactory()
        VerdictFactory(claim=claim, is_current=False, sealed=True)
        with pytest.raises(IntegrityError), transaction.atomic():
            VerdictFactory(claim=claim, is_current=False, sealed=True)

    def test_a_sealed_verdict_is_never_current(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            VerdictFactory(is_current=True, sealed=True)

    def test_a_second_review_points_at_a_first(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            VerdictFactory(kind=Verdict.Kind.SECOND_REVIEW, is_current=False)
        first = VerdictFactory(is_current=False)
        with pytest.raises(IntegrityError), transaction.atomic():
            VerdictFactory(claim=first.claim, first_review=first, kind=Verdict.Kind.REVIEW)

    def test_a_first_review_has_one_second(self):
        first = VerdictFactory(is_current=False)
        VerdictFactory(claim=first.claim, first_review=first, kind="second_review",
                       is_current=False)
        with pytest.raises(IntegrityError), transaction.atomic():
            VerdictFactory(claim=first.claim, first_review=first, kind="second_review",
                           is_current=False)
