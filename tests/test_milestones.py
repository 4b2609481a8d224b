"""ssbook.milestones: a vehicle's milestones over time, on small hand-made frames (no book build): partial
dates (YYYY, YYYY-MM), ties, empty frames, what is still ahead of an edition."""

from __future__ import annotations

import pandas as pd

from ssbook.milestones import ahead, latest_reached, next_planned, periods, table, upcoming, window


def event(date, timing="actual", stage="testing", vehicle="v1", company="Co", summary=None, source="S1") -> dict:
    return {"date": date, "timing": timing, "stage": stage, "vehicle_id": vehicle, "company": company,
            "summary": summary or f"{stage} {date}", "status": "claimed", "source_id": source, "publisher": "Pub", "source_grade": "B"}


def events(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(event("2026").keys()))


NONE = events()


def test_periods_span_the_day_month_or_year_the_source_gives_in_date_order():
    dated = periods(events(event("2026"), event("2025-12-06"), event("2026-01"), event("2026-01-01"), event("2026", summary="again")))
    assert list(dated["date"]) == ["2025-12-06", "2026-01-01", "2026-01", "2026", "2026"]  # on one start, the shorter period first
    assert list(dated["start"].dt.strftime("%Y-%m-%d")) == ["2025-12-06", "2026-01-01", "2026-01-01", "2026-01-01", "2026-01-01"]
    assert list(dated["end"].dt.strftime("%Y-%m-%d")) == ["2025-12-07", "2026-01-02", "2026-02-01", "2027-01-01", "2027-01-01"]
    assert list(dated["summary"])[3:] == ["testing 2026", "again"]  # the sources' order on a full tie
    assert periods(NONE).empty


def test_window_the_latest_labelled_and_the_earlier_counted():
    dated = periods(events(event("2025"), event("2026-01", stage="launch"), event("2026-01", stage="launch"), event("2026-02-03")))
    shown, earlier = window(dated, 3)
    assert earlier == 1
    assert list(shown["label"]) == ["January 2026 · launch (Co)", "January 2026 · launch (Co) #2", "3 February 2026 · testing (Co)"]
    assert list(shown["row"]) == [0, 1, 2]
    shown, earlier = window(dated, 9)
    assert len(shown) == 4 and earlier == 0
    shown, earlier = window(dated, 0)
    assert shown.empty and earlier == 4
    shown, earlier = window(periods(NONE), 5)
    assert shown.empty and earlier == 0


def test_ahead_while_the_last_day_of_the_period_is_not_past():
    planned = events(event("2026", "planned"), event("2026-01", "planned"), event("2026-01-08", "planned"),
                     event("2026-01-07", "planned"), event("2025-12", "planned"), event("2027", "actual"))
    assert list(ahead(planned, "2026-01-08")["date"]) == ["2026", "2026-01", "2026-01-08"]
    assert list(ahead(planned, "2026-02-01")["date"]) == ["2026"]
    assert list(ahead(planned, "2026-12-31")["date"]) == ["2026"]
    assert ahead(planned, "2027-01-01").empty and ahead(NONE, "2026-01-08").empty


def test_latest_reached_and_next_planned():
    dated = periods(events(event("2025-11", summary="first"), event("2026", "planned", summary="year"),
                           event("2025-12-20", summary="last"), event("2026-03", "planned", summary="march"),
                           event("2025-12", "planned", summary="past")))
    assert latest_reached(dated)["summary"] == "last"
    assert next_planned(dated, "2026-01-08")["summary"] == "year"  # '2026' starts first
    assert next_planned(dated, "2027-01-01") is None
    assert latest_reached(periods(events(event("2026", "planned")))) is None
    assert latest_reached(periods(NONE)) is None and next_planned(periods(NONE), "2026-01-08") is None


def test_upcoming_by_date_then_vehicle_one_per_vehicle_date_and_stage_with_the_later_counted():
    planned = events(event("2026-03", "planned", vehicle="v2"), event("2026-03", "planned", vehicle="v1"),
                     event("2026", "planned", stage="delivery", summary="first word"), event("2026-02", "planned", vehicle=""),
                     event("2026", "planned", stage="delivery", summary="restated"), event("2026-06", "planned"),
                     event("2025-12", "planned"), event("2026-02", "actual"))
    shown, later = upcoming(planned, "2026-01-08", 3)
    assert list(zip(shown["date"], shown["vehicle_id"], shown["summary"])) == [
        ("2026", "v1", "restated"), ("2026-03", "v1", "testing 2026-03"), ("2026-03", "v2", "testing 2026-03")]
    assert later == 1
    shown, later = upcoming(planned, "2026-01-08", 10)
    assert len(shown) == 4 and later == 0
    shown, later = upcoming(NONE, "2026-01-08", 10)
    assert shown.empty and later == 0


def test_table_columns_and_source_with_publisher_and_grade():
    shown = table(events(event("2026-01", source="S3")))
    assert list(shown.columns) == ["Date", "Timing", "Stage", "Milestone", "Status", "Source (grade)"]
    assert shown.iloc[0].tolist() == ["2026-01", "actual", "testing", "testing 2026-01", "claimed", "S3 (Pub, B)"]
    assert table(NONE).empty
