"""`ssbook validate` and the build's first step: the shipped data passes; each kind of mistake is
named by file, row and column, and a build with it publishes nothing."""

from __future__ import annotations

import csv
import hashlib
import shutil
import subprocess
import sys

import pytest

from ssbook.build import build
from ssbook.data import weeks
from ssbook.project import Project
from ssbook.validate import DataError, validate

WEEK = "data/weeks/2026-01-08"


def rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_rows(path, table, encoding="utf-8", newline="\n"):
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle, lineterminator=newline).writerows(table)


def line_where(path, column, predicate):
    """The line (header = 1) of the first row whose `column` satisfies `predicate`."""
    table = rows(path)
    at = table[0].index(column)
    return next(i for i, r in enumerate(table, 1) if i > 1 and predicate(r[at], dict(zip(table[0], r))))


def set_cell(path, line, column, value):
    table = rows(path)
    table[line - 1][table[0].index(column)] = value
    write_rows(path, table)


# Each bad input: a function that breaks a copy of the data and returns the message it must produce.

def thousands_separator(data):
    prices = data / "weeks/2025-12-06/prices.csv"
    line = line_where(prices, "value", lambda v, r: v == "2050")
    set_cell(prices, line, "value", "2,050")
    return f"data/weeks/2025-12-06/prices.csv:{line}:value: type error: '2,050' has a thousands separator; write 2050"


def unit_in_the_cell(data):
    prices = data / "weeks/2025-12-06/prices.csv"
    line = line_where(prices, "value", lambda v, r: v == "145")
    set_cell(prices, line, "value", "145 yuan/kg")
    return f"data/weeks/2025-12-06/prices.csv:{line}:value: type error: '145 yuan/kg' is a number with text"


def date_in_another_format(data):
    set_cell(data / "weeks/2026-01-08/events.csv", 2, "date", "08/01/2026")
    return f"{WEEK}/events.csv:2:date: constraint error: '08/01/2026' is not a date written YYYY, YYYY-MM or YYYY-MM-DD"


def date_after_its_week(data):
    events = data / "weeks/2026-01-08/events.csv"
    line = line_where(events, "timing", lambda v, r: v == "actual")
    set_cell(events, line, "date", "2026-02-01")
    return f"{WEEK}/events.csv:{line}:date: date 2026-02-01 is after the week's end"


def source_of_another_week(data):
    set_cell(data / "weeks/2026-01-08/events.csv", 2, "source_id", "S2")
    return f"{WEEK}/events.csv:2:source_id: source S2 was published 2025-12-06, outside week 2026-01-08"


def unknown_source(data):
    set_cell(data / "weeks/2026-01-08/events.csv", 2, "source_id", "Z99")
    return f'{WEEK}/events.csv:2:source_id: unknown reference: for "source_id": values "Z99" not found'


def missing_source(data):
    set_cell(data / "weeks/2026-01-08/events.csv", 2, "source_id", "")
    return f"{WEEK}/events.csv:2:source_id: constraint error"


def value_not_allowed(data):
    set_cell(data / "weeks/2026-01-08/events.csv", 2, "stage", "almost done")
    return f"{WEEK}/events.csv:2:stage: constraint error: 'almost done' is not an allowed value (research, lab, pilot"


def duplicate_key_in_a_file(data):
    forecasts = data / "weeks/2026-01-08/forecasts.csv"
    table = rows(forecasts)
    write_rows(forecasts, table + [table[1]])
    return f"{WEEK}/forecasts.csv:{len(table) + 1}:forecast_id: duplicate key"


def duplicate_key_across_weeks(data):
    earlier = rows(data / "weeks/2026-01-02/events.csv")
    set_cell(data / "weeks/2026-01-08/events.csv", 2, "event_id", earlier[1][0])
    return f"{WEEK}/events.csv:2:event_id: duplicate event_id '{earlier[1][0]}': already used in weeks/2026-01-02/events.csv"


def missing_column(data):
    events = data / "weeks/2026-01-08/events.csv"
    table = rows(events)
    at = table[0].index("summary")
    write_rows(events, [r[:at] + r[at + 1:] for r in table])
    return f"{WEEK}/events.csv:1:summary: missing column (the header lacks it)"


def unknown_column(data):
    events = data / "weeks/2026-01-08/events.csv"
    table = rows(events)
    write_rows(events, [table[0] + ["notes"]] + [r + [""] for r in table[1:]])
    return f"{WEEK}/events.csv:1:notes: unknown column"


def share_above_100_percent(data):
    forecasts = data / "weeks/2026-01-08/forecasts.csv"
    line = line_where(forecasts, "metric", lambda v, r: v == "penetration")
    set_cell(forecasts, line, "value", "140")
    return f"{WEEK}/forecasts.csv:{line}:value: share of 140% is outside 0–100"


def negative_capacity(data):
    projects = data / "weeks/2026-01-08/projects.csv"
    line = line_where(projects, "capacity_value", lambda v, r: v != "")
    set_cell(projects, line, "capacity_value", "-5")
    return f"{WEEK}/projects.csv:{line}:capacity_value: constraint error"


def unit_of_another_quantity(data):
    claims = data / "weeks/2026-01-08/vehicle_claims.csv"
    line = line_where(claims, "attribute", lambda v, r: v == "energy density" and r["unit"] == "Wh/kg")
    set_cell(claims, line, "unit", "km")
    return f"{WEEK}/vehicle_claims.csv:{line}:unit: unit 'km' does not belong to energy density (allowed: Wh/kg, %)"


def mixed_units_in_a_series(data):
    prices = data / "weeks/2025-12-06/prices.csv"
    line = line_where(prices, "value", lambda v, r: v == "2050")
    set_cell(prices, line, "unit", "yuan/t")
    return f"data/weeks/2025-12-06/prices.csv:{line}:unit: unit 'yuan/t' mixes units in one series: lithium sulphide is in 'yuan/kg'"


def zero_byte_file(data):
    (data / "weeks/2026-01-08/forecasts.csv").write_bytes(b"")
    return f"{WEEK}/forecasts.csv: empty file (zero bytes): it needs at least the header row"


def blank_file(data):
    (data / "weeks/2026-01-08/forecasts.csv").write_text("\n\n", encoding="utf-8")
    return f"{WEEK}/forecasts.csv: empty file (blank): it needs at least the header row"


def gbk_encoding(data):
    events = data / "weeks/2026-01-08/events.csv"
    table = rows(events)
    table[1][table[0].index("company")] = "红旗"
    write_rows(events, table, encoding="gbk")
    return f"{WEEK}/events.csv:2: not UTF-8 (byte 0xba); it looks like GBK/GB18030 (Chinese Windows) text: save it as UTF-8"


def csv_not_described(data):
    (data / "weeks/2026-01-08/notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return f"{WEEK}/notes.csv: not described in datapackage.json"


BAD_INPUTS = [
    thousands_separator, unit_in_the_cell, date_in_another_format, date_after_its_week, source_of_another_week,
    unknown_source, missing_source, value_not_allowed, duplicate_key_in_a_file, duplicate_key_across_weeks,
    missing_column, unknown_column, share_above_100_percent, negative_capacity, unit_of_another_quantity,
    mixed_units_in_a_series, zero_byte_file, blank_file, gbk_encoding, csv_not_described,
]


def test_shipped_data_is_valid(data_dir):
    assert [str(p) for p in validate(data_dir)] == []


@pytest.mark.parametrize("breakage", BAD_INPUTS, ids=lambda f: f.__name__)
def test_bad_input_is_named_by_file_row_and_column(data_dir, breakage):
    expected = breakage(data_dir)
    found = [str(p) for p in validate(data_dir)]
    assert any(message.startswith(expected) for message in found), f"expected {expected!r} in {found}"


@pytest.fixture(scope="module")
def published(built, tmp_path_factory):
    """A built project of our own, whose data each test breaks and then restores."""
    root = tmp_path_factory.mktemp("published") / "book"
    shutil.copytree(built.root, root, symlinks=True)
    return Project(root)


def site_digest(site):
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("breakage", BAD_INPUTS, ids=lambda f: f.__name__)
def test_bad_input_publishes_nothing(published, breakage):
    pristine = published.root / "data.pristine"
    if not pristine.exists():
        shutil.copytree(published.data, pristine)
    before = site_digest(published.site)
    new_week = published.data / "weeks" / "2026-01-15"
    try:
        breakage(published.data)
        with pytest.raises(DataError):
            build(published, rebuild=(weeks(published.data)[-1],), log=lambda message: None)
        assert site_digest(published.site) == before
    finally:
        shutil.rmtree(published.data)
        shutil.copytree(pristine, published.data)
    assert not new_week.exists()


def test_spreadsheet_export_is_accepted(data_dir):
    """UTF-8 with a byte-order mark, CRLF line endings and Chinese names are what spreadsheets write."""
    events = data_dir / "weeks/2026-01-08/events.csv"
    table = rows(events)
    table[1][table[0].index("company")] = "红旗 (Hongqi)"
    write_rows(events, table, encoding="utf-8-sig", newline="\r\n")
    assert [str(p) for p in validate(data_dir)] == []


def test_cli_lists_problems_and_exits_non_zero(project):
    expected = thousands_separator(project.data)
    for command in ("validate", "build"):
        result = subprocess.run([sys.executable, "-m", "ssbook.cli", command], cwd=project.root, capture_output=True, text=True)
        assert result.returncode == 1, command
        assert expected in result.stderr, command
    assert not (project.root / "_build" / "site").exists()
