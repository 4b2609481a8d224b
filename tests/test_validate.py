"""`ssbook validate` and the build's first step: the shipped data passes; each kind of mistake is
named by file, row and column, and a build with it publishes nothing."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ssbook.build import build
from ssbook.data import REFERENCE_TABLES, WEEKLY_TABLES, load, weeks
from ssbook.validate import DataError, check, validate

from conftest import copy_of

pytestmark = pytest.mark.xdist_group("validate")  # its module fixtures are made once, on one worker

ROOT = Path(__file__).resolve().parents[1]
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
    return f"{WEEK}/events.csv:2:source_id: unknown reference: 'Z99' is not a source_id in sources.csv"


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


# Dates that match YYYY-MM-DD but are not in the calendar.

def impossible_date_in_sources(data):
    line = line_where(data / "sources.csv", "source_id", lambda v, r: v == "S1")
    set_cell(data / "sources.csv", line, "published", "2025-02-29")
    return f"data/sources.csv:{line}:published: constraint error: 2025-02-29 is not a date in the calendar (February 2025 has 28 days)"


def impossible_date_of_a_datum(data):
    set_cell(data / "weeks/2026-01-08/events.csv", 2, "date", "2026-04-31")
    return f"{WEEK}/events.csv:2:date: constraint error: 2026-04-31 is not a date in the calendar (April 2026 has 30 days)"


# Numbers written the way spreadsheets, other locales and input methods write them.

def decimal_comma(data):
    set_cell(data / "weeks/2026-01-08/forecasts.csv", 2, "value", "13,5")
    return f"{WEEK}/forecasts.csv:2:value: type error: '13,5' has a decimal comma; write 13.5"


def space_as_thousands_separator(data):
    projects = data / "weeks/2026-01-08/projects.csv"
    line = line_where(projects, "capacity_value", lambda v, r: v == "200000")
    set_cell(projects, line, "capacity_value", "200 000")
    return f"{WEEK}/projects.csv:{line}:capacity_value: type error: '200 000' has a space as a thousands separator; write 200000"


def no_break_space_as_thousands_separator(data):
    projects = data / "weeks/2026-01-08/projects.csv"
    line = line_where(projects, "capacity_value", lambda v, r: v == "200000")
    set_cell(projects, line, "capacity_value", "200\u00a0000")
    return (
        f"{WEEK}/projects.csv:{line}:capacity_value: type error: '200<no-break space>000' has a no-break space "
        "as a thousands separator; write 200000"
    )


def billion_in_a_column_without_unit(data):
    projects = data / "weeks/2026-01-08/projects.csv"
    line = line_where(projects, "investment_value", lambda v, r: v == "1120000000")
    set_cell(projects, line, "investment_value", "1.12 billion")
    return f"{WEEK}/projects.csv:{line}:investment_value: type error: '1.12 billion' is a number with a word; write it in full: 1120000000"


def not_a_number_word(data):
    prices = data / "weeks/2025-12-06/prices.csv"
    line = line_where(prices, "value", lambda v, r: v == "2050")
    set_cell(prices, line, "value", "NaN")
    return f"data/weeks/2025-12-06/prices.csv:{line}:value: type error: 'NaN' is not a number: write the source's figure in ASCII digits"


def full_width_digits(data):
    set_cell(data / "weeks/2026-01-08/forecasts.csv", 2, "value", "１３.５")
    return f"{WEEK}/forecasts.csv:2:value: type error: '１３.５' has full-width digits (typed with a Chinese or Japanese input method); write ASCII digits 13.5"


# Invisible characters, wrong case, patterns in words.

def reference_with_a_trailing_space(data):
    set_cell(data / "weeks/2026-01-08/events.csv", 2, "source_id", "S0 ")
    return f"{WEEK}/events.csv:2:source_id: 'S0␠' ends with a space: delete it"


def reference_with_a_zero_width_space(data):
    set_cell(data / "weeks/2026-01-08/events.csv", 2, "source_id", "S\u200b0")
    return f"{WEEK}/events.csv:2:source_id: 'S<zero-width space>0' has a zero-width space inside: delete it"


def text_with_a_trailing_no_break_space(data):
    prices = data / "weeks/2025-12-06/prices.csv"
    line = line_where(prices, "value", lambda v, r: v == "2050")
    set_cell(prices, line, "material", "lithium sulphide\u00a0")
    return f"data/weeks/2025-12-06/prices.csv:{line}:material: 'lithium sulphide<no-break space>' ends with a no-break space: delete it"


def quantity_in_the_wrong_case(data):
    claims = data / "weeks/2026-01-08/vehicle_claims.csv"
    line = line_where(claims, "attribute", lambda v, r: v == "energy density")
    set_cell(claims, line, "attribute", "Energy density")
    return f"{WEEK}/vehicle_claims.csv:{line}:attribute: unknown attribute 'Energy density'; did you mean energy density?"


def reference_in_the_wrong_case(data):
    set_cell(data / "weeks/2026-01-08/vehicle_claims.csv", 2, "vehicle_id", "Hongqi-Tiangong-06")
    return (
        f"{WEEK}/vehicle_claims.csv:2:vehicle_id: unknown reference: 'Hongqi-Tiangong-06' is not a vehicle_id in vehicles.csv; "
        "did you mean hongqi-tiangong-06?"
    )


def allowed_value_in_the_wrong_case(data):
    set_cell(data / "weeks/2026-01-08/events.csv", 2, "stage", "Shipment")
    return f"{WEEK}/events.csv:2:stage: constraint error: 'Shipment' is not an allowed value; did you mean shipment? (research, lab, pilot"


def allowed_value_with_a_no_break_space(data):
    set_cell(data / "weeks/2026-01-08/events.csv", 2, "status", "reported\u00a0")
    return f"{WEEK}/events.csv:2:status: constraint error: 'reported<no-break space>' is not an allowed value; it ends with a no-break space: did you mean reported?"


def id_not_matching_its_pattern(data):
    set_cell(data / "weeks/2026-01-08/forecasts.csv", 2, "forecast_id", "SMM 2028 shipments")
    return f"{WEEK}/forecasts.csv:2:forecast_id: constraint error: 'SMM 2028 shipments' is not an id of lowercase letters, digits and hyphens"


def source_id_not_matching_its_pattern(data):
    line = line_where(data / "sources.csv", "source_id", lambda v, r: v == "D19")
    set_cell(data / "sources.csv", line, "source_id", "D-19")
    return f"data/sources.csv:{line}:source_id: constraint error: 'D-19' is not a source id: one capital letter and a number"


# Files as other spreadsheet exports write them.

def semicolon_separated(data):
    events = data / "weeks/2026-01-08/events.csv"
    table = rows(events)
    with open(events, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=";").writerows(table)
    return f"{WEEK}/events.csv:1: this file uses ';' between cells: export it with commas (CSV UTF-8)"


def tab_separated(data):
    prices = data / "weeks/2026-01-08/prices.csv"
    table = rows(prices)
    with open(prices, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter="\t").writerows(table)
    return f"{WEEK}/prices.csv:1: this file uses tabs between cells: export it with commas (CSV UTF-8)"


def windows_1252_encoding(data):
    vehicles = data / "vehicles.csv"
    table = rows(vehicles)
    table[1][table[0].index("maker")] = "Société Générale d’Automobiles"
    write_rows(vehicles, table, encoding="cp1252")
    return "data/vehicles.csv:2: not UTF-8 (byte 0xe9); it looks like Windows-1252 (Western European Windows) text: save it as UTF-8"


def duplicated_header_column(data):
    events = data / "weeks/2026-01-08/events.csv"
    table = rows(events)
    write_rows(events, [table[0] + ["date"]] + [r + [r[1]] for r in table[1:]])
    return f"{WEEK}/events.csv:1:date: the column date appears twice in the header (columns 2 and 13): delete one"


def empty_header_columns_from_excel(data):
    forecasts = data / "weeks/2026-01-08/forecasts.csv"
    table = rows(forecasts)
    write_rows(forecasts, [r + ["", "", ""] for r in table])
    return f"{WEEK}/forecasts.csv:1: the header ends with 3 empty columns (a spreadsheet's empty cells): delete those columns"


def carriage_return_in_an_unquoted_cell(data):
    events = data / "weeks/2026-01-08/events.csv"
    text = events.read_text(encoding="utf-8").replace("GEM,", "GEM\r,", 1)
    events.write_text(text, encoding="utf-8", newline="")
    return f"{WEEK}/events.csv:2: a carriage return (CR) inside a cell that is not in quotes: delete it, or put the cell in double quotes"


# Contradictions inside one row.

def value_high_below_value(data):
    forecasts = data / "weeks/2025-11-20/forecasts.csv"
    line = line_where(forecasts, "value_high", lambda v, r: v == "400")
    set_cell(forecasts, line, "value_high", "300")
    return f"data/weeks/2025-11-20/forecasts.csv:{line}:value_high: value_high 300 is below value 350 (a range runs from value to value_high)"


def base_year_after_year(data):
    forecasts = data / "weeks/2026-01-08/forecasts.csv"
    line = line_where(forecasts, "base_year", lambda v, r: v == "2024")
    set_cell(forecasts, line, "base_year", "2031")
    return f"{WEEK}/forecasts.csv:{line}:base_year: base_year 2031 is not before year 2030 (a CAGR runs from base_year to year)"


def range_price_without_its_high(data):
    prices = data / "weeks/2026-01-08/prices.csv"
    line = line_where(prices, "basis", lambda v, r: v == "range")
    set_cell(prices, line, "high", "")
    return f"{WEEK}/prices.csv:{line}:high: a range price needs low and high"


def capacity_without_its_unit(data):
    projects = data / "weeks/2026-01-08/projects.csv"
    line = line_where(projects, "capacity_value", lambda v, r: v == "5200")
    set_cell(projects, line, "capacity_unit", "")
    return f"{WEEK}/projects.csv:{line}:capacity_unit: capacity_value 5200 needs its capacity_unit"


def event_id_outside_its_week(data):
    events = data / "weeks/2026-01-08/events.csv"
    set_cell(events, 2, "event_id", "2025-12-20-gem-high-nickel-shipments")
    return (
        f"{WEEK}/events.csv:2:event_id: event_id starts with 2025-12-20, outside week 2026-01-08 "
        "(after 2026-01-02 and on or before 2026-01-08): an event_id is <week>-<slug>"
    )


def full_width_digits_in_a_date(data):
    """A date typed with a Chinese input method matches `\\d`, but is no date the checks can read."""
    events = data / "weeks/2026-01-08/events.csv"
    set_cell(events, 2, "date", "２０２７-01-05")
    return f"{WEEK}/events.csv:2:date: constraint error: '２０２７-01-05' is not a date written YYYY, YYYY-MM or YYYY-MM-DD"


def arabic_indic_digit_in_a_source_id(data):
    set_cell(data / "sources.csv", 3, "source_id", "S١")
    return "data/sources.csv:3:source_id: constraint error: 'S١' is not a source id"


def invisible_characters_inside_a_cell(data):
    """A right-to-left override reorders what readers see; a zero-width space hides in a name."""
    set_cell(data / "weeks/2026-01-08/events.csv", 2, "company", "Hy\u200bmson\u202eX")
    return (f"{WEEK}/events.csv:2:company: 'Hy<zero-width space>mson<right-to-left override>X' has a zero-width space "
            "and a right-to-left override inside: delete them")


def descriptor_nested_too_deeply(data):
    path = data / "datapackage.json"
    text = path.read_text(encoding="utf-8").rstrip()
    path.write_text(text[:-1] + ', "x": ' + "[" * 5000 + "]" * 5000 + "}\n", encoding="utf-8")
    return "data/datapackage.json:1: not valid JSON: nested too deeply to read"



def finding_on_an_unclaimed_attribute(data):
    checks = data / "weeks/2026-01-08/claim_checks.csv"
    set_cell(checks, 2, "attribute", "energy densty")
    return (f"{WEEK}/claim_checks.csv:2:attribute: verge-ts-pro has no claim on 'energy densty' in vehicle_claims up to "
            "week 2026-01-08: a finding points at a claimed attribute")


def finding_not_allowed(data):
    set_cell(data / "weeks/2026-01-08/claim_checks.csv", 2, "finding", "debunked")
    return f"{WEEK}/claim_checks.csv:2:finding: constraint error: 'debunked' is not an allowed value (disputed, unverified"


def promise_moved_to_another_vehicle(data):
    promises = data / "weeks/2026-01-08/promises.csv"
    line = line_where(promises, "promise_id", lambda v, r: v == "hongqi-small-batch-production")
    set_cell(promises, line, "vehicle_id", "verge-ts-pro")
    return (f"{WEEK}/promises.csv:{line}:vehicle_id: promise hongqi-small-batch-production is about vehicle_id "
            "'hongqi-tiangong-06' at data/weeks/2025-11-20/promises.csv:2")


def promise_met_after_its_week(data):
    promises = data / "weeks/2026-01-08/promises.csv"
    set_cell(promises, 2, "state", "met")
    return f"{WEEK}/promises.csv:2:due: due 2027 is after the week's end 2026-01-08: a promise met is met by then"


def promise_due_not_a_date(data):
    set_cell(data / "weeks/2026-01-08/promises.csv", 2, "due", "late 2027")
    return f"{WEEK}/promises.csv:2:due: constraint error: 'late 2027' is not a date written YYYY, YYYY-MM, YYYY-MM-DD or a quarter"

BAD_INPUTS = [
    finding_on_an_unclaimed_attribute, finding_not_allowed, promise_moved_to_another_vehicle, promise_met_after_its_week,
    promise_due_not_a_date,
    thousands_separator, unit_in_the_cell, date_in_another_format, date_after_its_week, source_of_another_week,
    unknown_source, missing_source, value_not_allowed, duplicate_key_in_a_file, duplicate_key_across_weeks,
    missing_column, unknown_column, share_above_100_percent, negative_capacity, unit_of_another_quantity,
    mixed_units_in_a_series, zero_byte_file, blank_file, gbk_encoding, csv_not_described,
    impossible_date_in_sources, impossible_date_of_a_datum,
    decimal_comma, space_as_thousands_separator, no_break_space_as_thousands_separator, billion_in_a_column_without_unit,
    not_a_number_word, full_width_digits,
    reference_with_a_trailing_space, reference_with_a_zero_width_space, reference_in_the_wrong_case,
    text_with_a_trailing_no_break_space, quantity_in_the_wrong_case, allowed_value_in_the_wrong_case,
    allowed_value_with_a_no_break_space, id_not_matching_its_pattern, source_id_not_matching_its_pattern,
    semicolon_separated, tab_separated, windows_1252_encoding, duplicated_header_column, empty_header_columns_from_excel,
    carriage_return_in_an_unquoted_cell,
    value_high_below_value, base_year_after_year, range_price_without_its_high, capacity_without_its_unit,
    event_id_outside_its_week,
    full_width_digits_in_a_date, arabic_indic_digit_in_a_source_id, invisible_characters_inside_a_cell, descriptor_nested_too_deeply,
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
    return copy_of(built, tmp_path_factory.mktemp("published"))


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


def first_row(data, table):
    """The file and line of the first data row of `table` (a reference table, or the latest week that has rows)."""
    if table in REFERENCE_TABLES:
        return data / f"{table}.csv", 2
    return next(path for week in reversed(weeks(data)) if len(rows(path := data / "weeks" / week / f"{table}.csv")) > 1), 2


def fields_of(data, table, kinds):
    return [f["name"] for f in json.loads((data / "schemas" / f"{table}.json").read_text())["fields"] if kinds(f)]


def place(data, path, line, column):
    return f"data/{path.relative_to(data).as_posix()}:{line}:{column}:"


def is_date(field):
    """A field whose pattern is a date, or starts with one (an event_id)."""
    pattern = field.get("constraints", {}).get("pattern", "")
    return bool(pattern) and any(re.fullmatch(pattern, text) for text in ("2026-01-08", "2026-01-08-slug"))


DATED_TABLES = [table for table in (*REFERENCE_TABLES, *WEEKLY_TABLES) if fields_of(ROOT / "data", table, is_date)]
assert len(DATED_TABLES) >= 6, DATED_TABLES  # never an empty (skipped) parametrisation


@pytest.mark.parametrize("day, words", [
    ("2026-02-30", "February 2026 has 28 days"), ("2025-02-29", "February 2025 has 28 days"), ("2026-04-31", "April 2026 has 30 days"),
])
@pytest.mark.parametrize("table", DATED_TABLES)
def test_impossible_calendar_date_in_any_date_field(data_dir, table, day, words):
    """Every field whose pattern is a date (and the date that starts an event_id), in every table that has one."""
    path, line = first_row(data_dir, table)
    names = fields_of(data_dir, table, is_date)
    for name in names:
        set_cell(path, line, name, day + ("-an-event" if name == "event_id" else ""))
    found = [str(p) for p in validate(data_dir)]
    for name in names:
        start = f"{place(data_dir, path, line, name)} constraint error: "
        assert any(m.startswith(start) and f"{day} is not a date in the calendar ({words})" in m for m in found), (name, found)


NOT_PLAIN_NUMBERS = [  # (cell, the cell as the message shows it, what the message says of it)
    ("NaN", "'NaN'", "is not a number: write the source's figure in ASCII digits"),
    ("nan", "'nan'", "is not a number: write the source's figure in ASCII digits"),
    ("inf", "'inf'", "is not a number: write the source's figure in ASCII digits"),
    ("-Infinity", "'-Infinity'", "is not a number: write the source's figure in ASCII digits"),
    ("３.５", "'３.５'", "has full-width digits (typed with a Chinese or Japanese input method); write ASCII digits 3.5"),
    ("３．５", "'３．５'", "has full-width digits (typed with a Chinese or Japanese input method); write ASCII digits 3.5"),
    ("٣٫٥", "'٣٫٥'", "has Arabic-Indic digits; write ASCII digits 3.5"),
    ("१२", "'१२'", "has Devanagari digits; write ASCII digits 12"),
    ("1_000", "'1_000'", "has underscores between digits; write 1000"),
    ("+5", "'+5'", "has a plus sign; write 5"),
    ("1e3", "'1e3'", "is in scientific notation (a spreadsheet may have rounded it); write the number in full as the source prints it"),
    ("1.12E+09", "'1.12E+09'", "is in scientific notation (a spreadsheet may have rounded it); write the number in full as the source prints it"),
    ("5,2", "'5,2'", "has a decimal comma; write 5.2"),
    ("1.234,5", "'1.234,5'", "has '.' between thousands and a decimal comma; write 1234.5"),
    ("\u22125", "'\u22125'", "has a minus sign (\u2212) that is not the keyboard's hyphen-minus; write -5"),
    (" 5", "'␠5'", "starts with a space; write 5"),
    ("5\u200b", "'5<zero-width space>'", "ends with a zero-width space; write 5"),
    ("1\u202f120", "'1<narrow no-break space>120'", "has a narrow no-break space as a thousands separator; write 1120"),
    (".5", "'.5'", "starts with its decimal point; write 0.5"),
    ("#DIV/0!", "'#DIV/0!'", "is a spreadsheet error, not a number: type the source's figure"),
    ("12345678901234567", "'12345678901234567'", "has more digits than a chapter can show exactly (15 at most)"),
]
NOT_WHOLE_NUMBERS = [
    ("NaN", "'NaN'", "is not a number: write the source's figure in ASCII digits"),
    ("２０３０", "'２０３０'", "has full-width digits (typed with a Chinese or Japanese input method); write ASCII digits 2030"),
    ("+2030", "'+2030'", "has a plus sign; write 2030"),
    ("2030.0", "'2030.0'", "is not a whole number; write 2030"),
    ("2_030", "'2_030'", "has underscores between digits; write 2030"),
]


@pytest.mark.parametrize("kind, cases", [("number", NOT_PLAIN_NUMBERS), ("integer", NOT_WHOLE_NUMBERS)])
def test_only_plain_ascii_numbers_pass(data_dir, kind, cases):
    """Each number Frictionless would accept but a chapter cannot read or show, in every numeric field of every table."""
    targets = []
    for table in WEEKLY_TABLES:
        path, _ = first_row(data_dir, table)
        targets += [(path, name) for name in fields_of(data_dir, table, lambda f: f["type"] == kind)]
    assert targets
    for line, (cell, shown, says) in enumerate(cases, start=2):
        for path, name in targets:
            table = rows(path)
            while len(table) <= line:
                table.append(list(table[1]))
            table[line - 1][table[0].index(name)] = cell
            write_rows(path, table)
    found = [str(p) for p in validate(data_dir)]
    for line, (cell, shown, says) in enumerate(cases, start=2):
        for path, name in targets:
            expected = f"{place(data_dir, path, line, name)} type error: {shown} {says}"
            assert any(m.startswith(expected) for m in found), (expected, [m for m in found if m.startswith(place(data_dir, path, line, name))])


def test_every_problem_in_one_run(data_dir):
    """Rows with a bad cell are left out of the checks across rows; every other row and file is still checked,
    and a broken row never hides the rows after it."""
    events = data_dir / "weeks/2026-01-08/events.csv"
    set_cell(events, 2, "stage", "almost done")
    line = line_where(events, "timing", lambda v, r: v == "actual" and r["event_id"] != rows(events)[1][0])
    set_cell(events, line, "date", "2026-02-01")
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace(",GEM,", ",GEM\rCo,", 1), encoding="utf-8", newline="")
    sources = data_dir / "sources.csv"
    graded = line_where(sources, "source_id", lambda v, r: v == "D19")
    set_cell(sources, graded, "grade", "E")
    prices = data_dir / "weeks/2025-12-06/prices.csv"
    mixed = line_where(prices, "value", lambda v, r: v == "2050")
    set_cell(prices, mixed, "unit", "yuan/t")
    found = [str(p) for p in validate(data_dir)]
    for expected in [
        f"{WEEK}/events.csv:2: a carriage return (CR) inside a cell that is not in quotes",
        f"{WEEK}/events.csv:{line}:date: date 2026-02-01 is after the week's end",
        f"data/sources.csv:{graded}:grade: constraint error: 'E' is not an allowed value",
        f"data/weeks/2025-12-06/prices.csv:{mixed}:unit: unit 'yuan/t' mixes units in one series",
    ]:
        assert any(m.startswith(expected) for m in found), (expected, found)


def test_line_numbers_are_the_files_own_lines_after_a_cell_on_two_lines(data_dir):
    events = data_dir / "weeks/2026-01-08/events.csv"
    set_cell(events, 2, "quote", "GEM confirmed it has shipped\ntonne-level quantities")
    record = 3
    assert rows(events)[record - 1][2] == "actual"
    set_cell(events, record, "date", "2026-02-01")
    forecasts = data_dir / "weeks/2026-01-08/forecasts.csv"
    set_cell(forecasts, 2, "quote", "first line\nsecond line\nthird line")
    penetration = line_where(forecasts, "metric", lambda v, r: v == "penetration")
    set_cell(forecasts, penetration, "value", "140")
    found = [str(p) for p in validate(data_dir)]
    assert any(m.startswith(f"{WEEK}/events.csv:{record + 1}:date: date 2026-02-01 is after the week's end") for m in found), found
    assert any(m.startswith(f"{WEEK}/forecasts.csv:{penetration + 2}:value: share of 140%") for m in found), found


def test_cr_only_line_endings_are_read_like_any_other(data_dir):
    """Old Mac Excel ends lines with CR alone: a line-ending style like CRLF, validated and read the same."""
    before = load(data_dir=data_dir)
    for path in data_dir.rglob("*.csv"):
        write_rows(path, rows(path), newline="\r")
    assert b"\n" not in (data_dir / "sources.csv").read_bytes()
    assert [str(p) for p in validate(data_dir)] == []
    after = load(data_dir=data_dir)
    for table in ("sources", "vehicles", *WEEKLY_TABLES):
        pd.testing.assert_frame_equal(getattr(before, table), getattr(after, table))


CONTRADICTIONS = [  # (file, which row, cells changed, column and message expected)
    ("weeks/2026-01-08/forecasts.csv", lambda r: r["metric"] == "cagr", {"base_year": ""},
     "base_year: a CAGR needs its base_year, the year it runs from"),
    ("weeks/2026-01-08/forecasts.csv", lambda r: r["metric"] == "shipments", {"base_year": "2024"},
     "base_year: base_year is the start of a CAGR, and this row's metric is shipments: leave base_year empty"),
    ("weeks/2026-01-08/prices.csv", lambda r: r["basis"] == "average", {"value": ""},
     "value: an average price needs its value (basis direction is for a direction only)"),
    ("weeks/2026-01-08/prices.csv", lambda r: r["basis"] == "direction", {"value": "5", "unit": "yuan/kg"},
     "value: basis direction is for a direction only, but the row has value: set basis to average, index or range"),
    ("weeks/2026-01-08/prices.csv", lambda r: r["basis"] == "direction", {"direction": ""},
     "direction: basis direction needs its direction"),
    ("weeks/2026-01-08/prices.csv", lambda r: r["basis"] == "average" and r["high"], {"high": ""},
     "high: low without high: a printed range has both ends"),
    ("weeks/2026-01-08/prices.csv", lambda r: r["value"] == "127500", {"value": "140000"},
     "value: value 140000 is outside its range 120000–135000"),
    ("weeks/2026-01-08/prices.csv", lambda r: r["value"] == "127500", {"unit": ""},
     "unit: a price needs its unit"),
    ("weeks/2026-01-08/prices.csv", lambda r: r["value"] == "127500", {"low": "150000"},
     "low: low 150000 is above high 135000"),
    ("weeks/2026-01-08/prices.csv", lambda r: r["basis"] == "direction", {"qualifier": "about"},
     "qualifier: qualifier 'about' qualifies no number: give value or leave qualifier empty"),
    ("weeks/2026-01-08/projects.csv", lambda r: r["capacity_unit"] == "t/yr", {"capacity_value": ""},
     "capacity_value: capacity_unit t/yr has no capacity_value"),
    ("weeks/2026-01-08/projects.csv", lambda r: not r["investment_value"], {"investment_qualifier": "about"},
     "investment_qualifier: investment_qualifier 'about' qualifies no number: give investment_value or leave investment_qualifier empty"),
    ("weeks/2026-01-08/vehicle_claims.csv", lambda r: r["status"] == "not disclosed", {"value": "380", "unit": "Wh/kg"},
     "status: status is 'not disclosed', but the row has value 380"),
    ("weeks/2026-01-08/vehicle_claims.csv", lambda r: r["value_high"] == "100", {"value": ""},
     "value: value_high 100 without value: a range needs both ends"),
]


@pytest.mark.parametrize("file, which, changes, expected", CONTRADICTIONS, ids=[c[3].split(":")[1].strip()[:40] for c in CONTRADICTIONS])
def test_contradiction_inside_a_row(data_dir, file, which, changes, expected):
    path = data_dir / file
    line = line_where(path, next(iter(changes)), lambda v, r: which(r))
    for column, value in changes.items():
        set_cell(path, line, column, value)
    found = [str(p) for p in validate(data_dir)]
    assert any(m.startswith(f"data/{file}:{line}:{expected}") for m in found), found


def value_in_another_unit(data):
    """A yuan/t figure typed into a yuan/kg series: 1,000 times what it should be."""
    prices = data / "weeks/2025-12-06/prices.csv"
    line = line_where(prices, "value", lambda v, r: v == "2050")
    set_cell(prices, line, "value", "2050000")
    series = [
        float(r[name]) for path in data.glob("weeks/*/prices.csv") for r in csv.DictReader(open(path, encoding="utf-8"))
        if r["material"] == "lithium sulphide" and r["unit"] == "yuan/kg" for name in ("value", "low", "high") if r[name]
    ]
    median = statistics.median(series)
    return (
        f"data/weeks/2025-12-06/prices.csv:{line}:value: warning: 2050000 is {2050000 / median:.0f} times the median {median:g} "
        f"of its series (lithium sulphide in yuan/kg, {len(series)} values)"
    )


def test_a_value_1000_times_off_its_series_is_a_warning_that_does_not_block(project):
    expected = value_in_another_unit(project.data)
    assert [str(p) for p in validate(project.data) if str(p).startswith(expected)], [str(p) for p in validate(project.data)]
    assert len(validate(project.data)) == 1  # the other values of the series are not flagged
    assert [str(p) for p in check(project.data)] == [str(p) for p in validate(project.data)]  # returned, not raised
    result = subprocess.run([sys.executable, "-m", "ssbook.cli", "validate"], cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert expected in result.stderr


def test_build_prints_the_warnings(published):
    pristine = published.root / "data.pristine"
    if not pristine.exists():
        shutil.copytree(published.data, pristine)
    before = site_digest(published.site)
    try:
        expected = value_in_another_unit(published.data)
        result = subprocess.run([sys.executable, "-m", "ssbook.cli", "build"], cwd=published.root, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert expected in result.stdout + result.stderr
        assert site_digest(published.site) == before
    finally:
        shutil.rmtree(published.data)
        shutil.copytree(pristine, published.data)
