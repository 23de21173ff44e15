"""claims.charts: pure SVG builders (no database)."""

import xml.etree.ElementTree as ET

import pytest

from claims import charts
from claims.charts import Series

SVG = "{http://www.w3.org/2000/svg}"


def parse(chart: charts.Chart) -> ET.Element:
    return ET.fromstring(chart.svg)  # well-formed XML or this raises


def rect_titles(root: ET.Element) -> list[str]:
    return [r.find(f"{SVG}title").text for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]


@pytest.mark.parametrize(
    ("max_value", "expected"),
    [(0, [0, 1]), (1, [0, 1]), (7, [0, 2, 4, 6, 8]), (10, [0, 2, 4, 6, 8, 10]),
     (93, [0, 20, 40, 60, 80, 100]), (1234, [0, 500, 1000, 1500])],
)
def test_nice_ticks(max_value, expected):
    assert charts.nice_ticks(max_value) == expected


def test_nice_ticks_always_cover_the_maximum():
    for m in [3, 11, 19, 49, 51, 99, 101, 999, 12345]:
        ticks = charts.nice_ticks(m)
        assert ticks[0] == 0 and ticks[-1] >= m and len(ticks) <= 7
        steps = {b - a for a, b in zip(ticks, ticks[1:], strict=False)}
        assert len(steps) == 1


def test_stacked_columns_draws_one_rect_per_nonzero_value_with_its_figure():
    chart = charts.stacked_columns(
        chart_id="c1", title="Verdicts", categories=["w1", "w2", "w3"],
        series=[Series("Supported", (2, 0, 5)), Series("Refuted", (1, 3, 0))],
        x_label="Week", y_label="Verdicts",
    )
    root = parse(chart)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").get("id") == "c1-title"
    assert root.find(f"{SVG}title").text == "Verdicts"
    assert sorted(rect_titles(root)) == sorted([
        "w1 · Supported: 2", "w3 · Supported: 5", "w1 · Refuted: 1", "w2 · Refuted: 3"])
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Week" in texts and "Verdicts" in texts  # axis titles
    assert chart.headers == ["Week", "Supported", "Refuted", "Total"]
    assert chart.rows == [["w1", "2", "1", "3"], ["w2", "0", "3", "3"], ["w3", "5", "0", "5"]]


def test_stacked_bars_are_proportional():
    chart = charts.stacked_columns(
        chart_id="c", title="t", categories=["a", "b"], series=[Series("s", (4, 2))],
        x_label="x", y_label="y",
    )
    heights = [float(r.get("height")) for r in parse(chart).iter(f"{SVG}rect")]
    assert heights[0] == pytest.approx(2 * heights[1], rel=0.01)


def test_text_is_escaped():
    chart = charts.horizontal_bars(
        chart_id="c", title="<b>T</b>", categories=['<script>alert("x")</script>'],
        series=[Series("A & B", (1,))], x_label="n", y_label="s", links=["/x?a=1&b=2"],
    )
    assert "<script>" not in chart.svg and "&lt;script&gt;" in chart.svg
    root = parse(chart)
    link = root.find(f".//{SVG}a")
    assert link.get("href") == "/x?a=1&b=2"
    assert chart.table == [("/x?a=1&b=2", ['<script>alert("x")</script>', "1"])]


def test_horizontal_bars_grouped_and_stacked():
    grouped = charts.horizontal_bars(
        chart_id="g", title="t", categories=["Outlet A", "Outlet B"],
        series=[Series("Claims", (10, 4)), Series("Flags", (3, 0))], x_label="n", y_label="src",
    )
    assert sorted(rect_titles(parse(grouped))) == sorted([
        "Outlet A · Claims: 10", "Outlet B · Claims: 4", "Outlet A · Flags: 3"])
    assert grouped.headers == ["src", "Claims", "Flags"]
    stacked = charts.horizontal_bars(
        chart_id="s", title="t", categories=["e1"], stacked=True,
        series=[Series("Suspected", (2,)), Series("Confirmed", (1,))], x_label="n", y_label="e",
    )
    rects = list(parse(stacked).iter(f"{SVG}rect"))
    bars = [r for r in rects if r.find(f"{SVG}title") is not None]
    # the second segment starts where the first ends
    first, second = bars
    assert float(second.get("x")) == pytest.approx(float(first.get("x")) + float(first.get("width")), abs=0.2)
    assert stacked.rows == [["e1", "2", "1", "3"]]


def test_line_chart_has_a_point_per_value():
    chart = charts.line_chart(
        chart_id="l", title="Throughput", categories=["w1", "w2"],
        series=[Series("ann", (1, 4)), Series("bob", (0, 2))], x_label="Week", y_label="Verdicts",
    )
    root = parse(chart)
    titles = [c.find(f"{SVG}title").text for c in root.iter(f"{SVG}circle")]
    assert titles == ["ann · w1: 1", "ann · w2: 4", "bob · w1: 0", "bob · w2: 2"]
    assert len(list(root.iter(f"{SVG}polyline"))) == 2


def test_empty_data_says_so():
    chart = charts.stacked_columns(
        chart_id="e", title="t", categories=["w1"], series=[Series("s", (0,))],
        x_label="x", y_label="y", empty_message="Nothing recorded",
    )
    root = parse(chart)
    assert any(t.text == "Nothing recorded" for t in root.iter(f"{SVG}text"))
    assert rect_titles(root) == []


@pytest.mark.parametrize(
    "series", [[Series("s", (1, 2))], [Series("s", (-1,))], [Series("s", (float("nan"),))]]
)
def test_bad_series_are_refused(series):
    with pytest.raises(ValueError):
        charts.stacked_columns(chart_id="x", title="t", categories=["a"], series=series,
                               x_label="x", y_label="y")


def test_chart_renders_as_markup_in_templates():
    from django.utils.html import conditional_escape

    chart = charts.line_chart(chart_id="l", title="t", categories=["a"],
                              series=[Series("s", (1,))], x_label="x", y_label="y")
    assert conditional_escape(chart) == chart.svg
    from django.template import Context, Template

    rendered = Template("{{ chart }}|{{ chart.svg }}").render(Context({"chart": chart}))
    assert rendered == f"{chart.svg}|{chart.svg}"
