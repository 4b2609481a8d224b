"""The Projects, Forecasts (with its scenario pages) and Data & methods chapters as built: the map
ships its geometry inline, every scenario has its page and assumption table, the published-figure
checks show values computed from the data, and every figure and table has a numbered caption."""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import pytest

from ssbook import scenarios as sc
from ssbook.project import template_defaults

pytestmark = pytest.mark.xdist_group("chapters_forecasts_projects")  # its module fixtures are made once, on one worker

ROOT = Path(__file__).resolve().parents[1]


def read(latest: Path, name: str) -> str:
    return (latest / name).read_text(encoding="utf-8")


def words(markup: str) -> str:
    """The visible text of a page, whitespace collapsed (scripts, styles and SVGs left out)."""
    markup = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", markup, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace("\u2019", "'")
    return re.sub(r"\s+", " ", text)


def figure_block(markup: str, label: str) -> str:
    start = markup.index(f'id="{label}"')
    return markup[start:markup.index("</figure>", start)]


def specs(block: str) -> list[dict]:
    return [json.loads(s) for s in re.findall(r'<script type="application/json" class="ssb-chart-spec">(.*?)</script>', block, flags=re.S)]


def walk(value):
    """Every (key, value) pair in a nested spec."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def rows(table: str, edition: str | None = None) -> list[dict]:
    """Every row of a weekly table up to `edition` (default: all), with its week."""
    found = []
    for week in sorted((ROOT / "data" / "weeks").iterdir()):
        if edition and week.name > edition:
            continue
        with open(week / f"{table}.csv", encoding="utf-8-sig", newline="") as handle:
            found += [{**row, "week": week.name} for row in csv.DictReader(handle)]
    return found


def setting(chapter: str, name: str) -> int:
    """A window a chapter template takes as a parameter (`RECENT_EDITIONS`): how much history an exhibit shows."""
    return template_defaults(ROOT / "chapters" / f"{chapter}.md")[name]


def forecast(forecast_id: str) -> float:
    return float(next(r for r in rows("forecasts") if r["forecast_id"] == forecast_id)["value"])


def captions(markup: str) -> list[str]:
    return re.findall(r'<span class="caption-number">(.*?)</span>\s*<span class="caption-text">(.*?)</span>', markup, flags=re.S)


# Projects: the map.

def test_map_loads_its_geometry_from_the_sites_own_assets(latest):
    """The provinces' geometry is one shared asset of the site (not 66 KB inline in every edition's
    page), loaded by a relative address that resolves inside the site; nothing comes from another host."""
    block = figure_block(read(latest, "projects.html"), "fig-projects-map")
    (spec,) = specs(block)
    (address,) = [v for k, v in walk(spec) if k == "url"]
    assert address.startswith("../../_assets/"), address
    topology = json.loads((latest / address).resolve().read_text(encoding="utf-8"))
    assert topology["type"] == "Topology" and topology["arcs"]
    assert len(topology["objects"]["provinces"]["geometries"]) == 34, "the provinces' geometry is not in the asset"
    assert '<div class="ssb-chart-static"><svg' in block and block.count("<path") > 34, "no static map drawn"
    assert "http://" not in json.dumps(spec).replace("http://www.w3.org", "") and "https://" not in json.dumps(spec).replace("https://vega.github.io", "")


def test_map_places_every_project_with_a_province_in_china(latest):
    from ssbook import geo

    block = figure_block(read(latest, "projects.html"), "fig-projects-map")
    (spec,) = specs(block)
    points = [v for _, v in walk(spec) if isinstance(v, list) and v and isinstance(v[0], dict)]
    mapped = {row["province"] for values in points for row in values if isinstance(row, dict) and "province" in row}
    expected = {r["province"] for r in rows("projects") if r["province"] and geo.locate(r["province"])}
    abroad = {r["province"] for r in rows("projects") if r["province"] and not geo.locate(r["province"])}
    assert expected and mapped == expected
    assert "Finland" in abroad, "the test data should hold a project outside China"
    text = words(read(latest, "projects.html"))
    assert "listed, not mapped" in text
    for province in abroad:
        assert province in text, f"{province} is not listed in the pipeline"


def test_geometry_file_is_small_and_licensed():
    folder = ROOT / "src" / "ssbook" / "geo"
    assert (folder / "china-provinces.topojson").stat().st_size < 150_000
    assert "Apache" in (folder / "LICENSE-echarts").read_text(encoding="utf-8")
    assert "echarts@4.9.0" in (folder / "README.md").read_text(encoding="utf-8")


def test_projects_lists_the_recent_projects_and_the_whole_investment_total(latest):
    """The pipeline table lists each project reported in the last RECENT_EDITIONS editions at its latest stage
    (every project while the book has no more editions); the investment total covers every project."""
    text = words(read(latest, "projects.html"))
    weeks = sorted(p.name for p in (ROOT / "data" / "weeks").iterdir() if p.is_dir())
    recent = weeks[-setting("projects", "RECENT_EDITIONS"):]
    latest_rows = {r["project_id"]: r for r in rows("projects")}
    markup = figure_block(read(latest, "projects.html"), "tbl-projects-pipeline")
    block = words(markup)
    listed = [r for r in latest_rows.values() if r["week"] in recent]
    assert markup.count("<tr>") - 1 == len(listed), "one line per recent project"
    for row in listed:
        assert row["company"] in block, f"{row['company']} missing from the pipeline"
        assert f"{row['date']}, {row['source_id']}" in block
    older = len(latest_rows) - len(listed)
    assert ("last reported earlier" in block) == bool(older)
    invested = sum(float(r["investment_value"]) for r in latest_rows.values() if r["investment_value"])
    assert f"{invested / 1e9:,.10g} billion yuan" in text


# Forecasts and the scenario pages.

@pytest.fixture(scope="module")
def scenario_sets(built):
    return sc.scenario_sets(built.root)


def test_every_scenario_has_a_page_with_its_assumption_table(latest, scenario_sets):
    assert len(scenario_sets) >= 3, "the base case and at least two alternatives"
    for parameters in scenario_sets:
        markup = read(latest, f"{parameters['output']}.html")
        block = figure_block(markup, f"tbl-scenario-assumptions-{parameters['scenario_id']}")
        table = words(block)
        assert parameters["scenario_title"] in words(markup)
        assert "Base-year split" in table and "scenario assumption" in table, parameters["scenario_id"]
        assert "S0" in table, f"{parameters['scenario_id']}: no published figure named with its source"
        assert f"id=\"fig-scenario-demand-{parameters['scenario_id']}\"" in markup
        assert "ssb-chart-static" in figure_block(markup, f"fig-scenario-demand-{parameters['scenario_id']}")


def test_scenarios_are_listed_on_the_forecasts_page(latest, scenario_sets):
    markup = read(latest, "forecasts.html")
    for parameters in scenario_sets:
        assert f'href="{parameters["output"]}.html"' in markup, f"no link to {parameters['output']}"


def test_published_checks_show_values_computed_from_the_data(latest):
    ass_2030 = forecast("smm-all-solid-state-penetration-2030") / 100 * forecast("smm-li-ion-demand-2030")
    growth = 100 * ((ass_2030 / forecast("smm-all-solid-state-shipments-2028")) ** 0.5 - 1)
    market = forecast("evtank-c9-shipments-2030") / (forecast("evtank-c9-penetration-2030") / 100)
    expected = [f"{ass_2030:,.1f} GWh", f"{growth:,.1f}% a year", f"{market:,.1f} GWh"]
    base = words(figure_block(read(latest, "scenarios/base.html"), "tbl-scenario-checks-base"))
    checks = words(figure_block(read(latest, "forecasts.html"), "tbl-forecasts-checks"))
    for value in expected:
        assert value in base, f"{value} not on the base scenario page"
        assert value in checks, f"{value} not on the forecasts page"


def test_base_scenario_demand_ends_at_smms_total(latest):
    table = words(figure_block(read(latest, "scenarios/base.html"), "tbl-scenario-demand-base"))
    assert "2030 " in table and f"{forecast('smm-li-ion-demand-2030'):,.1f}" in table


def test_forecasts_show_every_forecast_at_its_latest_figure(latest):
    """Every forecast (forecaster, metric, scope, year) at the figures of the latest week that gives it, with
    the publication date of its source; a table of revised forecasts says how many figures were replaced."""
    markup = figure_block(read(latest, "forecasts.html"), "tbl-forecasts")
    table = words(markup)
    sources = {r["source_id"]: r for r in csv.DictReader(open(ROOT / "data" / "sources.csv", encoding="utf-8-sig"))}
    every = rows("forecasts")
    newest = {}
    for row in every:
        key = (row["forecaster"], row["metric"], row["scope"], row["year"])
        newest[key] = max(newest.get(key, ""), row["week"])
    shown = [r for r in every if r["week"] == newest[(r["forecaster"], r["metric"], r["scope"], r["year"])]]
    assert markup.count("<tr>") - 1 == len(shown), "one line per forecast at its latest figure"
    for row in shown:
        assert row["forecaster"] in table
        assert (sources[row["source_id"]]["published"] or "not printed") in table
    assert ("revised since" in table) == (len(shown) < len(every))


def test_early_edition_says_the_scenario_is_not_computed(built):
    from ssbook.data import weeks

    first = built.site / "editions" / weeks(built.data)[0]
    if any(r["forecaster"] == "SMM" for r in rows("forecasts", weeks(built.data)[0])):
        pytest.skip("the first edition already holds SMM's outlook")
    assert "not computed for this edition" in words(read(first, "scenarios/base.html"))


# Data and methods.

def test_methods_dictionary_and_gaps_come_from_the_data(latest):
    text = words(read(latest, "methods.html"))
    for schema in sorted((ROOT / "data" / "schemas").glob("*.json")):
        for field in json.loads(schema.read_text(encoding="utf-8")).get("fields", []):
            assert field["name"] in text, f"{schema.stem}.{field['name']} missing from the data dictionary"
    sources = list(csv.DictReader(open(ROOT / "data" / "sources.csv", encoding="utf-8-sig")))
    undated = [s["source_id"] for s in sources if not s["published"]]
    assert f"{len(undated)} sources print no publication date" in text
    assert ", ".join(undated) in text


# Every figure and table of these pages has a numbered caption.

@pytest.mark.parametrize("name", ["projects.html", "forecasts.html", "methods.html", "scenarios/base.html"])
def test_every_exhibit_has_a_numbered_caption(latest, name):
    markup = read(latest, name)
    found = captions(markup)
    assert len(found) == markup.count("<figure"), f"{name}: a figure without a caption"
    assert found and all(number.startswith("Exhibit ") and text.strip() for number, text in found)
