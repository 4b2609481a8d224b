"""What the Home, Materials and Vehicles chapters say, checked on the built HTML against the data.

Every expected value is computed here from the CSV files in data/, not copied from a page, so a
test fails when a chapter stops showing what the data says (or the data changes and the page does
not follow)."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

from ssbook.claims import FINDING_WORDS
from ssbook.project import template_defaults

pytestmark = pytest.mark.xdist_group("chapters_content")  # its module fixtures are made once, on one worker

DATA = ROOT / "data"
WEEKS = sorted(p.name for p in (DATA / "weeks").iterdir() if p.is_dir())
VEHICLE_IDS = [
    s["vehicle_id"]
    for c in yaml.safe_load((ROOT / "book.yml").read_text(encoding="utf-8"))["chapters"]
    if c["template"] == "chapters/vehicle.md"
    for s in c.get("parameter_sets", [])
]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCK = {"p", "div", "li", "ul", "ol", "table", "tr", "td", "th", "section", "figure", "figcaption", "h1", "h2", "h3", "br", "small"}
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


# --- the data, read straight from the CSV files --------------------------------------------------

def rows(table: str, weeks: list[str] | None = None) -> list[dict]:
    """Every row of a weekly table in `weeks` (default: all), with its week."""
    found = []
    for week in weeks if weeks is not None else WEEKS:
        with open(DATA / "weeks" / week / f"{table}.csv", encoding="utf-8-sig", newline="") as handle:
            found += [{**row, "week": week} for row in csv.DictReader(handle)]
    return found


def reference(table: str) -> list[dict]:
    with open(DATA / f"{table}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def day(text: str) -> str:
    """A partial date at its start, sortable: '2024' -> '2024-01-01'."""
    return {4: text + "-01-01", 7: text + "-01"}.get(len(text), text)


def number(text: str) -> str:
    """A figure as the book prints it: '2050' -> '2,050', '33.3' -> '33.3'."""
    value = float(text)
    return f"{value:,.15g}"


def long_date(text: str) -> str:
    from datetime import date

    d = date.fromisoformat(text)
    return f"{d.day} {d:%B %Y}"


def end_day(text: str) -> str:
    """A partial date at its end, sortable: '2024' -> '2024-12-31', '2025-02' -> '2025-02-28'."""
    import calendar

    if len(text) == 4:
        return text + "-12-31"
    if len(text) == 7:
        return f"{text}-{calendar.monthrange(int(text[:4]), int(text[5:]))[1]:02d}"
    return text


def setting(chapter: str, name: str) -> int:
    """A window a chapter template takes as a parameter (`RECENT_EDITIONS`): how much history an exhibit shows."""
    return template_defaults(ROOT / "chapters" / f"{chapter}.md")[name]


def last_editions(edition: str, count: int) -> list[str]:
    """The last `count` editions up to `edition`."""
    return [w for w in WEEKS if w <= edition][-count:]


# --- the built pages, as a small tree --------------------------------------------------------------

class Node:
    def __init__(self, tag: str, attrs: dict, parent: "Node | None"):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list = []

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self) -> str:
        """The text a reader sees (typographic quotes made plain), blocks separated by a space."""
        return re.sub(r"\s+", " ", self._text()).strip().translate(QUOTES)

    def _text(self) -> str:
        parts = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag not in ("script", "style"):
                    inner = child._text()
                    parts.append(f" {inner} " if child.tag in BLOCK else inner)
            else:
                parts.append(child)
        return "".join(parts)

    def raw(self) -> str:
        return "".join(c if isinstance(c, str) else c.raw() for c in self.children)

    def all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list["Node"]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes) and all(
                    child.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items()
                ):
                    found.append(child)
                found += child.all(tag, cls, **attrs)
        return found

    def one(self, tag: str | None = None, cls: str | None = None, **attrs) -> "Node":
        found = self.all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'} class={cls} {attrs}> in <{self.tag} {self.attrs}>"
        return found[0]


class Tree(HTMLParser):
    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.root = Node("document", {}, None)
        self.current = self.root
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def page(edition_dir: Path, name: str) -> Node:
    return Tree((edition_dir / name).read_text(encoding="utf-8")).root


def section(doc: Node, section_id: str) -> Node:
    return doc.one("section", id=section_id)


def table_rows(figure: Node) -> tuple[list[str], list[list[str]]]:
    table = figure.one("table", "ssb-table")
    head = [th.text() for th in table.one("thead").all("th")]
    body = [[td.text() for td in tr.all("td")] for tr in table.one("tbody").all("tr")]
    return head, body


def chart_data(figure: Node) -> list[dict]:
    """Every data row inlined in the figure's chart spec(s)."""
    values = []
    for script in figure.all("script", "ssb-chart-spec"):
        spec = json.loads(script.raw())
        for dataset in spec.get("datasets", {}).values():
            values += dataset
        values += spec.get("data", {}).get("values", []) if isinstance(spec.get("data"), dict) else []
    return values


PAGES = ["index.html", "materials.html", "vehicles.html"] + [f"vehicles/{v}.html" for v in VEHICLE_IDS]
EXHIBITS = {
    "index.html": ["fig-home-segments", "tbl-home-events"],
    "materials.html": ["fig-materials-stages", "tbl-materials-stages", "fig-materials-capacity", "fig-materials-prices",
                       "fig-materials-carbonate", "fig-materials-directions", "tbl-materials-prices"],
    "vehicles.html": ["tbl-vehicles-compare", "fig-vehicles-status", "fig-vehicles-density", "tbl-vehicles-roadmaps"],
    **{f"vehicles/{v}.html": [f"{label}-{v}" for label in ("tbl-vehicle-spec", "tbl-vehicle-conflicts", "fig-vehicle-timeline",
                                                             "tbl-vehicle-milestones")] for v in VEHICLE_IDS},
}


@pytest.fixture(scope="module")
def editions(built) -> dict[str, Path]:
    return {week: built.site / "editions" / week for week in WEEKS}


# --- every page: numbered exhibits with captions, no markup left over ------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_exhibits_are_numbered_and_captioned(latest, name):
    doc = page(latest, name)
    figures = {f.attrs.get("id"): f for f in doc.all("figure")}
    for label in EXHIBITS[name]:
        assert label in figures, f"{name}: no exhibit {label}"
        caption = figures[label].one("figcaption")
        assert re.fullmatch(r"Exhibit \d+", caption.one("span", "caption-number").text()), f"{name}: {label} is not numbered"
        assert len(caption.one("span", "caption-text").text()) > 30, f"{name}: {label} has no real caption"
    for figure in figures.values():
        for chart in figure.all("div", "ssb-chart"):
            assert len(chart.one("p", "ssb-chart-description").text()) > 40, f"{name}: a chart without a text description"
            assert chart.one("div", "ssb-chart-static").all("svg"), f"{name}: a chart without its static SVG"


@pytest.mark.parametrize("edition", WEEKS)
@pytest.mark.parametrize("name", PAGES)
def test_no_markup_or_placeholder_reaches_the_reader(editions, edition, name):
    words = page(editions[edition], name).one("main").text()
    for leftover in ("{glue", "{doc}", "{numref}", "{ref}", "](", "<NA>", "Traceback", "\\("):
        assert leftover not in words, f"{edition}/{name} shows {leftover!r}"
    assert not re.search(r"\b(nan|NaN|NaT)\b|[:(,] None\b", words), f"{edition}/{name} shows an empty value as text"


# --- Home ---------------------------------------------------------------------------------------

def keyfigure(doc: Node, key: str) -> str:
    return doc.one("div", "ssb-keyfigure", data_key=key).one("strong").text()


@pytest.mark.parametrize("edition", WEEKS)
def test_home_counts_and_key_figures_follow_the_data(editions, edition):
    doc = page(editions[edition], "index.html")
    events, projects = rows("events", [edition]), rows("projects", [edition])
    assert keyfigure(doc, "developments") == str(len(events))
    assert keyfigure(doc, "projects") == str(len(projects))
    intro = doc.one("main").one("p").text() + " " + doc.one("main").all("p")[1].text()
    assert f"{len(events)} development" in intro and f"{len(projects)} capacity or investment project" in intro
    assert long_date(edition) in intro

    upto = [w for w in WEEKS if w <= edition]
    week = [r for r in rows("prices", [edition]) if r["value"]]
    week = sorted(week, key=lambda r: (r["material"] != "lithium sulphide", {"average": 0, "index": 1}.get(r["basis"], 9)))
    li2s = sorted((day(r["date"]), r["week"], r) for r in rows("prices", upto) if r["material"] == "lithium sulphide" and r["value"])
    shown = week[0] if week else li2s[-1][2]  # the week's own price, else lithium sulphide's latest
    assert keyfigure(doc, "price") == " ".join(x for x in (shown["qualifier"], number(shown["value"]), shown["unit"]) if x)
    box = doc.one("div", "ssb-keyfigure", data_key="price").text()
    assert (f"{shown['material']}" in box) and (("this week" in box and "no price" not in box) if week else "no price this week" in box)

    claims = rows("vehicle_claims", upto)
    verified = sum(r["status"] == "verified" for r in claims)
    assert keyfigure(doc, "verified") == f"{verified} of {len(claims)}"


@pytest.mark.parametrize("edition", WEEKS)
def test_home_headlines_come_from_the_weeks_facts(editions, edition):
    items = section(page(editions[edition], "index.html"), "headline-developments").all("li")
    events = [r for r in rows("events", [edition]) if r["timing"] == "actual"]
    summaries = {r["summary"] for r in events}
    headlines = [li for li in items if not li.text().startswith(("Prices", ))]
    assert 1 <= len(headlines) <= 6 if events else True
    for li in headlines:
        if "(project," in li.text():
            assert any(r["product"] in li.text() for r in rows("projects", [edition]))
        else:
            assert any(s in li.text() for s in summaries), f"headline not from this week's facts: {li.text()[:80]}"
    companies = [li.one("strong").text() for li in headlines if "(project," not in li.text()]
    assert len(companies) == len(set(companies)), "one headline per company"


def test_home_first_edition_has_no_previous(editions):
    text = section(page(editions[WEEKS[0]], "index.html"), "what-changed-since-the-previous-edition").text()
    assert "first edition" in text and "no previous edition" in text


@pytest.mark.parametrize("edition", WEEKS[1:])
def test_home_what_changed_lists_the_new_facts(editions, edition):
    earlier = [w for w in WEEKS if w < edition]
    previous = earlier[-1]
    block = section(page(editions[edition], "index.html"), "what-changed-since-the-previous-edition")
    text = block.text()
    assert f"Against the edition of {long_date(previous)}" in text

    known_projects = {r["project_id"] for r in rows("projects", earlier)}
    new_projects = [r for r in rows("projects", [edition]) if r["project_id"] not in known_projects]
    assert (f"{len(new_projects)} new project" in text) if new_projects else ("no new projects" in text)
    for project in new_projects:
        assert f"{project['company']}: {project['product']}" in text

    def key(name: str) -> str:
        return " ".join(name.split()).casefold()

    known = {key(r["company"]) for t in ("events", "projects") for r in rows(t, earlier)}
    new_companies = {r["company"] for t in ("events", "projects") for r in rows(t, [edition]) if key(r["company"]) not in known}
    paragraph = next(p.text() for p in block.all("p") if p.text().startswith("New companies"))
    for company in new_companies:
        assert company in paragraph, f"new company {company} missing"
    for company in {r["company"] for t in ("events", "projects") for r in rows(t, earlier)} - new_companies:
        assert f"{company} (" not in paragraph, f"{company} is not new"

    for event in rows("events", [edition]):
        if event["vehicle_id"]:
            assert event["summary"] in text, f"vehicle milestone missing: {event['event_id']}"

    materials = {r["material"] for r in rows("prices", [edition]) if r["direction"]}
    items = [li.text() for li in block.all("li")]
    for material in materials:
        assert any(item.startswith(f"{material} (") for item in items), f"no price direction line for {material}"


def test_home_direction_change_is_named(editions):
    """Lithium sulphide: its latest direction of one edition against the next, from the CSVs, each reading
    with its figure when it has one ('slightly down at 2,050 yuan/kg … reversed from slightly up on …')."""
    def latest(week: list[str]) -> dict:
        readings = sorted(((r["week"], day(r["date"])), i, r) for i, r in enumerate(rows("prices", week))
                          if r["material"] == "lithium sulphide" and r["direction"])
        return readings[-1][2]

    for i in range(1, len(WEEKS)):
        before, now = latest(WEEKS[:i]), latest([WEEKS[i]])
        block = section(page(editions[WEEKS[i]], "index.html"), "what-changed-since-the-previous-edition")
        line = next(li.text() for li in block.all("li") if li.text().startswith("lithium sulphide ("))
        at = f" at {number(now['value'])} {now['unit']}" if now["value"] else ""
        assert f": {now['direction']}{at} [" in line
        earlier_at = f" at {number(before['value'])} {before['unit']}" if before["value"] else ""
        if before["direction"] == now["direction"]:
            when = long_date(before["date"]) if len(before["date"]) == 10 else ""
            assert f"{now['direction']} again, as on {when}" in line and f"{earlier_at} [" in line
        else:
            assert f"from {before['direction']}{earlier_at} on " in line and ("reversed" in line or "changed" in line)


# --- Materials ----------------------------------------------------------------------------------

@pytest.mark.parametrize("edition", WEEKS)
def test_materials_show_the_recent_prices_and_a_bounded_price_history(editions, edition):
    """The price table holds every price of the last RECENT_EDITIONS editions (and says so when there are
    earlier ones); the yuan/kg chart every reading of the last 13 weeks, then the last reading of each month
    back to two years ago, of each quarter back to four years ago and of each year before (every point a printed
    price); the yuan/t chart the latest readings of every series."""
    import pandas as pd

    doc = page(editions[edition], "materials.html")
    upto = [w for w in WEEKS if w <= edition]
    recent = last_editions(edition, setting("materials", "RECENT_EDITIONS"))
    prices = rows("prices", recent)
    _, table = table_rows(doc.one("figure", id="tbl-materials-prices"))
    assert len(table) == len(prices)
    caption = doc.one("figure", id="tbl-materials-prices").one("figcaption").text()
    if len(recent) < len(upto):
        assert f"the last {len(recent)} editions" in caption and "dataset" in caption
    else:
        assert "Every price and price direction in the sources" in caption
    text = section(doc, "price-monitor").text()
    for r in prices:
        for column in ("value", "low", "high"):
            if r[column]:
                assert number(r[column]) in text, f"{r['material']} {column} {r[column]} not on the page"

    today = pd.Timestamp(edition)
    quarter = (today - pd.DateOffset(weeks=13)).date().isoformat()
    two_years = (today - pd.DateOffset(years=2)).date().isoformat()
    four_years = (today - pd.DateOffset(years=4)).date().isoformat()
    per_kg = sorted(((day(r["date"]), r["week"], i), r) for i, r in enumerate(rows("prices", upto))
                    if r["unit"] == "yuan/kg" and r["value"])
    kept = {}
    for (start, _, i), r in per_kg:  # in date order: a later reading of the same month or quarter replaces an earlier one
        if start >= quarter:
            key = ("reading", i)
        elif start >= two_years:
            key = ("month", start[:7])
        elif start >= four_years:
            key = ("quarter", start[:4], (int(start[5:7]) - 1) // 3)
        else:
            key = ("year", start[:4])
        kept[(r["material"], key)] = r
    plotted = chart_data(doc.one("figure", id="fig-materials-prices"))
    assert sorted((p["material"], p["value"], p["date"]) for p in plotted if "value" in p) == sorted(
        (r["material"], float(r["value"]), r["date"]) for r in kept.values())
    per_t = [r for r in rows("prices", upto) if r["unit"] == "yuan/t"]
    carbonate = chart_data(doc.one("figure", id="fig-materials-carbonate"))
    assert {(p["material"], p["basis"]) for p in carbonate if "basis" in p} == {(r["material"], r["basis"]) for r in per_t}
    latest = setting("materials", "LATEST_READINGS")

    def reading(low, high, when):
        return float(low), float(high), when

    for series in {(r["material"], r["basis"]) for r in per_t}:
        readings = sorted(((day(r["date"]), r["week"], i), r) for i, r in enumerate(per_t) if (r["material"], r["basis"]) == series)
        expected = {reading(r["low"] or r["value"], r["high"] or r["value"], r["date"]) for _, r in readings[-latest:]}
        drawn = {reading(p["low_or_value"], p["high_or_value"], p["date"]) for p in carbonate
                 if (p.get("material"), p.get("basis")) == series and "low_or_value" in p}
        assert drawn == expected, series


@pytest.mark.parametrize("edition", WEEKS)
def test_materials_direction_grid_has_every_material_and_week(editions, edition):
    """The grid: every material with a direction in the last GRID_EDITIONS editions, one cell per week."""
    doc = page(editions[edition], "materials.html")
    grid = last_editions(edition, setting("materials", "GRID_EDITIONS"))
    prices = [r for r in rows("prices", grid) if r["direction"]]
    cells = chart_data(doc.one("figure", id="fig-materials-directions"))
    assert {(c["material"], c["edition"]) for c in cells} == {(r["material"], r["week"]) for r in prices}
    labels = {"traditional": "Traditional (shared with liquid cells)", "specialised": "Specialised (solid-state only)"}
    assert {c["category_label"] for c in cells} == {labels[r["category"]] for r in prices}  # grouped by category
    for c in cells:
        assert any(labels[r["category"]] == c["category_label"] for r in prices if r["material"] == c["material"])
    caption = doc.one("figure", id="fig-materials-directions").one("figcaption").text()
    assert ("every edition so far" in caption) if len(grid) == len([w for w in WEEKS if w <= edition]) else (
        f"the last {len(grid)} editions" in caption)


def test_materials_stages_and_capacity(latest):
    """One table line (and one dot) per company, route, stage, timing and kind of fact, for the companies and
    routes furthest along in each segment (all of them while a segment has at most ROWS_PER_SEGMENT); capacities
    of the LARGEST material projects in the text."""
    doc = page(latest, "materials.html")
    segments = ("cathode", "electrolyte", "anode")
    projects = {r["project_id"]: r for r in rows("projects") if r["segment"] in segments}
    events = [r for r in rows("events") if r["segment"] in segments]
    facts = [{**r, "kind": "development"} for r in events] + [{**r, "timing": "actual", "kind": "project"} for r in projects.values()]
    dots = {(r["segment"], r["company"], r["route"], r["stage"], r["timing"], r["kind"]) for r in facts}
    _, table = table_rows(doc.one("figure", id="tbl-materials-stages"))
    cap = setting("materials", "ROWS_PER_SEGMENT")
    for segment in segments:
        whos = {(d[1], d[2]) for d in dots if d[0] == segment}
        lines = [row for row in table if row[0].startswith(f"{segment} ·")]
        shown = {(row[1], row[0].split(" · ", 1)[1].replace("route not stated", "")) for row in lines}
        if len(whos) <= cap:
            assert shown == whos, segment
            assert len(lines) == len([d for d in dots if d[0] == segment]), f"{segment}: one line per dot"
        else:
            assert len(shown) == cap and shown <= whos, segment
    if all(len({(d[1], d[2]) for d in dots if d[0] == s}) <= cap for s in segments):
        assert {row[1] for row in table} == {r["company"] for r in facts}
        assert "every company and route named in the sources" in doc.one("figure", id="fig-materials-stages").text()
    stages = section(doc, "who-is-at-which-stage").text()
    for route in ("high-nickel ternary", "lithium-rich manganese", "LFP", "sulphide", "lithium sulphide", "oxide", "polymer",
                  "CVD silicon-carbon", "lithium metal"):
        assert route in stages
    capacity = section(doc, "capacity-and-investment").text()
    sized = sorted((p for p in projects.values() if p["capacity_unit"] in ("t", "t/yr")), key=lambda p: -float(p["capacity_value"]))
    largest = setting("materials", "LARGEST")
    for p in sized[:largest]:
        assert f"{number(p['capacity_value'])} {p['capacity_unit']}" in capacity
    assert (f"the {largest} largest projects" in capacity) == (len(sized) > largest)
    assert "tonnes a year" in capacity and "no period stated" in capacity


# --- Vehicles -----------------------------------------------------------------------------------

def claims_of(vehicle_id: str, weeks: list[str] | None = None) -> list[dict]:
    return [r for r in rows("vehicle_claims", weeks) if r["vehicle_id"] == vehicle_id]


def figure_key(claim: dict) -> tuple:
    """What the vehicle pages group a claim by: its number (range, qualifier, unit), or its words."""
    if claim["value"]:
        return ("number", float(claim["value"]), claim["value_high"], claim["qualifier"], claim["unit"])
    return ("words", "not disclosed" if claim["status"] == "not disclosed" else claim["value_text"])


def named_sources(ids: list[str], listed: int) -> tuple[list[str], int]:
    """The source ids a page names for one figure (the `listed` most recent, distinct) and how many it only counts."""
    distinct = list(dict.fromkeys(ids))
    return distinct[-listed:], max(0, len(distinct) - listed)


@pytest.mark.parametrize("vehicle_id", VEHICLE_IDS)
def test_vehicle_page_title_and_specification(latest, vehicle_id):
    doc = page(latest, f"vehicles/{vehicle_id}.html")
    name = next(v["name"] for v in reference("vehicles") if v["vehicle_id"] == vehicle_id)
    assert doc.one("h1").text().rstrip("#").strip() == name
    claims = claims_of(vehicle_id)
    head, body = table_rows(doc.one("figure", id=f"tbl-vehicle-spec-{vehicle_id}"))
    assert head[0] == "Attribute"
    assert sorted(row[0] for row in body) == sorted({c["attribute"] for c in claims}), "one row per attribute"
    per_attribute, listed = setting("vehicle", "FIGURES_PER_ATTRIBUTE"), setting("vehicle", "SOURCES_LISTED")
    for row in body:
        figures: dict[tuple, list[str]] = {}
        for c in (c for c in claims if c["attribute"] == row[0]):
            figures.setdefault(figure_key(c), []).append(c["source_id"])
        if len(figures) > per_attribute:
            assert f"{len(figures) - per_attribute} other figure" in row[1], row[0]
            continue
        for ids in figures.values():
            named, counted = named_sources(ids, listed)
            for source in named:
                assert source in row[1], f"{row[0]}: source {source} missing"
            if counted:
                assert f"and {counted} earlier" in row[1]
        statuses = {c["status"] for c in claims if c["attribute"] == row[0]}
        labels = {"claimed": ("claimed by ", "company claim (no source names the company)"), "reported": ("third-party report",),
                  "verified": ("verified",), "not disclosed": ("not disclosed",)}
        for status in statuses:
            assert any(label in row[2] for label in labels[status]), (row[0], status, row[2])
        for check in (c for c in rows("claim_checks") if c["vehicle_id"] == vehicle_id and c["attribute"] == row[0]):
            assert f"{FINDING_WORDS[check['finding']]} {check['by']} (" in row[2] and f"source {check['source_id']})" in row[2]


@pytest.mark.parametrize("vehicle_id", VEHICLE_IDS)
def test_vehicle_disputes_verdicts_and_promises_follow_the_data(latest, vehicle_id):
    doc = page(latest, f"vehicles/{vehicle_id}.html")
    checks = [c for c in rows("claim_checks") if c["vehicle_id"] == vehicle_id]
    figure = doc.one("figure", id=f"tbl-vehicle-findings-{vehicle_id}")
    if checks:
        head, body = table_rows(figure)
        assert head[:3] == ["Attribute", "Finding", "By"]
        assert sorted((r[0], r[1], r[2]) for r in body) == sorted((c["attribute"], c["finding"], c["by"]) for c in checks)
    else:
        assert "No dispute or verdict" in figure.text()
    promises = [p for p in rows("promises") if p["vehicle_id"] == vehicle_id]
    text = section(doc, "promises").text()
    for promise in promises:
        assert f"({promise['source_id']}, " in text, f"promise statement {promise['source_id']} missing"
    if promises:
        assert "As of this edition: pending" in text and "first announced for" in text


@pytest.mark.parametrize("vehicle_id", VEHICLE_IDS)
def test_vehicle_not_disclosed_list(latest, vehicle_id):
    claims = claims_of(vehicle_id)
    attributes = {c["attribute"] for c in claims}
    withheld = {a for a in attributes if all(c["status"] == "not disclosed" for c in claims if c["attribute"] == a)}
    block = section(page(latest, f"vehicles/{vehicle_id}.html"), "what-is-not-disclosed")
    listed = {li.one("strong").text() for li in block.all("li") if "not disclosed according to" not in li.text()}
    assert listed == withheld
    if not withheld:
        assert "No source says" in block.text()


def test_tiangong_withholds_pack_energy_range_charging_and_cycle_life(latest):
    block = section(page(latest, "vehicles/hongqi-tiangong-06.html"), "what-is-not-disclosed")
    listed = {li.one("strong").text() for li in block.all("li") if "according to" not in li.text()}
    assert {"pack energy", "range", "charge time", "cycle life"} <= listed


@pytest.mark.parametrize("vehicle_id", VEHICLE_IDS)
def test_vehicle_conflicts_side_by_side(latest, vehicle_id):
    """Every attribute with two numbers in the same unit is shown with both numbers and their sources."""
    doc = page(latest, f"vehicles/{vehicle_id}.html")
    block = section(doc, "where-the-sources-differ")
    items = {li.one("strong").text(): li.text() for li in block.all("li")}
    claims = claims_of(vehicle_id)
    per_attribute, listed = setting("vehicle", "FIGURES_PER_ATTRIBUTE"), setting("vehicle", "SOURCES_LISTED")
    for attribute in {c["attribute"] for c in claims}:
        numbers = {}
        for c in claims:
            if c["attribute"] == attribute and c["value"]:
                numbers.setdefault(c["unit"], {}).setdefault(c["value"], []).append(c["source_id"])
        figures = {figure_key(c) for c in claims if c["attribute"] == attribute}
        for unit, values in numbers.items():
            if len(values) > 1:
                assert attribute in items, f"{attribute} differs but is not shown"
                if len(figures) > per_attribute:
                    assert f"{len(figures) - per_attribute} other figure" in items[attribute]
                    continue
                for value, sources in values.items():
                    assert number(value) in items[attribute]
                    for source in named_sources(sources, listed)[0]:
                        assert source in items[attribute]
    if items:
        _, table = table_rows(doc.one("figure", id=f"tbl-vehicle-conflicts-{vehicle_id}"))
        lines = setting("vehicle", "CONFLICT_LINES")
        expected = sum(min(lines, sum(1 for c in claims if c["attribute"] == a)) for a in items)
        assert len(table) == expected, "one line per source (the most recent ones) for each differing attribute"


def test_donut_lab_conflicts(latest):
    block = section(page(latest, "vehicles/verge-ts-pro.html"), "where-the-sources-differ")
    items = {li.one("strong").text(): li.text() for li in block.all("li")}
    cycle = [c for c in claims_of("verge-ts-pro") if c["attribute"] == "cycle life"]
    assert {number(c["value"]) for c in cycle} >= {"100,000", "10,000"}
    for c in cycle:
        assert number(c["value"]) in items["cycle life"] and c["source_id"] in items["cycle life"]
    assert "no lithium" in items["chemistry"] and "Lithium-Luft" in items["chemistry"]
    assert "charge time" in items


@pytest.mark.parametrize("vehicle_id", VEHICLE_IDS)
def test_vehicle_milestones(editions, vehicle_id):
    for edition in WEEKS:
        doc = page(editions[edition], f"vehicles/{vehicle_id}.html")
        events = [r for r in rows("events", [w for w in WEEKS if w <= edition]) if r["vehicle_id"] == vehicle_id]
        timeline = doc.one("figure", id=f"fig-vehicle-timeline-{vehicle_id}")
        if not events:
            assert "No milestone" in timeline.text()
            continue
        # the latest MILESTONES by date (start, then end of the period the source gives), all while there are fewer
        ordered = sorted(enumerate(events), key=lambda ie: (day(ie[1]["date"]), end_day(ie[1]["date"]), ie[0]))
        shown = [e for _, e in ordered[-setting("vehicle", "MILESTONES"):]]
        plotted = chart_data(timeline)
        assert sorted(p["summary"] for p in plotted if "summary" in p) == sorted(r["summary"] for r in shown)
        assert {p["timing"] for p in plotted if "timing" in p} == {r["timing"] for r in shown}
        _, table = table_rows(doc.one("figure", id=f"tbl-vehicle-milestones-{vehicle_id}"))
        assert len(table) == len(shown)
        assert ("latest milestones" in timeline.text()) == (len(shown) < len(events))


def test_vehicles_overview_compares_and_places_claims_on_roadmaps(latest):
    doc = page(latest, "vehicles.html")
    vehicles = reference("vehicles")
    head, body = table_rows(doc.one("figure", id="tbl-vehicles-compare"))
    assert head == ["Attribute"] + [v["name"] for v in vehicles]
    claims = rows("vehicle_claims")
    assert {row[0] for row in body} >= {c["attribute"] for c in claims}

    density = [c for c in claims if c["attribute"] == "energy density" and c["unit"] == "Wh/kg" and c["value"]]
    text = section(doc, "energy-density-against-published-roadmaps").text()
    # each vehicle's DENSITY_FIGURES most recently stated figures, with their (most recent) sources
    last_stated, sources = {}, {}
    for i, c in enumerate(density):
        key = (c["vehicle_id"], float(c["value"]), c["status"])
        last_stated[key] = i
        sources.setdefault(key, []).append(c["source_id"])
    kept = setting("vehicles", "DENSITY_FIGURES")
    for vehicle in {k[0] for k in last_stated}:
        mine = sorted((k for k in last_stated if k[0] == vehicle), key=lambda k: -last_stated[k])
        name = next(v["name"] for v in vehicles if v["vehicle_id"] == vehicle)
        for key in mine[:kept]:
            assert f"{name}: {number(str(key[1]))} Wh/kg" in text
            for source in named_sources(sources[key], setting("vehicles", "SOURCES_LISTED"))[0]:
                assert source in text
        if len(mine) > kept:
            assert f"{len(mine) - kept} other figure" in text
    # a revised roadmap replaces the earlier one: the latest week's figures of each forecaster, scope and year
    energy = [r for r in rows("forecasts") if r["metric"] == "energy density" and r["unit"] == "Wh/kg"]
    newest = {}
    for r in energy:
        newest[(r["forecaster"], r["scope"], r["year"])] = max(newest.get((r["forecaster"], r["scope"], r["year"]), ""), r["week"])
    roadmaps = {(r["forecaster"], r["year"], r["value"], r["value_high"]) for r in energy
                if r["week"] == newest[(r["forecaster"], r["scope"], r["year"])]}
    _, table = table_rows(doc.one("figure", id="tbl-vehicles-roadmaps"))
    assert len(table) == len(roadmaps)
    plotted = chart_data(doc.one("figure", id="fig-vehicles-density"))
    assert {p["group"] for p in plotted if "group" in p} == {"vehicle figure", "roadmap"}
