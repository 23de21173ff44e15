"""The dispute a moderator settles: one definition for the claim page and the service."""

import pytest

from claims.models import Verdict
from claims.selectors.reviews import dispute_pair, reviewed_the_dispute
from tests.factories import ClaimFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def _round(claim, *, settled: bool):
    first = VerdictFactory(claim=claim, is_current=False, label="supported")
    second = VerdictFactory(claim=claim, kind=Verdict.Kind.SECOND_REVIEW, first_review=first,
                            is_current=settled, label="supported" if settled else "refuted")
    return first, second


def test_the_newest_unsettled_second_review_and_its_first():
    claim = ClaimFactory()
    _round(claim, settled=True)  # an earlier round that agreed
    first, second = _round(claim, settled=False)
    assert dispute_pair(Verdict.objects.filter(claim=claim)) == (first, second)


def test_no_dispute_when_the_round_agreed_or_the_first_is_not_visible():
    claim = ClaimFactory()
    first, second = _round(claim, settled=True)
    assert dispute_pair([first, second]) is None
    other = ClaimFactory()
    first, second = _round(other, settled=False)
    assert dispute_pair([second]) is None  # the first review is not among those given


def test_a_reviewer_of_either_side_did_review_the_dispute():
    first, second = _round(ClaimFactory(), settled=False)
    assert reviewed_the_dispute(first.reviewer, (first, second))
    assert reviewed_the_dispute(second.reviewer, (first, second))
    assert not reviewed_the_dispute(UserFactory(), (first, second))
    assert not reviewed_the_dispute(None, (first, second))
