"""ssbook.charts: the chart vocabulary chapters build their specs with."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ssbook import charts


def test_point_labels_show_a_field_beside_each_point():
    points = alt.Chart(pd.DataFrame({"year": [2030], "value": [1.0], "figure": ["1 GWh"]})).mark_point().encode(x="year:O", y="value:Q")
    labels = charts.point_labels(points, "figure:N", shape=alt.value("circle")).to_dict()
    assert labels["mark"] == {"type": "text", "align": "left", "dx": 9, "fontSize": 10, "color": "#333"}
    assert labels["encoding"]["text"] == {"field": "figure", "type": "nominal"}
    assert labels["encoding"]["shape"] == {"value": "circle"}
    assert labels["encoding"]["x"] == {"field": "year", "type": "ordinal"}  # the points' own position
    assert points.to_dict()["mark"] == {"type": "point"}  # the chart itself is left as it was


def test_side_labels_put_each_label_on_its_side():
    dots = alt.Chart(pd.DataFrame({"lon": [100.0, 120.0], "label": ["w", "e"], "east": [False, True]})).mark_circle()
    left, right = charts.side_labels(dots, "label:N", right="east", size=alt.value(11)).to_dict()["layer"]
    assert (left["mark"]["align"], left["mark"]["dx"], left["transform"]) == ("left", 12, [{"filter": "datum.east"}])
    assert (right["mark"]["align"], right["mark"]["dx"], right["transform"]) == ("right", -12, [{"filter": "!datum.east"}])
    assert left["encoding"] == right["encoding"] == {"text": {"field": "label", "type": "nominal"}, "size": {"value": 11}}
    assert left["mark"]["fontWeight"] == "bold"


def test_period_axis_by_edition_month_or_quarter():
    edition = charts.period_axis("edition", 4).to_dict()
    assert edition["field"] == "edition" and edition["type"] == "ordinal" and edition["axis"]["labelAngle"] == 0
    assert charts.period_axis("edition", 7).to_dict()["axis"]["labelAngle"] == -90
    month = charts.period_axis("month", 30).to_dict()
    assert (month["field"], month["timeUnit"], month["axis"]["format"]) == ("start", "yearmonth", "%b %Y")
    assert month["title"] == "Editions of each month (week ending in the month)"
    quarter = charts.period_axis("quarter", 200).to_dict()
    assert (quarter["timeUnit"], quarter["axis"]["format"]) == ("yearquarter", "%Y")
