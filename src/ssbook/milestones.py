"""Vehicle milestones over time: the periods their dates stand for, the latest and how many earlier, the latest reached, what is ahead."""

from __future__ import annotations

import pandas as pd

from .facts import ends, starts
from .report import provenance
from .text import when


def periods(events: pd.DataFrame) -> pd.DataFrame:
    """The events, each over the period its source gives (a day, a month or a year: `start`, and `end` the
    day after its last), by date: by start, then end, in the sources' order on a tie."""
    return events.assign(
        start=starts(events["date"]).to_numpy(), end=(ends(events["date"]) + pd.Timedelta(days=1)).to_numpy(),
    ).sort_values(["start", "end"], kind="stable")


def window(dated: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, int]:
    """The `limit` latest of some `periods` rows, each with a `label` for its row on the timeline
    ('January 2026 · testing (FAW)', a repeated label numbered ' #2') and its `row` on it; and how many
    earlier ones are left out."""
    shown = dated.tail(limit)
    labels = pd.Series([f"{when(d)} · {s} ({c})" for d, s, c in zip(shown["date"], shown["stage"], shown["company"])],
                       index=shown.index, dtype=object)
    labels = labels + ["" if i == 0 else f" #{i + 1}" for i in labels.groupby(labels).cumcount()]
    return shown.assign(label=labels, row=range(len(shown))), len(dated) - len(shown)


def ahead(events: pd.DataFrame, edition: str) -> pd.DataFrame:
    """The planned events still ahead of the edition: the last day of the period the source gives (the
    day, the month or the year) is the edition's day or later."""
    return events[(events["timing"] == "planned") & (ends(events["date"]).to_numpy() >= pd.Timestamp(edition))]


def latest_reached(dated: pd.DataFrame):
    """The last milestone reached (timing actual) of some `periods` rows, None when none is."""
    done = dated[dated["timing"] == "actual"]
    return None if done.empty else done.iloc[-1]


def next_planned(dated: pd.DataFrame, edition: str):
    """The first planned milestone still ahead of the edition of some `periods` rows, None when none is."""
    planned = ahead(dated, edition)
    return None if planned.empty else planned.iloc[0]


def upcoming(events: pd.DataFrame, edition: str, limit: int) -> tuple[pd.DataFrame, int]:
    """The vehicles' planned milestones still ahead of the edition by date (then vehicle), one per vehicle,
    date and stage (its latest row): the first `limit`, and how many later ones are left out."""
    planned = ahead(events[events["vehicle_id"] != ""], edition)
    planned = planned.assign(start=starts(planned["date"]).to_numpy()).sort_values(["start", "vehicle_id"])
    planned = planned.drop_duplicates(["vehicle_id", "date", "stage"], keep="last")
    return planned.head(limit), max(len(planned) - limit, 0)


def table(shown: pd.DataFrame) -> pd.DataFrame:
    """The milestones table of some events: date as the source gives it, timing, stage, the milestone,
    its status and its source with publisher and grade."""
    return pd.DataFrame({
        "Date": shown["date"], "Timing": shown["timing"], "Stage": shown["stage"], "Milestone": shown["summary"],
        "Status": shown["status"],
        "Source (grade)": [provenance(*r) for r in zip(shown["source_id"], shown["publisher"], shown["source_grade"])],
    })
