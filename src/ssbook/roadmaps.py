"""Vehicle energy-density figures against the published roadmaps: the latest targets, where a figure sits on them, the chart's points."""

from __future__ import annotations

import pandas as pd

from . import report
from .facts import latest_forecasts
from .text import figure, latest


def energy_density(forecasts: pd.DataFrame) -> pd.DataFrame:
    """The energy-density roadmaps in Wh/kg: each forecaster's latest figure per scope and year (a revised
    roadmap replaces the earlier one), by forecaster and year, one row per year and target."""
    roadmaps = latest_forecasts(forecasts[(forecasts["metric"] == "energy density") & (forecasts["unit"] == "Wh/kg")])
    return roadmaps.sort_values(["forecaster", "year"]).drop_duplicates(["forecaster", "year", "value", "value_high"])


def target(row) -> str:
    """A roadmap's target as printed: '400 Wh/kg', 'over 500 Wh/kg', '350–400 Wh/kg'."""
    return figure(row["value"], "Wh/kg", row["qualifier"], row["value_high"])


def against(value: float, roadmaps: pd.DataFrame) -> str:
    """Where a figure in Wh/kg sits on each forecaster's roadmap: 'within the 2027 range of X (350–400 Wh/kg);
    beyond the 2026 target of Y (300 Wh/kg) but short of its 2030 target (500 Wh/kg)'; '' with no roadmap."""
    phrases = []
    for forecaster, plan in roadmaps.groupby("forecaster", sort=False):
        low = plan["value"]
        high = plan["value_high"].fillna(plan["value"])
        within = plan[(low <= value) & (value <= high)]
        who = report.text(forecaster)
        if not within.empty:
            row = within.iloc[0]
            if pd.notna(row["value_high"]):
                phrases.append(f"within the {row['year']} range of {who} ({target(row)})")
            else:
                phrases.append(f"the level {who} sets for {row['year']} ({target(row)})")
        elif (low > value).all():
            row = plan.iloc[0]
            phrases.append(f"below the first target of {who} ({target(row)} for {row['year']})")
        else:
            row = plan[high < value].iloc[-1]
            later = plan[low > value]
            phrases.append(
                f"beyond the {row['year']} target of {who} ({target(row)})"
                + (f" but short of its {later.iloc[0]['year']} target ({target(later.iloc[0])})" if not later.empty else "")
            )
    return "; ".join(phrases)


def density_claims(claims: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The claims that give an energy density as a number: those in Wh/kg, and those in other units."""
    numbers = claims[(claims["attribute"] == "energy density") & claims["value"].notna()]
    return numbers[numbers["unit"] == "Wh/kg"], numbers[numbers["unit"] != "Wh/kg"]


def density_points(density: pd.DataFrame, limit: int, sources_listed: int) -> tuple[pd.DataFrame, pd.Series]:
    """The figures of `density` (claims with `name` and `row`), one per vehicle, value and status, with
    their `sources_listed` most recent sources and how many give them (`n`): each vehicle's `limit` most
    recently stated; and how many earlier ones each vehicle has (vehicles with none left out)."""
    points = density.groupby(["vehicle_id", "name", "value", "status"], as_index=False).agg(
        sources=("source_id", lambda ids: latest(dict.fromkeys(ids), sources_listed)), n=("source_id", "size"),
        last=("row", "max"),
    )
    recency = points.groupby("vehicle_id")["last"].rank(ascending=False, method="first")
    earlier = points[recency > limit].groupby("vehicle_id").size()
    return points[recency <= limit].drop(columns="last"), earlier


def chart_points(points: pd.DataFrame, roadmaps: pd.DataFrame) -> pd.DataFrame:
    """The rows of the density chart: each vehicle figure (`density_points`; one row per vehicle and status,
    and per figure where a vehicle has several with one status), then each roadmap target, with its range."""
    several = points.groupby(["vehicle_id", "status"])["value"].transform("size") > 1
    return pd.concat([
        pd.DataFrame({
            "row": [f"{n} · {s}" + (f" · {report.number(v)}" if many else "")
                    for n, s, v, many in zip(points["name"], points["status"], points["value"], several)],
            "group": "vehicle figure", "low": points["value"], "high": points["value"],
            "value": points["value"], "label": [report.number(v) for v in points["value"]],
            "detail": points["sources"], "order": range(len(points)),
        }),
        pd.DataFrame({
            "row": [f"{f} · {y}" for f, y in zip(roadmaps["forecaster"], roadmaps["year"])],
            "group": "roadmap", "low": roadmaps["value"], "high": roadmaps["value_high"].fillna(roadmaps["value"]),
            "value": roadmaps["value"], "label": [target(r).replace(" Wh/kg", "") for _, r in roadmaps.iterrows()],
            "detail": roadmaps["scope"], "order": range(100, 100 + len(roadmaps)),
        }),
    ], ignore_index=True)
