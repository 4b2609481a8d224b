"""Promised vehicle milestones followed through their restatements: first announced, restated, slipped, advanced, met, as of an edition."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

import pandas as pd

from .text import plural, when

QUARTER = re.compile(r"([0-9]{4})-Q([1-4])")
CHANGE_WORDS = {"announced": "first announced", "restated": "restated", "slipped": "slipped", "advanced": "brought forward", "met": "met"}


def due_period(due: str) -> tuple[str, str] | None:
    """First and last day of a promised date (YYYY, YYYY-MM, YYYY-MM-DD or a quarter YYYY-Qn) as ISO
    strings, which compare as dates; None if `due` is none of these."""
    quarter = QUARTER.fullmatch(due or "")
    if quarter:
        year, last = int(quarter[1]), 3 * int(quarter[2])
        return f"{year:04d}-{last - 2:02d}-01", f"{year:04d}-{last:02d}-{calendar.monthrange(year, last)[1]:02d}"
    if not re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", due or ""):
        return None
    try:
        if len(due) == 4:
            return f"{due}-01-01", f"{due}-12-31"
        if len(due) == 7:
            year, month = int(due[:4]), int(due[5:])
            return f"{due}-01", f"{due}-{calendar.monthrange(year, month)[1]:02d}"
        date.fromisoformat(due)
        return due, due
    except (ValueError, calendar.IllegalMonthError):
        return None


def due_words(due: str) -> str:
    """A promised date in words, as precise as given: 'Q1 2026', 'March 2026', '2027'."""
    quarter = QUARTER.fullmatch(due or "")
    return f"Q{quarter[2]} {quarter[1]}" if quarter else when(due)


def change(previous: str | None, due: str) -> str:
    """How a date given for a promise moves it from the date given before: 'announced' (none before),
    'slipped' (the new period starts after the old one ends), 'advanced' (it ends before the old one
    starts), else 'restated' (the periods overlap: 'Q1 2026' then '2026' is the same promise, more or
    less precisely)."""
    if previous is None:
        return "announced"
    (old_start, old_end), (new_start, new_end) = due_period(previous), due_period(due)
    if new_start > old_end:
        return "slipped"
    if new_end < old_start:
        return "advanced"
    return "restated"


def history(promises: pd.DataFrame) -> pd.DataFrame:
    """Each row of some promises (one or several `promise_id`s), in the order they were stated (by week,
    then statement date, then the sources' order), with `change` ('announced' for a promise's first row,
    'met' for a row saying it was met, else `change` against the date it stood at, `before`, '' for the
    first) and `current`, the
    date the promise stands at after the row: a restatement keeps the more precise of the two ('2026' after
    'Q1 2026' still means Q1 2026, so a later 'Q2 2026' is a slip); a slip or an advance moves it."""
    if promises.empty:
        return promises.assign(change=pd.Series(dtype=object), before=pd.Series(dtype=object), current=pd.Series(dtype=object))
    rows = promises.assign(order=range(len(promises)))
    rows = rows.sort_values(["week", "date", "order"], kind="stable")
    changes, current, befores, standing_at = [], [], [], {}
    for pid, state, due in zip(rows["promise_id"], rows["state"], rows["due"]):
        before = standing_at.get(pid)
        befores.append(before or "")
        changes.append("met" if state == "met" else change(before, due))
        if changes[-1] == "restated" and _length(before) <= _length(due):
            due = before
        standing_at[pid] = due
        current.append(due)
    return rows.assign(change=changes, before=befores, current=current).drop(columns="order")


def _length(due: str) -> timedelta:
    start, end = due_period(due)
    return date.fromisoformat(end) - date.fromisoformat(start)


def standing(promises: pd.DataFrame, edition: str) -> pd.DataFrame:
    """One row per promise (of `history` rows), first announced first: its vehicle, milestone and company,
    `first_due` and who first gave it (`first_source`, `first_date`), `latest_due` (the date it stands at,
    `history`'s `current`, or when it was met), `restatements`, `slips` and `advances` (how many rows did each), `state` as of
    the edition ('met'; 'overdue' when the latest date has passed without a report that it was met;
    'pending') and `moved` (the latest date against the first in words)."""
    columns = ["promise_id", "vehicle_id", "milestone", "company", "first_due", "first_source", "first_date",
               "latest_due", "restatements", "slips", "advances", "state", "moved"]
    rows = []
    for pid, group in promises.groupby("promise_id", sort=False):
        first, last = group.iloc[0], group.iloc[-1]
        met = group[group["change"] == "met"]
        latest = met.iloc[-1]["due"] if not met.empty else last["current"]
        state = "met" if not met.empty else "overdue" if due_period(latest)[1] < edition else "pending"
        rows.append({
            "promise_id": pid, "vehicle_id": first["vehicle_id"], "milestone": first["milestone"], "company": first["company"],
            "first_due": first["due"], "first_source": first["source_id"], "first_date": first["date"], "latest_due": latest,
            "restatements": int((group["change"] == "restated").sum()), "slips": int((group["change"] == "slipped").sum()),
            "advances": int((group["change"] == "advanced").sum()), "state": state, "moved": moved(first["due"], latest),
        })
    return pd.DataFrame(rows, columns=columns)


def moved(first: str, latest: str) -> str:
    """How far the latest date of a promise is from the first, by the ends of their periods: 'as first
    announced' (the periods overlap), '3 months later than first announced', '1 month earlier …'."""
    (first_start, first_end), (latest_start, latest_end) = due_period(first), due_period(latest)
    if latest_start <= first_end and latest_end >= first_start:
        return "as first announced"
    a, b = date.fromisoformat(first_end), date.fromisoformat(latest_end)
    months = abs((b.year - a.year) * 12 + b.month - a.month) or 1
    return f"{plural(months, 'month')} {'later' if b > a else 'earlier'} than first announced"


def step_line(row) -> str:
    """One row of a promise's history in words: 'slipped to Q2 2026 (D20, January 2026)'."""
    verb = CHANGE_WORDS[row["change"]]
    target = f"on {due_words(row['due'])}" if row["change"] == "met" else f"for {due_words(row['due'])}"
    worded = f" ('{row['due_text']}')" if row.get("due_text") else ""
    return f"{verb} {target}{worded} ({row['source_id']}, {when(row['date'])})"


def this_week(promises: pd.DataFrame, edition: str) -> pd.DataFrame:
    """The `history` rows of the edition's own week that moved a promise or said it was met."""
    return promises[(promises["week"] == edition) & promises["change"].isin(["slipped", "advanced", "met"])]


STATE_WORDS = {"met": "met", "pending": "pending", "overdue": "its date has passed with no report that it was met"}


def spans(steps: pd.DataFrame) -> pd.DataFrame:
    """`history` rows with the period each gives as `start` and `end` (the day after its last), a `label`
    for its row on a timeline ('delivery · D5', a repeated label numbered ' #2') and its `row`."""
    periods = [due_period(d) for d in steps["due"]]
    labels = pd.Series([f"{m} · {s}" for m, s in zip(steps["milestone"], steps["source_id"])], index=steps.index, dtype=object)
    labels = labels + ["" if i == 0 else f" #{i + 1}" for i in labels.groupby(labels).cumcount()]
    return steps.assign(
        start=[pd.Timestamp(p[0]) for p in periods], end=[pd.Timestamp(_day_after(p[1])) for p in periods],
        label=labels, row=range(len(steps)),
    )


def move_words(row) -> str:
    """A statement that moved or met a promise (`history` row with `before`): 'slipped from Q1 2026 to Q2 2026',
    'brought forward from 2027 to 2026', 'met on 10 February 2026 (due Q1 2026)'."""
    if row["change"] == "met":
        return f"met on {due_words(row['due'])}" + (f" (due {due_words(row['before'])})" if row["before"] else "")
    return f"{CHANGE_WORDS[row['change']]} from {due_words(row['before'])} to {due_words(row['due'])}"


def _day_after(day: str) -> date:
    """The day after an ISO day (the last day the calendar has stays itself)."""
    d = date.fromisoformat(day)
    return d + timedelta(days=1) if d < date.max else d
