"""Checking data/ before anything runs: every problem as `file:row:column: what is wrong`.

Rows are counted as lines of the file (the header is line 1), so an editor can jump straight to them.
Each table is checked against its Table Schema in data/schemas/: cells by Frictionless's field rules
(types, required fields, allowed values, patterns, ranges), then primary and foreign keys. The rest
covers what a schema cannot say: file encoding, the week folders, that each week's facts fall in that
week, keys unique across weeks, units that belong to their quantity and one unit per series.
Every file is read once and checked row by row, so ten years of weeks still validate in a second.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import frictionless

from . import data as d
from .links import NOT_WEB, web_url


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int = 0  # line in the file; 0 when the problem is the whole file
    column: str = ""
    message: str = ""

    def __str__(self) -> str:
        place = self.file
        if self.row:
            place += f":{self.row}"
            if self.column:
                place += f":{self.column}"
        elif self.column:
            place += f"::{self.column}"
        return f"{place}: {self.message}"


class DataError(Exception):
    """Raised with every problem found; str() lists one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def validate(data_dir: Path) -> list[Problem]:
    """Every problem in the data package at `data_dir`, in file and row order."""
    checker = _Checker(Path(data_dir))
    checker.run()
    return sorted(set(checker.problems))


def check(data_dir: Path) -> None:
    """Raise DataError if the data package has any problem."""
    problems = validate(data_dir)
    if problems:
        raise DataError(problems)


class _Checker:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.problems: list[Problem] = []
        self.readable: dict[str, tuple] = {}  # resource name -> (path, schema, text) of files that parse

    def report(self, path: str, message: str, row: int = 0, column: str = "") -> None:
        self.problems.append(Problem(f"data/{path}", row, column, message))

    def run(self) -> None:
        package = self._descriptor()
        if package is None:
            return
        self._layout(package)
        for resource in package.get("resources", []):
            self._file(resource)
        self._cells()
        self._facts()

    def _descriptor(self) -> dict | None:
        path = self.data_dir / d.DESCRIPTOR
        try:
            package = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.report(d.DESCRIPTOR, "missing: the data package descriptor is required")
            return None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            self.report(d.DESCRIPTOR, f"not valid JSON: {error}")
            return None
        if not isinstance(package.get("resources"), list):
            self.report(d.DESCRIPTOR, "needs a `resources` list")
            return None
        return package

    def _layout(self, package: dict) -> None:
        """Each week folder is a date and holds every weekly table; every CSV is described."""
        listed = {r.get("path") for r in package["resources"]}
        for table in d.REFERENCE_TABLES:
            if d.resource_path(table) not in listed:
                self.report(d.DESCRIPTOR, f"no resource for the {table} table ({d.resource_path(table)})")
        for week in d.weeks(self.data_dir):
            try:
                valid = date.fromisoformat(week).isoformat() == week
            except ValueError:
                valid = False
            if not valid:
                self.report(f"weeks/{week}", "week folder must be named by its end date, YYYY-MM-DD")
                continue
            for table in d.WEEKLY_TABLES:
                if d.resource_path(table, week) not in listed:
                    self.report(
                        d.DESCRIPTOR,
                        f"week {week} has no {table} resource: run `ssbook new-week` or add it",
                    )
        for path in sorted(self.data_dir.rglob("*.csv")):
            relative = path.relative_to(self.data_dir).as_posix()
            if relative not in listed:
                self.report(relative, f"not described in {d.DESCRIPTOR}")

    def _file(self, resource: dict) -> None:
        """The file exists, is UTF-8 text with a header, and its columns are the schema's."""
        path = resource.get("path", "")
        file = self.data_dir / path
        if not file.is_file():
            self.report(path, f"missing: listed in {d.DESCRIPTOR} as resource {resource.get('name')!r}")
            return
        raw = file.read_bytes()
        if not raw:
            self.report(path, "empty file (zero bytes): it needs at least the header row")
            return
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            hint = ""
            try:
                raw.decode("gb18030")
                hint = "; it looks like GBK/GB18030 (Chinese Windows) text: save it as UTF-8"
            except UnicodeDecodeError:
                pass
            self.report(path, f"not UTF-8 (byte {raw[error.start]:#04x}){hint}", row=line)
            return
        if not text.strip():
            self.report(path, "empty file (blank): it needs at least the header row")
            return
        header = next(csv.reader(io.StringIO(text)), [])
        schema_path = resource.get("schema")
        try:
            schema = json.loads((self.data_dir / schema_path).read_text(encoding="utf-8"))
        except (TypeError, OSError, json.JSONDecodeError) as error:
            self.report(d.DESCRIPTOR, f"resource {resource.get('name')!r}: cannot read schema {schema_path}: {error}")
            return
        expected = [f["name"] for f in schema["fields"]]
        missing = [name for name in expected if name not in header]
        extra = [name for name in header if name not in expected]
        for name in missing:
            self.report(path, "missing column (the header lacks it)", row=1, column=name)
        for name in extra:
            self.report(path, f"unknown column: the schema has {', '.join(expected)}", row=1, column=name)
        if not missing and not extra and header != expected:
            self.report(path, f"columns out of order: expected {', '.join(expected)}", row=1)
            return
        if not missing and not extra:
            self.readable[resource["name"]] = (path, schema, text)

    def _cells(self) -> None:
        """Every cell against its field's type and constraints (Frictionless's field rules), each
        row's key unique in its file, each reference found in the table it points at."""
        lookups: dict[tuple[str, str], set[str]] = {}
        for name in d.REFERENCE_TABLES:
            if name in self.readable:
                path, schema, text = self.readable[name]
                rows = list(csv.DictReader(io.StringIO(text)))
                for field in schema["fields"]:
                    lookups[(name, field["name"])] = {row[field["name"]] for row in rows}
        schemas: dict[str, object] = {}  # one Frictionless schema per schema file, shared by every week
        for name, (path, descriptor, text) in self.readable.items():
            source = json.dumps(descriptor, sort_keys=True)
            if source not in schemas:
                try:
                    schemas[source] = frictionless.Schema.from_descriptor(descriptor)
                except frictionless.FrictionlessException as error:
                    schemas[source] = error
            if isinstance(schemas[source], frictionless.FrictionlessException):
                self.report(path, f"its schema is not valid: {schemas[source].error.message}")
                continue
            self._rows(path, schemas[source], descriptor, text, lookups)

    def _rows(self, path: str, schema, descriptor: dict, text: str, lookups: dict) -> None:
        fields = schema.fields
        key = descriptor.get("primaryKey", [])
        references = [
            (fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"]) for fk in descriptor.get("foreignKeys", [])
        ]
        keys: dict[tuple, int] = {}
        reader = csv.reader(io.StringIO(text))
        next(reader)
        end = reader.line_num
        for cells in reader:
            line, end = end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                self.report(path, "blank row: delete it", line)
                continue
            if len(cells) != len(fields):
                self.report(path, f"the row has {len(cells)} cells, the header {len(fields)}: check its commas and quotes", line)
                continue
            row = dict(zip((f.name for f in fields), cells))
            for field, cell in zip(fields, cells):
                _, notes = field.read_cell(cell)
                if field.format == "uri" and cell and web_url(cell) is None:
                    self.report(path, NOT_WEB, line, field.name)
                elif notes:
                    self.report(path, _cell_message(field, cell, notes), line, field.name)
            if key:
                value = tuple(row[k] for k in key)
                if value in keys:
                    self.report(path, f"duplicate key: the same as in the row at line {keys[value]}", line, ",".join(key))
                keys.setdefault(value, line)
            for field, resource, target in references:
                lookup = lookups.get((resource, target))
                if lookup is not None and row[field] and row[field] not in lookup:
                    self.report(
                        path, f'unknown reference: for "{field}": values "{row[field]}" not found in the lookup table '
                        f'"{resource}" as "{target}"', line, field,
                    )

    def _facts(self) -> None:
        """Checks across rows and files, on tables that passed the schema checks."""
        if self.problems:
            return  # the tables are not yet trustworthy enough to load
        sources = _rows(self.data_dir / "sources.csv", d.schema(self.data_dir, "sources"))
        self._sources(sources)
        published = {row["source_id"]: row["published"] for row in sources}
        weeks = d.weeks(self.data_dir)
        units = json.loads((self.data_dir / "schemas" / "units.json").read_text(encoding="utf-8"))
        series_units: dict[tuple, tuple[str, str]] = {}  # series -> (its unit, where it was first given)
        for table in d.WEEKLY_TABLES:
            table_schema = d.schema(self.data_dir, table)
            seen: dict[str, str] = {}
            for index, week in enumerate(weeks):
                previous = weeks[index - 1] if index else None
                path = d.resource_path(table, week)
                for line, row in enumerate(_rows(self.data_dir / path, table_schema), start=2):
                    self._in_week(path, line, row, week, previous, published.get(row["source_id"], ""))
                    for key in ("event_id", "forecast_id"):
                        if key in row and row[key]:
                            if row[key] in seen:
                                self.report(path, f"duplicate {key} {row[key]!r}: already used in {seen[row[key]]}", line, key)
                            seen[row[key]] = path
                    self._values(path, line, row)
                    if table in units:
                        self._unit(path, line, row, **units[table])
                    self._series_unit(path, line, row, table, series_units)

    def _sources(self, sources: list[dict]) -> None:
        for line, row in enumerate(sources, start=2):
            if not row["published"] and not row["published_note"]:
                self.report("sources.csv", "published is empty: say what is known of the date in published_note", line, "published_note")

    def _in_week(self, path: str, line: int, row: dict, week: str, previous: str | None, published: str) -> None:
        """A week holds the facts of sources published in that week (a month or year of publication must
        overlap the week); an actual datum is not after the week."""
        if published:
            first, last = _period(published)
            if first > week or (previous and last <= previous):
                window = f"after {previous} and " if previous else ""
                self.report(
                    path,
                    f"source {row['source_id']} was published {published}, outside week {week} "
                    f"(which holds sources published {window}on or before {week})",
                    line,
                    "source_id",
                )
        if "date" in row and row["date"] and row.get("timing", "actual") == "actual":
            if _period(row["date"])[0] > week:
                self.report(path, f"date {row['date']} is after the week's end {week} (mark future events planned)", line, "date")

    def _unit(self, path: str, line: int, row: dict, by: str, units: dict) -> None:
        """The unit belongs to the quantity (data/schemas/units.json); a number has a unit."""
        quantity, unit = row[by], row["unit"]
        if quantity not in units:
            self.report(path, f"unknown {by} {quantity!r}: add it with its units to data/schemas/units.json", line, by)
        elif unit and unit not in units[quantity]:
            allowed = ", ".join(units[quantity]) or "none: give it in words"
            self.report(path, f"unit {unit!r} does not belong to {quantity} (allowed: {allowed})", line, "unit")
        elif row.get("value") is not None and not unit:
            self.report(path, f"a {quantity} value needs its unit", line, "unit")

    def _series_unit(self, path: str, line: int, row: dict, table: str, seen: dict) -> None:
        """One unit per series, across all weeks: a price's material, a statistic's metric and scope."""
        keys = {"prices": ("material",), "statistics": ("metric", "scope")}.get(table)
        if not keys or not row["unit"]:
            return
        series = (table, *(row[k] for k in keys))
        unit, first = seen.setdefault(series, (row["unit"], f"{path}:{line}"))
        if row["unit"] != unit:
            self.report(path, f"unit {row['unit']!r} mixes units in one series: {' / '.join(series[1:])} is in {unit!r} at {first}", line, "unit")

    def _values(self, path: str, line: int, row: dict) -> None:
        low, high, value = row.get("low"), row.get("high"), row.get("value")
        if low is not None and high is not None and low > high:
            self.report(path, f"low {low:g} is above high {high:g}", line, "low")
        if row.get("unit") == "%" and value is not None and not 0 <= value <= 100:
            if row.get("metric") not in ("cagr", "change month on month", "change year on year"):
                self.report(path, f"share of {value:g}% is outside 0–100", line, "value")


def _rows(path: Path, table_schema: dict) -> list[dict]:
    """A table that passed the schema checks, as dicts; numbers as floats, empty numbers as None."""
    numeric = {f["name"] for f in table_schema["fields"] if f["type"] in ("number", "integer")}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return [
            {k: (float(v) if v else None) if k in numeric else v for k, v in row.items()}
            for row in csv.DictReader(handle)
        ]


@functools.lru_cache(maxsize=None)
def _period(text: str) -> tuple[str, str]:
    """First and last day of a partial date, as ISO strings (which compare as dates)."""
    first, last = d.period(text)
    return first.strftime("%Y-%m-%d"), last.strftime("%Y-%m-%d")


def _cell_message(field, cell: str, notes: dict) -> str:
    """What is wrong with a cell, in the editor's terms (the place is said by the caller)."""
    constraints = field.constraints
    if "type" in notes:
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", cell.strip()):
            return f"type error: {cell!r} has a thousands separator; write {cell.replace(',', '')}"
        if re.fullmatch(r"[-~≈约]?\s*[\d.,]+\s*\S.*", cell.strip()):
            return f"type error: {cell!r} is a number with text; put only the number here and the unit in its own column"
        return f"type error: {cell!r} is not a {field.type}"
    if "required" in notes:
        return "constraint error: a value is required"
    if "pattern" in notes:
        if re.search(r"date|published", field.name):
            return f"constraint error: {cell!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD"
        return f"constraint error: {cell!r} does not match the pattern {constraints['pattern']}"
    if "enum" in notes:
        return f"constraint error: {cell!r} is not an allowed value ({', '.join(constraints['enum'])})"
    if "minimum" in notes:
        return f"constraint error: {cell} is below the minimum {constraints['minimum']}"
    if "maximum" in notes:
        return f"constraint error: {cell} is above the maximum {constraints['maximum']}"
    return "constraint error: " + "; ".join(notes.values())
