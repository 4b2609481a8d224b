"""ssbook.charts' vocabulary: the status and timing colours, point and side labels, the editions' axis, the facet header, the nothing-to-show chart, the direction
arrows and the ticks of a logarithmic axis, read back from the Vega-Lite specs they make."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ssbook import charts
from ssbook.charts import (DIRECTION_COLOURS, STATUS_COLOURS, TIMING_COLOURS, colour_scale, direction_arrows, facet_header,
                           nothing_to_show, powers_of_ten)
from ssbook.facts import STATUS_LABEL


def test_every_status_and_timing_has_its_own_colour():
    assert list(STATUS_COLOURS) == list(STATUS_LABEL)
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)
    assert list(TIMING_COLOURS) == ["actual", "planned"] and len(set(TIMING_COLOURS.values())) == 2


def test_colour_scale_gives_each_value_its_colour_in_order():
    assert colour_scale(TIMING_COLOURS).to_dict() == {"domain": ["actual", "planned"], "range": ["#1f4e79", "#c55a11"]}
    scale = colour_scale(DIRECTION_COLOURS).to_dict()
    assert dict(zip(scale["domain"], scale["range"])) == DIRECTION_COLOURS
    assert colour_scale({}).to_dict() == {"domain": [], "range": []}


def test_facet_header_is_a_bold_heading_at_the_left_above_its_rows():
    assert facet_header().to_dict() == {"labelAngle": 0, "labelAlign": "left", "labelAnchor": "start", "labelFontWeight": "bold",
                                        "labelFontSize": 13, "labelOrient": "top"}
    assert facet_header(12).to_dict()["labelFontSize"] == 12


def test_nothing_to_show_is_one_grey_line_of_text():
    spec = nothing_to_show("No price in yuan per tonne up to this edition").to_dict()
    (rows,) = spec["datasets"].values()
    assert rows == [{"note": "No price in yuan per tonne up to this edition"}]
    assert spec["mark"] == {"type": "text", "fontSize": 13, "color": "#555"}
    assert spec["encoding"] == {"text": {"field": "note", "type": "nominal"}}
    assert (spec["width"], spec["height"]) == (360, 40)


def test_direction_arrows_point_up_down_or_level_and_are_hidden_from_screen_readers():
    layer = alt.layer(direction_arrows("edition:O", "material:N", 40), data=pd.DataFrame({"edition": ["w"], "material": ["m"],
                                                                                          "direction": ["up"]}))
    spec = layer.to_dict()["layer"][0]
    assert spec["mark"]["aria"] is False and spec["mark"]["color"] == "white"
    assert spec["encoding"]["size"] == {"value": 40}
    assert spec["encoding"]["shape"]["scale"] == {"domain": ["up", "down", "level"], "range": ["triangle-up", "triangle-down", "circle"]}
    calculate = spec["transform"][0]["calculate"]
    assert "'slightly up'" in calculate and "'slightly down'" in calculate and calculate.endswith("'level'")


def test_powers_of_ten_within_a_decade_of_the_values():
    assert powers_of_ten(pd.Series([50.0, 20000.0])) == [10.0, 100.0, 1000.0, 10000.0, 100000.0]
    assert powers_of_ten(pd.Series([100.0])) == [10.0, 100.0, 1000.0]
    assert powers_of_ten(pd.Series([0.5])) == [1.0]
    assert powers_of_ten(pd.Series([1e12])) == []
    assert powers_of_ten(pd.Series([], dtype=float)) == [10.0 ** k for k in range(10)]


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


def test_label_offsets_stack_the_labels_of_close_points_at_one_x():
    points = pd.DataFrame({"year": [2030, 2030, 2030, 2028, 2028, 2030],
                           "value": [614.1, 614.1, 2800, 13.5, 160, 620]})
    assert charts.label_offsets(points, "year", "value", log=True) == [-14, 0, 0, 0, 0, 14]
    assert charts.label_offsets(points.iloc[[0, 2]], "year", "value", log=True) == [0, 0]
    linear = pd.DataFrame({"year": [1, 1, 1], "value": [10.0, 10.5, 50.0]})
    assert charts.label_offsets(linear, "year", "value") == [-7, 7, 0]


def test_point_labels_apart_one_text_layer_per_offset():
    data = pd.DataFrame({"x": [1, 1], "y": [2, 2], "t": ["a", "b"], "label_dy": [-7, 7]})
    spec = charts.point_labels_apart(alt.Chart(data).encode(x="x:Q", y="y:Q"), "t:N", [-7, 7]).to_dict()
    assert [(layer["mark"]["dy"], layer["transform"][0]["filter"]) for layer in spec["layer"]] == [
        (-7, "datum.label_dy == -7"), (7, "datum.label_dy == 7")]
    assert len(charts.point_labels_apart(alt.Chart(data.iloc[:0]), "t:N", []).to_dict()["layer"]) == 1  # nothing to label
