"""ssbook.pipeline: the project pipeline by place and stage, on small hand-made frames."""

from __future__ import annotations

import math

import pandas as pd

from ssbook import pipeline
from ssbook.facts import STAGES

COLUMNS = ["project_id", "week", "company", "product", "capacity_value", "capacity_unit", "capacity_qualifier",
           "investment_value", "investment_qualifier", "stage", "place", "province", "date", "source_id", "source_grade"]


def projects(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


NAN = math.nan
ROWS = [
    ["p1", "2026-01-08", "A Co", "cells", 2.0, "GWh/yr", "", 1.12e9, "", "construction", "Wuxi", "Jiangsu", "2026-01", "S1", "A"],
    ["p2", "2025-12-06", "B Co", "electrolyte", 5200, "t/yr", "", 6e8, "about", "pilot", "", "Hubei", "2025", "S2", "B"],
    ["p1", "2025-11-20", "A Co", "cells", NAN, "", "", NAN, "", "design", "Wuxi", "Jiangsu", "2025-11-02", "S0", "A"],
    ["p3", "2026-01-08", "C Co", "anode", 10000, "t", "level", NAN, "", "pilot", "Seoul", "South Korea", "2026-01-05", "S3", "C"],
    ["p4", "2026-01-08", "D Co", "park", NAN, "", "", NAN, "", "financing", "", "", "2026-01-06", "S3", "C"],
    ["p5", "2026-01-08", "E Co", "cells", NAN, "", "", NAN, "", "pilot", "Taipei", "Taiwan", "2026-01-06", "S3", "C"],
]


def test_located_keeps_each_projects_latest_report_with_its_region():
    found = pipeline.located(projects(ROWS)).set_index("project_id")
    assert sorted(found.index) == ["p1", "p2", "p3", "p4", "p5"]
    assert found.loc["p1", "stage"] == "construction"  # the latest week, though listed first
    assert found.loc["p1", "region"] == "Eastern" and found.loc["p2", "region"] == "Central"
    assert found.loc["p3", "region"] == "outside China" and not found.loc["p3", "in_china"]
    assert found.loc["p4", "region"] == "not stated" and math.isnan(found.loc["p4", "lon"])
    assert found.loc["p5", "region"] == "not classified" and found.loc["p5", "in_china"]
    assert found.loc["p1", "lon"] > 115


def test_located_of_no_project():
    assert pipeline.located(projects([])).empty


def test_invested_adds_up_and_says_about_when_any_is_approximate():
    assert pipeline.invested(projects(ROWS[:1])) == "1.12 billion yuan"
    assert pipeline.invested(projects(ROWS[:2])) == "about 1.72 billion yuan"
    assert pipeline.invested(projects(ROWS[2:3])) == ""
    assert pipeline.invested(projects([])) == ""


def test_summarise_in_the_given_order_with_unknown_values_last_and_ties_alphabetical():
    located = pipeline.located(projects(ROWS))
    by_stage = pipeline.summarise(located, "stage", STAGES, listed=1)
    assert list(by_stage["Stage"]) == ["financing", "pilot", "construction"]
    pilot = by_stage.set_index("Stage").loc["pilot"]
    assert pilot["Projects"] == 3
    assert pilot["Capacities stated (as printed)"] == "10,000 t-level (C Co) and 1 earlier"
    assert pilot["Investment stated"] == "about 600 million yuan"
    by_region = pipeline.summarise(located, "region", ["Central", "Eastern"], listed=8)
    assert list(by_region["Region"]) == ["Central", "Eastern", "not classified", "not stated", "outside China"]


def test_summarise_of_no_project_is_an_empty_table_with_its_columns():
    empty = pipeline.summarise(pipeline.located(projects([])), "stage", STAGES, listed=8)
    assert empty.empty and list(empty.columns) == ["Stage", "Projects", "Capacities stated (as printed)", "Investment stated"]


def test_per_province_lists_companies_and_places_in_china_only():
    located = pipeline.located(projects(ROWS + [
        ["p6", "2026-01-08", "F Co", "cells", NAN, "", "", NAN, "", "launch", "Nanjing", "Jiangsu", "2026", "S1", "A"],
    ]))
    rows = pipeline.per_province(located[located["in_china"] & (located["region"] != "not classified")], listed=1).set_index("province")
    assert list(rows.index) == ["Hubei", "Jiangsu"]
    assert rows.loc["Jiangsu", "projects"] == 2
    assert rows.loc["Jiangsu", "companies"] == "A Co; and 1 more"
    assert rows.loc["Jiangsu", "places"] == "Nanjing, and 1 more"
    assert rows.loc["Jiangsu", "stages"] == "construction, launch"
    assert rows.loc["Hubei", "places"] == "" and rows.loc["Hubei", "label"] == "Hubei: 1 project"


def test_place_and_provinces():
    located = pipeline.located(projects(ROWS)).set_index("project_id")
    assert pipeline.place_of(located.loc["p1"]) == "Wuxi, Jiangsu"
    assert pipeline.place_of(located.loc["p2"]) == "Hubei"
    assert pipeline.place_of(located.loc["p4"]) == ""
    assert pipeline.provinces(projects(ROWS[:3] + [[*ROWS[0][:11], "Jiang_su", *ROWS[0][12:]]])) == ["Hubei", "Jiang\\_su", "Jiangsu"]


def test_moves_counts_every_moved_project_and_names_the_latest():
    history = projects(ROWS + [
        ["p2", "2026-01-02", "B Co Ltd", "electrolyte", NAN, "", "", NAN, "", "construction", "", "Hubei", "2026-01", "S2", "B"],
    ])
    moved, named = pipeline.moves(history, limit=1)
    assert moved == 2
    assert named == [("A Co", ["design", "construction"])]  # p1 reported in the latest week
    moved, named = pipeline.moves(history, limit=5)
    assert named == [("A Co", ["design", "construction"]), ("B Co Ltd", ["pilot", "construction"])]
    assert pipeline.moves(projects(ROWS[:2]), limit=5) == (0, [])
    assert pipeline.moves(projects([]), limit=5) == (0, [])


def test_table_of_sorts_by_stage_then_company():
    table = pipeline.table_of(pipeline.located(projects(ROWS)))
    assert list(table.columns) == ["Company", "Product", "Capacity", "Investment", "Stage", "Place (region)", "Date, source (grade)"]
    assert list(table["Company"]) == ["D Co", "B Co", "C Co", "E Co", "A Co"]
    first = table.set_index("Company").loc["A Co"]
    assert first["Place (region)"] == "Wuxi, Jiangsu (Eastern)" and first["Capacity"] == "2 GWh/yr"
    assert first["Date, source (grade)"] == "2026-01, S1 (A)"
    assert table.set_index("Company").loc["C Co", "Place (region)"] == "Seoul, South Korea"
