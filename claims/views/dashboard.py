"""The dashboard page: numbers from ``selectors.dashboard``, drawn by ``charts``."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from claims import charts
from claims.models import Contradiction, Verdict
from claims.permissions import reviewer_required
from claims.selectors.dashboard import Dashboard, dashboard_data

WEEK_CHOICES = (4, 12, 26, 52)
DEFAULT_WEEKS = 12

LABEL_COLORS = {
    Verdict.Label.SUPPORTED: "#009E73",
    Verdict.Label.REFUTED: "#D55E00",
    Verdict.Label.MISLEADING: "#E69F00",
    Verdict.Label.NOT_ENOUGH_EVIDENCE: "#8a93a3",
    Verdict.Label.CONFLICTING: "#CC79A7",
}


def _week_label(day) -> str:
    return f"{day.day} {day:%b}"


def dashboard_charts(data: Dashboard) -> list[charts.Chart]:
    weeks = [_week_label(w) for w in data.verdicts.weeks]
    verdicts = charts.stacked_columns(
        chart_id="chart-verdicts",
        title=f"Verdicts by label, last {data.weeks} weeks",
        categories=weeks,
        series=[
            charts.Series(data.verdicts.names[k], tuple(v), LABEL_COLORS.get(k, ""))
            for k, v in data.verdicts.counts.items()
        ],
        x_label="Week starting",
        y_label="Verdicts recorded",
        empty_message="No verdicts recorded in these weeks",
    )
    sources = charts.horizontal_bars(
        chart_id="chart-sources",
        title="Claims and flags per source"
        + (f" (top {len(data.sources)} of {data.source_total})"
           if data.source_total > len(data.sources) else ""),
        categories=[s.name for s in data.sources],
        series=[
            charts.Series("Claims", tuple(s.claims for s in data.sources), "#0072B2"),
            charts.Series("Flagged claims", tuple(s.flagged_claims for s in data.sources),
                          "#E69F00"),
            charts.Series("Flags", tuple(s.flags for s in data.sources), "#D55E00"),
        ],
        x_label="Count",
        y_label="Source",
        empty_message="No claims yet",
    )
    events = charts.horizontal_bars(
        chart_id="chart-events",
        title="Open contradictions per event"
        + (f" (top {len(data.events)} of {data.event_total})"
           if data.event_total > len(data.events) else ""),
        categories=[f"{e.hub_source}: {e.hub_text}" for e in data.events],
        series=[
            charts.Series(Contradiction.Status.SUSPECTED.label,
                          tuple(e.suspected for e in data.events), "#E69F00"),
            charts.Series(Contradiction.Status.CONFIRMED.label,
                          tuple(e.confirmed for e in data.events), "#D55E00"),
        ],
        x_label="Open contradictions",
        y_label="Event (its most contradicted claim)",
        stacked=True,
        links=[reverse("claims:event", args=[e.hub_id]) for e in data.events],
        label_chars=44,
        empty_message="No open contradictions",
    )
    throughput = charts.line_chart(
        chart_id="chart-throughput",
        title=f"Reviewer throughput, last {data.weeks} weeks",
        categories=weeks,
        series=[charts.Series(data.throughput.names[k], tuple(v))
                for k, v in data.throughput.counts.items()],
        x_label="Week starting",
        y_label="Verdicts per reviewer",
        empty_message="No verdicts recorded in these weeks",
    )
    return [verdicts, sources, events, throughput]


@require_GET
@reviewer_required
def dashboard(request):
    try:
        weeks = int(request.GET.get("weeks", DEFAULT_WEEKS))
    except ValueError:
        weeks = DEFAULT_WEEKS
    if weeks not in WEEK_CHOICES:
        weeks = DEFAULT_WEEKS
    data = dashboard_data(weeks=weeks)
    return render(request, "claims/dashboard.html", {
        "data": data,
        "charts": dashboard_charts(data),
        "week_choices": WEEK_CHOICES,
        "cache_seconds": int(getattr(settings, "DASHBOARD_CACHE_SECONDS", 60)),
    })
