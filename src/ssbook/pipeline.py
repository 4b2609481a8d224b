"""The project pipeline by place and stage: located projects, the map's provinces, totals, investments added up, stage moves."""

from __future__ import annotations

import pandas as pd

from . import geo
from .facts import latest_projects, stage_rank
from .report import text, yuan
from .text import capacity_of, first, investment_of, latest, plural

REGION_ORDER = [*geo.REGIONS, "outside China", "not stated"]


def located(projects: pd.DataFrame) -> pd.DataFrame:
    """Each project at its latest row (`facts.latest_projects` of `projects` in week order) with its `region`
    (an NBS region, 'not classified', 'outside China' or 'not stated'), `in_china`, and the `lon`/`lat`
    of its province's label point (NaN outside China)."""
    pipeline = latest_projects(projects.sort_values("week", kind="stable"))
    places = {p: geo.locate(p) for p in pipeline["province"].unique() if p}
    found = [places.get(p) for p in pipeline["province"]]
    return pipeline.assign(
        region=[(f["region"] or "not classified") if f else ("outside China" if p else "not stated")
                for f, p in zip(found, pipeline["province"])],
        in_china=[f is not None for f in found],
        lon=[f["lon"] if f else float("nan") for f in found],
        lat=[f["lat"] if f else float("nan") for f in found],
    )


def invested(frame: pd.DataFrame) -> str:
    """The stated investments added up, 'about' when any of them is approximate; '' when none is stated."""
    stated = frame[frame["investment_value"].notna()]
    if stated.empty:
        return ""
    approximate = (stated["investment_qualifier"] != "").any()
    return ("about " if approximate else "") + yuan(stated["investment_value"].sum())


def summarise(frame: pd.DataFrame, key: str, order: list[str], listed: int) -> pd.DataFrame:
    """Totals by `key` ('stage', 'region') in `order` (values it lacks last): projects, the latest `listed`
    capacities as printed (never added: they measure different things) and the investment stated."""
    rows = []
    for value, group in frame.groupby(key):
        rows.append({
            key.capitalize(): value,
            "Projects": len(group),
            "Capacities stated (as printed)": latest(
                (f"{capacity_of(r)} ({r.company})" for r in group.itertuples() if pd.notna(r.capacity_value)), listed, "; "
            ),
            "Investment stated": invested(group),
            "_rank": order.index(value) if value in order else len(order),
        })
    if not rows:
        return pd.DataFrame(columns=[key.capitalize(), "Projects", "Capacities stated (as printed)", "Investment stated"])
    return pd.DataFrame(rows).sort_values("_rank", kind="stable").drop(columns="_rank")


def per_province(located_in_china: pd.DataFrame, listed: int) -> pd.DataFrame:
    """One row per province of `located` projects in China: its region, label point, projects, the first
    `listed` companies and places, its stages, and a label 'Hubei: 2 projects'."""
    rows = (
        located_in_china.groupby(["province", "region", "lon", "lat"], as_index=False)
        .agg(projects=("project_id", "size"), companies=("company", lambda c: first(sorted(set(c)), listed)),
             places=("place", lambda p: first(sorted({x for x in p if x}), listed, ", ")),
             stages=("stage", lambda s: ", ".join(sorted(set(s)))))
    )
    return rows.assign(label=[f"{r.province}: {plural(r.projects, 'project')}" for r in rows.itertuples()])


def place_of(project) -> str:
    """Where a project is, as the sources name it: 'Taizhou, Jiangsu', 'Jiangsu', ''."""
    return ", ".join(p for p in (project.place, project.province) if p)


def provinces(frame: pd.DataFrame) -> list[str]:
    """The distinct provinces of `frame`, escaped for prose, in alphabetical order."""
    return sorted(text(p) for p in frame["province"].unique())


def moves(history: pd.DataFrame, limit: int) -> tuple[int, list[tuple[str, list[str]]]]:
    """From every report of every project: how many projects were reported at more than one stage, and the `limit` reported most recently:
    (company at its latest report, the stages of its reports in order), in project id order."""
    history = history.sort_values("week", kind="stable")
    stages_seen = history.groupby("project_id")["stage"].nunique()
    moved = history[history["project_id"].isin(stages_seen[stages_seen > 1].index)]
    latest_report = moved.groupby("project_id")["week"].max().sort_values(ascending=False, kind="stable")
    named = moved[moved["project_id"].isin(latest_report.index[:limit])]
    return len(latest_report), [(g["company"].iloc[-1], list(g["stage"])) for _, g in named.groupby("project_id")]


def table_of(projects: pd.DataFrame) -> pd.DataFrame:
    """`located` projects for the pipeline table, from the earliest stage to the latest, then by company:
    Company, Product, Capacity and Investment as printed, Stage, Place (region), Date, source (grade)."""
    shown = projects.assign(
        capacity=[capacity_of(r) for r in projects.itertuples()],
        investment=[investment_of(r) for r in projects.itertuples()],
        where=[place_of(r) + (f" ({r.region})" if r.in_china else "") for r in projects.itertuples()],
        source=projects["date"] + ", " + projects["source_id"] + " (" + projects["source_grade"] + ")",
        rank=stage_rank(projects["stage"]),
    ).sort_values(["rank", "company"])
    shown = shown[["company", "product", "capacity", "investment", "stage", "where", "source"]]
    return shown.rename(columns={"where": "Place (region)", "source": "Date, source (grade)"}).rename(columns=str.capitalize)
