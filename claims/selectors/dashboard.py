"""Reads for the dashboard: aggregates counted in the database, a fixed number of queries.

``dashboard_data`` makes six queries whatever the data size: verdicts per week
and label, verdicts per week and reviewer, claims per source, flags per source,
open contradiction pairs, and the claims that name the busiest events.

Claims and flags per source count every claim, so they cost a pass over the
claims table (bench/ui.py: tens of milliseconds at 100k claims on a busy 2-core
machine, a few hundred at worst). A dashboard does not need to-the-second
figures, so the result is kept in Django's cache for
``settings.DASHBOARD_CACHE_SECONDS`` (default 60; 0 turns caching off) and the
page says when it was computed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, DateField
from django.db.models.functions import TruncWeek
from django.utils import timezone

from claims.models import Claim, ClaimFlag, Contradiction, Verdict
from claims.selectors.reviews import verdicts_visible_to

OPEN_CONTRADICTION = (Contradiction.Status.SUSPECTED, Contradiction.Status.CONFIRMED)


@dataclass
class WeeklySeries:
    """``counts[key][i]`` is the count for ``weeks[i]`` (Mondays, oldest first)."""

    weeks: list[dt.date]
    counts: dict[str, list[int]]
    names: dict[str, str] = field(default_factory=dict)  # key -> display name

    def total(self, key: str) -> int:
        return sum(self.counts.get(key, ()))


@dataclass
class SourceCount:
    source_id: int
    name: str
    claims: int
    flags: int
    flagged_claims: int


@dataclass
class Event:
    """Claims joined by open contradictions (one connected group), named by its hub claim."""

    hub_id: int
    hub_text: str
    hub_source: str
    claims: int
    suspected: int
    confirmed: int

    @property
    def open(self) -> int:
        return self.suspected + self.confirmed


def week_starts(*, weeks: int, today: dt.date) -> list[dt.date]:
    """The Mondays of the last ``weeks`` weeks, oldest first, ending with this week's."""
    monday = today - dt.timedelta(days=today.weekday())
    return [monday - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def _window(weeks: int, today: dt.date | None) -> tuple[list[dt.date], dt.datetime]:
    today = today or timezone.localdate()
    starts = week_starts(weeks=weeks, today=today)
    since = timezone.make_aware(dt.datetime.combine(starts[0], dt.time.min))
    return starts, since


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _weekly_verdicts(since: dt.datetime, key: str, **filters):
    return (
        # the charts are the same for everyone (and cached): no sealed review counts
        verdicts_visible_to(None).filter(created_at__gte=since, **filters)
        .annotate(week=TruncWeek("created_at", output_field=DateField()))
        .order_by()
        .values("week", key)
        .annotate(n=Count("pk"))
        .values_list("week", key, "n")
    )


def verdicts_by_label(*, weeks: int = 12, today: dt.date | None = None) -> WeeklySeries:
    """Verdicts recorded per week (every kind: review, second review, override,
    adjudication) by label; every label is present, zeros included.

    A sealed first blind review is left out until its round completes: its label is
    shown to its author only, and a weekly count by label would reveal it."""
    starts, since = _window(weeks, today)
    index = {w: i for i, w in enumerate(starts)}
    counts = {label: [0] * len(starts) for label in Verdict.Label.values}
    for week, label, n in _weekly_verdicts(since, "label"):
        i = index.get(_as_date(week))
        if i is not None and label in counts:
            counts[label][i] += n
    return WeeklySeries(starts, counts, dict(Verdict.Label.choices))


def reviewer_throughput(
    *, weeks: int = 12, top: int = 6, today: dt.date | None = None
) -> WeeklySeries:
    """Verdicts per reviewer per week: the ``top`` reviewers with the most verdicts in
    the window (ties by username) each on their own, everyone else summed as ``others``.
    A sealed first review counts once its round completes (as in ``verdicts_by_label``)."""
    starts, since = _window(weeks, today)
    index = {w: i for i, w in enumerate(starts)}
    per_user: dict[str, list[int]] = {}
    for week, username, n in _weekly_verdicts(since, "reviewer__username"):
        i = index.get(_as_date(week))
        if i is not None:
            per_user.setdefault(username, [0] * len(starts))[i] += n
    ranked = sorted(per_user, key=lambda u: (-sum(per_user[u]), u))
    counts = {u: per_user[u] for u in ranked[:top]}
    names = {u: u for u in counts}
    rest = ranked[top:]
    if rest:
        counts["others"] = [sum(per_user[u][i] for u in rest) for i in range(len(starts))]
        names["others"] = f"{len(rest)} other reviewer{'s' if len(rest) != 1 else ''}"
    return WeeklySeries(starts, counts, names)


def claims_per_source(*, top: int = 12) -> tuple[list[SourceCount], int]:
    """Claims, flags and flagged claims per source, the ``top`` sources by claims;
    and how many sources with claims there are in all."""
    by_source: dict[int, SourceCount] = {}
    for sid, name, n in (
        Claim.objects.order_by()
        .values("article__source_id")
        .annotate(n=Count("pk"))
        .values_list("article__source_id", "article__source__name", "n")
    ):
        by_source[sid] = SourceCount(sid, name, n, 0, 0)
    for sid, n, flagged in (
        ClaimFlag.objects.order_by()
        .values("claim__article__source_id")
        .annotate(n=Count("pk"), flagged=Count("claim_id", distinct=True))
        .values_list("claim__article__source_id", "n", "flagged")
    ):
        if sid in by_source:
            by_source[sid].flags, by_source[sid].flagged_claims = n, flagged
    ranked = sorted(by_source.values(), key=lambda s: (-s.claims, s.name))
    return ranked[:top], len(ranked)


class _Groups:
    """Union-find over claim ids."""

    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def open_contradictions_by_event(*, top: int = 10) -> tuple[list[Event], int]:
    """Events with open (suspected or confirmed) contradictions, most first.

    An event is what the event page shows: a claim and the other sources' claims
    about the same thing. Here it is the group of claims that open contradictions
    connect (A vs B and B vs C are one event); a contradiction with a reference
    passage belongs to its claim's event. The group is named by its hub, the claim
    in the most open contradictions (lowest id on a tie), whose event page the
    dashboard links to. Returns the ``top`` events and how many there are in all.

    Grouping is a graph walk, not a GROUP BY: one query reads the open pairs
    (two ids and a status each), the grouping runs here, one more query reads the
    hubs' text.
    """
    groups = _Groups()
    pairs = list(
        Contradiction.objects.filter(status__in=OPEN_CONTRADICTION)
        .order_by()
        .values_list("claim_id", "other_claim_id", "status")
    )
    degree: dict[int, int] = {}
    for a, b, _ in pairs:
        groups.find(a)
        degree[a] = degree.get(a, 0) + 1
        if b is not None:
            groups.union(a, b)
            degree[b] = degree.get(b, 0) + 1
    tallies: dict[int, list[int]] = {}  # root -> [suspected, confirmed]
    for a, _, status in pairs:
        t = tallies.setdefault(groups.find(a), [0, 0])
        t[0 if status == Contradiction.Status.SUSPECTED else 1] += 1
    members: dict[int, list[int]] = {}
    for claim_id in degree:
        members.setdefault(groups.find(claim_id), []).append(claim_id)
    ranked = sorted(tallies, key=lambda r: (-sum(tallies[r]), r))[:top]
    hubs = {r: min(members[r], key=lambda c: (-degree[c], c)) for r in ranked}
    hub_rows = {
        pk: (text, source)
        for pk, text, source in Claim.objects.filter(pk__in=hubs.values())
        .order_by()
        .values_list("pk", "text", "article__source__name")
    }
    events = []
    for r in ranked:
        text, source = hub_rows.get(hubs[r], ("", ""))
        events.append(Event(hubs[r], text, source, len(members[r]), *tallies[r]))
    return events, len(tallies)


@dataclass
class Dashboard:
    weeks: int
    verdicts: WeeklySeries
    throughput: WeeklySeries
    sources: list[SourceCount]
    source_total: int
    events: list[Event]
    event_total: int
    computed_at: dt.datetime = field(default_factory=timezone.now)


def dashboard_data(
    *, weeks: int = 12, today: dt.date | None = None, cached: bool = True
) -> Dashboard:
    """Every figure on the dashboard; from the cache when ``cached`` and fresh enough."""
    ttl = int(getattr(settings, "DASHBOARD_CACHE_SECONDS", 60))
    today = today or timezone.localdate()
    key = f"claims:dashboard:{weeks}:{today.isoformat()}"
    if cached and ttl > 0:
        hit = cache.get(key)
        if hit is not None:
            return hit
    data = _compute(weeks=weeks, today=today)
    if cached and ttl > 0:
        cache.set(key, data, ttl)
    return data


def _compute(*, weeks: int, today: dt.date) -> Dashboard:
    sources, source_total = claims_per_source()
    events, event_total = open_contradictions_by_event()
    return Dashboard(
        weeks=weeks,
        verdicts=verdicts_by_label(weeks=weeks, today=today),
        throughput=reviewer_throughput(weeks=weeks, today=today),
        sources=sources,
        source_total=source_total,
        events=events,
        event_total=event_total,
    )
