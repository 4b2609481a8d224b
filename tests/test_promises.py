"""ssbook.promises: a promise's history from hand-made rows (no book build): partial dates and quarters,
restatements that only say it more or less precisely, slips, advances, met, as of an edition."""

from __future__ import annotations

import pandas as pd
import pytest

from ssbook.promises import change, due_period, due_words, history, move_words, moved, spans, standing, step_line, this_week

COLUMNS = ["promise_id", "vehicle_id", "milestone", "company", "state", "due", "due_text", "date", "source_id", "quote", "week"]


def row(due, week="2026-01-08", state="planned", source="S1", date="2026-01", pid="p1", text=""):
    return dict(zip(COLUMNS, [pid, "v1", "delivery", "Co", state, due, text, date, source, "q", week]))


def rows(*given) -> pd.DataFrame:
    return pd.DataFrame(list(given), columns=COLUMNS)


@pytest.mark.parametrize("due, period", [
    ("2027", ("2027-01-01", "2027-12-31")),
    ("2026-02", ("2026-02-01", "2026-02-28")),
    ("2026-03-15", ("2026-03-15", "2026-03-15")),
    ("2026-Q1", ("2026-01-01", "2026-03-31")),
    ("2026-Q4", ("2026-10-01", "2026-12-31")),
    ("late 2027", None), ("2026-Q5", None), ("2026-02-30", None), ("", None),
])
def test_due_period(due, period):
    assert due_period(due) == period


def test_due_words():
    assert [due_words(d) for d in ("2026-Q1", "2027", "2026-03")] == ["Q1 2026", "2027", "March 2026"]


@pytest.mark.parametrize("previous, due, expected", [
    (None, "2026-Q1", "announced"),
    ("2026-Q1", "2026", "restated"),  # less precise, the same promise
    ("2026", "2026-Q1", "restated"),  # more precise
    ("2026-Q1", "2026-03", "restated"),
    ("2026-Q1", "2026-04", "slipped"),
    ("2026-Q1", "2026-Q2", "slipped"),
    ("2027", "2026-12-31", "advanced"),
])
def test_change(previous, due, expected):
    assert change(previous, due) == expected


def test_history_in_the_order_stated_each_against_the_date_given_before():
    steps = history(rows(row("2026-Q2", "2026-01-15", source="S3", date="2026-01-12"), row("2026-Q1", "2026-01-08"),
                         row("2026", "2026-01-08", source="S2"), row("2026-04-20", "2026-05-01", "met", "S4", "2026-04-20"),
                         row("2027", pid="p2")))
    assert list(zip(steps["source_id"], steps["change"])) == [
        ("S1", "announced"), ("S2", "restated"), ("S1", "announced"), ("S3", "slipped"), ("S4", "met")]
    assert list(steps["current"]) == ["2026-Q1", "2026-Q1", "2027", "2026-Q2", "2026-04-20"]  # '2026' keeps Q1
    assert list(steps["before"]) == ["", "2026-Q1", "", "2026-Q1", "2026-Q2"]
    assert history(rows()).empty and "change" in history(rows())


def test_standing_as_of_the_edition():
    steps = history(rows(row("2026-Q1", "2025-12-06", source="S1", date="2025-12"), row("2026-Q2", "2026-01-15", source="S3"),
                         row("2026", "2026-01-15", source="S4"), row("2025-06", "2025-11-20", pid="p2", date="2025-01"),
                         row("2027", pid="p3"), row("2026-02-10", "2026-02-12", "met", "S5", pid="p3")))
    table = standing(steps, "2026-01-15").set_index("promise_id")
    assert table.loc["p1", ["first_due", "first_source", "latest_due", "restatements", "slips", "state", "moved"]].tolist() == [
        "2026-Q1", "S1", "2026-Q2", 1, 1, "pending", "3 months later than first announced"]  # '2026' after Q2 restates it
    assert table.loc["p2", "state"] == "overdue"  # June 2025 has passed with no report that it was met
    assert table.loc["p3", ["state", "latest_due", "advances", "moved"]].tolist() == ["met", "2026-02-10", 0, "22 months earlier than first announced"]
    assert standing(history(rows()), "2026-01-15").empty


def test_moved_by_the_ends_of_the_periods():
    assert moved("2026-Q1", "2026-Q2") == "3 months later than first announced"
    assert moved("2026-03", "2026-04") == "1 month later than first announced"
    assert moved("2027", "2026") == "12 months earlier than first announced"
    assert moved("2026-Q1", "2026") == "as first announced"


def test_step_line_and_this_week():
    steps = history(rows(row("2026-Q1", "2026-01-08"), row("2026-Q2", "2026-01-15", source="S3", date="2026-01-12", text="spring"),
                         row("2026-Q2", "2026-01-15", source="S4", date="2026-01-13")))
    assert [step_line(r) for _, r in steps.iterrows()] == [
        "first announced for Q1 2026 (S1, January 2026)", "slipped for Q2 2026 ('spring') (S3, 12 January 2026)",
        "restated for Q2 2026 (S4, 13 January 2026)"]
    assert list(this_week(steps, "2026-01-15")["source_id"]) == ["S3"]
    assert this_week(steps, "2026-01-22").empty


def test_spans_over_the_period_each_date_gives():
    table = spans(history(rows(row("2026-Q1"), row("2026", source="S2"), row("2026", source="S2", pid="p2"))))
    assert list(table["label"]) == ["delivery · S1", "delivery · S2", "delivery · S2 #2"]
    assert list(table["start"]) == [pd.Timestamp("2026-01-01")] * 3
    assert list(table["end"]) == [pd.Timestamp("2026-04-01"), pd.Timestamp("2027-01-01"), pd.Timestamp("2027-01-01")]
    assert list(table["row"]) == [0, 1, 2]


def test_move_words():
    steps = history(rows(row("2026-Q1"), row("2026-Q2", "2026-01-15", source="S2"), row("2026-05-04", "2026-05-08", "met", "S3"),
                         row("2026-02", "2026-01-08", "met", "S4", pid="p2")))
    assert [move_words(r) for _, r in steps.iloc[1:].iterrows()] == [
        "met on February 2026", "slipped from Q1 2026 to Q2 2026", "met on 4 May 2026 (due Q2 2026)"]
