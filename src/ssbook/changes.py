"""What changed from one edition to the next, computed from the data of the two editions.

`compare(previous, current)` takes the `Tables` of two editions (`previous` may be None for the
first edition) and returns plain pandas frames: new companies, new projects, projects whose stage
changed, the price direction of each material against its previous reading, new vehicle
milestones, and forecasts that are new or revised (same forecaster, metric, scope and year with a
new figure). Rows are "added in the current edition" when their week is not one of the previous
edition's weeks, so the comparison works for any two editions, not only neighbours.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .data import Tables, period

DIRECTION_SCORE = {"up": 2, "slightly up": 1, "stable": 0, "slightly down": -1, "down": -2}
BASIS_ORDER = {"average": 0, "index": 1, "range": 2, "direction": 3}
FORECAST_KEY = ["forecaster", "metric", "scope", "year"]
FORECAST_FIGURE = ["value", "value_high", "unit", "qualifier"]

COMPANY_COLUMNS = ["company", "segment", "what", "kind", "source_id"]
PROJECT_COLUMNS = ["project_id", "company", "product", "segment", "route", "capacity_value", "capacity_unit",
                   "capacity_qualifier", "investment_value", "investment_qualifier", "stage", "place", "province",
                   "date", "source_id"]
STAGE_COLUMNS = ["project_id", "company", "product", "previous_stage", "stage", "previous_date", "date",
                 "previous_source_id", "source_id"]
DIRECTION_COLUMNS = ["material", "category", "week", "date", "direction", "source_id"]
PRICE_COLUMNS = ["material", "category", "previous_direction", "previous_date", "previous_source_id",
                 "direction", "date", "source_id", "change"]
MILESTONE_COLUMNS = ["event_id", "vehicle_id", "date", "timing", "stage", "summary", "status", "source_id"]
REVISION_COLUMNS = [*FORECAST_KEY, "unit", "previous_value", "previous_value_high", "previous_qualifier",
                    "previous_source_id", "value", "value_high", "qualifier", "source_id"]
FORECAST_COLUMNS = [*FORECAST_KEY, "value", "value_high", "unit", "qualifier", "source_id"]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def _col(frame: pd.DataFrame, name: str) -> pd.Series:
    """A text column that may be missing from a small (test) frame: missing or NaN read as ''."""
    if name not in frame.columns:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    return frame[name].astype(object).where(frame[name].notna(), "")


def _key(name: object) -> str:
    return " ".join(str(name).split()).casefold()


def added(current: pd.DataFrame, previous_weeks: list[str] | set[str]) -> pd.DataFrame:
    """The rows of `current` recorded in a week that is not one of `previous_weeks`."""
    return current[~current["week"].isin(set(previous_weeks))]


def new_companies(previous_events: pd.DataFrame, previous_projects: pd.DataFrame,
                  events: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Companies (and other named actors) in `events`/`projects` that no earlier row names: one row
    each, with the segment and the first fact that brings it in."""
    known = {_key(c) for c in (*_col(previous_events, "company"), *_col(previous_projects, "company")) if c}
    facts = pd.concat([
        pd.DataFrame({"company": _col(events, "company"), "segment": _col(events, "segment"),
                      "what": _col(events, "summary"), "kind": "development", "source_id": _col(events, "source_id")}),
        pd.DataFrame({"company": _col(projects, "company"), "segment": _col(projects, "segment"),
                      "what": _col(projects, "product"), "kind": "project", "source_id": _col(projects, "source_id")}),
    ], ignore_index=True)
    facts = facts[facts["company"] != ""]
    facts = facts[~facts["company"].map(_key).isin(known)]
    facts = facts.assign(_key=facts["company"].map(_key)).drop_duplicates("_key").drop(columns="_key")
    return facts[COMPANY_COLUMNS].reset_index(drop=True) if not facts.empty else _empty(COMPANY_COLUMNS)


def _latest_projects(projects: pd.DataFrame) -> pd.DataFrame:
    """Each project's latest row (by week, then by row order)."""
    ordered = projects.assign(_order=range(len(projects))).sort_values(["week", "_order"], kind="stable")
    return ordered.drop_duplicates("project_id", keep="last").drop(columns="_order")


def new_projects(previous_projects: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Projects whose id no earlier row has (their latest row)."""
    fresh = projects[~projects["project_id"].isin(set(previous_projects["project_id"]))]
    if fresh.empty:
        return _empty(PROJECT_COLUMNS)
    fresh = _latest_projects(fresh)
    return pd.DataFrame({c: (fresh[c] if c in fresh.columns else _col(fresh, c)) for c in PROJECT_COLUMNS}).reset_index(drop=True)


def stage_changes(previous_projects: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Projects already known whose newest row gives another stage than their last known row."""
    if projects.empty or previous_projects.empty:
        return _empty(STAGE_COLUMNS)
    before = _latest_projects(previous_projects).set_index("project_id")
    now = _latest_projects(projects[projects["project_id"].isin(before.index)])
    rows = []
    for row in now.itertuples(index=False):
        old = before.loc[row.project_id]
        if row.stage != old["stage"]:
            rows.append({
                "project_id": row.project_id, "company": row.company, "product": getattr(row, "product", ""),
                "previous_stage": old["stage"], "stage": row.stage,
                "previous_date": old.get("date", ""), "date": getattr(row, "date", ""),
                "previous_source_id": old.get("source_id", ""), "source_id": getattr(row, "source_id", ""),
            })
    return pd.DataFrame(rows, columns=STAGE_COLUMNS) if rows else _empty(STAGE_COLUMNS)


def directions(prices: pd.DataFrame) -> pd.DataFrame:
    """One price direction per material and week: the direction of the latest-dated reading the week
    records (a figure's direction before a bare direction when both share a date)."""
    rows = prices[_col(prices, "direction") != ""]
    if rows.empty:
        return _empty(DIRECTION_COLUMNS)
    rows = rows.assign(
        _day=[period(str(text))[0] for text in rows["date"]],
        _basis=[BASIS_ORDER.get(b, 9) for b in _col(rows, "basis")],
        category=_col(rows, "category"),
        source_id=_col(rows, "source_id"),
    )
    rows = rows.sort_values(["material", "week", "_day", "_basis"], ascending=[True, True, False, True], kind="stable")
    latest = rows.drop_duplicates(["material", "week"], keep="first")
    return latest[DIRECTION_COLUMNS].reset_index(drop=True)


def change_kind(before: str, now: str) -> str:
    """'first reading', 'unchanged', 'reversed' (up against down) or 'changed' (e.g. down to slightly down)."""
    if not before:
        return "first reading"
    if before == now:
        return "unchanged"
    old, new = DIRECTION_SCORE.get(before, 0), DIRECTION_SCORE.get(now, 0)
    if old * new < 0:
        return "reversed"
    return "changed"


def price_directions(previous_prices: pd.DataFrame, prices: pd.DataFrame) -> pd.DataFrame:
    """Each material with a direction in `prices` (the new rows): its newest direction against the
    last direction `previous_prices` gives for it."""
    now = directions(prices)
    if now.empty:
        return _empty(PRICE_COLUMNS)
    now = now.sort_values("week", kind="stable").drop_duplicates("material", keep="last")
    before = directions(previous_prices)
    before = before.sort_values("week", kind="stable").drop_duplicates("material", keep="last").set_index("material")
    rows = []
    for row in now.itertuples(index=False):
        old = before.loc[row.material] if row.material in before.index else None
        previous = "" if old is None else old["direction"]
        rows.append({
            "material": row.material, "category": row.category,
            "previous_direction": previous,
            "previous_date": "" if old is None else old["date"],
            "previous_source_id": "" if old is None else old["source_id"],
            "direction": row.direction, "date": row.date, "source_id": row.source_id,
            "change": change_kind(previous, row.direction),
        })
    return pd.DataFrame(rows, columns=PRICE_COLUMNS)


def vehicle_milestones(previous_events: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Events about a vehicle (those with a vehicle_id) that are new."""
    fresh = events[(_col(events, "vehicle_id") != "") & ~events["event_id"].isin(set(previous_events["event_id"]))]
    if fresh.empty:
        return _empty(MILESTONE_COLUMNS)
    return pd.DataFrame({c: _col(fresh, c) for c in MILESTONE_COLUMNS}).reset_index(drop=True)


def _figure(row) -> tuple:
    def clean(value):
        return None if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "" else value
    return tuple(clean(row.get(c)) for c in FORECAST_FIGURE)


def forecasts(previous_forecasts: pd.DataFrame, forecasts_now: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(new, revised): forecasts in `forecasts_now` with a forecaster, metric, scope and year no
    earlier row has; and those whose figure differs from the last earlier row with the same key."""
    if forecasts_now.empty:
        return _empty(FORECAST_COLUMNS), _empty(REVISION_COLUMNS)
    def key(row) -> tuple:
        return tuple("" if pd.isna(row.get(k)) else str(row.get(k)) for k in FORECAST_KEY)
    last = {}
    for _, row in previous_forecasts.sort_values("week", kind="stable").iterrows() if not previous_forecasts.empty else []:
        last[key(row)] = row
    new, revised = [], []
    for _, row in forecasts_now.sort_values("week", kind="stable").iterrows():
        k = key(row)
        if k not in last:
            if k not in {key(n) for n in new}:
                new.append(row)
            continue
        old = last[k]
        if _figure(row) != _figure(old):
            revised.append({
                **{c: row.get(c) for c in FORECAST_KEY}, "unit": row.get("unit"),
                "previous_value": old.get("value"), "previous_value_high": old.get("value_high"),
                "previous_qualifier": old.get("qualifier", ""), "previous_source_id": old.get("source_id", ""),
                "value": row.get("value"), "value_high": row.get("value_high"),
                "qualifier": row.get("qualifier", ""), "source_id": row.get("source_id", ""),
            })
    new_frame = pd.DataFrame([{c: r.get(c, "") for c in FORECAST_COLUMNS} for r in new], columns=FORECAST_COLUMNS) if new else _empty(FORECAST_COLUMNS)
    revised_frame = pd.DataFrame(revised, columns=REVISION_COLUMNS) if revised else _empty(REVISION_COLUMNS)
    return new_frame, revised_frame


@dataclass
class Changes:
    """What the current edition adds to the previous one. `previous` is None for the first edition."""

    previous: str | None
    current: str
    new_companies: pd.DataFrame = field(default_factory=lambda: _empty(COMPANY_COLUMNS))
    new_projects: pd.DataFrame = field(default_factory=lambda: _empty(PROJECT_COLUMNS))
    stage_changes: pd.DataFrame = field(default_factory=lambda: _empty(STAGE_COLUMNS))
    price_directions: pd.DataFrame = field(default_factory=lambda: _empty(PRICE_COLUMNS))
    vehicle_milestones: pd.DataFrame = field(default_factory=lambda: _empty(MILESTONE_COLUMNS))
    new_forecasts: pd.DataFrame = field(default_factory=lambda: _empty(FORECAST_COLUMNS))
    revised_forecasts: pd.DataFrame = field(default_factory=lambda: _empty(REVISION_COLUMNS))

    @property
    def first_edition(self) -> bool:
        return self.previous is None

    @property
    def direction_changes(self) -> pd.DataFrame:
        """The materials whose price direction changed or reversed."""
        return self.price_directions[self.price_directions["change"].isin(["changed", "reversed"])]

    def counts(self) -> dict[str, int]:
        return {
            "new companies": len(self.new_companies),
            "new projects": len(self.new_projects),
            "stage changes": len(self.stage_changes),
            "price direction changes": len(self.direction_changes),
            "new vehicle milestones": len(self.vehicle_milestones),
            "new forecasts": len(self.new_forecasts),
            "revised forecasts": len(self.revised_forecasts),
        }


def compare(previous: Tables | None, current: Tables) -> Changes:
    """What `current` adds to `previous` (None: the first edition, nothing to compare with)."""
    if previous is None:
        return Changes(previous=None, current=current.edition)
    weeks = set(previous.weeks)
    events = added(current.events, weeks)
    projects = added(current.projects, weeks)
    new_forecasts, revised_forecasts = forecasts(previous.forecasts, added(current.forecasts, weeks))
    return Changes(
        previous=previous.edition,
        current=current.edition,
        new_companies=new_companies(previous.events, previous.projects, events, projects),
        new_projects=new_projects(previous.projects, projects),
        stage_changes=stage_changes(previous.projects, projects),
        price_directions=price_directions(previous.prices, added(current.prices, weeks)),
        vehicle_milestones=vehicle_milestones(previous.events, events),
        new_forecasts=new_forecasts,
        revised_forecasts=revised_forecasts,
    )
