"""ssbook.headlines: what the Home page picks its key figures and headlines from."""

from __future__ import annotations

import math

import pandas as pd

from ssbook import headlines

NAN = math.nan


def projects(values) -> pd.DataFrame:
    return pd.DataFrame({"project_id": [f"p{i}" for i in range(len(values))], "company": [f"Co {i}" for i in range(len(values))],
                         "investment_value": values})


def test_largest_project_is_the_first_of_equals_and_counts_none_as_zero():
    assert headlines.largest_project(projects([NAN, 6e8, 1.12e9, 1.12e9]))["project_id"] == "p2"
    assert headlines.largest_project(projects([NAN, NAN]))["project_id"] == "p0"
    assert "_size" not in headlines.largest_project(projects([1.0])).index
    assert headlines.largest_project(projects([])) is None


PRICE_COLUMNS = ["material", "date", "week", "value", "direction"]


def prices(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=PRICE_COLUMNS)


def test_latest_price_by_date_of_datum_with_partial_dates():
    rows = prices([
        ["lithium sulphide", "2025-12", "2025-12-06", 2000.0, ""],
        ["lithium sulphide", "2025-12-20", "2026-01-02", 1800.0, "down"],
        ["lithium sulphide", "2026", "2026-01-08", NAN, "stable"],  # a direction only, dated by year
        ["lithium sulphide", "2025-11-02", "2026-01-08", 2100.0, ""],  # reported late, dated earlier
        ["cobalt", "2026-01-07", "2026-01-08", 1.0, "up"],
    ])
    price, heading = headlines.latest_price(rows, "lithium sulphide")
    assert price["value"] == 1800.0
    assert heading["direction"] == "stable"  # the latest week's direction
    price, heading = headlines.latest_price(rows.iloc[:1], "lithium sulphide")
    assert price["value"] == 2000.0 and heading is None
    assert headlines.latest_price(rows, "lithium metal") == (None, None)
    assert headlines.latest_price(prices([]), "lithium sulphide") == (None, None)


def events(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["event_id", "company", "vehicle_id"])


def test_ranked_one_per_company_and_story_ties_in_row_order():
    frame = events([
        ["e1", "A Co", ""], ["e2", "B Co", ""], ["e3", "A Co", ""], ["e4", "a co", ""],
        ["e5", "FAW", "hongqi"], ["e6", "Hongqi", "hongqi"], ["e7", "C Co", ""],
    ])
    ranked = headlines.ranked(frame, [1, 5, 9, 2, 7, 8, 5])
    assert list(ranked["event_id"]) == ["e3", "e6", "e2", "e7"]  # e4 is A Co's story in another case; FAW's story is Hongqi's
    assert list(ranked.columns) == ["event_id", "company", "vehicle_id"]
    assert headlines.ranked(events([]), []).empty


def test_period_of_grows_with_the_editions():
    assert headlines.period_of(4, per_edition=26, per_month=156) == "edition"
    assert headlines.period_of(26, per_edition=26, per_month=156) == "edition"
    assert headlines.period_of(27, per_edition=26, per_month=156) == "month"
    assert headlines.period_of(157, per_edition=26, per_month=156) == "quarter"


def test_per_period_counts_developments_by_segment():
    frame = pd.DataFrame({"week": ["2026-01-02", "2026-01-08", "2026-01-08", "2026-02-05", "2026-04-02"],
                          "segment": ["cell", "cell", "anode", "cell", "cell"]})
    editions = headlines.per_period(frame, "edition")
    assert list(editions.columns) == ["edition", "segment", "developments"]
    assert editions.set_index(["edition", "segment"])["developments"].to_dict() == {
        ("2026-01-02", "cell"): 1, ("2026-01-08", "anode"): 1, ("2026-01-08", "cell"): 1,
        ("2026-02-05", "cell"): 1, ("2026-04-02", "cell"): 1}
    months = headlines.per_period(frame, "month")
    assert list(months.columns) == ["period", "start", "segment", "developments"]
    assert months.loc[(months["period"] == "2026-01") & (months["segment"] == "cell"), "developments"].item() == 2
    assert months["start"].min() == pd.Timestamp("2026-01-01")
    quarters = headlines.per_period(frame, "quarter")
    assert set(quarters["period"]) == {"2026 Q1", "2026 Q2"}
    assert quarters.loc[(quarters["period"] == "2026 Q1") & (quarters["segment"] == "cell"), "developments"].item() == 3
    assert headlines.per_period(frame.iloc[:0], "edition").empty


def test_events_table_marks_plans_and_names_the_source():
    frame = pd.DataFrame([
        {"date": "2026", "company": "A Co", "segment": "cell", "stage": "pilot", "timing": "planned", "summary": "s",
         "status": "claimed", "source_id": "S1", "publisher": "SMM", "source_grade": "A"},
        {"date": "2026-01-05", "company": "B Co", "segment": "anode", "stage": "launch", "timing": "actual", "summary": "t",
         "status": "reported", "source_id": "C2", "publisher": "Gasgoo", "source_grade": "C"},
    ])
    table = headlines.events_table(frame)
    assert list(table.columns) == ["Date", "Company", "Segment · stage", "Development", "Status", "Source (grade)"]
    assert list(table["Segment · stage"]) == ["cell · pilot (planned)", "anode · launch"]
    assert list(table["Source (grade)"]) == ["S1 (SMM, A)", "C2 (Gasgoo, C)"]
    assert list(table["Date"]) == ["2026", "2026-01-05"]


def test_by_vehicle_orders_milestones_by_the_start_of_their_period():
    milestones = pd.DataFrame({"vehicle_id": ["v2", "v1", "v1", "v1"], "date": ["2026", "2026-03", "2025-12-31", "2026"],
                               "event_id": ["a", "b", "c", "d"]})
    grouped = headlines.by_vehicle(milestones)
    assert [v for v, _ in grouped] == ["v1", "v2"]
    assert list(grouped[0][1]["event_id"]) == ["c", "d", "b"]
    assert "_day" not in grouped[0][1].columns
    assert headlines.by_vehicle(milestones.iloc[:0]) == []


def test_week_price_is_the_weeks_own_reading_with_its_direction():
    rows = pd.DataFrame([
        {"material": "lithium sulphide", "date": "2025-12-06", "basis": "average", "value": 2050.0, "unit": "yuan/kg", "qualifier": "",
         "direction": "slightly down", "week": "2025-12-06"},
        {"material": "lithium sulphide", "date": "2026-01-02", "basis": "direction", "value": float("nan"), "unit": "", "qualifier": "",
         "direction": "down", "week": "2026-01-02"},
        {"material": "lithium carbonate", "date": "2026-01", "basis": "index", "value": 126005.0, "unit": "yuan/t", "qualifier": "",
         "direction": "up", "week": "2026-01-08"},
        {"material": "lithium carbonate", "date": "2026-01", "basis": "average", "value": 127500.0, "unit": "yuan/t", "qualifier": "",
         "direction": "", "week": "2026-01-08"},
    ])
    price, direction, this_week = headlines.week_price(rows, "2026-01-08")
    assert (price["value"], direction, this_week) == (127500.0, "", True)  # an average first, with its own (no) direction
    price, direction, this_week = headlines.week_price(rows, "2026-01-02")
    assert (price["value"], direction, this_week) == (2050.0, "down", False)  # no price that week: the latest, its latest direction
    price, direction, this_week = headlines.week_price(rows, "2025-12-06")
    assert (price["material"], direction, this_week) == ("lithium sulphide", "slightly down", True)
    assert headlines.week_price(rows.iloc[:0], "2026-01-08") == (None, "", False)


def test_week_move_is_the_weeks_own_movement_when_another_reading_gives_it():
    rows = pd.DataFrame([
        {"material": "lithium sulphide", "date": "2025-11-20", "basis": "direction", "value": float("nan"), "direction": "slightly up",
         "source_id": "S1", "week": "2025-11-20"},
        {"material": "lithium sulphide", "date": "2025-10", "basis": "average", "value": 2000.0, "direction": "down", "source_id": "S6",
         "week": "2025-11-20"},
        {"material": "lithium sulphide", "date": "2025-12-06", "basis": "average", "value": 2050.0, "direction": "slightly down",
         "source_id": "S2", "week": "2025-12-06"},
        {"material": "LATP", "date": "2025-12-06", "basis": "direction", "value": float("nan"), "direction": "up", "source_id": "S2",
         "week": "2025-12-06"},
    ])
    october, december = rows.iloc[1], rows.iloc[2]
    move = headlines.week_move(rows, "2025-11-20", october)
    assert (move["direction"], move["source_id"]) == ("slightly up", "S1")  # October's 'down' is not the week's movement
    assert headlines.week_move(rows, "2025-12-06", december) is None  # the price is the week's movement itself
    assert headlines.week_move(rows, "2025-11-20", october.copy().replace("down", "slightly up")) is None  # the same direction
