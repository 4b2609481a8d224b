"""What changed between two editions (ssbook.changes): on the shipped data and on small frames."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from conftest import ROOT
from ssbook.changes import Changes, change_kind, compare, conflict_words, directions, new_conflicts, previous_tables, recent_weeks
from ssbook.facts import starts
from ssbook.data import Tables, load, period, weeks

DATA = ROOT / "data"
EDITIONS = weeks(DATA)


def tables(edition: str, all_weeks: list[str], **frames) -> Tables:
    """A Tables of small hand-made frames (only the columns the comparison reads)."""
    empty = {
        "events": ["event_id", "company", "segment", "summary", "vehicle_id", "source_id", "week"],
        "projects": ["project_id", "company", "product", "segment", "stage", "date", "source_id", "week"],
        "prices": ["material", "category", "date", "basis", "direction", "source_id", "week"],
        "vehicle_claims": ["vehicle_id", "week"],
        "forecasts": ["forecaster", "metric", "scope", "year", "value", "value_high", "unit", "qualifier", "source_id", "week"],
        "statistics": ["metric", "week"],
    }
    built = {}
    for name, columns in empty.items():
        rows = [row for row in frames.get(name, []) if row["week"] <= edition]
        built[name] = pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)
    included = [w for w in all_weeks if w <= edition]
    return Tables(edition=edition, weeks=included, sources=pd.DataFrame(), vehicles=pd.DataFrame(), **built)


WEEKS = ["2026-01-01", "2026-01-08"]


def pair(**frames) -> Changes:
    return compare(tables(WEEKS[0], WEEKS, **frames), tables(WEEKS[1], WEEKS, **frames))


# --- small frames ---------------------------------------------------------------------------

def test_first_edition_has_nothing_to_compare():
    changes = compare(None, tables(WEEKS[0], WEEKS, events=[{"event_id": "e", "company": "A", "week": WEEKS[0]}]))
    assert changes.first_edition and changes.previous is None
    assert all(count == 0 for count in changes.counts().values())


def test_a_company_is_new_once_and_only_if_no_earlier_row_names_it():
    changes = pair(
        events=[
            {"event_id": "1", "company": "Old Co", "segment": "cell", "summary": "old", "week": WEEKS[0]},
            {"event_id": "2", "company": "old  co", "segment": "cell", "summary": "again", "week": WEEKS[1]},
            {"event_id": "3", "company": "New Co", "segment": "anode", "summary": "first", "source_id": "S", "week": WEEKS[1]},
            {"event_id": "4", "company": "New Co", "segment": "anode", "summary": "second", "week": WEEKS[1]},
        ],
        projects=[{"project_id": "p", "company": "Builder", "product": "plant", "segment": "cathode", "stage": "design", "week": WEEKS[1]}],
    )
    assert list(changes.new_companies["company"]) == ["New Co", "Builder"]
    assert list(changes.new_companies["what"]) == ["first", "plant"]
    assert list(changes.new_companies["kind"]) == ["development", "project"]


def test_new_project_and_stage_change_of_a_known_project():
    changes = pair(projects=[
        {"project_id": "a", "company": "A", "product": "line", "stage": "design", "date": "2025-12", "source_id": "S1", "week": WEEKS[0]},
        {"project_id": "b", "company": "B", "product": "plant", "stage": "pilot", "week": WEEKS[0]},
        {"project_id": "a", "company": "A", "product": "line", "stage": "construction", "date": "2026-01", "source_id": "S2", "week": WEEKS[1]},
        {"project_id": "b", "company": "B", "product": "plant", "stage": "pilot", "week": WEEKS[1]},
        {"project_id": "c", "company": "C", "product": "park", "stage": "tender", "week": WEEKS[1]},
    ])
    assert list(changes.new_projects["project_id"]) == ["c"]
    assert changes.stage_changes[["project_id", "previous_stage", "stage", "previous_source_id", "source_id"]].values.tolist() == [
        ["a", "design", "construction", "S1", "S2"]
    ]


def test_price_directions_against_the_last_reading():
    changes = pair(prices=[
        {"material": "Li2S", "category": "specialised", "date": "2025-10", "basis": "average", "direction": "down", "week": WEEKS[0]},
        {"material": "Li2S", "category": "specialised", "date": "2025-12-31", "basis": "direction", "direction": "slightly up", "week": WEEKS[0]},
        {"material": "Li2S", "category": "specialised", "date": "2026-01-08", "basis": "direction", "direction": "down", "week": WEEKS[1]},
        {"material": "cathode", "category": "traditional", "date": "2025-12-31", "basis": "direction", "direction": "up", "week": WEEKS[0]},
        {"material": "cathode", "category": "traditional", "date": "2026-01-08", "basis": "direction", "direction": "up", "week": WEEKS[1]},
        {"material": "LATP", "category": "specialised", "date": "2025-12-31", "basis": "direction", "direction": "down", "week": WEEKS[0]},
        {"material": "LATP", "category": "specialised", "date": "2026-01-08", "basis": "direction", "direction": "slightly down", "week": WEEKS[1]},
        {"material": "Li2CO3", "category": "traditional", "date": "2026-01", "basis": "average", "direction": "up", "week": WEEKS[1]},
        {"material": "silent", "category": "traditional", "date": "2025-12-31", "basis": "direction", "direction": "up", "week": WEEKS[0]},
    ])
    got = changes.price_directions.set_index("material")
    # the latest-dated reading of the previous edition (slightly up, 31 Dec) counts, not the October one
    assert got.loc["Li2S", ["previous_direction", "direction", "change"]].tolist() == ["slightly up", "down", "reversed"]
    assert got.loc["cathode", "change"] == "unchanged"
    assert got.loc["LATP", "change"] == "changed"
    assert got.loc["Li2CO3", ["previous_direction", "change"]].tolist() == ["", "first reading"]
    assert "silent" not in got.index  # no reading this edition
    assert sorted(changes.direction_changes["material"]) == ["LATP", "Li2S"]


def test_one_direction_per_material_and_week():
    frame = pd.DataFrame([
        {"material": "m", "category": "c", "date": "2026-01", "basis": "direction", "direction": "down", "source_id": "A", "week": "w"},
        {"material": "m", "category": "c", "date": "2026-01", "basis": "average", "direction": "up", "source_id": "B", "week": "w"},
        {"material": "m", "category": "c", "date": "2025-10", "basis": "average", "direction": "stable", "source_id": "C", "week": "w"},
        {"material": "m", "category": "c", "date": "2025-10", "basis": "average", "direction": "", "source_id": "D", "week": "v"},
    ])
    got = directions(frame)
    assert got[["material", "week", "direction", "source_id"]].values.tolist() == [["m", "w", "up", "B"]]


@pytest.mark.parametrize("before,now,kind", [
    ("", "up", "first reading"), ("up", "up", "unchanged"), ("up", "down", "reversed"),
    ("slightly up", "slightly down", "reversed"), ("down", "slightly down", "changed"), ("stable", "up", "changed"),
])
def test_change_kind(before, now, kind):
    assert change_kind(before, now) == kind


def test_vehicle_milestones_are_the_new_vehicle_events():
    changes = pair(events=[
        {"event_id": "old", "company": "A", "vehicle_id": "car", "week": WEEKS[0]},
        {"event_id": "new", "company": "A", "vehicle_id": "car", "summary": "rolled off", "week": WEEKS[1]},
        {"event_id": "other", "company": "B", "vehicle_id": "", "week": WEEKS[1]},
    ])
    assert list(changes.vehicle_milestones["event_id"]) == ["new"]


def test_forecasts_new_revised_and_reaffirmed():
    base = {"forecaster": "F", "metric": "shipments", "scope": "all-solid-state", "unit": "GWh"}
    changes = pair(forecasts=[
        {**base, "year": 2028, "value": 13.5, "source_id": "S1", "week": WEEKS[0]},
        {**base, "year": 2030, "value": 100.0, "week": WEEKS[0]},
        {**base, "year": 2028, "value": 15.0, "source_id": "S2", "week": WEEKS[1]},   # revised
        {**base, "year": 2030, "value": 100.0, "week": WEEKS[1]},                     # same figure again
        {**base, "year": 2035, "value": 300.0, "week": WEEKS[1]},                     # new
        {**base, "scope": "semi-solid", "year": 2028, "value": 160.0, "week": WEEKS[1]},  # new: other scope
    ])
    assert changes.revised_forecasts[["year", "previous_value", "value", "previous_source_id", "source_id"]].values.tolist() == [
        [2028, 13.5, 15.0, "S1", "S2"]
    ]
    assert sorted(zip(changes.new_forecasts["scope"], changes.new_forecasts["year"])) == [
        ("all-solid-state", 2035), ("semi-solid", 2028)
    ]


def test_an_empty_new_week_changes_nothing():
    frames = {"events": [{"event_id": "e", "company": "A", "vehicle_id": "car", "week": WEEKS[0]}],
              "projects": [{"project_id": "p", "company": "A", "stage": "pilot", "week": WEEKS[0]}]}
    changes = pair(**frames)
    assert all(count == 0 for count in changes.counts().values())


def claim_row(attribute, value, unit, source, week, qualifier="", status="claimed", text="", vehicle="v") -> dict:
    return {"vehicle_id": vehicle, "attribute": attribute, "value": value, "value_high": None, "unit": unit, "value_text": text,
            "qualifier": qualifier, "status": status, "source_id": source, "quote": "q", "week": week}


def conflicts(*rows) -> pd.DataFrame:
    claims = pd.DataFrame(list(rows)).astype({"value": float, "value_high": float})
    return new_conflicts(claims[claims["week"] == WEEKS[0]], claims, {WEEKS[0]})


def test_a_conflict_is_new_when_the_attribute_newly_differs_with_its_new_figure_against_the_old():
    got = conflicts(claim_row("weight", 230, "kg", "A", WEEKS[0]), claim_row("weight", 230, "kg", "B", WEEKS[1]),
                    claim_row("weight", 245, "kg", "C", WEEKS[1]), claim_row("weight", 245, "kg", "D", WEEKS[1]))
    assert got[["attribute", "first_given", "figures", "before", "source_ids"]].values.tolist() == [
        ["weight", False, [("245 kg", "C")], [("230 kg", "A")], "C"]]
    assert conflict_words(got.iloc[0], lambda s: s + "!") == "245 kg [C!] against 230 kg [A!] before"


def test_a_known_conflict_restated_is_not_new_and_a_new_figure_on_it_is():
    old = [claim_row("range", 600, "km", "A", WEEKS[0]), claim_row("range", 500, "km", "B", WEEKS[0])]
    assert conflicts(*old, claim_row("range", 373, "mi", "C", WEEKS[1]), claim_row("range", 500, "km", "D", WEEKS[1])).empty
    got = conflicts(*old, claim_row("range", 450, "km", "E", WEEKS[1]))
    assert got[["figures", "before"]].values.tolist() == [[[("450 km", "E")], [("600 km", "A"), ("500 km", "B")]]]


def test_an_attribute_first_given_already_differing_lists_one_source_per_figure_after_the_known_ones():
    got = conflicts(claim_row("weight", 230, "kg", "A", WEEKS[0]), claim_row("weight", 245, "kg", "B", WEEKS[1]),
                    *[claim_row("charge time", 5, "min", s, WEEKS[1]) for s in "PQR"], claim_row("charge time", 10, "min", "S", WEEKS[1]),
                    claim_row("charge time", 20, "min", "T", WEEKS[1], "under"), claim_row("charge time", 12, "C", "U", WEEKS[1]),
                    claim_row("charge time", None, "", "V", WEEKS[1], text="12C rates"),
                    claim_row("energy density", 380, "Wh/kg", "W", WEEKS[1], status="reported"),
                    claim_row("energy density", None, "", "X", WEEKS[1], status="not disclosed", text="not disclosed"),
                    claim_row("energy density", 30, "%", "Y", WEEKS[1], "over"))
    assert got[["attribute", "first_given", "source_ids"]].values.tolist() == [
        ["weight", False, "B"], ["charge time", True, "P, S, T"], ["energy density", True, "W, X"]]  # 30% is not in Wh/kg
    assert conflict_words(got.iloc[1], str, limit=2) == "first given this edition, as 5 min [P]; 10 min [S] and 1 more figure"


def test_qualifiers_that_exclude_each_other_are_the_figures_of_a_conflict():
    got = conflicts(claim_row("range", 600, "km", "A", WEEKS[1], "over"), claim_row("range", 370, "mi", "B", WEEKS[1], "up to"))
    assert got["figures"].tolist() == [[("over 600 km", "A"), ("up to 370 mi", "B")]]
    assert conflicts(claim_row("range", 600, "km", "A", WEEKS[1]), claim_row("range", 370, "mi", "B", WEEKS[1], "up to")).empty


# --- the shipped data ---------------------------------------------------------------------------

def real(edition: str) -> Changes:
    current = load(edition, DATA)
    previous = load(current.previous_edition, DATA) if current.previous_edition else None
    return compare(previous, current)


def test_previous_tables_are_the_previous_edition_as_loaded():
    """Cutting the previous edition out of the current one gives what loading it gives, row for row."""
    for edition in EDITIONS[1:]:
        current = load(edition, DATA)
        cut, loaded = previous_tables(current), load(current.previous_edition, DATA)
        assert (cut.edition, cut.weeks) == (loaded.edition, loaded.weeks)
        for table in ("events", "projects", "prices", "vehicle_claims", "forecasts", "statistics"):
            pd.testing.assert_frame_equal(getattr(cut, table), getattr(loaded, table))
    assert previous_tables(load(EDITIONS[0], DATA)) is None


def test_starts_is_period_start_for_every_precision():
    dates = ["2024", "2025-10", "2025-12-06", "2026-02"]
    assert list(starts(pd.Series(dates, index=[5, 3, 9, 1]))) == [period(d)[0] for d in dates]
    assert recent_weeks(["a", "b", "c"], 2) == ["b", "c"] and recent_weeks(["a"], 12) == ["a"]


def test_real_first_edition():
    assert real(EDITIONS[0]).first_edition


def test_real_new_projects_are_the_weeks_project_rows():
    for edition in EDITIONS[1:]:
        rows = pd.read_csv(DATA / "weeks" / edition / "projects.csv", dtype=str, keep_default_na=False)
        earlier = set()
        for week in EDITIONS[: EDITIONS.index(edition)]:
            earlier |= set(pd.read_csv(DATA / "weeks" / week / "projects.csv", dtype=str)["project_id"])
        expected = [p for p in rows["project_id"] if p not in earlier]
        assert sorted(real(edition).new_projects["project_id"]) == sorted(expected)


def test_real_lithium_sulphide_direction_history():
    # S1 (20 Nov) slightly up -> S2 (6 Dec) slightly down -> S3 (31 Dec) down -> S0 (8 Jan) down
    lithium = {e: real(e).price_directions.set_index("material").loc["lithium sulphide"] for e in EDITIONS[1:]}
    assert [lithium[e]["change"] for e in EDITIONS[1:]] == ["reversed", "changed", "unchanged"]
    assert lithium[EDITIONS[1]][["previous_direction", "direction"]].tolist() == ["slightly up", "slightly down"]


def test_real_latest_edition():
    changes = real(EDITIONS[-1])
    assert {"GEM", "Donut Lab", "Verge Motorcycles", "Zhengwang New Materials"} <= set(changes.new_companies["company"])
    assert "FAW Hongqi" not in set(changes.new_companies["company"])  # named since the first edition
    assert "Gotion High-tech" not in set(changes.new_companies["company"])  # named on 6 December
    assert {"hongqi-tiangong-06", "verge-ts-pro"} == set(changes.vehicle_milestones["vehicle_id"])
    assert set(changes.new_forecasts["forecaster"]) == {"SMM"}
    carbonate = changes.price_directions.set_index("material").loc["battery-grade lithium carbonate"]
    assert (carbonate["direction"], carbonate["change"]) == ("up", "first reading")


def test_a_new_week_on_the_shipped_data_revises_and_moves(data_dir):
    """A hand-made week after the shipped ones, read through ssbook.data.load like the book does: one
    project moves stage, one forecast is revised, one material turns."""
    import csv

    from ssbook.data import schema

    week = "2026-01-15"
    folder = data_dir / "weeks" / week
    folder.mkdir()
    rows = {
        "projects": [{"project_id": "gotion-lfp-cathode", "date": week, "company": "Gotion High-tech", "product": "LFP cathode",
                      "segment": "cathode", "route": "LFP", "capacity_value": "200000", "capacity_unit": "t",
                      "stage": "commissioning", "source_id": "S0", "quote": "synthetic"}],
        "forecasts": [{"forecast_id": "revised", "forecaster": "SMM", "metric": "shipments", "scope": "all-solid-state batteries",
                       "year": "2028", "value": "15", "unit": "GWh", "source_id": "S0", "quote": "synthetic"}],
        "prices": [{"material": "lithium sulphide", "category": "specialised", "date": week, "basis": "direction",
                    "direction": "up", "source_id": "S0", "quote": "synthetic"}],
    }
    for table in ("events", "projects", "prices", "vehicle_claims", "forecasts", "statistics"):
        fields = [f["name"] for f in schema(data_dir, table)["fields"]]
        with open(folder / f"{table}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows({k: r.get(k, "") for k in fields} for r in rows.get(table, []))
    changes = compare(load(EDITIONS[-1], data_dir), load(week, data_dir))
    assert changes.stage_changes[["project_id", "previous_stage", "stage"]].values.tolist() == [
        ["gotion-lfp-cathode", "construction", "commissioning"]
    ]
    assert changes.new_projects.empty and changes.new_companies.empty
    assert changes.revised_forecasts[["forecaster", "year", "previous_value", "value"]].values.tolist() == [["SMM", 2028, 13.5, 15.0]]
    assert changes.price_directions[["material", "previous_direction", "direction", "change"]].values.tolist() == [
        ["lithium sulphide", "down", "up", "reversed"]
    ]


# --- a hand-made week of claims: a dispute, a verification, a slip, an agreeing restatement -------------

CLAIMS_WEEK = "2026-01-15"
CLAIMS_SOURCES = [  # synthetic sources (their texts are written by the test), never published
    ("T20", "CATL (synthetic)", "C", "2026-01-12"), ("T21", "Test lab (synthetic)", "B", "2026-01-13"),
    ("T22", "Moto press (synthetic)", "B", "2026-01-14"), ("T23", "EV blog (synthetic)", "C", "2026-01-14"),
]
CLAIMS_ROWS = {
    "claim_checks": [
        {"vehicle_id": "verge-ts-pro", "attribute": "energy density", "finding": "disputed", "by": "CATL",
         "summary": "CATL says 400 Wh/kg in a mass-produced solid-state cell is not possible today.", "date": "2026-01-12",
         "source_id": "T20", "quote": "CATL disputes the 400 Wh/kg claim"},
        {"vehicle_id": "hongqi-tiangong-06", "attribute": "thermal test", "finding": "verified", "by": "Test lab",
         "summary": "An independent lab repeated the 200 °C heat test on the 66 Ah cell.", "date": "2026-01-13",
         "source_id": "T21", "quote": "the lab confirmed the 200 °C test"},
    ],
    "promises": [
        {"promise_id": "verge-ts-pro-first-deliveries", "vehicle_id": "verge-ts-pro", "milestone": "delivery",
         "company": "Verge Motorcycles", "state": "planned", "due": "2026-Q2", "due_text": "the second quarter",
         "date": "2026-01-14", "source_id": "T22", "quote": "deliveries now start in the second quarter"},
        {"promise_id": "hongqi-small-batch-production", "vehicle_id": "hongqi-tiangong-06", "milestone": "small-batch production",
         "company": "FAW Hongqi", "state": "planned", "due": "2027", "due_text": "late 2027",
         "date": "2026-01-14", "source_id": "T23", "quote": "small-batch production in late 2027"},
    ],
    "vehicle_claims": [  # 600 km again, in miles: the same figure, no conflict
        {"vehicle_id": "verge-ts-pro", "attribute": "range", "value": "373", "unit": "mi", "qualifier": "up to",
         "value_text": "up to 373 miles", "status": "claimed", "date": "2026-01", "source_id": "T23", "quote": "up to 373 miles"},
        {"vehicle_id": "verge-ts-pro", "attribute": "energy density", "value": "400", "unit": "Wh/kg", "qualifier": "about",
         "value_text": "nearly 400 Wh/kg", "status": "claimed", "date": "2026-01", "source_id": "T23", "quote": "nearly 400 Wh/kg"},
        {"vehicle_id": "verge-ts-pro", "attribute": "weight", "value": "245", "unit": "kg", "value_text": "245 kg",
         "status": "claimed", "date": "2026-01", "source_id": "T22", "quote": "it weighs 245 kg"},
    ],
}


def add_claims_week(data_dir):
    """The week CLAIMS_WEEK after the shipped ones, its sources archived: CATL disputes the Verge's 400 Wh/kg,
    a lab verifies the Hongqi's 200 °C test, Verge's first deliveries slip to Q2 2026, Hongqi's late-2027
    small batch is restated, a range is restated in miles (the same figure) and a weight differs (a new conflict)."""
    import csv

    from conftest import archived

    from ssbook.data import WEEKLY_TABLES, schema
    from ssbook.newweek import new_week

    folder = new_week(data_dir, CLAIMS_WEEK)
    with open(data_dir / "sources.csv", "a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for sid, publisher, grade, published in CLAIMS_SOURCES:
            quotes = [r["quote"] for rows in CLAIMS_ROWS.values() for r in rows if r["source_id"] == sid]
            row = archived(data_dir, {"source_id": sid, "publisher": publisher, "title": f"Synthetic {sid}",
                                      "url": f"https://example.org/{sid.lower()}", "published": published, "published_note": "",
                                      "grade": grade, "language": "en", "file": f"{sid.lower()}.txt"}, *quotes)
            writer.writerow([row[c] for c in ["source_id", "publisher", "title", "url", "published", "published_note", "grade",
                                              "language", "file", "sha256"]])
    for table, rows in CLAIMS_ROWS.items():
        fields = [f["name"] for f in schema(data_dir, table)["fields"]]
        with open(folder / f"{table}.csv", "a", newline="", encoding="utf-8") as handle:
            csv.DictWriter(handle, fields, lineterminator="\n").writerows({k: r.get(k, "") for k in fields} for r in rows)
    assert set(WEEKLY_TABLES) >= set(CLAIMS_ROWS)
    return folder


def test_a_claims_week_gives_its_disputes_verdicts_slips_and_only_real_conflicts(data_dir):
    from ssbook.validate import validate

    add_claims_week(data_dir)
    assert [str(p) for p in validate(data_dir)] == []
    changes = compare(load(EDITIONS[-1], data_dir), load(CLAIMS_WEEK, data_dir))
    assert changes.new_findings[["vehicle_id", "attributes", "finding", "by", "source_id"]].values.tolist() == [
        ["verge-ts-pro", "energy density", "disputed", "CATL", "T20"], ["hongqi-tiangong-06", "thermal test", "verified", "Test lab", "T21"]]
    assert changes.promise_moves[["promise_id", "change", "before", "due", "source_id"]].values.tolist() == [
        ["verge-ts-pro-first-deliveries", "slipped", "2026-Q1", "2026-Q2", "T22"]]  # the Hongqi restatement moves nothing
    assert changes.new_conflicts[["vehicle_id", "attribute", "figures", "before"]].values.tolist() == [
        ["verge-ts-pro", "weight", [("245 kg", "T22")], [("230 kg", "D13")]]]
    assert changes.counts()["new conflicts"] == 1  # 373 mi is 600 km: the range is not a new conflict


def test_the_shipped_editions_compare_only_real_figures():
    """No shipped edition newly lists 370 mi against 600 km, or 200 °C against 392 °F."""
    for edition in EDITIONS[1:]:
        listed = set(map(tuple, real(edition).new_conflicts[["vehicle_id", "attribute"]].values.tolist()))
        assert ("hongqi-tiangong-06", "thermal test") not in listed
    assert real(EDITIONS[-1]).promise_moves.empty


def test_the_claims_week_on_the_pages(published):
    """The hand-made week built into an edition: the vehicle pages, the overview and Home show the dispute,
    the verification, the slip and the restatement with their sources, and only real conflicts."""
    from ssbook.build import build

    add_claims_week(published.data)
    build(published, log=lambda message: None)
    check_claims_pages(published.site / "editions" / CLAIMS_WEEK)


def check_claims_pages(edition):
    """The claims week's built pages, as `test_the_claims_week_on_the_pages` expects them (an edition folder)."""
    def text(page):
        words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", (edition / page).read_text(encoding="utf-8"))).split())
        return re.sub(r" ([,:.)])", r"\1", words.replace("( ", "(")).translate(str.maketrans("‘’“”", "''\"\""))

    verge, hongqi, overview, home = (text(p) for p in ("vehicles/verge-ts-pro.html", "vehicles/hongqi-tiangong-06.html",
                                                       "vehicles.html", "index.html"))
    assert "claimed by Donut Lab; not verified independently, says freshfromchina (January 2026, grade C source D5); " \
           "disputed by Electronic Design (8 January 2026, grade B source D3); disputed by CATL (12 January 2026, grade C source T20)" in verge
    assert "CATL says 400 Wh/kg in a mass-produced solid-state cell is not possible today." in verge
    assert "first announced for Q1 2026 ('Q1') (D1, January 2026)" in verge
    assert "slipped for Q2 2026 ('the second quarter') (T22, 14 January 2026). As of this edition: pending, Q2 2026, " \
           "3 months later than first announced." in verge
    differ = verge[verge.index("The sources differ on"):]
    differ = differ[:differ.index("Exhibit")]
    assert "weight" in differ and "373 mi" in differ  # the weight differs; the range restated in miles sits with its 600 km
    assert "against up to 373 mi" not in differ and "against up to 370 mi (claimed: D9, D15, T23)" not in differ
    latest = verge[verge.index("The latest milestone reached"):][:200]
    assert "CATL" not in latest  # a competitor's dispute is not a milestone
    assert "thermal test: company claim (no source names the company); verified by Test lab (13 January 2026, grade B source T21)" in hongqi
    assert "restated for 2027 ('late 2027') (T23, 14 January 2026). As of this edition: pending, 2027, as first announced." in hongqi
    board = overview[overview.index("Claims scoreboard"):]
    assert "Verge TS Pro 8 3 1 0 0 0 0 1 0 1" in board and "Hongqi Tiangong 06 3 0 2 1 0 4 0 1 0 0" in board
    changed = home[home.index("What changed since the previous edition"):]
    assert "Verge TS Pro, energy density: disputed by CATL (12 January 2026): CATL says 400 Wh/kg" in changed
    assert "thermal test: verified by Test lab (13 January 2026)" in changed
    assert "delivery (Verge Motorcycles): slipped from Q1 2026 to Q2 2026 [T22" in changed
    assert "Verge TS Pro, weight: 245 kg [T22, Moto press (synthetic)] against 230 kg [D13, InsightEV" in changed
    conflicts = changed[changed.index("New conflicts between sources"):]
    conflicts = conflicts[:conflicts.index("ilestones")]  # up to the vehicle milestones
    assert "range" not in conflicts and "energy density" not in conflicts
