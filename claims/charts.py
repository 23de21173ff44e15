"""Server-rendered SVG charts: plain functions from numbers to markup, no Django.

Each function returns a :class:`Chart`: the ``<svg>`` (a visible title, axis
labels, a ``<title>``/``<desc>`` pair the SVG is labelled by, a ``<title>`` on
every bar or point so hovering or a screen reader gives the exact figure) and
the same numbers as a table (``headers`` / ``rows``) for a fallback the page
shows beside it. All text is XML-escaped here, so the markup is a
:class:`SvgMarkup` and a template can output ``{{ chart }}`` as is.

Why SVG built by hand rather than a JavaScript library: four simple charts, no
interaction beyond tooltips, and pages that work without scripts and print well.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

# Okabe-Ito: distinguishable with the common colour-vision deficiencies
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8a93a3",
           "#000000")

FONT = 12
CHAR_W = 6.6  # average glyph width at FONT px, for laying out labels


class SvgMarkup(str):
    """SVG text whose every label is already escaped. ``__html__`` tells template
    engines (Django's ``conditional_escape``, Jinja, MarkupSafe) to output it as is."""

    def __html__(self) -> str:
        return self


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]
    color: str = ""


@dataclass
class Chart:
    chart_id: str
    title: str
    svg: str
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # per row, for the table's first cell

    def __post_init__(self):
        self.svg = SvgMarkup(self.svg)

    def __html__(self) -> str:
        return self.svg

    @property
    def table(self) -> list[tuple[str, list]]:
        """(link or "", row) pairs for the data-table fallback."""
        links = self.links or [""] * len(self.rows)
        return list(zip(links, self.rows, strict=True))

    def __str__(self) -> SvgMarkup:
        return self.svg


def _x(text: object) -> str:
    return escape(str(text), quote=True)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def nice_ticks(max_value: float, *, count: int = 5, integers: bool = True) -> list[float]:
    """Evenly spaced ticks from 0 to at least ``max_value`` on a 1-2-5 step."""
    if max_value <= 0 or not math.isfinite(max_value):
        return [0, 1]
    raw = max_value / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if integers:
        step = max(1, math.ceil(step))
    steps = math.ceil(max_value / step - 1e-9)
    return [step * i for i in range(steps + 1)]


def _truncate(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(1, chars - 1)].rstrip() + "…"


def _colors(series: Sequence[Series]) -> list[str]:
    return [s.color or PALETTE[i % len(PALETTE)] for i, s in enumerate(series)]


def _check(categories: Sequence[str], series: Sequence[Series]) -> None:
    for s in series:
        if len(s.values) != len(categories):
            raise ValueError(
                f"series {s.name!r} has {len(s.values)} values for {len(categories)} categories"
            )
        if any(v < 0 or not math.isfinite(v) for v in s.values):
            raise ValueError(f"series {s.name!r} has a negative or non-finite value")


def _open(chart_id: str, title: str, desc: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{_x(chart_id)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{_x(chart_id)}-title {_x(chart_id)}-desc" '
        f'font-family="system-ui, sans-serif" font-size="{FONT}">',
        f'<title id="{_x(chart_id)}-title">{_x(title)}</title>',
        f'<desc id="{_x(chart_id)}-desc">{_x(desc)}</desc>',
        f'<text class="chart-title" x="0" y="16" font-size="14" font-weight="600">{_x(title)}</text>',
    ]


def _legend(series: Sequence[Series], colors: list[str], *, y: int, width: int,
            left: int) -> tuple[list[str], int]:
    """Swatches in rows below the title; returns the markup and the height used."""
    if len(series) < 2:
        return [], 0
    out, x, row = ['<g class="legend">'], left, 0
    for s, color in zip(series, colors, strict=True):
        w = 18 + len(s.name) * CHAR_W + 14
        if x + w > width and x > left:
            x, row = left, row + 1
        yy = y + row * 18
        out.append(f'<rect x="{x:.1f}" y="{yy - 9}" width="11" height="11" rx="2" fill="{color}"/>')
        out.append(f'<text x="{x + 16:.1f}" y="{yy + 1}">{_x(s.name)}</text>')
        x += w
    out.append("</g>")
    return out, (row + 1) * 18 + 6


def _empty(out: list[str], x: float, y: float, message: str) -> None:
    out.append(f'<text class="chart-empty" x="{x:.1f}" y="{y:.1f}" text-anchor="middle" '
               f'fill="#5d6678">{_x(message)}</text>')


def _table(category_header: str, categories: Sequence[str], series: Sequence[Series],
           total: bool) -> tuple[list[str], list[list]]:
    headers = [category_header] + [s.name for s in series] + (["Total"] if total else [])
    rows = []
    for i, cat in enumerate(categories):
        values = [s.values[i] for s in series]
        row = [cat] + [_fmt(v) for v in values]
        if total:
            row.append(_fmt(sum(values)))
        rows.append(row)
    return headers, rows


def stacked_columns(
    *,
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    x_label: str,
    y_label: str,
    width: int = 760,
    height: int = 340,
    empty_message: str = "No data yet",
) -> Chart:
    """Vertical bars, one per category, each stacked from the series' values."""
    _check(categories, series)
    colors = _colors(series)
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    left, right, bottom = 64, 12, 52
    out = _open(chart_id, title, f"Stacked bar chart: {y_label} per {x_label}, "
                f"by {', '.join(s.name for s in series) or 'series'}.", width, height)
    legend, legend_h = _legend(series, colors, y=38, width=width - right, left=left)
    out += legend
    top = 30 + legend_h + 10
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = nice_ticks(max(totals, default=0))
    y_max = ticks[-1]

    def y_of(v: float) -> float:
        return top + plot_h - v / y_max * plot_h

    out += _y_axis(ticks, y_of, left, left + plot_w)
    n = len(categories)
    if not n or not any(totals):
        _empty(out, left + plot_w / 2, top + plot_h / 2, empty_message)
    else:
        band = plot_w / n
        bar_w = max(2.0, band * 0.7)
        label_every = max(1, math.ceil(n * 46 / plot_w))
        out.append('<g class="bars">')
        for i, cat in enumerate(categories):
            x = left + i * band + (band - bar_w) / 2
            base = 0.0
            for s, color in zip(series, colors, strict=True):
                v = s.values[i]
                if v:
                    y0, y1 = y_of(base + v), y_of(base)
                    out.append(
                        f'<rect x="{x:.1f}" y="{y0:.1f}" width="{bar_w:.1f}" '
                        f'height="{y1 - y0:.1f}" fill="{color}"><title>{_x(cat)} · '
                        f'{_x(s.name)}: {_fmt(v)}</title></rect>'
                    )
                base += v
            if i % label_every == 0:
                out.append(f'<text x="{left + (i + 0.5) * band:.1f}" y="{top + plot_h + 16:.1f}" '
                           f'text-anchor="middle">{_x(cat)}</text>')
        out.append("</g>")
    out += _axis_titles(x_label, y_label, left, top, plot_w, plot_h, height)
    out.append("</svg>")
    headers, rows = _table(x_label, categories, series, total=len(series) > 1)
    return Chart(chart_id, title, "".join(out), headers, rows)


def horizontal_bars(
    *,
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    x_label: str,
    y_label: str,
    stacked: bool = False,
    links: Sequence[str] | None = None,
    width: int = 760,
    label_chars: int = 34,
    empty_message: str = "No data yet",
) -> Chart:
    """One row per category: grouped bars (one per series) or a stacked bar.

    ``links`` (one URL or "" per category) turn the category labels into links.
    """
    _check(categories, series)
    if links is not None and len(links) != len(categories):
        raise ValueError("links must have one entry per category")
    colors = _colors(series)
    n = len(categories)
    per_row = 1 if stacked else max(1, len(series))
    bar_h = 14
    band = per_row * bar_h + 10
    left = 12 + int(min(label_chars, max((len(c) for c in categories), default=8)) * CHAR_W)
    left = max(left, 90)
    right = 48
    legend, legend_h = _legend(series, colors, y=38, width=width - right, left=left)
    top = 30 + legend_h + 10
    plot_h = max(band * max(n, 1), 40)
    height = int(top + plot_h + 48)
    plot_w = width - left - right
    kind = "Stacked" if stacked else "Grouped"
    out = _open(chart_id, title, f"{kind} horizontal bar chart: {x_label} per {y_label}"
                f"{', by ' + ', '.join(s.name for s in series) if len(series) > 1 else ''}.",
                width, height)
    out += legend
    sizes = ([sum(s.values[i] for s in series) for i in range(n)] if stacked
             else [v for s in series for v in s.values])
    ticks = nice_ticks(max(sizes, default=0))
    x_max = ticks[-1]

    def x_of(v: float) -> float:
        return left + v / x_max * plot_w

    out.append('<g class="grid" stroke="#e2e6ec">')
    for t in ticks:
        out.append(f'<line x1="{x_of(t):.1f}" x2="{x_of(t):.1f}" y1="{top}" y2="{top + plot_h}"/>')
    out.append("</g><g class=\"ticks\" text-anchor=\"middle\" fill=\"#5d6678\">")
    for t in ticks:
        out.append(f'<text x="{x_of(t):.1f}" y="{top + plot_h + 16}">{_fmt(t)}</text>')
    out.append("</g>")
    if not n or not any(sizes):
        _empty(out, left + plot_w / 2, top + plot_h / 2, empty_message)
    else:
        out.append('<g class="bars">')
        for i, cat in enumerate(categories):
            y = top + i * band + 5
            label = f'<text x="{left - 8}" y="{y + per_row * bar_h / 2 + 4:.1f}" text-anchor="end">' \
                    f'<title>{_x(cat)}</title>{_x(_truncate(cat, label_chars))}</text>'
            if links and links[i]:
                label = f'<a href="{_x(links[i])}">{label}</a>'
            out.append(label)
            base = 0.0
            for j, (s, color) in enumerate(zip(series, colors, strict=True)):
                v = s.values[i]
                yy = y if stacked else y + j * bar_h
                x0 = x_of(base) if stacked else x_of(0)
                w = x_of(v) - x_of(0)
                if v:
                    out.append(f'<rect x="{x0:.1f}" y="{yy:.1f}" width="{w:.1f}" '
                               f'height="{bar_h - 2}" fill="{color}"><title>{_x(cat)} · '
                               f'{_x(s.name)}: {_fmt(v)}</title></rect>')
                if not stacked:
                    out.append(f'<text x="{x0 + w + 4:.1f}" y="{yy + bar_h - 4:.1f}" '
                               f'fill="#5d6678" font-size="11">{_fmt(v)}</text>')
                if stacked:
                    base += v
            if stacked:
                out.append(f'<text x="{x_of(base) + 4:.1f}" y="{y + bar_h - 4:.1f}" '
                           f'fill="#5d6678" font-size="11">{_fmt(base)}</text>')
        out.append("</g>")
    out.append(f'<line class="axis" x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" '
               f'stroke="#8a93a3"/>')
    out.append(f'<text class="axis-title" x="{left + plot_w / 2:.1f}" y="{height - 8}" '
               f'text-anchor="middle" fill="#5d6678">{_x(x_label)}</text>')
    out.append(f'<text class="axis-title" x="0" y="{top - 8}" fill="#5d6678">{_x(y_label)}</text>')
    out.append("</svg>")
    headers, rows = _table(y_label, categories, series, total=stacked and len(series) > 1)
    return Chart(chart_id, title, "".join(out), headers, rows, list(links or []))


def line_chart(
    *,
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    x_label: str,
    y_label: str,
    width: int = 760,
    height: int = 340,
    empty_message: str = "No data yet",
) -> Chart:
    """One line per series across the categories (e.g. weeks), a dot per value."""
    _check(categories, series)
    colors = _colors(series)
    left, right, bottom = 64, 12, 52
    out = _open(chart_id, title, f"Line chart: {y_label} per {x_label}, one line each for "
                f"{', '.join(s.name for s in series) or 'no series'}.", width, height)
    legend, legend_h = _legend(series, colors, y=38, width=width - right, left=left)
    out += legend
    top = 30 + legend_h + 10
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = nice_ticks(max((v for s in series for v in s.values), default=0))
    y_max = ticks[-1]

    def y_of(v: float) -> float:
        return top + plot_h - v / y_max * plot_h

    n = len(categories)
    band = plot_w / max(n, 1)

    def x_of(i: int) -> float:
        return left + (i + 0.5) * band

    out += _y_axis(ticks, y_of, left, left + plot_w)
    if not n or not any(v for s in series for v in s.values):
        _empty(out, left + plot_w / 2, top + plot_h / 2, empty_message)
    else:
        label_every = max(1, math.ceil(n * 46 / plot_w))
        out.append('<g class="x-labels" text-anchor="middle">')
        for i, cat in enumerate(categories):
            if i % label_every == 0:
                out.append(f'<text x="{x_of(i):.1f}" y="{top + plot_h + 16:.1f}">{_x(cat)}</text>')
        out.append("</g>")
        for s, color in zip(series, colors, strict=True):
            points = " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in enumerate(s.values))
            out.append(f'<g class="line"><polyline points="{points}" fill="none" stroke="{color}" '
                       f'stroke-width="2"/>')
            for i, v in enumerate(s.values):
                out.append(f'<circle cx="{x_of(i):.1f}" cy="{y_of(v):.1f}" r="3.5" fill="{color}">'
                           f'<title>{_x(s.name)} · {_x(categories[i])}: {_fmt(v)}</title></circle>')
            out.append("</g>")
    out += _axis_titles(x_label, y_label, left, top, plot_w, plot_h, height)
    out.append("</svg>")
    headers, rows = _table(x_label, categories, series, total=False)
    return Chart(chart_id, title, "".join(out), headers, rows)


def _y_axis(ticks: list[float], y_of, x0: float, x1: float) -> list[str]:
    out = ['<g class="grid" stroke="#e2e6ec">']
    out += [f'<line x1="{x0}" x2="{x1:.1f}" y1="{y_of(t):.1f}" y2="{y_of(t):.1f}"/>' for t in ticks]
    out.append('</g><g class="ticks" text-anchor="end" fill="#5d6678">')
    out += [f'<text x="{x0 - 6}" y="{y_of(t) + 4:.1f}">{_fmt(t)}</text>' for t in ticks]
    out.append("</g>")
    return out


def _axis_titles(x_label: str, y_label: str, left: float, top: float, plot_w: float,
                 plot_h: float, height: float) -> list[str]:
    cy = top + plot_h / 2
    return [
        f'<line class="axis" x1="{left}" x2="{left + plot_w:.1f}" y1="{top + plot_h:.1f}" '
        f'y2="{top + plot_h:.1f}" stroke="#8a93a3"/>',
        f'<text class="axis-title" x="{left + plot_w / 2:.1f}" y="{height - 8}" '
        f'text-anchor="middle" fill="#5d6678">{_x(x_label)}</text>',
        f'<text class="axis-title" x="14" y="{cy:.1f}" text-anchor="middle" fill="#5d6678" '
        f'transform="rotate(-90 14 {cy:.1f})">{_x(y_label)}</text>',
    ]
