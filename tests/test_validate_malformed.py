"""`ssbook validate` never prints a Python traceback for anything in data/: every table fed every kind of
malformed file, and a malformed data package descriptor or schema, give `data/...` problems and exit 1."""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest
from conftest import run_ssbook

from ssbook.data import REFERENCE_TABLES, WEEKLY_TABLES, weeks
from ssbook.validate import validate

ROOT = Path(__file__).resolve().parents[1]
TABLES = [*REFERENCE_TABLES, *WEEKLY_TABLES]
JUNK = random.Random(11).randbytes(4096)


def schema_fields(data: Path, table: str) -> list[dict]:
    return json.loads((data / "schemas" / f"{table}.json").read_text(encoding="utf-8"))["fields"]


def header(data: Path, table: str) -> str:
    return ",".join(f["name"] for f in schema_fields(data, table))


def width(data: Path, table: str) -> int:
    return len(schema_fields(data, table))


def text(*lines: str, encoding: str = "utf-8") -> bytes:
    return "".join(line + "\n" for line in lines).encode(encoding)


def first_row(data: Path, table: str, cell) -> bytes:
    """The table's header and one row in which each field's cell is `cell(field)`."""
    return text(header(data, table), ",".join(cell(f) for f in schema_fields(data, table)))


def is_date(field: dict) -> bool:
    """A field whose pattern is a date, or starts with one (an event_id)."""
    pattern = field.get("constraints", {}).get("pattern", "")
    return bool(pattern) and any(re.fullmatch(pattern, text) for text in ("2026-01-08", "2026-01-08-slug"))


# Each malformed file: a function of (data folder, table) that returns the file's bytes.
MALFORMED = {
    "binary junk": lambda data, table: JUNK,
    "a PNG image": lambda data, table: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + JUNK[:200],
    "NUL bytes": lambda data, table: text(header(data, table), ",".join(["x\x00y"] * width(data, table))),
    "NUL bytes in the header": lambda data, table: text(header(data, table).replace(",", "\x00,", 1)),
    "a quote never closed": lambda data, table: text(header(data, table), '"unclosed,' + ",".join(["x"] * width(data, table)), "more,rows"),
    "a quote in the header": lambda data, table: text('"' + header(data, table)),
    "a huge quoted cell": lambda data, table: text(header(data, table), '"' + "x" * 200_000 + '"'),
    "a huge unquoted cell": lambda data, table: text(header(data, table), "x" * 200_000),
    "a byte-order mark only": lambda data, table: b"\xef\xbb\xbf",
    "a byte-order mark and blank lines": lambda data, table: b"\xef\xbb\xbf\r\n\r\n",
    "ragged rows": lambda data, table: text(header(data, table), "one", "a," * 40),
    "Windows-1252 text": lambda data, table: text(header(data, table), ",".join(["Société"] * width(data, table)), encoding="cp1252"),
    "GBK text": lambda data, table: text(header(data, table), ",".join(["红旗"] * width(data, table)), encoding="gbk"),
    "UTF-16 text": lambda data, table: text(header(data, table), ",".join(["x"] * width(data, table)), encoding="utf-16"),
    "semicolons between cells": lambda data, table: text(header(data, table).replace(",", ";")),
    "tabs between cells": lambda data, table: text(header(data, table).replace(",", "\t")),
    "a carriage return in an unquoted cell": lambda data, table: text(header(data, table), "x\ry" + ",x" * (width(data, table) - 1)),
    "CR-only line endings and a ragged row": lambda data, table: (header(data, table) + "\rone\r").encode(),
    "a duplicated header column": lambda data, table: text(header(data, table) + "," + schema_fields(data, table)[0]["name"]),
    "empty header columns": lambda data, table: text(header(data, table) + ",,,"),
    "an empty header": lambda data, table: text("", "", "x,y"),
    "a header in the wrong case": lambda data, table: text(header(data, table).upper()),
    "a header with invisible characters": lambda data, table: text("\u200b" + header(data, table).replace(",", " ,\u00a0")),
    "only quotes": lambda data, table: b'"""\n""\n"',
    "control characters": lambda data, table: bytes(range(1, 32)) + b"\n",
    "a row of invisible characters": lambda data, table: text(header(data, table), ",\u200b" * (width(data, table) - 1) + "\u00a0"),
    "ten thousand columns": lambda data, table: text(header(data, table), "x," * 10_000),
    "impossible dates": lambda data, table: first_row(data, table, lambda f: "2026-02-30" if is_date(f) else "x"),
    "numbers no chapter can show": lambda data, table: first_row(data, table, lambda f: "NaN" if f["type"] in ("number", "integer") else "２０２６"),
}


def table_path(data: Path, table: str) -> Path:
    return data / f"{table}.csv" if table in REFERENCE_TABLES else data / "weeks" / weeks(data)[-1] / f"{table}.csv"


def copy_data(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


@pytest.mark.parametrize("kind", MALFORMED)
def test_every_table_fed_a_malformed_file_is_named(tmp_path, kind):
    """One table broken at a time (validate in this process: any exception fails the test)."""
    for table in TABLES:
        data = copy_data(tmp_path / table)
        path = table_path(data, table)
        path.write_bytes(MALFORMED[kind](data, table))
        named = f"data/{path.relative_to(data).as_posix()}"
        found = [str(p) for p in validate(data)]
        assert any(m.startswith(named + ":") for m in found), (table, found)


@pytest.mark.parametrize("kind", MALFORMED)
def test_cli_prints_problems_never_a_traceback(project, kind):
    """Every table broken at once, `ssbook validate` run as the editor runs it (in this process;
test_validate.py runs the command itself)."""
    data = project.data
    named = []
    for table in TABLES:
        path = table_path(data, table)
        path.write_bytes(MALFORMED[kind](data, table))
        named.append(f"data/{path.relative_to(data).as_posix()}:")
    result = run_ssbook(project.root, "validate")
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("data/") for line in lines[:-1]), result.stderr
    for start in named:
        assert any(line.startswith(start) for line in lines), (start, result.stderr)


# Each broken descriptor or schema: a function that breaks the data folder and returns the file that must be named.
def descriptor_text(text):
    def breaking(data):
        (data / "datapackage.json").write_text(text, encoding="utf-8")
        return "data/datapackage.json"
    return breaking


def descriptor_change(change):
    def breaking(data):
        path = data / "datapackage.json"
        package = json.loads(path.read_text(encoding="utf-8"))
        change(package)
        path.write_text(json.dumps(package), encoding="utf-8")
        return "data/datapackage.json"
    return breaking


def schema_text(text, table="events"):
    def breaking(data):
        (data / "schemas" / f"{table}.json").write_text(text, encoding="utf-8")
        return f"data/schemas/{table}.json"
    return breaking


def schema_change(change, table="events"):
    def breaking(data):
        path = data / "schemas" / f"{table}.json"
        schema = json.loads(path.read_text(encoding="utf-8"))
        change(schema)
        path.write_text(json.dumps(schema), encoding="utf-8")
        return f"data/schemas/{table}.json"
    return breaking


def first(package, key, value):
    package["resources"][0][key] = value


def descriptor_not_utf8(data):
    (data / "datapackage.json").write_bytes(b'{"name": "\xe9"}')
    return "data/datapackage.json"


def descriptor_a_folder(data):
    (data / "datapackage.json").unlink()
    (data / "datapackage.json").mkdir()
    return "data/datapackage.json"


def units_missing(data):
    (data / "schemas" / "units.json").unlink()
    return "data/schemas/units.json"


def without_pattern_words(schema):
    for field in schema["fields"]:
        field.pop("patternDescription", None)


def without_source_id(data):
    """The sources schema loses the field every reference points at."""
    schema_change(lambda s: s["fields"].pop(0), table="sources")(data)
    return "data/"


BROKEN = {
    "descriptor not JSON": descriptor_text("{"),
    "descriptor empty": descriptor_text(""),
    "descriptor a list": descriptor_text("[]"),
    "descriptor a string": descriptor_text('"resources"'),
    "descriptor null": descriptor_text("null"),
    "descriptor not UTF-8": descriptor_not_utf8,
    "descriptor a folder": descriptor_a_folder,
    "resources not a list": descriptor_change(lambda p: p.update(resources={"a": 1})),
    "resources not objects": descriptor_change(lambda p: p.update(resources=["sources.csv", 1, None, []])),
    "resource without path": descriptor_change(lambda p: p["resources"][0].pop("path")),
    "resource path a number": descriptor_change(lambda p: first(p, "path", 7)),
    "resource path a list": descriptor_change(lambda p: first(p, "path", ["sources.csv"])),
    "resource path absolute": descriptor_change(lambda p: first(p, "path", "/etc/passwd")),
    "resource path outside data": descriptor_change(lambda p: first(p, "path", "../book.yml")),
    "resource path a folder": descriptor_change(lambda p: first(p, "path", "weeks")),
    "resource without schema": descriptor_change(lambda p: p["resources"][0].pop("schema")),
    "schema not a string": descriptor_change(lambda p: first(p, "schema", 3)),
    "schema inline": descriptor_change(lambda p: first(p, "schema", {"fields": []})),
    "schema missing": descriptor_change(lambda p: first(p, "schema", "schemas/nothing.json")),
    "schema outside data": descriptor_change(lambda p: first(p, "schema", "../_config.yml")),
    "schema of another table": descriptor_change(lambda p: first(p, "schema", "schemas/vehicles.json")),
    "resource listed twice": descriptor_change(lambda p: p["resources"].append(dict(p["resources"][0]))),
    "schema not JSON": schema_text("{"),
    "schema a list": schema_text("[]"),
    "schema without fields": schema_text("{}"),
    "schema fields not a list": schema_text('{"fields": {"event_id": "string"}}'),
    "schema field not an object": schema_change(lambda s: s["fields"].__setitem__(0, "event_id")),
    "schema field without name": schema_change(lambda s: s["fields"][0].pop("name")),
    "schema field name a number": schema_change(lambda s: s["fields"][0].__setitem__("name", 5)),
    "schema field of unknown type": schema_change(lambda s: s["fields"][0].__setitem__("type", "banana")),
    "schema fields twice": schema_change(lambda s: s["fields"].append(s["fields"][0])),
    "schema pattern not a regex": schema_change(lambda s: s["fields"][0]["constraints"].__setitem__("pattern", "([")),
    "schema enum not a list": schema_change(lambda s: s["fields"][2]["constraints"].__setitem__("enum", "actual")),
    "schema pattern without its words": schema_change(without_pattern_words),
    "schema primary key of no field": schema_change(lambda s: s.__setitem__("primaryKey", ["nothing"])),
    "schema foreign key malformed": schema_change(lambda s: s.__setitem__("foreignKeys", [{"fields": "source_id"}])),
    "schema foreign key of no field": schema_change(lambda s: s["foreignKeys"][0].__setitem__("fields", "nothing")),
    "schema foreign key fields not names": schema_change(lambda s: s["foreignKeys"][0].__setitem__("fields", [{"a": 1}])),
    "schema foreign key to a list": schema_change(lambda s: s["foreignKeys"][0]["reference"].__setitem__("resource", ["sources"])),
    "schema foreign key to a field the table lacks": schema_change(
        lambda s: s["foreignKeys"][0]["reference"].__setitem__("fields", "nothing")),
    "schema foreign key to no table": schema_change(lambda s: s["foreignKeys"][0]["reference"].__setitem__("resource", "nothing")),
    "sources schema without source_id": without_source_id,
    "units not JSON": schema_text("{", table="units"),
    "units of the wrong shape": schema_text('{"forecasts": {"by": "metric", "units": ["GWh"]}, "statistics": []}', table="units"),
    "units missing": units_missing,
}


@pytest.mark.parametrize("breakage", BROKEN)
def test_a_broken_descriptor_or_schema_is_named(tmp_path, breakage):
    data = copy_data(tmp_path)
    named = BROKEN[breakage](data)
    found = [str(p) for p in validate(data)]
    assert any(m.startswith(named) for m in found), found


@pytest.mark.parametrize("breakage", ["descriptor a list", "resources not objects", "schema field of unknown type", "units of the wrong shape"])
def test_cli_on_a_broken_descriptor_prints_no_traceback(project, breakage):
    named = BROKEN[breakage](project.data)
    result = run_ssbook(project.root, "validate")
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == 1
    assert named + ":" in result.stderr
