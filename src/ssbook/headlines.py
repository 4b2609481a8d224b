"""What Home picks its key figures and headlines from: the week's largest project, a material's latest price, developments ranked and counted per period."""

from __future__ import annotations

import pandas as pd

from .facts import starts


def largest_project(projects: pd.DataFrame):
    """The project with the largest stated investment (the first of equals; a project with none counts
    as zero), or None when there is no project."""
    if projects.empty:
        return None
    size = projects["investment_value"].fillna(0)
    return projects.assign(_size=size).sort_values("_size", ascending=False, kind="stable").iloc[0].drop("_size")


def latest_price(prices: pd.DataFrame, material: str) -> tuple[pd.Series | None, pd.Series | None]:
    """A material's latest price with a value (by the date of the datum, then week) and its latest
    direction (by week, then date); None for either the data do not hold."""
    rows = prices[prices["material"] == material]
    rows = rows.assign(day=starts(rows["date"]).to_numpy())
    valued = rows[rows["value"].notna()].sort_values(["day", "week"])
    heading = rows[rows["direction"] != ""].sort_values(["week", "day"])
    return (valued.iloc[-1] if not valued.empty else None), (heading.iloc[-1] if not heading.empty else None)


def ranked(events: pd.DataFrame, score) -> pd.DataFrame:
    """`events` by `score` (highest first; equals in row order), one per company and one per story (a
    vehicle, else a company's name in any case)."""
    story = [v or c.casefold() for v, c in zip(events["vehicle_id"], events["company"])]
    ordered = events.assign(_score=list(score), _order=range(len(events)), _story=story)
    ordered = ordered.sort_values(["_score", "_order"], ascending=[False, True])
    return ordered.drop_duplicates("company").drop_duplicates("_story").drop(columns=["_score", "_order", "_story"])


def period_of(editions: int, per_edition: int, per_month: int) -> str:
    """How the editions are counted: one bar per 'edition' up to `per_edition` editions, then per
    'month' up to `per_month`, then per 'quarter'."""
    if editions <= per_edition:
        return "edition"
    return "month" if editions <= per_month else "quarter"


def per_period(events: pd.DataFrame, period: str) -> pd.DataFrame:
    """Developments counted by `period` (`period_of`) and segment: columns `edition` (the week), or
    `period` ('2026-01', '2026 Q1') and `start` (its first day); then `segment` and `developments`."""
    counted = events[["week", "segment"]]
    if period == "edition":
        counted = counted.assign(edition=counted["week"])
        keys = ["edition"]
    else:
        periods = pd.to_datetime(counted["week"]).dt.to_period("M" if period == "month" else "Q")
        counted = counted.assign(period=periods.astype(str).str.replace("Q", " Q"), start=periods.dt.start_time)
        keys = ["period", "start"]
    counts = counted.groupby([*keys, "segment"], as_index=False).size()
    return counts.rename(columns={"size": "developments"})


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    """Developments for a table: Date, Company, Segment · stage ('(planned)' when not yet happened),
    Development, Status, Source (grade) as 'S3 (SMM, A)'."""
    shown = events.assign(
        what=[f"{g} · {s}{' (planned)' if t == 'planned' else ''}" for g, s, t in zip(events["segment"], events["stage"], events["timing"])],
        source=[f"{s} ({p}, {g})" for s, p, g in zip(events["source_id"], events["publisher"], events["source_grade"])],
    )[["date", "company", "what", "summary", "status", "source"]]
    return shown.rename(columns={"date": "Date", "company": "Company", "what": "Segment · stage", "summary": "Development",
                                 "status": "Status", "source": "Source (grade)"})


def by_vehicle(milestones: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Milestones grouped by vehicle (in vehicle id order), each vehicle's in the order of their dates
    (a partial date at the start of its period)."""
    if milestones.empty:
        return []
    ordered = milestones.assign(_day=starts(milestones["date"]).to_numpy()).sort_values(["vehicle_id", "_day"])
    return [(vehicle_id, group.drop(columns="_day")) for vehicle_id, group in ordered.groupby("vehicle_id", sort=False)]


PRICE_BASIS = {"average": 0, "index": 1}  # which of a week's readings with a value Home shows first


def week_price(prices: pd.DataFrame, edition: str, material: str = "lithium sulphide") -> tuple[pd.Series | None, str, bool]:
    """The price Home shows as a key figure: of the edition's own readings with a value, `material`'s if it
    has one, else the first by basis (an average before an index), with the direction that reading
    itself gives ('' when it gives none); with no reading that week, `material`'s latest price and
    latest direction (`latest_price`). And whether the price is the week's."""
    week = prices[(prices["week"] == edition) & prices["value"].notna()]
    if not week.empty:
        ranked = week.assign(_own=(week["material"] != material).astype(int), _basis=week["basis"].map(PRICE_BASIS).fillna(9),
                             _order=range(len(week))).sort_values(["_own", "_basis", "_order"])
        row = ranked.iloc[0].drop(["_own", "_basis", "_order"])
        return row, row["direction"], True
    price, heading = latest_price(prices, material)
    return price, (heading["direction"] if heading is not None else ""), False


def week_move(prices: pd.DataFrame, edition: str, price: pd.Series) -> pd.Series | None:
    """How the key figure's material moved this week as the week's sources describe it (`changes.directions`:
    its latest-dated reading of the week with a direction), when that is another reading than the `price`
    shown and says another direction ('slightly up' this week, where the price is October's 'down'); else None."""
    from .changes import directions

    moves = directions(prices[(prices["week"] == edition) & (prices["material"] == price["material"])])
    if moves.empty:
        return None
    move = moves.iloc[0]
    same = (move["source_id"], move["date"]) == (price["source_id"], price["date"])
    return None if same or move["direction"] == (price["direction"] or "") else move
