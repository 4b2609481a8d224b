"""Whatever validation accepts, every chapter renders.

Weeks of valid-but-extreme rows are made from the schemas (data/schemas/*.json and units.json): every
field gets the edges its type and constraints allow (the smallest and largest numbers, zero, many
decimals, partial dates, 300-character and non-Latin text, empty optional cells) and every allowed value
is used somewhere; a few rules across fields (units, ranges, weeks, keys) are then kept so that the rows
are valid. Three weeks are added after the shipped ones: one with every table filled (two new vehicles
with their pages, one without any figure), one holding only price directions with no value, one that
moves the first week's projects on and revises every forecast so far to extreme figures. The rows must
pass `ssbook validate`, and each new edition must build, every page free of code, tracebacks, leftover
markup, numbers in exponent notation, text escaped twice, block markup made from data text and
values a logarithmic axis cannot place."""

from __future__ import annotations

import csv
import html
import json
import re
from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import nbformat
import pytest
import yaml
from jupyter_client import KernelManager

from conftest import ROOT, archived, copy_of

from ssbook.build import build
from ssbook.data import REFERENCE_TABLES, WEEKLY_TABLES, schema, weeks
from ssbook.execute import Workers, execute
from ssbook.newweek import new_week
from ssbook.project import Project
from ssbook.validate import validate

pytestmark = pytest.mark.xdist_group("extremes")  # its module fixtures are made once, on one worker

LAST_SHIPPED = weeks(ROOT / "data")[-1]
NEW_WEEKS = [(date.fromisoformat(LAST_SHIPPED) + timedelta(days=7 * n)).isoformat() for n in (1, 2, 3)]
FULL, DIRECTIONS, REVISIONS = NEW_WEEKS

LONG = ("Extremely Long Name Solid-State Battery Materials Holding Group Co., Ltd. " * 5)[:300]
TEXTS = [
    LONG,
    "宁德时代新能源科技股份有限公司（固态电池研究院）",
    "شركة البطاريات الصلبة المحدودة",
    "🔋⚡ Battery Co. 🚗💨",
    "A & B *Co* _Ltd_ [x](y) `z` $5 #1 | 50% {role}`x` ~ ^",
    "Line one of the cell\n\n- line two\n---\n> line three\n1. line four",
    "x",
    "C:\\battery\\co",
]
NUMBERS = ["0", "0.000000000001", "3.14159265358979", "999999999999999", "123456789.123456"]
NEGATIVE = ["-999999999999999", "-0.5"]
SHARES = ["0", "100", "0.000000000001", "33.3333333333333"]
CHANGES = {"cagr", "change month on month", "change year on year"}
FAR_FUTURE = ["9999-12-31", "9999-12", "2100"]
NEW_ATTRIBUTE = "新属性 thermal runaway onset"
NEW_METRIC = "محطة new metric nobody has seen"


def partial_dates(week: str) -> list[str]:
    """Every precision of a date, all on or before the week's end: the day, its month, its year, and the
    smallest date the pattern allows."""
    return [week, week[:7], week[:4], "0001-01-01", "0001"]


def field_values(field: dict) -> list[str]:
    """The edges of one field, from its type and constraints."""
    constraints = field.get("constraints", {})
    if "enum" in constraints:
        values = list(constraints["enum"])
    elif field["type"] == "integer":
        low, high = constraints.get("minimum", -999999999999), constraints.get("maximum", 999999999999)
        values = [str(low), str(high), str((low + high) // 2)]
    elif field["type"] == "number":
        values = NUMBERS + ([] if "minimum" in constraints else NEGATIVE)
        if "minimum" in constraints:
            values = [v for v in values if Decimal(v) >= Decimal(str(constraints["minimum"]))]
        if "maximum" in constraints:
            values = [v for v in values if Decimal(v) <= Decimal(str(constraints["maximum"]))] + [str(constraints["maximum"])]
    else:
        values = TEXTS
    return values + ([] if constraints.get("required") else [""])


def generic_rows(table: str, data_dir, rows: int) -> list[dict]:
    """`rows` rows of a table, the i-th taking the i-th edge of each field; row 0 leaves every optional
    field empty."""
    fields = schema(data_dir, table)["fields"]
    made = []
    for i in range(rows):
        row = {}
        for field in fields:
            values = field_values(field)
            required = field.get("constraints", {}).get("required")
            row[field["name"]] = "" if i == 0 and not required else values[i % len(values)]
        made.append(row)
    return made


def enough_rows(table: str, data_dir) -> int:
    """Rows enough for every field to show each of its edges at least once."""
    return max(len(field_values(f)) for f in schema(data_dir, table)["fields"]) + 1


def higher(value: str, by: str) -> str:
    """A number not below `value`: `value` + |by|, written in plain decimals."""
    return format(Decimal(value) + abs(Decimal(by)), "f")


def cycle(values: list[str], i: int) -> str:
    return values[i % len(values)]


class Maker:
    """The extreme rows of one project copy, table by table, kept valid across fields."""

    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.units = json.loads((data_dir / "schemas" / "units.json").read_text(encoding="utf-8"))
        self.ids = count(9000)
        self.vehicles = ["extreme-vehicle-with-claims", "extreme-vehicle-without-claims"]
        with open(data_dir / "vehicles.csv", newline="", encoding="utf-8-sig") as handle:
            self.existing_vehicle = next(csv.DictReader(handle))["vehicle_id"]
        self.shipped = {table: shipped_rows(data_dir, table) for table in WEEKLY_TABLES}

    def series(self, table: str, keys: tuple[str, ...]) -> list[dict]:
        """The series the shipped data already holds (their keys and unit), so that extreme values also
        land in the series the chapters single out (lithium sulphide's price, SMM's outlook)."""
        found: dict[tuple, dict] = {}
        for row in self.shipped[table]:
            entry = found.setdefault(tuple(row[k] for k in keys), {k: row[k] for k in keys} | {"unit": ""})
            entry["unit"] = entry["unit"] or row["unit"]
        return list(found.values())

    def sources(self, week: str) -> list[dict]:
        rows = generic_rows("sources", self.data_dir, enough_rows("sources", self.data_dir))
        for i, row in enumerate(rows):
            row["source_id"] = f"Z{next(self.ids)}"
            row["url"] = cycle([
                f"https://example.org/{'very-long-path/' * 20}{row['source_id']}?q=固态&x=%20#frag",
                f"http://example.com/{row['source_id']}",
            ], i)
            row["published"] = cycle([week, week[:7], week[:4], ""], i)
            row["published_note"] = "" if row["published"] else f"not printed; {row['published_note'] or 'the text gives no clue'}"
            row["language"] = cycle(["en", "zh", "sr", "ar", "de"], i)
            row["file"] = f"extreme-{row['source_id']}.txt"
        return rows

    def vehicles_rows(self, source_id: str) -> list[dict]:
        rows = generic_rows("vehicles", self.data_dir, len(self.vehicles))
        for vehicle_id, row in zip(self.vehicles, rows):
            row["vehicle_id"], row["source_id"] = vehicle_id, source_id
        return rows

    def events(self, week: str, sources: list[str]) -> list[dict]:
        rows = generic_rows("events", self.data_dir, enough_rows("events", self.data_dir))
        for i, row in enumerate(rows):
            row["event_id"] = f"{week}-extreme-{i}"
            row["date"] = cycle(FAR_FUTURE, i) if row["timing"] == "planned" else cycle(partial_dates(week), i)
            row["vehicle_id"] = cycle(["", self.vehicles[0], self.existing_vehicle], i)
            row["source_id"] = cycle(sources, i)
        return rows

    def projects(self, week: str, sources: list[str]) -> list[dict]:
        rows = generic_rows("projects", self.data_dir, enough_rows("projects", self.data_dir))
        provinces = ["", "Jiangsu", "西藏自治区", "Neverland Province 🏝", "Finland", LONG]
        for i, row in enumerate(rows):
            row["project_id"] = f"extreme-project-{i}"
            row["date"] = cycle(partial_dates(week), i)
            row["province"] = cycle(provinces, i)
            row["source_id"] = cycle(sources, i)
            for figure, unit in (("capacity", "capacity_unit"), ("investment", None)):
                if not row[f"{figure}_value"]:
                    row[f"{figure}_qualifier"] = ""
                    if unit:
                        row[unit] = ""
                elif unit and not row[unit]:
                    row[unit] = cycle(field_values(field_named("projects", unit, self.data_dir))[:-1], i)
        return rows

    def prices(self, week: str, sources: list[str], directions_only: bool = False) -> list[dict]:
        known = self.series("prices", ("material", "category"))
        rows = generic_rows("prices", self.data_dir, enough_rows("prices", self.data_dir) + len(known))
        for i, row in enumerate(rows):
            if i < len(known):
                row.update(material=known[i]["material"], category=known[i]["category"])
                row["unit"] = known[i]["unit"] or row["unit"]
            else:
                row["material"] = f"{cycle(TEXTS, i)} material {i}"
            row["date"] = cycle(partial_dates(week), i)
            row["source_id"] = cycle(sources, i)
            if directions_only:
                row["basis"] = "direction"
            if row["basis"] == "direction":
                row["direction"] = row["direction"] or "stable"
                row.update(value="", low="", high="", unit="", qualifier="")
                continue
            number = row["value"] or "0"
            if row["basis"] == "range":
                row["low"], row["high"] = number, higher(number, row["high"] or "1")
            else:
                row["value"], row["low"], row["high"] = number, "", ""
            row["unit"] = row["unit"] or "yuan/t"
        return rows

    def vehicle_claims(self, week: str, sources: list[str]) -> list[dict]:
        attributes = [*self.units["vehicle_claims"]["units"], NEW_ATTRIBUTE]
        rows = generic_rows("vehicle_claims", self.data_dir, max(len(attributes), enough_rows("vehicle_claims", self.data_dir)))
        for i, row in enumerate(rows):
            row["vehicle_id"] = cycle([self.vehicles[0], self.existing_vehicle], i)
            row["attribute"] = cycle(attributes, i)
            row["date"] = cycle(partial_dates(week), i)
            row["source_id"] = cycle(sources, i)
            units = self.units["vehicle_claims"]["units"][row["attribute"]]
            if not units or row["status"] == "not disclosed":
                row.update(value="", value_high="", unit="", qualifier="")
                continue
            row["value"] = row["value"] or cycle(NUMBERS, i)
            row["unit"] = cycle(units, i)
            if row["unit"] == "%":
                row["value"] = cycle(SHARES, i)
            if row["value_high"]:
                row["value_high"] = higher(row["value"], row["value_high"])
        return rows

    def claim_checks(self, week: str, sources: list[str]) -> list[dict]:
        """Findings on the shipped claims of the vehicle already listed, one per attribute and source."""
        pairs = list(dict.fromkeys((r["vehicle_id"], r["attribute"]) for r in self.shipped["vehicle_claims"]))
        rows = generic_rows("claim_checks", self.data_dir, min(enough_rows("claim_checks", self.data_dir), len(pairs) * len(sources)))
        for i, row in enumerate(rows):
            row["vehicle_id"], row["attribute"] = pairs[i % len(pairs)]
            row["source_id"] = sources[(i // len(pairs)) % len(sources)]
            row["date"] = cycle(partial_dates(week), i)
        return rows

    def promises(self, week: str, sources: list[str]) -> list[dict]:
        """Three promises, each stated by several sources at dates of every precision (met only by the week)."""
        from ssbook.promises import due_period

        milestones = next(f for f in schema(self.data_dir, "promises")["fields"] if f["name"] == "milestone")["constraints"]["enum"]
        count_ = max(enough_rows("promises", self.data_dir), 2 * len(milestones))
        rows = generic_rows("promises", self.data_dir, count_)
        for i, row in enumerate(rows):
            number = i % len(milestones)
            row["promise_id"] = f"extreme-promise-{week}-{number}"
            row["vehicle_id"] = cycle([self.vehicles[0], self.existing_vehicle], number)
            row["milestone"] = milestones[number]
            row["source_id"] = sources[(i // len(milestones)) % len(sources)]
            row["date"] = cycle(partial_dates(week), i)
            row["due"] = cycle([*FAR_FUTURE, f"{week[:4]}-Q1", *partial_dates(week)], i)
            row["state"] = "met" if i % 2 and due_period(row["due"])[0] <= week else "planned"
        return rows

    def forecasts(self, week: str, sources: list[str]) -> list[dict]:
        rows = generic_rows("forecasts", self.data_dir, enough_rows("forecasts", self.data_dir))
        for i, row in enumerate(rows):
            row["forecast_id"] = f"extreme-forecast-{week}-{i}"
            row["source_id"] = cycle(sources, i)
            row["unit"] = cycle(self.units["forecasts"]["units"][row["metric"]], i)
            if row["unit"] == "%" and row["metric"] not in CHANGES:
                row["value"] = cycle(SHARES, i)
            if row["metric"] != "cagr":
                row["base_year"] = ""  # only a CAGR runs from a base year
            elif not row["base_year"] or int(row["base_year"]) >= int(row["year"]):
                row["base_year"], row["year"] = "2000", row["year"] if int(row["year"]) > 2000 else "2100"
            if row["value_high"]:
                row["value_high"] = higher(row["value"], row["value_high"])
                if len(row["value_high"].replace("-", "").replace(".", "")) > 15:  # the most digits validation takes
                    row["value_high"] = row["value"]
                if row["unit"] == "%" and row["metric"] not in CHANGES:
                    row["value_high"] = "100"
        return rows

    def statistics(self, week: str, sources: list[str]) -> list[dict]:
        known = self.series("statistics", ("metric", "scope"))
        metrics = [*self.units["statistics"]["units"], NEW_METRIC]
        rows = generic_rows("statistics", self.data_dir, max(len(metrics), enough_rows("statistics", self.data_dir)) + len(known))
        for i, row in enumerate(rows):
            row["metric"] = cycle(metrics, i)
            if i < len(known):
                row.update(metric=known[i]["metric"], scope=known[i]["scope"])
            row["date"] = cycle(partial_dates(week), i)
            row["source_id"] = cycle(sources, i)
            row["unit"] = self.units["statistics"]["units"][row["metric"]][0]
            if row["unit"] == "%" and row["metric"] not in CHANGES:
                row["value"] = cycle(SHARES, i)
        return rows


def shipped_rows(data_dir, table: str) -> list[dict]:
    rows = []
    for week in weeks(data_dir):
        with open(data_dir / "weeks" / week / f"{table}.csv", newline="", encoding="utf-8-sig") as handle:
            rows += list(csv.DictReader(handle))
    return rows


def field_named(table: str, name: str, data_dir) -> dict:
    return next(f for f in schema(data_dir, table)["fields"] if f["name"] == name)


def append(path, rows: list[dict]) -> None:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    with open(path, "a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, header, lineterminator="\n").writerows(rows)


def add_vehicle_pages(project: Project, vehicle_ids: list[str]) -> None:
    """book.yml lists each new vehicle's page (a vehicle has a page only when book.yml names it)."""
    path = project.root / "book.yml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    chapter = next(c for c in config["chapters"] if c["template"] == "chapters/vehicle.md")
    chapter["parameter_sets"] += [{"vehicle_id": v} for v in vehicle_ids]
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def add_extreme_weeks(project: Project) -> dict[str, dict[str, list[dict]]]:
    """The three extreme weeks added to `project`'s data (and their sources, vehicles, units and pages);
    returns the rows added, by week and table."""
    data = project.data
    units_path = data / "schemas" / "units.json"
    units = json.loads(units_path.read_text(encoding="utf-8"))
    units["vehicle_claims"]["units"][NEW_ATTRIBUTE] = []
    units["statistics"]["units"][NEW_METRIC] = ["%"]
    units_path.write_text(json.dumps(units, ensure_ascii=False, indent=2), encoding="utf-8")
    maker = Maker(data)
    added: dict[str, dict[str, list[dict]]] = {}
    for week in NEW_WEEKS:
        folder = new_week(data, week)
        sources = maker.sources(week)
        ids = [s["source_id"] for s in sources]
        tables: dict[str, list[dict]] = {"sources": sources}
        if week == FULL:
            tables["vehicles"] = maker.vehicles_rows(ids[0])
            append(data / "vehicles.csv", tables["vehicles"])
            for table in WEEKLY_TABLES:
                tables[table] = getattr(maker, table)(week, ids)
        elif week == DIRECTIONS:
            tables["prices"] = maker.prices(week, ids, directions_only=True)
            for row, before in zip(tables["prices"], added[FULL]["prices"]):
                row["material"], row["category"] = before["material"], before["category"]
        else:
            tables["projects"] = moved_on(added[FULL]["projects"], week, ids)
            tables["forecasts"] = revised(maker.shipped["forecasts"] + added[FULL]["forecasts"], week, ids)
        for table in WEEKLY_TABLES:
            if table in tables:
                append(folder / f"{table}.csv", tables[table])
        facts = [row for table, rows in tables.items() if table != "sources" for row in rows]
        tables["sources"] = [archived(data, s, *(f["quote"] for f in facts if f["source_id"] == s["source_id"])) for s in sources]
        append(data / "sources.csv", tables["sources"])
        added[week] = tables
    add_vehicle_pages(project, maker.vehicles)
    return added


def moved_on(projects: list[dict], week: str, sources: list[str]) -> list[dict]:
    """The same projects a week later, each at another stage."""
    rows = []
    for i, row in enumerate(projects):
        row = dict(row, date=week, source_id=cycle(sources, i))
        row["stage"] = "mass production" if row["stage"] != "mass production" else "research"
        rows.append(row)
    return rows


def revised(forecasts: list[dict], week: str, sources: list[str]) -> list[dict]:
    """The same forecasts (forecaster, metric, scope, year), shipped ones included, revised to extreme
    figures under new ids."""
    rows = []
    for i, row in enumerate(forecasts):
        share = row["unit"] == "%" and row["metric"] not in CHANGES
        rows.append(dict(row, forecast_id=f"{row['forecast_id']}-revised-{week}", value=cycle(SHARES if share else NUMBERS, i),
                         value_high="", source_id=cycle(sources, i)))
    return rows


@pytest.fixture(scope="module")
def extreme(built, tmp_path_factory):
    """The built project copied, the extreme weeks added and built (in one build, which counts its
    kernel starts in `kernel-starts` beside the project)."""
    project = copy_of(built, tmp_path_factory.mktemp("extreme"))
    added = add_extreme_weeks(project)
    problems = [p for p in validate(project.data) if not p.warning]  # warnings (figures far off their series) do not block
    if not problems:
        starts, start_kernel = project.root.parent / "kernel-starts", KernelManager.start_kernel

        def counted(kernel, **options):  # in the build's forked workers, which inherit it
            with open(starts, "a", encoding="utf-8") as handle:
                handle.write("a kernel started\n")
            return start_kernel(kernel, **options)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(KernelManager, "start_kernel", counted)
            build(project, log=lambda message: None)
    return project, added, problems


def test_the_extreme_rows_cover_every_allowed_value(extreme):
    project, added, _ = extreme
    for table in (*REFERENCE_TABLES, *WEEKLY_TABLES):
        rows = [row for tables in added.values() for row in tables.get(table, [])]
        for field in schema(project.data, table)["fields"]:
            used = {row[field["name"]] for row in rows}
            for value in field.get("constraints", {}).get("enum", []):
                assert value in used, f"{table}.{field['name']}: {value!r} is never used"
            if not field.get("constraints", {}).get("required"):
                assert "" in used, f"{table}.{field['name']}: never empty"


def test_the_extreme_rows_are_valid(extreme):
    _, _, problems = extreme
    assert [str(p) for p in problems] == []


ESCAPED = re.compile(r"\\[\\`*_{}\[\]<>()#+!|~$^:]|&(amp|lt|gt|quot);")


def main_part(markup: str) -> str:
    return re.search(r"<main\b.*?</main>", markup, re.S).group(0)


def visible_text(markup: str) -> str:
    """The words of a page's main part, as a reader sees them (one space between blocks)."""
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main_part(markup), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def page_problems(name: str, markup: str) -> list[str]:
    """What a reader should never see on a page: code, a traceback, markup or placeholders left over,
    a number the book cannot print, text escaped twice, block markup made from data text."""
    words = visible_text(markup)
    problems = [f"{name} shows code" for marker in ("cell_input", "highlight-ipython3") if marker in markup]
    problems += [f"{name} shows {leftover!r}" for leftover in ("Traceback", "Error:", "{glue", "{doc}", "{numref}", "<NA>")
                 if leftover in words]
    problems += [f"{name} shows {m.group(0)!r}" for m in re.finditer(r"\b(nan|NaN|NaT|inf)\b|\d+(\.\d+)?e[+-]\d+", words)]
    problems += [f"{name} shows escaped text {m.group(0)!r}" for m in ESCAPED.finditer(words)]
    problems += [f"{name} has a {tag}> the chapters never write: made from a line break in data text"
                 for tag in ("<hr", "<blockquote") if tag in main_part(markup)]
    for spec in re.findall(r'<script[^>]*class="ssb-chart-spec"[^>]*>(.*?)</script>', markup, re.S):
        spec = json.loads(spec)
        logged = set(log_fields(spec))
        for rows in spec.get("datasets", {}).values():
            problems += [f"{name} puts {row[f]} on a logarithmic axis ({f})" for row in rows if isinstance(row, dict)
                         for f in logged if isinstance(row.get(f), (int, float)) and row[f] <= 0]
    return problems


def log_fields(spec) -> list[str]:
    """The fields a chart spec draws on a logarithmic scale."""
    if isinstance(spec, list):
        return [f for item in spec for f in log_fields(item)]
    if not isinstance(spec, dict):
        return []
    found = [spec["field"]] if spec.get("field") and (spec.get("scale") or {}).get("type") == "log" else []
    return found + [f for value in spec.values() for f in log_fields(value)]


@pytest.mark.parametrize("week", NEW_WEEKS)
def test_every_page_of_an_extreme_edition_renders(extreme, week):
    project, _, problems = extreme
    assert not problems
    edition = project.site / "editions" / week
    expected = {f"{page.output}.html" for page in project.pages()}
    assert expected <= {p.relative_to(edition).as_posix() for p in edition.rglob("*.html")}
    shown = [p for name in sorted(expected) for p in page_problems(name, (edition / name).read_text(encoding="utf-8"))]
    assert not shown, "\n".join(sorted(set(shown)))


def test_the_editions_of_one_build_share_its_kernels(extreme):
    """The three new editions, built together, start a kernel per worker at most, not one per worker per edition."""
    project, _, problems = extreme
    assert not problems
    assert len((project.root.parent / "kernel-starts").read_text(encoding="utf-8").splitlines()) <= Workers(project).size


def test_extreme_text_reads_whole(extreme):
    """Every summary, company and product of the full week is on its page, whole; the vehicle without
    figures has a page that says so."""
    project, added, _ = extreme
    edition = project.site / "editions" / FULL
    home = visible_text((edition / "index.html").read_text(encoding="utf-8"))
    for row in added[FULL]["events"]:
        assert " ".join(row["summary"].split()) in home
    projects = visible_text((edition / "projects.html").read_text(encoding="utf-8"))
    for row in added[FULL]["projects"]:
        assert " ".join(row["company"].split()) in projects
        assert " ".join(row["product"].split()) in projects
    bare = visible_text((edition / "vehicles" / "extreme-vehicle-without-claims.html").read_text(encoding="utf-8"))
    assert "give no figure about this vehicle" in bare


def test_forecasts_chapter_without_smm_shipments(project):
    """A forecaster spelled another way ('SMM (Shanghai Metals Market)') leaves SMM with no shipment
    figure: the chapter says so instead of failing."""
    for path in (project.data / "weeks").glob("*/forecasts.csv"):
        with open(path, newline="", encoding="utf-8") as handle:
            table = list(csv.reader(handle))
        at, metric = table[0].index("forecaster"), table[0].index("metric")
        for row in table[1:]:
            if row[at] == "SMM" and row[metric] == "shipments":
                row[at] = "SMM (Shanghai Metals Market)"
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(table)
    assert [p for p in validate(project.data) if not p.warning] == []
    latest = weeks(project.data)[-1]
    forecasts = [page for page in project.pages() if page.output == "forecasts"]
    (executed,), _ = execute(project, latest, forecasts, log=lambda message: None)  # the chapter alone, as the build runs it
    said = [output for cell in nbformat.read(executed, as_version=4).cells for output in cell.get("outputs", [])]
    assert "SMM's outlook to 2030 is not yet in this edition's data" in json.dumps(said, ensure_ascii=False)
