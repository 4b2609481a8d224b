"""The data package's files checked one by one: the descriptor, the schemas, each CSV's encoding and header, every cell."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import frictionless

from . import cells
from . import data as d
from .links import NOT_WEB, web_url


@dataclass
class Table:
    path: str
    schema_path: str
    schema: frictionless.Schema
    records: list[tuple[int, list[str]]]  # (line where the row starts, its cells), header excluded


class Files:
    """The data package read file by file and row by row, every problem passed to `report(path, message,
    row, column)` (path inside data/). Each table is checked against its Table Schema in data/schemas/:
    the file's encoding and separators, its header, then every cell by Frictionless's field rules and
    this project's (see `cells`), each key unique in its file and each reference found. What it leaves
    for the checks across rows: `clean`, each file's rows without a bad cell, typed; `kinds`, the table
    of each file those checks know; `weeks`; `tables`, the raw records of every file whose header is right.

    The rules for cells, beyond the schema's:
    - A number is plain ASCII decimal, `-?[0-9]+(.[0-9]+)?` (an integer field: `-?[0-9]+`), with at most
      15 digits: what pandas reads and a chapter shows. Everything else Frictionless would accept (NaN,
      inf, full-width or other non-ASCII digits, 1_000, +5, 1e3, spaces around it) is an error that
      says how to write the number.
    - A cell that starts with YYYY-MM-DD (a date, an event_id) starts with a day of the calendar.
    - A field with a `pattern` says it in words in its `patternDescription`, a noun phrase that follows
      "is not" ("a date written YYYY, YYYY-MM or YYYY-MM-DD"); messages show it, never the regex.
    - Invisible characters (spaces at the ends, no-break and zero-width spaces) are shown in messages:
      'S11␠', '1<no-break space>120'."""

    def __init__(self, data_dir: Path, report):
        self.data_dir = data_dir
        self.report = report
        self.names: dict[str, str] = {}  # resource name -> path
        self.kinds: dict[str, str] = {}  # path -> table, for the files the checks across rows know
        self.weeks: list[str] = []
        self.schemas: dict[str, tuple | None] = {}  # schema path -> (descriptor, Frictionless schema)
        self.readers: dict[str, list] = {}  # schema path -> its fields' cell readers, shared by every week's file
        self.tables: dict[str, Table] = {}  # path -> a file whose header is right
        self.clean: dict[str, list[tuple[int, dict]]] = {}  # path -> its rows without a bad cell, typed

    def run(self) -> bool:
        """Check every file and row; False when the descriptor cannot be read (nothing else is checked)."""
        resources = self._descriptor()
        if resources is None:
            return False
        self._layout(resources)
        for resource in resources:
            self._file(resource)
        self._cells()
        return True

    # The data package descriptor and the files it lists.

    def _descriptor(self) -> list[dict] | None:
        """The resources of datapackage.json that name a file and its schema inside data/."""
        path = self.data_dir / d.DESCRIPTOR
        try:
            package = read_json(path.read_text(encoding="utf-8-sig"))
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
                added_since = table in d.ADDED_TABLES and not (self.data_dir / d.resource_path(table, week)).exists()
                if d.resource_path(table, week) not in listed and not added_since:
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

    def schema(self, location: str) -> tuple[dict, frictionless.Schema] | None:
        """The Table Schema at `location` (as the descriptor names it), read and checked once."""
        if location not in self.schemas:
            self.schemas[location] = None
            try:
                descriptor = read_json((self.data_dir / location).read_text(encoding="utf-8-sig"))
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
        schema = self.schema(resource["schema"])
        if schema is None:
            return
        records = self._records(path, text)  # a first line that cannot be read is reported there
        if records and records[0][0] == 1 and self._header(path, records[0][1], schema[0]):
            self.tables[path] = Table(path, resource["schema"], schema[1], records[1:])

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
            self.report(path, f"not UTF-8 (byte {raw[error.start]:#04x}){encoding_hint(raw)}", row=line)
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

    def _rows(self, table: Table, lookups: dict) -> None:
        path, fields = table.path, table.schema.fields
        names = [f.name for f in fields]
        scaled = {f.name for f in fields if not ({"unit", f"{f.name.rsplit('_', 1)[0]}_unit"} & set(names))}
        key = table.schema.primary_key
        keys: dict[tuple, int] = {}
        clean = self.clean.setdefault(path, [])
        if table.schema_path not in self.readers:
            self.readers[table.schema_path] = [field.create_cell_reader() for field in fields]
        readers = self.readers[table.schema_path]
        for line, values in table.records:
            if not any(cells.without_blemishes(cell) for cell in values):
                self.report(path, "blank row: delete it", line)
                continue
            if len(values) != len(fields):
                self.report(path, _ragged(line, values, len(fields)), line)
                continue
            raw = dict(zip(names, values))
            row, bad = {}, set()
            for field, read, cell in zip(fields, readers, values):
                message, row[field.name] = parse_cell(field, cell, field.name in scaled, read)
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


def parse_cell(field: frictionless.Field, cell: str, scaled: bool, read=None) -> tuple[str | None, object]:
    """What is wrong with a cell (None if nothing) and its value: `cells.parse_cell`, and a URL field
    holds only an http(s) address (`ssbook.links`)."""
    if field.format == "uri" and cell and web_url(cell) is None:
        return NOT_WEB, cell
    return cells.parse_cell(field, cell, scaled, read)


def read_json(text: str) -> object:
    """JSON text's data; nesting too deep to read is a JSON error like any other."""
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply to read", text, 0) from None


def _draft(relative: str) -> bool:
    """Whether a path of data/ is in a week's draft folder (`ssbook draft`'s proposals, not data)."""
    parts = PurePosixPath(relative).parts
    return len(parts) > 3 and parts[0] == "weeks" and parts[2] == d.DRAFT


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


def encoding_hint(raw: bytes, save_as: str = "CSV UTF-8") -> str:
    """Which Windows encoding bytes that are not UTF-8 look like: GBK (Chinese) or Windows-1252 (Western);
    otherwise, to save the file as `save_as`."""
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
    return f": save it as {save_as}"


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
