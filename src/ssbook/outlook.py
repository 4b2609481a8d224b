"""The forecasts as the Forecasts chapter sets them side by side: chart points, the table by metric, the publication window."""

from __future__ import annotations

import pandas as pd

from .text import figure_of

NOT_PRINTED = "not printed"  # a forecast's `published` when its source prints no date
METRIC_ORDER = ["shipments", "demand", "penetration", "share", "cagr", "market size", "energy density"]
POINT_COLUMNS = ["forecaster", "metric", "scope", "year", "value", "figure", "source_id", "published"]


def dated(forecasts: pd.DataFrame) -> pd.DataFrame:
    """The forecasts with `published`: their source's publication date, or 'not printed'."""
    return forecasts.assign(published=forecasts["source_published"].replace("", NOT_PRINTED))


def published_between(forecasts: pd.DataFrame) -> tuple[str, str]:
    """The earliest and latest printed publication date of `dated` forecasts ('' and '' when none prints one)."""
    printed = forecasts.loc[forecasts["published"] != NOT_PRINTED, "published"]
    return (printed.min(), printed.max()) if not printed.empty else ("", "")


def points(forecasts: pd.DataFrame) -> pd.DataFrame:
    """One point per figure for a chart (a figure several sources give once), with the figure as printed."""
    shown = forecasts.drop_duplicates(["forecaster", "metric", "year", "value"])
    return shown.assign(figure=[figure_of(r) for r in shown.itertuples()])


def table(forecasts: pd.DataFrame) -> pd.DataFrame:
    """Every forecast of `dated` forecasts for the table, by what it measures, then forecaster and year:
    Forecaster, Published, Metric, Scope, Period ('2024–2030' for a growth rate), Figure, Source."""
    rank = {metric: i for i, metric in enumerate(METRIC_ORDER)}
    shown = forecasts.assign(
        figure=[figure_of(r) for r in forecasts.itertuples()],
        period=[f"{r.base_year}–{r.year}" if pd.notna(r.base_year) else str(r.year) for r in forecasts.itertuples()],
        source=forecasts["source_id"] + " (grade " + forecasts["source_grade"] + ")",
        rank=forecasts["metric"].map(rank),
    ).sort_values(["rank", "forecaster", "year"])
    shown = shown[["forecaster", "published", "metric", "scope", "period", "figure", "source"]]
    return shown.rename(columns=str.capitalize)


def described(points: pd.DataFrame) -> str:
    """`points` in words for a chart's description: 'SMM 13.5 GWh shipments in 2028; EVTank about 614.1 GWh …'."""
    return "; ".join(f"{r.forecaster} {r.figure} {r.metric} in {r.year}" for r in points.itertuples())
