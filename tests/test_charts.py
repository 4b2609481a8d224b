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
