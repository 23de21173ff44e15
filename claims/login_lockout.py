"""django-axes with two limits: per username and address, and per address alone.

``AXES_LOCKOUT_PARAMETERS`` is ``[["username", "ip_address"], "ip_address"]``: axes
sums the failures each parameter selects and locks when one reaches its limit. It has
one limit (``AXES_FAILURE_LIMIT``) for all of them; this handler scales the per-address
sum so that one address is locked only after ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures
(any usernames: password spraying), while one username from one address still locks
after ``AXES_FAILURE_LIMIT``. A successful login resets the user+address count only,
so logging in to an account of one's own does not wipe an address's spraying record.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


def _failures(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class AddressLimitHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        per_user, *per_address = self.get_user_attempts(request, credentials)
        user_limit = int(settings.AXES_FAILURE_LIMIT)
        address_limit = max(1, int(getattr(settings, "LOGIN_ADDRESS_FAILURE_LIMIT", user_limit)))
        scaled = [(_failures(a) * user_limit) // address_limit for a in per_address]
        return max([_failures(per_user), *scaled])

    def reset_user_attempts(self, request, credentials=None) -> int:
        per_user = self.filter_user_attempts(request, credentials)[0]
        count, _ = per_user.delete()
        return count
