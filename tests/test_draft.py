"""ssbook.draft and `ssbook draft`: rows proposed from hand-written texts, the draft files, and that a
draft folder is ignored by validate, load, the chapters' cache and the dataset, and named by build."""

from __future__ import annotations

import csv
import dataclasses
import json
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, digest
from ssbook import build as b
from ssbook import configuration, data, draft, execute
from ssbook.cli import main


@pytest.fixture(scope="module")
def names() -> draft.Known:
    """The shipped schemas and units, with made-up materials, vehicles and forecasters."""
    return dataclasses.replace(
        draft.known(ROOT / "data"),
        materials={"cobalt sulphate": "traditional", "manganese sulphate": "traditional", "sulphide electrolyte (LPSC)": "specialised"},
        vehicles={"zeta-gt": ["Zeta GT", "Zeta Motors"], "omega-one": ["Omega One", "Omega"]},
        forecasters=["Gamma Research", "Delta Insights"],
    )


def propose(text: str, names: draft.Known, language: str = "en") -> dict[str, list[dict]]:
    rows = draft.propose(text, "S99", language, names)
    for table, found in rows.items():
        for row in found:
            assert list(row) == names.columns[table]
            assert row["source_id"] == "S99" and row["quote"] in text
    return rows


def pick(row: dict, *columns: str) -> tuple:
    return tuple(row[c] for c in columns)


def test_a_price_range_with_its_average_is_one_row(names):
    text = "Cobalt sulphate traded at 48,000–50,000 yuan/mt, with an average price of 49,000 yuan/mt, up 500 yuan/mt from the previous day."
    (row,) = propose(text, names)["prices"]
    assert pick(row, "material", "category", "basis", "value", "low", "high", "unit", "direction", "date") == (
        "cobalt sulphate", "traditional", "average", "49000", "48000", "50000", "yuan/t", "up", "")
    assert row["quote"] == text


def test_prices_of_each_shape(names):
    text = ("In March 2026, the average price of sulfide electrolyte LPSC pulled back to around 3,900 yuan/kg. "
            "Manganese sulphate rose from 5,200 to 5,600 yuan/t over the week. "
            "An unnamed salt was quoted at 12,000 yuan/t.")
    rows = propose(text, names)["prices"]
    assert [pick(r, "material", "basis", "value", "low", "high", "unit", "qualifier", "direction", "date") for r in rows] == [
        ("sulphide electrolyte (LPSC)", "average", "3900", "", "", "yuan/kg", "about", "down", "2026-03"),
        ("manganese sulphate", "range", "", "5200", "5600", "yuan/t", "", "up", ""),
        ("", "", "12000", "", "", "yuan/t", "", "", ""),  # neither material nor basis can be told: left empty
    ]


def test_materials_are_matched_by_their_exact_names(names):
    (row,) = propose("Cobalt sulphide traded at 33,000 yuan/t.", names)["prices"]
    assert row["material"] == ""  # a name a letter or two off is another material
    (row,) = propose("Cobalt sulfate traded at 33,000 yuan/t.", names)["prices"]
    assert row["material"] == "cobalt sulphate"  # sulfate and sulphate are one word
    (row,) = propose("Sulfide electrolyte LPSC traded at 3,000 yuan/kg.", names)["prices"]
    assert row["material"] == "sulphide electrolyte (LPSC)"


def test_direction_words_give_direction_rows_per_known_material(names):
    text = "Prices of cobalt sulphate edged slightly lower this week, while manganese sulphate stayed stable."
    rows = propose(text, names)["prices"]
    assert [pick(r, "material", "basis", "direction", "value") for r in rows] == [
        ("cobalt sulphate", "direction", "slightly down", ""), ("manganese sulphate", "direction", "stable", "")]


def test_projects_capacity_and_investment(names):
    text = ("Acme Energy started construction on a 12 GWh solid-state cell plant with an investment of 3.2 billion yuan. "
            "Beta Materials will build a project with an annual capacity of 30,000 t of LFP cathode, and has finished a 500t pilot line.")
    rows = propose(text, names)["projects"]
    assert [pick(r, "capacity_value", "capacity_unit", "investment_value", "stage", "segment", "company", "project_id") for r in rows] == [
        ("12", "GWh", "3200000000", "construction", "cell", "", ""),
        ("30000", "t/yr", "", "pilot", "cathode", "", ""),
        ("500", "t", "", "pilot", "cathode", "", ""),
    ]
    assert rows[1]["route"] == "LFP"


def test_forecasts_with_year_base_year_and_forecaster(names):
    text = ("Gamma Research expects solid-state shipments to reach 350 GWh by 2030, with a CAGR of about 40% from 2025 to 2030. "
            "Delta Insights projects penetration of over 8% by 2032.")
    rows = propose(text, names)["forecasts"]
    assert [pick(r, "forecaster", "metric", "year", "base_year", "value", "unit", "qualifier", "scope") for r in rows] == [
        ("Gamma Research", "shipments", "2030", "", "350", "GWh", "", ""),
        ("Gamma Research", "cagr", "2030", "2025", "40", "%", "about", ""),
        ("Delta Insights", "penetration", "2032", "", "8", "%", "over", ""),
    ]


def test_a_forecast_takes_its_year_from_the_sentence_before_and_its_metric_from_its_unit(names):
    text = "By 2032, Gamma Research expects shipments to pass 900 GWh. The market size is expected to exceed 300 billion yuan. Cells may reach 500 Wh/kg."
    rows = propose(text, names)["forecasts"]
    assert [pick(r, "metric", "year", "value", "unit") for r in rows] == [
        ("shipments", "2032", "900", "GWh"), ("market size", "2032", "300", "billion yuan"), ("energy density", "", "500", "Wh/kg")]


def test_a_market_size_forecast_is_in_billion_yuan(names):
    (row,) = propose("The market size is expected to exceed 120 billion yuan by 2030.", names)["forecasts"]
    assert pick(row, "metric", "value", "unit", "qualifier", "year") == ("market size", "120", "billion yuan", "over", "2030")


def test_statistics_with_signed_changes(names):
    text = "In March 2026, output of lithium sulphide reached 6 mt, up 12.5% MoM, while exports fell 3.1% MoM."
    rows = propose(text, names)["statistics"]
    assert [pick(r, "metric", "value", "unit", "date", "scope") for r in rows] == [
        ("production", "6", "t", "2026-03", ""), ("change month on month", "12.5", "%", "2026-03", ""),
        ("change month on month", "-3.1", "%", "2026-03", "")]


def test_vehicle_figures(names):
    text = ("The Zeta GT claims 450 Wh/kg, a range of up to 700 km and a twelve-minute charge. "
            "Its cells passed a 180℃ (356°F) nail test and work from -25 to 55 °C. It sells for $41,000.")
    rows = propose(text, names)["vehicle_claims"]
    assert [pick(r, "vehicle_id", "attribute", "value", "value_high", "unit", "qualifier") for r in rows] == [
        ("zeta-gt", "energy density", "450", "", "Wh/kg", ""),
        ("zeta-gt", "range", "700", "", "km", "up to"),
        ("zeta-gt", "charge time", "12", "", "min", ""),
        ("zeta-gt", "thermal test", "180", "", "°C", ""),  # 356°F is the same figure converted
        ("zeta-gt", "operating temperature", "-25", "55", "°C", ""),
        ("zeta-gt", "price", "41000", "", "USD", ""),
    ]
    assert rows[0]["status"] == "claimed" and rows[0]["value_text"] == "450 Wh/kg"
    assert all(r["date"] == "" for r in rows)  # the text gives no date: never guessed


def test_a_vehicle_is_named_only_when_the_text_tells_which(names):
    text = "The Zeta GT and the Omega One were shown. One of them charges in 9 minutes."
    (row,) = propose(text, names)["vehicle_claims"]
    assert row["vehicle_id"] == "" and row["value"] == "9"
    (row,) = propose("The Zetta GT, reviewed: it charges in 9 minutes.", names)["vehicle_claims"]
    assert row["vehicle_id"] == "zeta-gt"  # a name spelt a letter off


def test_a_change_gives_the_new_figure(names):
    (row,) = propose("The Zeta GT cuts its weight from 250 kg to 232 kg.", names)["vehicle_claims"]
    assert pick(row, "attribute", "value", "value_high") == ("weight", "232", "")


def test_figures_of_no_table_are_not_proposed(names):
    text = "The company was founded in 2015 and has 300 employees; the electrolyte holds 5-10% liquid. Weight 400 kg per ton."
    assert propose(text, names) == {table: [] for table in draft.TABLES}


def test_company_money_is_not_a_vehicle_price(names):
    text = "Zeta Motors raised $250 million to build the Zeta GT, which costs $39,000."
    assert [pick(r, "attribute", "value", "unit") for r in propose(text, names)["vehicle_claims"]] == [("price", "39000", "USD")]


def test_a_figure_given_twice_is_proposed_once(names):
    text = "Highlights: Acme's 5 GWh line started construction.\nAcme's 5 GWh line started construction this week."
    assert len(propose(text, names)["projects"]) == 1


def test_german_and_italian_numbers(names):
    assert [r["value"] for r in propose("Der Zeta GT: 0,45 kWh pro kg und 80.000 Ladezyklen.", names, "de")["vehicle_claims"]] == ["450", "80000"]
    assert [r["value"] for r in propose("La Zeta GT arriva fino a 41,5 kWh.", names, "it")["vehicle_claims"]] == ["41.5"]


# The week of a source

WEEKS = ["2025-11-20", "2025-12-06", "2026-01-02", "2026-01-08"]


@pytest.mark.parametrize("published, week", [
    ("2025-10-31", "2025-11-20"), ("2025-11-20", "2025-11-20"), ("2025-11-21", "2025-12-06"), ("2026-01-05", "2026-01-08"),
    ("2026-01", "2026-01-08"), ("2025-09", "2025-11-20"), ("", "2026-01-08"),
])
def test_week_of_a_source(published, week):
    assert draft.week_of(published, WEEKS) == week


def test_a_source_after_the_latest_week_needs_its_week_first():
    with pytest.raises(draft.DraftError, match=r"published 2026-01-20, after the latest week 2026-01-08: open its week"):
        draft.week_of("2026-01-20", WEEKS)


# The command

TEXT = ("Acme Energy started construction on a 12 GWh solid-state cell plant. "
        "Cobalt sulphate traded at an average price of 49,000 yuan/mt. Gamma Research expects shipments of 350 GWh by 2030.")


def add_source(project, source_id: str, published: str, text: str | None, file: str | None = None) -> None:
    file = file or f"{source_id.lower()}.txt"
    with open(project.data / "sources.csv", newline="", encoding="utf-8") as handle:
        columns = csv.DictReader(handle).fieldnames
    with open(project.data / "sources.csv", "a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, columns).writerow({"source_id": source_id, "publisher": "Test", "title": "A test text",
                                                  "url": f"https://example.com/{source_id}", "published": published,
                                                  "published_note": "" if published else "not printed", "grade": "B",
                                                  "language": "en", "file": file})
    if text is not None:
        path = draft.archived_text(project.root, file)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def run(project, monkeypatch, *args) -> int:
    monkeypatch.chdir(project.root)
    return main(list(args))


def test_draft_writes_the_weeks_columns_and_leaves_its_tables_alone(project, monkeypatch, capsys):
    add_source(project, "S98", "2026-01-07", TEXT)
    week = project.data / "weeks" / "2026-01-08"
    before = digest(week)
    assert run(project, monkeypatch, "draft", "S98") == 0
    assert digest(week).items() >= before.items() and all(p.startswith("draft/") for p in set(digest(week)) - set(before))
    for table in ("projects", "prices", "forecasts"):
        with open(week / "draft" / f"{table}.csv", newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == [f["name"] for f in data.schema(project.data, table)["fields"]]
        assert len(rows) == 2 and "S98" in rows[1]
    assert not (week / "draft" / "statistics.csv").exists()
    out = capsys.readouterr().out
    assert "data/weeks/2026-01-08/draft/projects.csv: 1 row proposed from S98" in out


def test_drafting_again_replaces_the_sources_rows_and_keeps_the_others(project, monkeypatch):
    add_source(project, "S98", "2026-01-07", TEXT)
    add_source(project, "S97", "", "Acme Energy started construction on a 3 GWh line.")
    for source in ("S98", "S97", "S98"):
        assert run(project, monkeypatch, "draft", source) == 0
    with open(project.data / "weeks" / "2026-01-08" / "draft" / "projects.csv", newline="", encoding="utf-8") as handle:
        assert sorted((r["source_id"], r["capacity_value"]) for r in csv.DictReader(handle)) == [("S97", "3"), ("S98", "12")]


def test_draft_into_another_folder_and_for_an_earlier_week(project, monkeypatch, tmp_path):
    add_source(project, "S98", "2025-12-01", TEXT)
    assert run(project, monkeypatch, "draft", "S98", "--out", str(tmp_path / "mine")) == 0
    assert (tmp_path / "mine" / "projects.csv").is_file()
    assert run(project, monkeypatch, "draft", "S98") == 0
    assert (project.data / "weeks" / "2025-12-06" / "draft" / "projects.csv").is_file()


def test_an_unknown_source_is_named(project, monkeypatch, capsys):
    assert run(project, monkeypatch, "draft", "s1") == 1
    err = capsys.readouterr().err
    assert "ssbook draft: 's1' is not a source in data/sources.csv; did you mean S1?" in err and "Traceback" not in err


def test_a_missing_archived_text_is_named(project, monkeypatch, capsys):
    add_source(project, "S98", "2026-01-07", None, file="gone.txt")
    assert run(project, monkeypatch, "draft", "S98") == 1
    assert "ssbook draft: S98: no archived text at data/sources/texts/gone.txt" in capsys.readouterr().err
    assert not (project.data / "weeks" / "2026-01-08" / "draft").exists()


def test_a_text_that_is_not_utf8_is_named(project, monkeypatch, capsys):
    add_source(project, "S98", "2026-01-07", None, file="latin.txt")
    draft.archived_text(project.root, "latin.txt").write_bytes("Preis: 5 € pro kg, März".encode("cp1252"))
    assert run(project, monkeypatch, "draft", "S98") == 1
    assert "ssbook draft: data/sources/texts/latin.txt: the text of S98 is not UTF-8" in capsys.readouterr().err


# A draft folder is not data

def with_draft(project) -> Path:
    """A draft folder in the latest week whose rows would fail every check if they were data."""
    folder = project.data / "weeks" / "2026-01-08" / "draft"
    folder.mkdir()
    (folder / "prices.csv").write_text("material,value\nnot a material,1.5e9\n,NaN\n", encoding="utf-8")
    (folder / "notes.csv").write_text("anything;at;all\n", encoding="utf-8")
    (folder / "projects.csv").write_text('project_id,quote\nx,"a quote\non two lines"\n', encoding="utf-8")
    return folder


def test_validate_ignores_a_draft_folder(project):
    before = configuration.problems(project)
    with_draft(project)
    assert configuration.problems(project) == before


def test_load_and_the_chapters_cache_ignore_a_draft_folder(project):
    before = data.load("2026-01-08", project.data)
    digest_before = execute._inputs_digest(project, "2026-01-08")
    with_draft(project)
    after = data.load("2026-01-08", project.data)
    assert all(getattr(after, t).equals(getattr(before, t)) for t in data.WEEKLY_TABLES)
    assert execute._inputs_digest(project, "2026-01-08") == digest_before


def test_the_dataset_leaves_a_draft_out(project, tmp_path):
    with_draft(project)
    b._write_dataset(project, "2026-01-08", tmp_path / "data.zip")
    with zipfile.ZipFile(tmp_path / "data.zip") as archive:
        names = archive.namelist()
        package = json.loads(archive.read("ssb-tracker-data-2026-01-08/datapackage.json"))
        prices = archive.read("ssb-tracker-data-2026-01-08/prices.csv").decode()
    assert not [n for n in names if "draft" in n] and not [r for r in package["resources"] if "draft" in r["path"]]
    assert "not a material" not in prices and "1.5e9" not in prices


def test_build_names_the_draft_rows_not_in_the_book(project, monkeypatch, capsys):
    with_draft(project)
    (project.data / "weeks" / "2025-12-06" / "draft").mkdir()
    (project.data / "weeks" / "2025-12-06" / "draft" / "projects.csv").write_text("project_id\n", encoding="utf-8")  # header only
    assert run(project, monkeypatch, "build", "--rebuild", "1999-01-01") == 1  # stops before building anything
    out = capsys.readouterr().out.splitlines()
    assert out == [  # a file of a header only holds no row
        "data/weeks/2026-01-08/draft/prices.csv: 2 draft rows not in the book (move them into the week's tables or delete the draft)",
        "data/weeks/2026-01-08/draft/projects.csv: 1 draft row not in the book (move it into the week's tables or delete the draft)",
    ]
    assert draft.pending(project.data) == out


def test_no_draft_no_notice(project):
    assert draft.pending(project.data) == []
