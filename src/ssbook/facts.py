"""The book's shared vocabulary of the facts and the views of them that several chapters take: the
stages in one order, a vehicle figure's statuses, the periods partial dates stand for, each project at
its latest report and each forecast at its latest figure."""

from __future__ import annotations

import pandas as pd

# How far a company or project has come, from the first step to the last. One order for every chapter
# (documented in Data & methods): ideas and paper first, then money and permits, then the first lines,
# then building, then making and selling. A stage the list does not know ranks after all of them.
STAGES = [
    "research", "patent", "lab", "design", "standard", "environmental review", "tender", "financing", "acquisition",
    "pilot", "sampling", "testing", "construction", "commissioning", "trial production", "small-batch production",
    "launch", "mass production", "shipment", "delivery",
]

# A vehicle figure's status, in words for prose and for tables.
STATUS_LABEL = {
    "claimed": "claimed by the company",
    "reported": "reported by a third party",
    "verified": "verified independently",
    "not disclosed": "not disclosed",
}
STATUS_TABLE = {"claimed": "company claim", "reported": "third-party report", "verified": "verified", "not disclosed": "not disclosed"}
KEY_ATTRIBUTES = ["energy density", "pack energy", "range", "charge time", "cycle life"]  # what a reader looks for first


def stage_rank(stages: pd.Series) -> pd.Series:
    """Each stage's place in STAGES (unknown stages last), for sorting."""
    return stages.map({stage: i for i, stage in enumerate(STAGES)}).fillna(len(STAGES)).astype(int)


def starts(dates) -> pd.Series:
    """The first day of each partial ISO date ('2024', '2025-10', '2025-12-06'), vectorised."""
    text = pd.Series(dates, dtype=object).astype(str)
    text = text.where(text.str.len() != 4, text + "-01-01")
    text = text.where(text.str.len() != 7, text + "-01")
    return pd.to_datetime(text, format="%Y-%m-%d")


def ends(dates) -> pd.Series:
    """The last day of the period each partial ISO date stands for: the day, the month's last, the year's last."""
    dates = pd.Series(dates, dtype=object).astype(str)
    start = starts(dates)
    length = dates.str.len().to_numpy()
    end = start.copy()
    end[length == 4] = start[length == 4] + pd.offsets.YearEnd(0)
    end[length == 7] = start[length == 7] + pd.offsets.MonthEnd(0)
    return end


def latest_projects(projects: pd.DataFrame) -> pd.DataFrame:
    """Each project's latest row (by week, then by row order)."""
    ordered = projects.assign(_order=range(len(projects))).sort_values(["week", "_order"], kind="stable")
    return ordered.drop_duplicates("project_id", keep="last").drop(columns="_order")


def latest_forecasts(forecasts: pd.DataFrame, keys=("forecaster", "metric", "scope", "year")) -> pd.DataFrame:
    """Each forecast at its latest figure: the rows of the latest week that gives it (a revision replaces
    the earlier figure; figures given in one week by different sources all stay)."""
    latest_week = forecasts.groupby(list(keys), dropna=False)["week"].transform("max")
    return forecasts[forecasts["week"] == latest_week]
