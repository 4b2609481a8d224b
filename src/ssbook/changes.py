"""What changed from one edition to the next, computed from the data of the two editions.

`compare(previous, current)` takes the `Tables` of two editions (`previous` may be None for the
first edition) and returns plain pandas frames: new companies, new projects, projects whose stage
changed, the price direction of each material against its previous reading, new vehicle
milestones, forecasts that are new or revised (same forecaster, metric, scope and year with a
new figure), new disputes and verdicts on vehicle claims, promises that slipped, advanced or were
met, and attributes on which the sources newly differ. Rows are "added in the current edition" when their week is not one of the previous
edition's weeks, so the comparison works for any two editions, not only neighbours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .claims import agree, agreeing_groups, comparable, differs, with_figures
from .data import WEEKLY_TABLES, Tables
from .facts import latest_projects, starts
from .promises import history
from .text import figure, series, when

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
READING_FIGURE = ["value", "low", "high", "unit", "qualifier"]  # a price reading's figure, when it has one
DIRECTION_COLUMNS = ["material", "category", "week", "date", "direction", "source_id", *READING_FIGURE]
PRICE_COLUMNS = ["material", "category", "previous_direction", "previous_date", "previous_source_id",
                 "direction", "date", "source_id", "change", *READING_FIGURE, *(f"previous_{c}" for c in READING_FIGURE)]
FINDING_COLUMNS = ["attributes", "vehicle_id", "finding", "by", "summary", "date", "source_id"]
PROMISE_MOVE_COLUMNS = ["promise_id", "vehicle_id", "milestone", "company", "change", "before", "due", "due_text", "date", "source_id"]
CONFLICT_COLUMNS = ["vehicle_id", "attribute", "first_given", "figures", "before", "source_ids"]
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


def _keys(names: pd.Series) -> pd.Series:
    """Each name in a column as it compares: spaces folded, case folded."""
    return names.astype(str).str.split().str.join(" ").str.casefold()


def previous_tables(tables: Tables) -> Tables | None:
    """The tables of the edition before `tables`' edition, cut from `tables` (the same rows, in the
    same order, as loading that edition), so a page that compares two editions reads the data once."""
    if tables.previous_edition is None:
        return None
    edition = tables.previous_edition
    frames = {}
    for name in WEEKLY_TABLES:
        frame = getattr(tables, name)
        frames[name] = frame[frame["week"] <= edition].reset_index(drop=True) if "week" in frame else frame
    return Tables(edition=edition, weeks=[w for w in tables.weeks if w <= edition], sources=tables.sources,
                  vehicles=tables.vehicles, **frames)


def recent_weeks(weeks: list[str], count: int) -> list[str]:
    """The last `count` editions of `weeks` (all of them when there are fewer)."""
    return list(weeks[-count:]) if count > 0 else []


def added(current: pd.DataFrame, previous_weeks: list[str] | set[str]) -> pd.DataFrame:
    """The rows of `current` recorded in a week that is not one of `previous_weeks`."""
    return current[~current["week"].isin(set(previous_weeks))]


def new_companies(previous_events: pd.DataFrame, previous_projects: pd.DataFrame,
                  events: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Companies (and other named actors) in `events`/`projects` that no earlier row names: one row
    each, with the segment and the first fact that brings it in."""
    known = set(_keys(pd.concat([_col(previous_events, "company"), _col(previous_projects, "company")], ignore_index=True)))
    known.discard("")
    facts = pd.concat([
        pd.DataFrame({"company": _col(events, "company"), "segment": _col(events, "segment"),
                      "what": _col(events, "summary"), "kind": "development", "source_id": _col(events, "source_id")}),
        pd.DataFrame({"company": _col(projects, "company"), "segment": _col(projects, "segment"),
                      "what": _col(projects, "product"), "kind": "project", "source_id": _col(projects, "source_id")}),
    ], ignore_index=True)
    facts = facts[facts["company"] != ""]
    facts = facts.assign(_key=_keys(facts["company"]))
    facts = facts[~facts["_key"].isin(known)].drop_duplicates("_key").drop(columns="_key")
    return facts[COMPANY_COLUMNS].reset_index(drop=True) if not facts.empty else _empty(COMPANY_COLUMNS)


def new_projects(previous_projects: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Projects whose id no earlier row has (their latest row)."""
    fresh = projects[~projects["project_id"].isin(set(previous_projects["project_id"]))]
    if fresh.empty:
        return _empty(PROJECT_COLUMNS)
    fresh = latest_projects(fresh)
    return pd.DataFrame({c: (fresh[c] if c in fresh.columns else _col(fresh, c)) for c in PROJECT_COLUMNS}).reset_index(drop=True)


def stage_changes(previous_projects: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Projects already known whose newest row gives another stage than their last known row."""
    if projects.empty or previous_projects.empty:
        return _empty(STAGE_COLUMNS)
    before = latest_projects(previous_projects)
    before = pd.DataFrame({"project_id": before["project_id"], "previous_stage": before["stage"],
                           "previous_date": _col(before, "date"), "previous_source_id": _col(before, "source_id")})
    now = latest_projects(projects[projects["project_id"].isin(set(before["project_id"]))])
    now = pd.DataFrame({"project_id": now["project_id"], "company": now["company"], "product": _col(now, "product"),
                        "stage": now["stage"], "date": _col(now, "date"), "source_id": _col(now, "source_id")})
    moved = now.merge(before, on="project_id", how="left")
    moved = moved[moved["stage"] != moved["previous_stage"]]
    return moved[STAGE_COLUMNS].reset_index(drop=True) if not moved.empty else _empty(STAGE_COLUMNS)


def directions(prices: pd.DataFrame) -> pd.DataFrame:
    """One price direction per material and week: the direction of the latest-dated reading the week
    records (a figure's direction before a bare direction when both share a date)."""
    rows = prices[_col(prices, "direction") != ""]
    if rows.empty:
        return _empty(DIRECTION_COLUMNS)
    rows = rows.assign(
        _day=starts(rows["date"]).to_numpy(),
        _basis=[BASIS_ORDER.get(b, 9) for b in _col(rows, "basis")],
        category=_col(rows, "category"),
        source_id=_col(rows, "source_id"),
        **{c: _cell(rows, c, float("nan") if c in ("value", "low", "high") else "") for c in READING_FIGURE},
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
    last direction `previous_prices` gives for it, each reading with its figure when it has one
    (value, low, high, unit, qualifier; `previous_…` for the reading compared with)."""
    now = directions(prices)
    if now.empty:
        return _empty(PRICE_COLUMNS)
    now = now.sort_values("week", kind="stable").drop_duplicates("material", keep="last")
    before = directions(previous_prices)
    before = before.sort_values("week", kind="stable").drop_duplicates("material", keep="last")
    before = before[["material", "direction", "date", "source_id", *READING_FIGURE]].rename(columns={
        "direction": "previous_direction", "date": "previous_date", "source_id": "previous_source_id",
        **{c: f"previous_{c}" for c in READING_FIGURE}})
    rows = now.merge(before, on="material", how="left")
    for column in ("previous_direction", "previous_date", "previous_source_id", "previous_unit", "previous_qualifier"):
        rows[column] = rows[column].where(rows[column].notna(), "")
    rows["change"] = [change_kind(b, n) for b, n in zip(rows["previous_direction"], rows["direction"])]
    return rows[PRICE_COLUMNS].reset_index(drop=True)


def vehicle_milestones(previous_events: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Events about a vehicle (those with a vehicle_id) that are new."""
    fresh = events[(_col(events, "vehicle_id") != "") & ~events["event_id"].isin(set(previous_events["event_id"]))]
    if fresh.empty:
        return _empty(MILESTONE_COLUMNS)
    return pd.DataFrame({c: _col(fresh, c) for c in MILESTONE_COLUMNS}).reset_index(drop=True)


def _forecast_keys(frame: pd.DataFrame) -> pd.Series:
    """Each row's forecaster, metric, scope and year as one text key (missing parts as '')."""
    parts = [frame[k].map(lambda v: "" if pd.isna(v) else str(v)) if k in frame.columns else pd.Series("", index=frame.index)
             for k in FORECAST_KEY]
    key = parts[0].astype(str)
    for part in parts[1:]:
        key = key + "\x1f" + part.astype(str)
    return key


def _figure_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The figure of each row (value, value_high, unit, qualifier), empty text and NaN as missing."""
    columns = {}
    for c in FORECAST_FIGURE:
        values = frame[c].astype(object) if c in frame.columns else pd.Series(None, index=frame.index, dtype=object)
        columns[c] = values.where(values.notna() & (values != ""), None)
    return pd.DataFrame(columns, index=frame.index)


def _cell(frame: pd.DataFrame, column: str, default=None) -> pd.Series:
    return frame[column] if column in frame.columns else pd.Series(default, index=frame.index, dtype=object)


def forecasts(previous_forecasts: pd.DataFrame, forecasts_now: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(new, revised): forecasts in `forecasts_now` with a forecaster, metric, scope and year no
    earlier row has; and those whose figure differs from the last earlier row with the same key."""
    if forecasts_now.empty:
        return _empty(FORECAST_COLUMNS), _empty(REVISION_COLUMNS)
    now = forecasts_now.sort_values("week", kind="stable")
    now = now.assign(_key=_forecast_keys(now))
    if previous_forecasts.empty:
        last = pd.DataFrame(columns=["_key"])
    else:
        earlier = previous_forecasts.sort_values("week", kind="stable")
        last = earlier.assign(_key=_forecast_keys(earlier)).drop_duplicates("_key", keep="last").set_index("_key")
    known = now["_key"].isin(set(last.index))

    fresh = now[~known].drop_duplicates("_key", keep="first")
    if fresh.empty:
        new_frame = _empty(FORECAST_COLUMNS)
    else:
        new_frame = pd.DataFrame({c: _cell(fresh, c, "").to_numpy() for c in FORECAST_COLUMNS}, columns=FORECAST_COLUMNS)

    again = now[known]
    if again.empty:
        return new_frame, _empty(REVISION_COLUMNS)
    old = last.loc[again["_key"]]
    old.index = again.index
    ours, theirs = _figure_columns(again), _figure_columns(old)
    same = ((ours == theirs) | (ours.isna() & theirs.isna())).all(axis=1)
    changed, old = again[~same], old[~same]
    if changed.empty:
        return new_frame, _empty(REVISION_COLUMNS)
    revised_frame = pd.DataFrame({
        **{c: _cell(changed, c).to_numpy() for c in FORECAST_KEY},
        "unit": _cell(changed, "unit").to_numpy(),
        "previous_value": _cell(old, "value").to_numpy(), "previous_value_high": _cell(old, "value_high").to_numpy(),
        "previous_qualifier": _cell(old, "qualifier", "").to_numpy(), "previous_source_id": _cell(old, "source_id", "").to_numpy(),
        "value": _cell(changed, "value").to_numpy(), "value_high": _cell(changed, "value_high").to_numpy(),
        "qualifier": _cell(changed, "qualifier", "").to_numpy(), "source_id": _cell(changed, "source_id", "").to_numpy(),
    }, columns=REVISION_COLUMNS)
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
    new_findings: pd.DataFrame = field(default_factory=lambda: _empty(FINDING_COLUMNS))
    promise_moves: pd.DataFrame = field(default_factory=lambda: _empty(PROMISE_MOVE_COLUMNS))
    new_conflicts: pd.DataFrame = field(default_factory=lambda: _empty(CONFLICT_COLUMNS))

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
            "new disputes and verdicts": len(self.new_findings),
            "promises moved or met": len(self.promise_moves),
            "new conflicts": len(self.new_conflicts),
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
        new_findings=new_findings(current.claim_checks, weeks),
        promise_moves=promise_moves(current.promises, weeks),
        new_conflicts=new_conflicts(previous.vehicle_claims, current.vehicle_claims, weeks),
    )


def new_findings(checks_now: pd.DataFrame, previous_weeks: set[str]) -> pd.DataFrame:
    """The disputes and verdicts (claim_checks rows) new since the previous weeks, by date: one row per
    finding of one source on one vehicle, its `attributes` in words ('energy density and charge time')."""
    if checks_now.empty or "week" not in checks_now:
        return _empty(FINDING_COLUMNS)
    fresh = added(checks_now, previous_weeks)
    rows = pd.DataFrame({c: _col(fresh, c) for c in ["attribute", *FINDING_COLUMNS[1:]]}).reset_index(drop=True)
    rows = rows.assign(order=range(len(rows))).sort_values(["date", "order"], kind="stable")
    keys = FINDING_COLUMNS[1:]
    grouped = rows.groupby(keys, sort=False)["attribute"].agg(lambda a: series(dict.fromkeys(a))).reset_index()
    return grouped.rename(columns={"attribute": "attributes"})[FINDING_COLUMNS]


def promise_moves(promises_now: pd.DataFrame, previous_weeks: set[str]) -> pd.DataFrame:
    """The statements of promises new since the previous weeks that slipped, advanced or met a promise
    (`promises.history`), with the date it stood at before (`before`)."""
    if promises_now.empty or "promise_id" not in promises_now:
        return _empty(PROMISE_MOVE_COLUMNS)
    steps = history(promises_now)
    moved = steps[~steps["week"].isin(previous_weeks) & steps["change"].isin(["slipped", "advanced", "met"])]
    return pd.DataFrame({c: _col(moved, c) for c in PROMISE_MOVE_COLUMNS}).reset_index(drop=True)


def new_conflicts(previous_claims: pd.DataFrame, claims_now: pd.DataFrame, previous_weeks: set[str]) -> pd.DataFrame:
    """The conflicts between sources that are new this edition: a vehicle's attribute on which the sources
    differ now (`claims.differs`) and either did not differ before (or were not given: `first_given`), or
    differed and were given a figure this week that no earlier source gave. Each with its new differing
    `figures` and `before`, the figures given before, as (figure as printed, the first source giving it) pairs
    (a figure is one `agreeing_groups` group; a wording that marks no conflict is not a differing figure),
    and `source_ids`, the sources of the new figures ('T22, D20'). Attributes already given come first."""
    if claims_now.empty or "attribute" not in claims_now:
        return _empty(CONFLICT_COLUMNS)
    before, now = with_figures(previous_claims), with_figures(claims_now)
    keys = list(zip(now["vehicle_id"], now["attribute"]))
    touched = {key for key, week in zip(keys, now["week"]) if week not in previous_weeks}
    now = now[[key in touched for key in keys]]  # an attribute with no new claim is as it was: no new conflict
    rows = []
    for (vehicle, attribute), group in now.groupby(["vehicle_id", "attribute"], sort=False):
        if not differs(group):
            continue
        earlier = before[(before["vehicle_id"] == vehicle) & (before["attribute"] == attribute)]
        fresh = ~group["week"].isin(previous_weeks)
        figures, given = [], []
        for rows_of in differing_figures(group):
            old = rows_of[~fresh[rows_of.index]]
            if old.empty:
                figures.append((short(rows_of.iloc[0]["figure"]), rows_of.iloc[0]["source_id"]))
            else:
                given.append((short(old.iloc[0]["figure"]), old.iloc[0]["source_id"]))
        newly = earlier.empty or not differs(earlier)
        if not figures and not newly:
            continue  # a known conflict, only restated this week
        if not figures:  # differing now through qualifiers or words the new rows add
            figures = [(short(r["figure"]), r["source_id"]) for _, r in group[fresh].head(1).iterrows()]
        rows.append({"vehicle_id": vehicle, "attribute": attribute, "first_given": earlier.empty, "figures": figures,
                     "before": given, "source_ids": ", ".join(dict.fromkeys(source for _, source in figures))})
    frame = pd.DataFrame(rows, columns=CONFLICT_COLUMNS)
    return frame.sort_values("first_given", kind="stable").reset_index(drop=True)


def differing_figures(rows: pd.DataFrame) -> list[pd.DataFrame]:
    """The figures of one attribute's claims (`with_figures` rows) that a difference sets against each other,
    each as its rows: the numbers of each `agreeing_groups` group that has another in a unit that converts
    (split by qualifier where the qualifiers of one number exclude each other: 'over 600 km' against 'up to
    370 mi'), 'not disclosed' beside a figure (and, when no number has another to differ from, the first number),
    and wordings the data marks as conflicting."""
    groups = agreeing_groups(rows)
    numbers = rows["value"].notna() & (rows["status"] != "not disclosed")
    units = rows[numbers].groupby(groups[numbers], sort=False)["unit"].first()
    withheld = rows["status"].eq("not disclosed").any() and rows["status"].nunique() > 1
    against = {k for k, unit in units.items() if any(comparable(unit, u) for j, u in units.items() if j != k)}
    if withheld and not against and len(units):
        against = {units.index[0]}  # the first number, against 'not disclosed'
    figures = []
    for key, rows_of in rows.groupby(groups, sort=False):
        head = rows_of.iloc[0]
        if key in units.index:
            if key in against:
                figures.append(rows_of)
            elif rows_of["qualifier"].nunique() > 1 and any(
                    not agree(a, b) for _, a in rows_of.iterrows() for _, b in rows_of.iterrows()):
                figures += [by_qualifier for _, by_qualifier in rows_of.groupby("qualifier", sort=False)]
        elif (head["status"] == "not disclosed" and withheld) or "conflict" in head["value_text"].lower():
            figures.append(rows_of)
    return figures


def short(words: str, limit: int = 60) -> str:
    """A figure or wording as a list shows it: up to its first bracket, colon or semicolon, at most `limit` characters."""
    words = re.split(r" \(|: |; ", words)[0]
    return words if len(words) <= limit else words[:limit - 1].rstrip() + "…"


def reading_figure(row, prefix: str = "") -> str:
    """A price reading's figure as printed (`prefix` 'previous_' for the reading compared with): '127,500 yuan/t',
    '120,000–135,000 yuan/t', 'about 2,000 yuan/kg'; '' for a direction only."""
    value, low, high = row[f"{prefix}value"], row[f"{prefix}low"], row[f"{prefix}high"]
    unit, qualifier = row[f"{prefix}unit"], row[f"{prefix}qualifier"]
    if pd.notna(value):
        return figure(value, unit, qualifier)
    if pd.notna(low) and pd.notna(high):
        return figure(low, unit, qualifier, high)
    return ""


def against_reading(row, cite) -> str:
    """A price direction (a `price_directions` row) said against the reading it is compared with, each with
    its figure when it has one, sources by `cite`: 'first reading in the tracker'; 'down again, as on
    2 January 2026 [S3]'; '**reversed** from up at 152,000 yuan/t on 12 January 2026 [P2]'."""
    if row["change"] == "first reading":
        return "first reading in the tracker"
    before = reading_figure(row, "previous_")
    at = f" at {before}" if before else ""
    if row["change"] == "unchanged":
        return f"{row['direction']} again, as on {when(row['previous_date'])}{at} [{cite(row['previous_source_id'])}]"
    return f"**{row['change']}** from {row['previous_direction']}{at} on {when(row['previous_date'])} [{cite(row['previous_source_id'])}]"


def conflict_words(row, cite, escape=str, limit: int = 3) -> str:
    """A new conflict (a `new_conflicts` row) in words, each figure with its source by `cite` and its words
    through `escape`, at most `limit` new figures: '10 Ah [H3] against 66 Ah [H9] before'; 'first given
    this edition, as 5 min [S0]; 10 min [D4]; under 20 min [D14] and 1 more figure'."""
    def said(pairs):
        return "; ".join(f"{escape(figure)} [{cite(source)}]" for figure, source in pairs[:limit]) + (
            f" and {len(pairs) - limit} more figure{'s' if len(pairs) - limit > 1 else ''}" if len(pairs) > limit else "")
    if row["first_given"] or not row["before"]:
        return ("first given this edition, as " if row["first_given"] else "now differing: ") + said(row["figures"])
    return f"{said(row['figures'])} against {said(row['before'])} before"
