"""Checking data/ before anything runs: every problem as `file:row:column: what is wrong`.

Rows are counted as lines of the file (the header is line 1; a quoted cell on three lines takes three),
so an editor can jump straight to them. Each table is checked against its Table Schema in
data/schemas/: cells by Frictionless's field rules (required fields, allowed values, patterns, ranges),
then primary and foreign keys. The rest covers what a schema cannot say: file encoding and separators,
the week folders (a week's `draft/` folder is the editor's proposals, not data, and is left out), that each week's facts fall in that week, keys unique across weeks, units that
belong to their quantity, one unit per series and fields of one row that contradict each other.
A row with a bad cell is left out of the checks across rows; every other row is still checked, so
one run lists every problem.

The rules for cells, beyond the schema's:
- A number is plain ASCII decimal, `-?[0-9]+(.[0-9]+)?` (an integer field: `-?[0-9]+`), with at most
  15 digits: what pandas reads and a chapter shows. Everything else Frictionless would accept (NaN,
  inf, full-width or other non-ASCII digits, 1_000, +5, 1e3, spaces around it) is an error that
  says how to write the number.
- A cell that starts with YYYY-MM-DD (a date, an event_id) starts with a day of the calendar.
- A field with a `pattern` says it in words in its `patternDescription`, a noun phrase that follows
  "is not" ("a date written YYYY, YYYY-MM or YYYY-MM-DD"); messages show it, never the regex.
- Invisible characters (spaces at the ends, no-break and zero-width spaces) are shown in messages:
  'S11␠', '1<no-break space>120'.

Warnings (`Problem.warning`) do not block the build: a number more than 100 times above or below
the median of its series (a price's material and unit, a statistic's metric, scope and unit; at
least 3 values), as a yuan/t figure typed into a yuan/kg series is.
Every file is read once and checked row by row, so ten years of weeks still validate in a second.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import statistics
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import frictionless

from . import cells
from . import data as d
from .draft import DRAFT
from .links import NOT_WEB, web_url

OUTLIER_RATIO = 100  # a value this many times above or below its series' median is a warning
CHANGES = ("cagr", "change month on month", "change year on year")  # percentages that may leave 0–100


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int = 0  # line in the file; 0 when the problem is the whole file
    column: str = ""
    message: str = ""
    warning: bool = False  # a warning does not block the build

    def __str__(self) -> str:
        place = self.file
        if self.row:
            place += f":{self.row}"
            if self.column:
                place += f":{self.column}"
        elif self.column:
            place += f"::{self.column}"
        return f"{place}: {'warning: ' if self.warning else ''}{self.message}"


class DataError(Exception):
    """Raised with every problem found (warnings too); str() lists one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def validate(data_dir: Path) -> list[Problem]:
    """Every problem in the data package at `data_dir`, warnings included, in file and row order."""
    checker = _Checker(Path(data_dir))
    checker.run()
    return sorted(set(checker.problems))


def check(data_dir: Path) -> list[Problem]:
    """Raise DataError if the data package has any problem other than a warning; return the warnings."""
    problems = validate(data_dir)
    if any(not p.warning for p in problems):
        raise DataError(problems)
    return problems


@dataclass
class _Table:
    path: str
    schema_path: str
    schema: frictionless.Schema
    records: list[tuple[int, list[str]]]  # (line where the row starts, its cells), header excluded


class _Checker:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.problems: list[Problem] = []
        self.names: dict[str, str] = {}  # resource name -> path
        self.kinds: dict[str, str] = {}  # path -> table, for the files the checks across rows know
        self.weeks: list[str] = []
        self.schemas: dict[str, tuple | None] = {}  # schema path -> (descriptor, Frictionless schema)
        self.tables: dict[str, _Table] = {}  # path -> a file whose header is right
        self.clean: dict[str, list[tuple[int, dict]]] = {}  # path -> its rows without a bad cell, typed
        self.series: dict[tuple, list[tuple[float, str, int, str]]] = {}  # for the outlier warnings

    def report(self, path: str, message: str, row: int = 0, column: str = "", warning: bool = False) -> None:
        self.problems.append(Problem(f"data/{path}", row, column, message, warning))

    def run(self) -> None:
        resources = self._descriptor()
        if resources is None:
            return
        self._layout(resources)
        for resource in resources:
            self._file(resource)
        self._cells()
        self._facts()
        self._outliers()

    # The data package descriptor and the files it lists.

    def _descriptor(self) -> list[dict] | None:
        """The resources of datapackage.json that name a file and its schema inside data/."""
        path = self.data_dir / d.DESCRIPTOR
        try:
            package = _json(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            self.report(d.DESCRIPTOR, "missing: the data package descriptor is required")
            return None
        except OSError as error:
            self.report(d.DESCRIPTOR, f"cannot be read: {error.strerror}")
            return None
        except UnicodeDecodeError:
            self.report(d.DESCRIPTOR, "not UTF-8 text: save it as UTF-8")
            return None
        except json.JSONDecodeError as error:
            self.report(d.DESCRIPTOR, f"not valid JSON: {error.msg}", row=error.lineno)
            return None
        if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
            self.report(d.DESCRIPTOR, "needs to be a JSON object with a `resources` list")
            return None
        resources, seen = [], {}
        for index, resource in enumerate(package["resources"]):
            where = f"resources[{index}]"
            if not isinstance(resource, dict):
                self.report(d.DESCRIPTOR, f"{where} must be an object with name, path and schema")
                continue
            where += f" ({resource.get('name')})" if isinstance(resource.get("name"), str) else ""
            if not _inside(resource.get("path")):
                self.report(d.DESCRIPTOR, f"{where}: path must be a file in data/, as a relative path like weeks/2026-01-08/events.csv")
            elif not _inside(resource.get("schema")):
                self.report(d.DESCRIPTOR, f"{where}: schema must be a schema file in data/, as a relative path like schemas/events.json")
            elif resource["path"] in seen:
                self.report(d.DESCRIPTOR, f"{where} lists {resource['path']} again (first at resources[{seen[resource['path']]}])")
            else:
                seen[resource["path"]] = index
                resources.append(resource)
                if isinstance(resource.get("name"), str):
                    self.names.setdefault(resource["name"], resource["path"])
        return resources

    def _layout(self, resources: list[dict]) -> None:
        """Each week folder is a date and holds every weekly table; every CSV is described, with its
        table's schema."""
        listed = {r["path"]: r for r in resources}
        expected = {d.resource_path(table): table for table in d.REFERENCE_TABLES}
        for table in d.REFERENCE_TABLES:
            if d.resource_path(table) not in listed:
                self.report(d.DESCRIPTOR, f"no resource for the {table} table ({d.resource_path(table)})")
        for week in d.weeks(self.data_dir):
            if not cells.day_of(week):
                self.report(f"weeks/{week}", "week folder must be named by its end date, YYYY-MM-DD")
                continue
            self.weeks.append(week)
            for table in d.WEEKLY_TABLES:
                expected[d.resource_path(table, week)] = table
                if d.resource_path(table, week) not in listed:
                    self.report(d.DESCRIPTOR, f"week {week} has no {table} resource: run `ssbook new-week` or add it")
        for path, table in expected.items():
            if path in listed:
                if listed[path]["schema"] == f"schemas/{table}.json":
                    self.kinds[path] = table
                else:
                    self.report(d.DESCRIPTOR, f"resource {path} must use schemas/{table}.json, not {listed[path]['schema']}")
        for path in sorted(self.data_dir.rglob("*.csv")):
            relative = path.relative_to(self.data_dir).as_posix()
            if relative not in listed and not _draft(relative):
                self.report(relative, f"not described in {d.DESCRIPTOR}")

    def _schema(self, location: str) -> tuple[dict, frictionless.Schema] | None:
        """The Table Schema at `location` (as the descriptor names it), read and checked once."""
        if location not in self.schemas:
            self.schemas[location] = None
            try:
                descriptor = _json((self.data_dir / location).read_text(encoding="utf-8-sig"))
            except FileNotFoundError:
                self.report(d.DESCRIPTOR, f"schema {location} does not exist")
                return None
            except OSError as error:
                self.report(location, f"cannot be read: {error.strerror}")
                return None
            except UnicodeDecodeError:
                self.report(location, "not UTF-8 text: save it as UTF-8")
                return None
            except json.JSONDecodeError as error:
                self.report(location, f"not valid JSON: {error.msg}", row=error.lineno)
                return None
            problems = _schema_problems(descriptor, self.names)
            for message in problems:
                self.report(location, message)
            if problems:
                return None
            try:
                schema = frictionless.Schema.from_descriptor(descriptor)
            except frictionless.FrictionlessException as error:
                for reason in error.reasons or [error.error]:
                    self.report(location, f"not a valid Table Schema: {reason.message}")
                return None
            self.schemas[location] = (descriptor, schema)
        return self.schemas[location]

    def _file(self, resource: dict) -> None:
        """The file exists, is UTF-8 CSV text with a header, and its columns are the schema's."""
        path = resource["path"]
        file = self.data_dir / path
        if not file.is_file():
            kind = "a folder, not a file" if file.is_dir() else "missing"
            self.report(path, f"{kind}: listed in {d.DESCRIPTOR} as resource {resource.get('name')!r}")
            return
        try:
            raw = file.read_bytes()
        except OSError as error:
            self.report(path, f"cannot be read: {error.strerror}")
            return
        if not raw:
            self.report(path, "empty file (zero bytes): it needs at least the header row")
            return
        text = self._decode(path, raw)
        if text is None:
            return
        if not text.strip():
            self.report(path, "empty file (blank): it needs at least the header row")
            return
        schema = self._schema(resource["schema"])
        if schema is None:
            return
        records = self._records(path, text)  # a first line that cannot be read is reported there
        if records and records[0][0] == 1 and self._header(path, records[0][1], schema[0]):
            self.tables[path] = _Table(path, resource["schema"], schema[1], records[1:])

    def _decode(self, path: str, raw: bytes) -> str | None:
        """The file's text: UTF-8, with or without a byte-order mark, and no NUL."""
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self.report(path, "UTF-16 text (a spreadsheet's 'Unicode text'): save it as CSV UTF-8")
            return None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            newline = b"\n" if b"\n" in raw else b"\r"
            line = raw[: error.start].count(newline) + 1
            self.report(path, f"not UTF-8 (byte {raw[error.start]:#04x}){_encoding_hint(raw)}", row=line)
            return None
        if "\0" in text:
            line = _lines(text[: text.index("\0")]) + 1
            self.report(path, "has NUL bytes (character 0), so it is not CSV text: save the sheet as CSV UTF-8", row=line)
            return None
        return text

    def _records(self, path: str, text: str) -> list[tuple[int, list[str]]]:
        """The rows of a CSV text as (line where the row starts, cells). Lines end with LF, CRLF or,
        in a file with no LF at all (old Mac Excel), CR; a row that cannot be read is reported and
        the reading goes on with the next line."""
        if "\n" not in text:
            text = text.replace("\r", "\n")
        reader = csv.reader(io.StringIO(text))
        records, end = [], 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return records
            except csv.Error as error:
                if "new-line" in str(error):
                    message = ("a carriage return (CR) inside a cell that is not in quotes: "
                               "delete it, or put the cell in double quotes")
                else:
                    message = f"cannot be read as CSV: {error}"
                self.report(path, message, end + 1)
                end = reader.line_num
                continue
            records.append((end + 1, cells))
            end = reader.line_num

    def _header(self, path: str, header: list[str], schema: dict) -> bool:
        """Whether the header names the schema's columns in order; otherwise each problem is reported."""
        expected = [f["name"] for f in schema["fields"]]
        if len(header) == 1 and header[0] not in expected:
            for separator, words in ((";", "';'"), ("\t", "tabs"), ("|", "'|'")):
                names = {name.strip().casefold() for name in header[0].split(separator)}
                if separator in header[0] and names & {name.casefold() for name in expected}:
                    self.report(path, f"this file uses {words} between cells: export it with commas (CSV UTF-8)", row=1)
                    return False
        if not any(cells.without_blemishes(name) for name in header):
            self.report(path, f"the first line is empty: it must be the header, naming the columns {', '.join(expected)}", row=1)
            return False
        good = True
        empty = len(header) - 1 - max(i for i, name in enumerate(header) if cells.without_blemishes(name))
        if empty:
            columns, them = ("an empty column", "it") if empty == 1 else (f"{empty} empty columns", "those columns")
            self.report(path, f"the header ends with {columns} (a spreadsheet's empty cells): delete {them}", row=1)
            header, good = header[: len(header) - empty], False
        for number, name in enumerate(header, 1):
            if not cells.without_blemishes(name):
                self.report(path, f"column {number} of the header has no name: name it or delete the column", row=1)
                good = False
        for name in dict.fromkeys(header):
            places = [str(i) for i, n in enumerate(header, 1) if n == name]
            if cells.without_blemishes(name) and len(places) > 1:
                times = "twice" if len(places) == 2 else f"{len(places)} times"
                self.report(path, f"the column {name} appears {times} in the header (columns {' and '.join(places)}): delete one",
                            row=1, column=name)
                good = False
        missing = [name for name in expected if name not in header]
        for name in missing:
            self.report(path, "missing column (the header lacks it)", row=1, column=name)
        for name in header:
            if cells.without_blemishes(name) and name not in expected:
                guess = cells.did_you_mean(name, missing)
                hint = f"did you mean {guess}?" if guess else f"the schema has {', '.join(expected)}"
                self.report(path, f"unknown column {cells.shown_cell(name)}{cells.blemish_note(name)}: {hint}", row=1, column=cells.visible_text(name))
        if good and not missing and len(header) == len(expected) and header != expected:
            self.report(path, f"columns out of order: expected {', '.join(expected)}", row=1)
        return good and header == expected

    # Cells, keys and references, row by row.

    def _cells(self) -> None:
        """Every cell against its field's rules, each row's key unique in its file, each reference
        found in the table it points at."""
        lookups: dict[tuple[str, tuple[str, ...]], tuple[set, list]] = {}
        for table in self.tables.values():
            for fk in table.schema.foreign_keys:
                target = self.tables.get(self.names.get(fk["reference"]["resource"], ""))
                columns = tuple(fk["reference"]["fields"])
                key = (fk["reference"]["resource"], columns)
                if not target or key in lookups:
                    continue
                names = [f.name for f in target.schema.fields]
                if not set(columns) <= set(names):
                    self.report(table.schema_path, f"a foreign key points at {', '.join(columns)} of {key[0]}, which has no such field")
                    continue
                at = [names.index(c) for c in columns]
                values = {tuple(cells[i] for i in at) for _, cells in target.records if len(cells) == len(names)}
                lookups[key] = (values, sorted(v[0] for v in values if len(v) == 1))
        for table in self.tables.values():
            self._rows(table, lookups)

    def _rows(self, table: _Table, lookups: dict) -> None:
        path, fields = table.path, table.schema.fields
        names = [f.name for f in fields]
        scaled = {f.name for f in fields if not ({"unit", f"{f.name.rsplit('_', 1)[0]}_unit"} & set(names))}
        key = table.schema.primary_key
        keys: dict[tuple, int] = {}
        clean = self.clean.setdefault(path, [])
        for line, values in table.records:
            if not any(cells.without_blemishes(cell) for cell in values):
                self.report(path, "blank row: delete it", line)
                continue
            if len(values) != len(fields):
                self.report(path, _ragged(line, values, len(fields)), line)
                continue
            raw = dict(zip(names, values))
            row, bad = {}, set()
            for field, cell in zip(fields, values):
                if field.format == "uri" and cell and web_url(cell) is None:
                    message, row[field.name] = NOT_WEB, cell
                else:
                    message, row[field.name] = cells.parse_cell(field, cell, field.name in scaled)
                if message:
                    self.report(path, message, line, field.name)
                    bad.add(field.name)
            if key:
                value = tuple(raw[k] for k in key)
                if value in keys:
                    self.report(path, f"duplicate key: the same as in the row at line {keys[value]}", line, ",".join(key))
                keys.setdefault(value, line)
            for fk in table.schema.foreign_keys:
                value = tuple(raw[f] for f in fk["fields"])
                resource = fk["reference"]["resource"]
                lookup = lookups.get((resource, tuple(fk["reference"]["fields"])))
                if lookup is not None and any(value) and value not in lookup[0] and not bad & set(fk["fields"]):
                    column, target = ",".join(fk["fields"]), ",".join(fk["reference"]["fields"])
                    shown = ", ".join(cells.shown_cell(v) for v in value)
                    hint = cells.hint_for(value[0], cells.did_you_mean(value[0], lookup[1], close=False)) if len(value) == 1 else ""
                    self.report(path, f"unknown reference: {shown} is not a {target} in {self.names[resource]}{hint}", line, column)
                    bad.add(column)
            if not bad:
                clean.append((line, row))

    # Checks across rows and files, on the rows without a bad cell.

    def _facts(self) -> None:
        sources = self.clean.get("sources.csv", []) if "sources.csv" in self.kinds else []
        for line, row in sources:
            if not row.get("published") and not row.get("published_note"):
                self.report("sources.csv", "published is empty: say what is known of the date in published_note",
                            line, "published_note")
        published = {row.get("source_id"): row.get("published") for _, row in sources}
        units = self._units()
        series_units: dict[tuple, tuple[str, str]] = {}  # series -> (its unit, where it was first given)
        for table in d.WEEKLY_TABLES:
            seen: dict[str, str] = {}
            for index, week in enumerate(self.weeks):
                previous = self.weeks[index - 1] if index else None
                path = d.resource_path(table, week)
                if self.kinds.get(path) != table:
                    continue
                for line, row in self.clean.get(path, []):
                    self._in_week(path, line, row, week, previous, published.get(row.get("source_id")))
                    for key in ("event_id", "forecast_id"):
                        if row.get(key):
                            if row[key] in seen:
                                self.report(path, f"duplicate {key} {row[key]!r}: already used in {seen[row[key]]}", line, key)
                            seen[row[key]] = path
                    self._contradictions(path, line, row, table)
                    if table in units:
                        self._unit(path, line, row, **units[table])
                    self._series(path, line, row, table, series_units)

    def _units(self) -> dict:
        """data/schemas/units.json: for each table, the column naming the quantity and each quantity's units."""
        path = "schemas/units.json"
        try:
            units = _json((self.data_dir / path).read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            self.report(path, "missing: the units each quantity may be given in are required")
            return {}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            self.report(path, f"cannot be read as JSON: {getattr(error, 'msg', None) or error}", row=getattr(error, "lineno", 0))
            return {}
        if not isinstance(units, dict):
            self.report(path, "must be a JSON object: for each table, `by` (a column) and `units` (quantity -> list of units)")
            return {}
        good = {}
        for table, entry in units.items():
            if table == "description":
                continue
            shape = (
                table in d.WEEKLY_TABLES and isinstance(entry, dict) and isinstance(entry.get("by"), str)
                and isinstance(entry.get("units"), dict)
                and all(isinstance(u, list) and all(isinstance(x, str) for x in u) for u in entry["units"].values())
            )
            schema = self._schema(f"schemas/{table}.json") if table in d.WEEKLY_TABLES else None
            if not shape or (schema and entry["by"] not in [f["name"] for f in schema[0]["fields"]]):
                self.report(path, f"{table}: needs `by` (a column of the {table} table) and `units` (quantity -> list of units)")
                continue
            good[table] = {"by": entry["by"], "units": entry["units"]}
        return good

    def _in_week(self, path: str, line: int, row: dict, week: str, previous: str | None, published: str | None) -> None:
        """A week holds the facts of sources published in that week (a month or year of publication must
        overlap the week); an actual datum is not after the week; an event_id starts with a day of the week."""
        window = f"after {previous} and on or before {week}" if previous else f"on or before {week}"
        period = cells.period_of(published) if published else None
        if period:
            first, last = period
            if first > week or (previous and last <= previous):
                self.report(
                    path,
                    f"source {row['source_id']} was published {published}, outside week {week} (which holds sources published {window})",
                    line,
                    "source_id",
                )
        if row.get("date") and row.get("timing", "actual") == "actual" and cells.period_of(row["date"]):
            if cells.period_of(row["date"])[0] > week:
                self.report(path, f"date {row['date']} is after the week's end {week} (mark future events planned)", line, "date")
        day = cells.day_of((row.get("event_id") or "")[:10])
        if day and (day > week or (previous and day <= previous)):
            self.report(path, f"event_id starts with {day}, outside week {week} ({window}): an event_id is <week>-<slug>",
                        line, "event_id")

    def _contradictions(self, path: str, line: int, row: dict, table: str) -> None:
        """Fields of one row that contradict each other, or a figure without the field that gives its meaning."""
        def say(message: str, column: str) -> None:
            self.report(path, message, line, column)

        value, high = row.get("value"), row.get("value_high")
        if value is not None and high is not None and high < value:
            say(f"value_high {cells.number_text(high)} is below value {cells.number_text(value)} (a range runs from value to value_high)", "value_high")
        if high is not None and value is None:
            say(f"value_high {cells.number_text(high)} without value: a range needs both ends", "value")
        if row.get("unit") == "%" and value is not None and not 0 <= value <= 100 and row.get("metric") not in CHANGES:
            say(f"share of {cells.number_text(value)}% is outside 0–100", "value")
        for qualifier, numbers in (("qualifier", ("value", "low", "high")), ("capacity_qualifier", ("capacity_value",)),
                                   ("investment_qualifier", ("investment_value",))):
            if row.get(qualifier) and all(row.get(n) is None for n in numbers):
                say(f"{qualifier} {row[qualifier]!r} qualifies no number: give {numbers[0]} or leave {qualifier} empty", qualifier)
        if table == "forecasts":
            base, year, metric = row.get("base_year"), row.get("year"), row.get("metric")
            if base is not None and year is not None and base >= year:
                say(f"base_year {base} is not before year {year} (a CAGR runs from base_year to year)", "base_year")
            if metric == "cagr" and base is None:
                say("a CAGR needs its base_year, the year it runs from", "base_year")
            if metric != "cagr" and base is not None:
                say(f"base_year is the start of a CAGR, and this row's metric is {metric}: leave base_year empty", "base_year")
        elif table == "prices":
            self._price(row, say)
        elif table == "projects":
            capacity, unit = row.get("capacity_value"), row.get("capacity_unit")
            if capacity is not None and not unit:
                say(f"capacity_value {cells.number_text(capacity)} needs its capacity_unit", "capacity_unit")
            if unit and capacity is None:
                say(f"capacity_unit {unit} has no capacity_value", "capacity_value")
        elif table == "vehicle_claims" and row.get("status") == "not disclosed" and value is not None:
            say(f"status is 'not disclosed', but the row has value {cells.number_text(value)}", "status")

    @staticmethod
    def _price(row: dict, say) -> None:
        basis, value, low, high = row.get("basis"), row.get("value"), row.get("low"), row.get("high")
        if basis == "range":
            for name, number in (("low", low), ("high", high)):
                if number is None:
                    say("a range price needs low and high", name)
        elif basis in ("average", "index") and value is None:
            say(f"an {basis} price needs its value (basis direction is for a direction only)", "value")
        elif basis == "direction":
            given = [name for name, number in (("value", value), ("low", low), ("high", high)) if number is not None]
            if given:
                say(f"basis direction is for a direction only, but the row has {given[0]}: "
                    "set basis to average, index or range", given[0])
            if not row.get("direction"):
                say("basis direction needs its direction", "direction")
        if basis != "range" and (low is None) != (high is None):
            given, lacking = ("low", "high") if high is None else ("high", "low")
            say(f"{given} without {lacking}: a printed range has both ends", lacking)
        if None not in (value, low, high) and low <= high and not low <= value <= high:
            say(f"value {cells.number_text(value)} is outside its range {cells.number_text(low)}–{cells.number_text(high)}", "value")
        if low is not None and high is not None and low > high:
            say(f"low {cells.number_text(low)} is above high {cells.number_text(high)}", "low")
        if any(n is not None for n in (value, low, high)) and not row.get("unit"):
            say("a price needs its unit", "unit")

    def _unit(self, path: str, line: int, row: dict, by: str, units: dict) -> None:
        """The unit belongs to the quantity (data/schemas/units.json); a number has a unit."""
        quantity, unit = row.get(by), row.get("unit")
        if quantity not in units:
            hint = cells.hint_for(quantity, cells.did_you_mean(quantity, list(units))) or ": add it with its units to data/schemas/units.json"
            self.report(path, f"unknown {by} {cells.shown_cell(quantity)}{hint}", line, by)
        elif unit and unit not in units[quantity]:
            allowed = ", ".join(units[quantity]) or "none: give it in words"
            hint = cells.hint_for(unit, cells.did_you_mean(unit, units[quantity]))
            self.report(path, f"unit {cells.shown_cell(unit)} does not belong to {quantity} (allowed: {allowed}){hint}", line, "unit")
        elif row.get("value") is not None and not unit:
            self.report(path, f"a {quantity} value needs its unit", line, "unit")

    def _series(self, path: str, line: int, row: dict, table: str, seen: dict) -> None:
        """One unit per series, across all weeks: a price's material, a statistic's metric and scope.
        Its numbers are kept for the outlier warnings."""
        keys = {"prices": ("material",), "statistics": ("metric", "scope")}.get(table)
        if not keys or not row.get("unit"):
            return
        series = (table, *(row.get(k) for k in keys))
        unit, first = seen.setdefault(series, (row["unit"], f"{path}:{line}"))
        if row["unit"] != unit:
            self.report(path, f"unit {row['unit']!r} mixes units in one series: {' / '.join(series[1:])} is in {unit!r} at {first}",
                        line, "unit")
        elif unit != "%":
            for column in ("value", "low", "high"):
                if row.get(column):
                    self.series.setdefault((*series, unit), []).append((row[column], path, line, column))

    def _outliers(self) -> None:
        """A warning for a number far from the median of its series: typed in another unit?"""
        for (table, *names, unit), values in self.series.items():
            if len(values) < 3:
                continue
            median = statistics.median(abs(v) for v, *_ in values)
            for value, path, line, column in values:
                ratio = abs(value) / median
                if ratio > OUTLIER_RATIO or ratio < 1 / OUTLIER_RATIO:
                    size = f"{ratio:.0f} times" if ratio > 1 else f"1/{1 / ratio:.0f} of"
                    self.report(
                        path, f"{cells.number_text(value)} is {size} the median {cells.number_text(median)} of its series ({' / '.join(names)} in {unit}, "
                        f"{len(values)} values): check its unit and its digits", line, column, warning=True,
                    )


def _json(text: str) -> object:
    """JSON text's data; nesting too deep to read is a JSON error like any other."""
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply to read", text, 0) from None


def _draft(relative: str) -> bool:
    """Whether a path of data/ is in a week's draft folder (`ssbook draft`'s proposals, not data)."""
    parts = PurePosixPath(relative).parts
    return len(parts) > 3 and parts[0] == "weeks" and parts[2] == DRAFT


def _inside(location) -> bool:
    """Whether `location` is a relative path to somewhere inside data/."""
    if not isinstance(location, str) or not location or "\\" in location:
        return False
    path = PurePosixPath(location)
    return not path.is_absolute() and ".." not in path.parts


def _schema_problems(schema, resources: dict) -> list[str]:
    """What keeps `schema` from being a Table Schema the checks can use (Frictionless checks the rest)."""
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return ["must be a JSON object with a `fields` list"]
    problems, names = [], []
    for index, field in enumerate(schema["fields"]):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"]:
            problems.append(f"fields[{index}] must be an object with a `name`")
            continue
        if field["name"] in names:
            problems.append(f"field {field['name']} is defined twice")
        names.append(field["name"])
        constraints = field.get("constraints", {})
        pattern = constraints.get("pattern") if isinstance(constraints, dict) else None
        if pattern is not None:
            try:
                re.compile(pattern)
            except (re.error, TypeError):
                problems.append(f"field {field['name']}: pattern {pattern!r} is not a regular expression")
            if not isinstance(field.get("patternDescription"), str):
                problems.append(f"field {field['name']} has a pattern but no patternDescription (the pattern in words, for the editor)")
    key = schema.get("primaryKey", [])
    for name in [key] if isinstance(key, str) else key if isinstance(key, list) else [None]:
        if name not in names:
            problems.append(f"primaryKey {name!r} is not a field")
    for fk in schema.get("foreignKeys", []) if isinstance(schema.get("foreignKeys", []), list) else [None]:
        reference = fk.get("reference") if isinstance(fk, dict) else None
        fields = fk.get("fields") if isinstance(fk, dict) else None
        fields = [fields] if isinstance(fields, str) else fields
        if not isinstance(reference, dict) or not _names(fields) or not _names(reference.get("fields", [])):
            problems.append("each foreignKeys entry needs `fields` and a `reference` with `resource` and `fields`")
        elif not set(fields) <= set(names):
            problems.append(f"the foreign key of {', '.join(fields)} names a field the schema does not have")
        # (a reference table missing from the descriptor is reported there)
        elif not isinstance(reference.get("resource"), str) or (
            reference["resource"] not in resources and reference["resource"] not in d.REFERENCE_TABLES
        ):
            problems.append(f"a foreign key points at table {reference.get('resource')!r}, which {d.DESCRIPTOR} does not list")
    return problems


def _names(value) -> bool:
    """Whether `value` is a field name or a non-empty list of them."""
    return isinstance(value, str) or (isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value))


def _encoding_hint(raw: bytes) -> str:
    """Which Windows encoding bytes that are not UTF-8 look like: GBK (Chinese) or Windows-1252 (Western)."""
    for encoding, words, plausible in (
        ("gb18030", "GBK/GB18030 (Chinese Windows)", _mostly_gb2312),
        ("cp1252", "Windows-1252 (Western European Windows)", lambda text: True),
    ):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if all(c.isprintable() or c in "\t\r\n" for c in text) and plausible(text):
            return f"; it looks like {words} text: save it as UTF-8"
    return ": save it as CSV UTF-8"


def _mostly_gb2312(text: str) -> bool:
    """Chinese text in GBK has Chinese characters, mostly the common ones of GB2312; Western text
    misread as GBK gives rare ones."""
    chinese = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    common = 0
    for c in chinese:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return bool(chinese) and common >= 0.9 * len(chinese)


def _lines(text: str) -> int:
    return text.count("\n") if "\n" in text else text.count("\r")


def _ragged(line: int, cells: list[str], width: int) -> str:
    message = f"the row has {len(cells)} cell{'s' if len(cells) != 1 else ''}, the header {width}: check its commas and quotes"
    spans = sum(_lines(cell) for cell in cells)
    if spans:
        message += f" (a quoted cell runs from line {line} to line {line + spans}: is a closing quote missing?)"
    return message
