"""ssbook.ladder: developments and projects as one frame of facts, each stage at its latest report, the rows
furthest along, the route lists and their prose, the evidence table; on small hand-made frames."""

from __future__ import annotations

import math

import pandas as pd

from ssbook.ladder import (FACT_COLUMNS, evidence, facts_of, furthest, furthest_rows, latest_reports, ranked, route_lines,
                           route_lists, stage_entry)


def event(company, stage, date, *, segment="electrolyte", route="sulphide", timing="actual", week="2026-01-08", source="S1",
          summary="did it"):
    return {"segment": segment, "route": route, "company": company, "stage": stage, "timing": timing, "summary": summary,
            "date": date, "source_id": source, "week": week}


def project(company, stage, date, *, segment="cathode", route="LFP", capacity=None, unit="", qualifier="", investment=None,
            week="2026-01-08", source="P1"):
    return {"project_id": f"{company}-{stage}", "segment": segment, "route": route, "company": company, "stage": stage,
            "product": "a line", "capacity_value": capacity, "capacity_unit": unit, "capacity_qualifier": qualifier,
            "investment_value": investment, "investment_qualifier": "", "date": date, "source_id": source, "week": week}


def facts(events=(), projects=()):
    return ranked(facts_of(pd.DataFrame(list(events)), pd.DataFrame(list(projects))))


def cite(source_id):
    return f"[{source_id}]"


# --- facts_of, ranked ----------------------------------------------------------------------------------

def test_facts_of_puts_events_then_projects_in_one_frame():
    frame = facts_of(
        pd.DataFrame([event("A", "pilot", "2025", summary="a pilot line")]),
        pd.DataFrame([project("B", "construction", "2025-10", capacity=5200.0, unit="t/yr", qualifier="about",
                              investment=6e8)]),
    )
    assert list(frame.columns) == FACT_COLUMNS
    assert frame[["company", "kind", "what", "timing"]].values.tolist() == [
        ["A", "development", "a pilot line", "actual"], ["B", "project", "a line", "actual"]]
    assert frame[["capacity", "investment"]].values.tolist() == [["", ""], ["about 5,200 t/yr", "600 million yuan"]]
    assert list(frame.index) == [0, 1]


def test_facts_of_keeps_a_planned_event_planned_and_a_project_without_figures_blank():
    frame = facts_of(pd.DataFrame([event("A", "mass production", "2027", timing="planned")]),
                     pd.DataFrame([project("B", "pilot", "2025")]))
    assert list(frame["timing"]) == ["planned", "actual"]
    assert list(frame["capacity"]) == ["", ""] and list(frame["investment"]) == ["", ""]


def test_facts_of_reads_missing_columns_and_empty_frames_as_blank():
    """The frames changes.new_companies is given in its tests lack most columns."""
    frame = facts_of(pd.DataFrame([{"company": "A", "summary": "first"}]), pd.DataFrame([{"company": "B", "product": "plant"}]))
    assert frame[["company", "what", "kind", "segment", "date", "capacity"]].values.tolist() == [
        ["A", "first", "development", "", "", ""], ["B", "plant", "project", "", "", ""]]
    empty = facts_of(pd.DataFrame(), pd.DataFrame())
    assert empty.empty and list(empty.columns) == FACT_COLUMNS


def test_facts_of_reads_nan_text_as_blank():
    frame = facts_of(pd.DataFrame([event("A", "pilot", "2025", route=math.nan)]), pd.DataFrame())
    assert frame.loc[0, "route"] == ""


def test_ranked_adds_the_stage_order_and_the_first_day_of_partial_dates():
    frame = facts([event("A", "pilot", "2025"), event("A", "research", "2025-10"), event("A", "nonsense", "2025-12-06")])
    assert list(frame["rank"]) == [9, 0, 20]  # an unknown stage ranks after every known one
    assert [d.isoformat()[:10] for d in frame["day"]] == ["2025-01-01", "2025-10-01", "2025-12-06"]


# --- latest_reports ------------------------------------------------------------------------------------

def test_latest_reports_keeps_each_stage_once_from_its_latest_report():
    frame = facts([
        event("A", "pilot", "2025-12", source="S2"),
        event("A", "pilot", "2025", source="S1"),  # an older report of the same stage
        event("A", "pilot", "2026-01-02", timing="planned", source="S3"),  # planned: its own dot
        event("A", "pilot", "2025-06", route="oxide", source="S4"),  # another route: its own dot
    ])
    reports = latest_reports(frame)
    assert list(reports["source_id"]) == ["S4", "S2", "S3"]  # by date


def test_latest_reports_breaks_a_tie_in_date_by_week_then_by_row():
    frame = facts([
        event("A", "pilot", "2025-12", week="2026-01-02", source="later week"),
        event("A", "pilot", "2025-12", week="2025-12-06", source="earlier week"),
        event("B", "pilot", "2025-12", source="first row"),
        event("B", "pilot", "2025-12", source="last row"),
    ])
    assert set(latest_reports(frame)["source_id"]) == {"later week", "last row"}


def test_latest_reports_of_no_fact():
    assert latest_reports(facts()).empty


# --- furthest ------------------------------------------------------------------------------------------

def test_furthest_is_the_most_advanced_stage_then_the_latest_in_each_segment_in_the_order_asked():
    frame = facts([
        event("A", "pilot", "2026-01", segment="anode"),
        event("B", "mass production", "2024", segment="anode"),
        event("C", "mass production", "2025", segment="anode"),
        event("D", "lab", "2025", segment="cathode"),
    ])
    top = furthest(frame, ["cathode", "electrolyte", "anode"])
    assert top[["segment", "company"]].values.tolist() == [["cathode", "D"], ["anode", "C"]]  # electrolyte: no fact


def test_furthest_on_a_tie_is_the_first_fact():
    frame = facts([event("A", "pilot", "2025"), event("B", "pilot", "2025")])
    assert list(furthest(frame, ["electrolyte"])["company"]) == ["A"]
    assert furthest(facts(), ["electrolyte"]).empty


# --- furthest_rows -------------------------------------------------------------------------------------

def test_furthest_rows_keeps_the_rows_furthest_along_in_each_segment_and_counts_the_rest():
    frame = latest_reports(facts([
        event("A", "pilot", "2025"), event("A", "lab", "2024"),
        event("B", "mass production", "2024"),
        event("C", "pilot", "2026-01"),
        event("D", "research", "2026-01"),
        event("E", "lab", "2025", segment="anode"),
    ]))
    shown, left_out = furthest_rows(frame, "company", 2)
    assert sorted(set(shown["company"])) == ["B", "C", "E"]  # C's pilot is later than A's
    assert left_out == {"electrolyte": 2}  # A and D; anode leaves none out
    assert len(shown[shown["company"] == "B"]) == 1


def test_furthest_rows_breaks_a_full_tie_by_name_and_keeps_every_report_of_a_row():
    frame = latest_reports(facts([event("Zed", "pilot", "2025"), event("Abe", "pilot", "2025"), event("Abe", "lab", "2024")]))
    shown, left_out = furthest_rows(frame, "company", 1)
    assert sorted(shown["stage"]) == ["lab", "pilot"] and set(shown["company"]) == {"Abe"}
    assert left_out == {"electrolyte": 1}


def test_furthest_rows_with_room_for_all_and_with_none():
    frame = latest_reports(facts([event("A", "pilot", "2025")]))
    shown, left_out = furthest_rows(frame, "company", 8)
    assert len(shown) == 1 and left_out == {}
    shown, left_out = furthest_rows(latest_reports(facts()), "company", 8)
    assert shown.empty and left_out == {}


# --- route_lists ---------------------------------------------------------------------------------------

def test_route_lists_orders_the_routes_named_then_the_others_then_no_route():
    reports = latest_reports(facts([
        event("A", "pilot", "2025", route="oxide"),
        event("B", "pilot", "2025", route="zeta"),
        event("C", "pilot", "2025", route="alpha"),
        event("D", "pilot", "2025", route=""),
    ]))
    lists = route_lists(reports, ["sulphide", "oxide"], 8, 4)
    assert [(r.route, [c for c, _, _ in r.companies]) for r in lists] == [
        ("sulphide", []), ("oxide", ["A"]), ("alpha", ["C"]), ("zeta", ["B"]), ("", ["D"])]


def test_route_lists_leaves_out_no_route_when_every_fact_has_one():
    lists = route_lists(latest_reports(facts([event("A", "pilot", "2025")])), ["sulphide"], 8, 4)
    assert [r.route for r in lists] == ["sulphide"]


def test_route_lists_puts_the_company_furthest_along_first_and_counts_companies_and_stages_left_out():
    reports = latest_reports(facts([
        event("A", "research", "2024"), event("A", "lab", "2024-06"), event("A", "pilot", "2025"),
        event("B", "mass production", "2023"),
        event("C", "lab", "2026-01"),
    ]))
    (sulphide,) = route_lists(reports, ["sulphide"], 2, 2)
    assert [c for c, _, _ in sulphide.companies] == ["B", "A"]
    _, stages, earlier = sulphide.companies[1]
    assert list(stages["stage"]) == ["pilot", "lab"] and earlier == 1  # most advanced first
    assert sulphide.companies[0][2] == 0
    assert sulphide.more == 1  # C


# --- stage_entry, route_lines --------------------------------------------------------------------------

def row(**values):
    base = {"stage": "pilot", "capacity": "", "investment": "", "timing": "actual", "date": "2025-10", "what": "a *line*",
            "source_id": "S1"}
    return pd.DataFrame([{**base, **values}]).iloc[0]


def test_stage_entry_on_a_route_says_figures_and_plans():
    assert stage_entry(row(), cite, "sulphide") == "pilot, October 2025 [[S1]]"
    assert stage_entry(row(capacity="5,200 t/yr", investment="600 million yuan", timing="planned", date="2027"), cite, "LFP") == (
        "pilot (5,200 t/yr, 600 million yuan) planned, 2027 [[S1]]")
    assert stage_entry(row(investment="600 million yuan", date="2025-12-06"), cite, "LFP") == (
        "pilot (600 million yuan), 6 December 2025 [[S1]]")


def test_stage_entry_on_no_route_says_what_the_fact_is_escaped_and_not_whether_planned():
    assert stage_entry(row(timing="planned"), cite, "") == "pilot, October 2025 — a \\*line\\* [[S1]]"


def test_route_lines_writes_each_route_its_companies_and_what_is_left_out():
    reports = latest_reports(facts([
        event("A", "research", "2024"), event("A", "pilot", "2025"),
        event("B_co", "mass production", "2023"),
        event("C", "lab", "2026-01"),
    ]))
    lines = route_lines(route_lists(reports, ["oxide", "sulphide"], 2, 1), {"oxide": "oxide (label)"}, cite).split("\n")
    assert lines == [
        "- *oxide (label)*: no company named in the sources so far.",
        "- *sulphide*: **B\\_co**: mass production, 2023 [[S1]] · **A**: pilot, 2025 [[S1]]; and 1 earlier stage"
        " · and 1 more company, listed in the edition's dataset (download at the end of the page)",
    ]
    assert route_lines([], {}, cite) == ""


# --- evidence ------------------------------------------------------------------------------------------

def test_evidence_is_one_line_per_report_by_segment_route_and_stage():
    reports = latest_reports(facts(
        [event("A", "lab", "2025", segment="anode", route=""), event("B", "lab", "2025"),
         event("B", "pilot", "2027", timing="planned")],
        [project("C", "construction", "2025-10", capacity=5200.0, unit="t/yr")],
    ))
    table = evidence(reports, ["cathode", "electrolyte", "anode"], lambda s: f"{s} (A)")
    assert list(table.columns) == ["Segment · route", "Company", "Stage, date", "Capacity", "Investment", "Source (grade)"]
    assert table.values.tolist() == [
        ["cathode · LFP", "C", "construction, 2025-10", "5,200 t/yr", "", "P1 (A)"],
        ["electrolyte · sulphide", "B", "pilot (planned), 2027", "", "", "S1 (A)"],
        ["electrolyte · sulphide", "B", "lab, 2025", "", "", "S1 (A)"],
        ["anode · route not stated", "A", "lab, 2025", "", "", "S1 (A)"],
    ]
    assert evidence(latest_reports(facts()), ["cathode"], str).empty
