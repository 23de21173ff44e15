"""Check-worthiness as a rank a reviewer can read: "top 2%" of every scored claim.

The model's scores crowd near 1.00 (the demo's first nine queue rows all showed 1.00),
so the number alone does not say how this claim compares with the rest. The share of
claims scoring at least as high does. The distribution is read once per
``WORTHINESS_RANK_SECONDS`` per process (default 300) as at most 1,000 quantile points
(one indexed, sorted read; a stride through it at 100k claims), so each row costs a
bisect, not a query.
"""

from __future__ import annotations

import bisect
import time

from django.conf import settings

POINTS = 1000
_memo: dict[str, object] = {"at": 0.0, "points": None, "n": 0}


def _load() -> tuple[list[float], int]:
    from claims.models import Claim

    values = list(Claim.objects.order_by("checkworthiness").values_list("checkworthiness", flat=True))
    n = len(values)
    if n > POINTS:
        step = n / POINTS
        values = [values[min(n - 1, int(i * step))] for i in range(POINTS)] + [values[-1]]
    return values, n


def distribution(*, fresh: bool = False) -> tuple[list[float], int]:
    ttl = float(getattr(settings, "WORTHINESS_RANK_SECONDS", 300))
    if fresh or _memo["points"] is None or time.monotonic() - float(_memo["at"]) > ttl:
        _memo["points"], _memo["n"] = _load()
        _memo["at"] = time.monotonic()
    return _memo["points"], int(_memo["n"])  # type: ignore[return-value]


def top_share(score: float, points: list[float]) -> float | None:
    """The share (0-1) of claims scoring at least ``score``; None with no claims."""
    if not points:
        return None
    return (len(points) - bisect.bisect_left(points, float(score))) / len(points)


def top_words(share: float | None) -> str:
    """0.0213 -> "top 3%"; under 1% one decimal ("top 0.4%"); None -> ""."""
    if share is None:
        return ""
    pct = max(share * 100, 0.1)
    if pct < 1:
        return f"top {pct:.1f}%"
    return f"top {min(100, int(-(-pct // 1)))}%"
