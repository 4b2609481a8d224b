"""The stage ladder: developments and projects as one frame of facts, and how far each company has come on each route."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .facts import stage_rank, starts
from .report import text
from .text import DATASET, capacity_of, investment_of, plural, when

FACT_COLUMNS = ["segment", "route", "company", "stage", "timing", "what", "capacity", "investment", "date", "source_id",
                "kind", "week"]
REPORT_KEY = ["segment", "company", "route", "stage", "timing", "kind"]  # one stage a company reached on a route


def _text(frame: pd.DataFrame, name: str) -> pd.Series:
    """A text column that a small (test) frame may lack: missing or NaN read as ''."""
    if name not in frame.columns:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    return frame[name].astype(object).where(frame[name].notna(), "")


def _printed(frame: pd.DataFrame, value: str, shown) -> list[str]:
    """`shown` of each row ('' for every row when the frame has no `value` column)."""
    return [shown(row) for row in frame.itertuples()] if value in frame.columns else [""] * len(frame)


def facts_of(events: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    """Every development (an event) and every project as one frame, events first, in FACT_COLUMNS: `what` is
    an event's summary or a project's product, `timing` a project's 'actual', `capacity` and `investment` a
    project's figures as printed ('' for events), `kind` 'development' or 'project'. A column a frame lacks
    reads as ''."""
    developments = pd.DataFrame({
        **{c: _text(events, c) for c in ("segment", "route", "company", "stage", "timing")},
        "what": _text(events, "summary"), "capacity": "", "investment": "",
        **{c: _text(events, c) for c in ("date", "source_id")}, "kind": "development", "week": _text(events, "week"),
    }, columns=FACT_COLUMNS)
    built = pd.DataFrame({
        **{c: _text(projects, c) for c in ("segment", "route", "company", "stage")},
        "timing": "actual", "what": _text(projects, "product"),
        "capacity": _printed(projects, "capacity_value", capacity_of),
        "investment": _printed(projects, "investment_value", investment_of),
        **{c: _text(projects, c) for c in ("date", "source_id")}, "kind": "project", "week": _text(projects, "week"),
    }, columns=FACT_COLUMNS)
    return pd.concat([developments, built], ignore_index=True)


def ranked(facts: pd.DataFrame) -> pd.DataFrame:
    """The facts with, for ranking, `rank` (the stage's place in STAGES) and `day` (the first day of the date)."""
    return facts.assign(rank=stage_rank(facts["stage"]).to_numpy(), day=starts(facts["date"]).to_numpy())


def latest_reports(facts: pd.DataFrame) -> pd.DataFrame:
    """Each stage a company reached on a route (by timing and kind of fact) once, from its latest report: the
    latest date, then the latest week, then the last row. The rows come by date, then week. Takes `ranked` facts."""
    return facts.sort_values(["day", "week"], kind="stable").drop_duplicates(REPORT_KEY, keep="last")


def furthest(facts: pd.DataFrame, segments: list[str]) -> pd.DataFrame:
    """The fact furthest along in each of `segments`, in that order (a segment with no fact left out): the most
    advanced stage, then the latest date, then the first of the facts. Takes `ranked` facts."""
    top = facts.sort_values(["rank", "day"], ascending=[False, False]).drop_duplicates("segment").set_index("segment")
    return top.loc[[s for s in segments if s in top.index]].reset_index()


def furthest_rows(reports: pd.DataFrame, row: str, limit: int) -> tuple[pd.DataFrame, dict[str, int]]:
    """The reports of the `limit` rows (the values of column `row`) furthest along in each segment: the most
    advanced stage reached, then the latest date, then by name; and how many rows each segment leaves out (only
    the segments that leave some out, by name)."""
    rows = (
        reports.groupby(["segment", row], as_index=False).agg(top=("rank", "max"), last=("day", "max"))
        .sort_values(["segment", "top", "last", row], ascending=[True, False, False, True])
    )
    rows["place"] = rows.groupby("segment").cumcount()
    shown = reports.merge(rows.loc[rows["place"] < limit, ["segment", row]], on=["segment", row])
    left_out = {segment: int(n) - limit for segment, n in rows.groupby("segment").size().items() if n > limit}
    return shown, left_out


@dataclass
class RouteList:
    """One route's companies, furthest along first: each with its most advanced stages (reports, most
    advanced first) and how many earlier stages are left out; and how many companies are left out."""

    route: str
    companies: list[tuple[str, pd.DataFrame, int]]
    more: int


def route_lists(reports: pd.DataFrame, routes: list[str], companies: int, stages: int) -> list[RouteList]:
    """A list for each route of one segment's `latest_reports`: the `routes` named (in that order, listed even
    with no company), then the other routes in the reports by name, then the facts with no route ('') if any.
    At most `companies` companies a route (the one with the most advanced, then latest, stage first) and
    `stages` stages a company."""
    reports = reports.sort_values(["rank", "day"], ascending=[False, False], kind="stable")
    others = sorted(set(reports["route"]) - set(routes) - {""})
    lists = []
    for route in [*routes, *others, ""]:
        group = reports[reports["route"] == route]
        if group.empty and route not in routes:
            continue
        names = list(dict.fromkeys(group["company"]))
        rows = [group[group["company"] == name] for name in names[:companies]]
        lists.append(RouteList(route, [(n, r.head(stages), max(len(r) - stages, 0)) for n, r in zip(names, rows)],
                               max(len(names) - companies, 0)))
    return lists


def stage_entry(report_row, cite, route: str) -> str:
    """A stage in a route list: '<stage> (<capacity>, <investment>) planned, <date> [<source>]'; on no route
    ('') what the fact is instead of whether it is planned: '<stage>, <date> — <what> [<source>]'."""
    figures = ", ".join(x for x in (report_row.capacity, report_row.investment) if x)
    planned = " planned" if route and report_row.timing == "planned" else ""
    what = f" — {text(report_row.what)}" if not route else ""
    return (f"{report_row.stage}" + (f" ({figures})" if figures else "") + planned
            + f", {when(report_row.date)}{what} [{cite(report_row.source_id)}]")


def route_lines(lists: list[RouteList], labels: dict[str, str], cite) -> str:
    """`route_lists` as a markdown list, a route an item: its label (`labels`, else its name), then each company
    in bold with its stages (`stage_entry`) and how many earlier ones, and how many more companies are in the
    dataset; a route with no company says so. `cite`: a source id as the prose cites it."""
    lines = []
    for listed in lists:
        items = [f"**{text(company)}**: " + "; ".join(stage_entry(r, cite, listed.route) for r in stages.itertuples())
                 + (f"; and {plural(earlier, 'earlier stage')}" if earlier else "") for company, stages, earlier in listed.companies]
        more = f" · and {plural(listed.more, 'more company', 'more companies')}, listed in {DATASET}" if listed.more else ""
        shown = " · ".join(items) + more if items else "no company named in the sources so far."
        lines.append(f"- *{labels.get(listed.route, listed.route)}*: {shown}")
    return "\n".join(lines)


EVIDENCE_HEADERS = {"where": "Segment · route", "company": "Company", "stage": "Stage, date", "capacity": "Capacity",
                    "investment": "Investment", "source": "Source (grade)"}


def evidence(reports: pd.DataFrame, segments: list[str], label) -> pd.DataFrame:
    """The reports as a table, one line each, by segment (in the order of `segments`), route and most advanced
    stage first: segment · route, company, stage (planned or not) with the date of the datum, capacity,
    investment and the source (`label`: a source id as a table shows it). Takes `ranked` reports."""
    rows = reports.assign(
        order=pd.Categorical(reports["segment"], segments, ordered=True),
        where=[f"{s} · {r or 'route not stated'}" for s, r in zip(reports["segment"], reports["route"])],
        stage=[f"{s}{' (planned)' if t == 'planned' else ''}, {d}" for s, t, d in zip(reports["stage"], reports["timing"], reports["date"])],
        source=[label(s) for s in reports["source_id"]],
    ).sort_values(["order", "route", "rank"], ascending=[True, True, False], kind="stable")
    return rows[list(EVIDENCE_HEADERS)].rename(columns=EVIDENCE_HEADERS)
