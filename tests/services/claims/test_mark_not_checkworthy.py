"""claims_mark_not_checkworthy."""

import pytest
from django.core.exceptions import PermissionDenied

from claims.models import Claim
from claims.services.claims import claims_mark_not_checkworthy
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_mark_not_checkworthy(moderator, reviewer):
    a, b = ClaimFactory(), ClaimFactory(status=Claim.Status.NOT_CHECKWORTHY)
    untouched = ClaimFactory()
    with pytest.raises(PermissionDenied):
        claims_mark_not_checkworthy(claim_ids=[a.pk], user=reviewer)
    assert claims_mark_not_checkworthy(claim_ids=[a.pk, b.pk], user=moderator) == 1
    a.refresh_from_db()
    untouched.refresh_from_db()
    assert a.status == Claim.Status.NOT_CHECKWORTHY and a.version == 1
    assert untouched.status == Claim.Status.PENDING
