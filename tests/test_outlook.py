"""ssbook.outlook: the forecasts as the Forecasts chapter sets them side by side."""

from __future__ import annotations

import math

import pandas as pd

from ssbook import outlook

COLUMNS = ["forecast_id", "forecaster", "metric", "scope", "year", "base_year", "value", "value_high", "unit",
           "qualifier", "source_id", "source_grade", "source_published"]


def frame(rows) -> pd.DataFrame:
    """Forecasts typed as `ssbook.data.load` types them (years as nullable integers)."""
    forecasts = pd.DataFrame(rows, columns=COLUMNS).astype({"year": "Int64", "base_year": "Int64"})
    return outlook.dated(forecasts)


ROWS = [
    ["a", "SMM", "cagr", "ESS demand", 2030, 2024, 27.0, math.nan, "%", "", "S0", "A", "2026-01-08"],
    ["b", "SMM", "shipments", "all-solid-state", 2028, math.nan, 13.5, math.nan, "GWh", "", "S0", "A", "2026-01"],
    ["c", "EVTank", "shipments", "solid-state", 2030, math.nan, 614.1, math.nan, "GWh", "about", "C9", "C", ""],
    ["d", "EVTank", "shipments", "solid-state", 2030, math.nan, 614.1, math.nan, "GWh", "about", "S9", "B", "2025"],
    ["e", "Other", "penetration", "solid-state", 2030, math.nan, 5.0, 10.0, "%", "", "S3", "B", "2025-06-01"],
    ["f", "Other", "new metric", "solid-state", 2029, math.nan, 1.0, math.nan, "", "", "S3", "B", "2025-06-01"],
]


def test_dated_marks_a_missing_publication_date():
    assert list(frame(ROWS)["published"]) == ["2026-01-08", "2026-01", "not printed", "2025", "2025-06-01", "2025-06-01"]


def test_published_between_ignores_not_printed_and_keeps_partial_dates():
    assert outlook.published_between(frame(ROWS)) == ("2025", "2026-01-08")
    assert outlook.published_between(frame([ROWS[2]])) == ("", "")
    assert outlook.published_between(frame([])) == ("", "")


def test_points_are_one_per_figure_with_the_figure_as_printed():
    points = outlook.points(frame(ROWS[1:4]))
    assert list(points["forecast_id"]) == ["b", "c"]  # the same EVTank figure from two sources is one point
    assert list(points["figure"]) == ["13.5 GWh", "about 614.1 GWh"]
    assert outlook.points(frame([ROWS[4]]))["figure"].iloc[0] == "5–10%"
    assert outlook.points(frame([])).empty


def test_table_by_metric_then_forecaster_and_year():
    table = outlook.table(frame(ROWS))
    assert list(table.columns) == ["Forecaster", "Published", "Metric", "Scope", "Period", "Figure", "Source"]
    assert list(table["Metric"]) == ["shipments", "shipments", "shipments", "penetration", "cagr", "new metric"]
    assert list(table["Forecaster"][:3]) == ["EVTank", "EVTank", "SMM"]
    assert table.loc[table["Metric"] == "cagr", "Period"].item() == "2024–2030"
    assert table.loc[table["Metric"] == "penetration", "Period"].item() == "2030"
    assert table.loc[table["Metric"] == "penetration", "Source"].item() == "S3 (grade B)"
    assert outlook.table(frame([])).empty


def test_described_says_each_point():
    assert outlook.described(outlook.points(frame(ROWS[1:3]))) == "SMM 13.5 GWh shipments in 2028; EVTank about 614.1 GWh shipments in 2030"
    assert outlook.described(outlook.points(frame([]))) == ""
