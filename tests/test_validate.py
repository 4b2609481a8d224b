"""`ssbook validate`: the shipped data passes, and each kind of mistake is named by file, row and column."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from ssbook.data import weeks
from ssbook.validate import validate


def rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_rows(path, table, encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)


def set_cell(path, line, column, value):
    """Change one cell: `line` counts the header as 1, like the error messages."""
    table = rows(path)
    table[line - 1][table[0].index(column)] = value
    write_rows(path, table)


def messages(data_dir):
    return [str(p) for p in validate(data_dir)]


def test_shipped_data_is_valid(data_dir):
    assert messages(data_dir) == []


def test_cli_reports_problems_and_exits_non_zero(project):
    prices = project.data / "weeks" / "2025-12-06" / "prices.csv"
    line = next(i for i, r in enumerate(rows(prices), 1) if r[rows(prices)[0].index("value")] == "2050")
    set_cell(prices, line, "value", "2,050")
    result = subprocess.run([sys.executable, "-m", "ssbook.cli", "validate"], cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 1
    assert f"data/weeks/2025-12-06/prices.csv:{line}:value: " in result.stderr
    clean = subprocess.run([sys.executable, "-m", "ssbook.cli", "validate"], cwd=project.root, capture_output=True, text=True)
    assert clean.returncode == 1  # still broken: nothing was silently fixed


def test_number_with_thousands_separator(data_dir):
    prices = data_dir / "weeks" / "2025-12-06" / "prices.csv"
    header = rows(prices)[0]
    line = next(i for i, r in enumerate(rows(prices), 1) if r[header.index("value")] == "2050")
    set_cell(prices, line, "value", "2,050")
    assert any(m.startswith(f"data/weeks/2025-12-06/prices.csv:{line}:value: type error") for m in messages(data_dir))


def test_unknown_source_id(data_dir):
    events = data_dir / "weeks" / "2026-01-08" / "events.csv"
    set_cell(events, 2, "source_id", "Z99")
    found = messages(data_dir)
    assert any(m.startswith("data/weeks/2026-01-08/events.csv:2:") and "Z99" in m for m in found), found


def test_value_outside_allowed_list(data_dir):
    events = data_dir / "weeks" / "2026-01-08" / "events.csv"
    set_cell(events, 2, "stage", "almost done")
    assert any(m.startswith("data/weeks/2026-01-08/events.csv:2:stage: constraint error") for m in messages(data_dir))


def test_date_in_another_format(data_dir):
    events = data_dir / "weeks" / "2026-01-08" / "events.csv"
    set_cell(events, 2, "date", "08/01/2026")
    assert any(m.startswith("data/weeks/2026-01-08/events.csv:2:date: constraint error") for m in messages(data_dir))


def test_missing_and_unknown_columns(data_dir):
    events = data_dir / "weeks" / "2026-01-08" / "events.csv"
    table = rows(events)
    at = table[0].index("summary")
    edited = [r[:at] + r[at + 1:] + ["x"] for r in table]
    edited[0][-1] = "notes"
    write_rows(events, edited)
    found = messages(data_dir)
    assert "data/weeks/2026-01-08/events.csv:1:summary: missing column (the header lacks it)" in found
    assert any(m.startswith("data/weeks/2026-01-08/events.csv:1:notes: unknown column") for m in found)


def test_zero_byte_file(data_dir):
    (data_dir / "weeks" / "2026-01-08" / "forecasts.csv").write_bytes(b"")
    assert "data/weeks/2026-01-08/forecasts.csv: empty file (zero bytes): it needs at least the header row" in messages(data_dir)


def test_gbk_text_gets_a_hint(data_dir):
    events = data_dir / "weeks" / "2026-01-08" / "events.csv"
    table = rows(events)
    table[1][table[0].index("company")] = "红旗"
    write_rows(events, table, encoding="gbk")
    found = messages(data_dir)
    assert any(m.startswith("data/weeks/2026-01-08/events.csv:2: not UTF-8") and "GBK" in m for m in found), found


def test_spreadsheet_export_is_accepted(data_dir):
    """UTF-8 with a byte-order mark, CRLF line endings and Chinese names are what spreadsheets write."""
    events = data_dir / "weeks" / "2026-01-08" / "events.csv"
    table = rows(events)
    table[1][table[0].index("company")] = "红旗 (Hongqi)"
    with open(events, "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(table)
    assert messages(data_dir) == []


def test_source_published_outside_the_week(data_dir):
    """A fact from a source published in an earlier week cannot be filed in a later one."""
    events = data_dir / "weeks" / "2026-01-08" / "events.csv"
    set_cell(events, 2, "source_id", "S2")
    found = messages(data_dir)
    assert any(m.startswith("data/weeks/2026-01-08/events.csv:2:source_id: source S2 was published 2025-12-06, outside week 2026-01-08") for m in found), found


def test_actual_event_after_its_week(data_dir):
    events = data_dir / "weeks" / "2026-01-08" / "events.csv"
    header = rows(events)[0]
    line = next(i for i, r in enumerate(rows(events), 1) if i > 1 and r[header.index("timing")] == "actual")
    set_cell(events, line, "date", "2026-02-01")
    assert any(m.startswith(f"data/weeks/2026-01-08/events.csv:{line}:date: date 2026-02-01 is after the week's end") for m in messages(data_dir))


def test_duplicate_event_id_across_weeks(data_dir):
    all_weeks = weeks(data_dir)
    first = rows(data_dir / "weeks" / all_weeks[-2] / "events.csv")
    events = data_dir / "weeks" / all_weeks[-1] / "events.csv"
    set_cell(events, 2, "event_id", first[1][first[0].index("event_id")])
    assert any(m.startswith(f"data/weeks/{all_weeks[-1]}/events.csv:2:event_id: duplicate event_id") for m in messages(data_dir))


def test_duplicate_primary_key_in_a_file(data_dir):
    forecasts = data_dir / "weeks" / "2026-01-08" / "forecasts.csv"
    table = rows(forecasts)
    write_rows(forecasts, table + [table[1]])
    found = messages(data_dir)
    assert any(m.startswith(f"data/weeks/2026-01-08/forecasts.csv:{len(table) + 1}:") and "duplicate key" in m for m in found), found


def test_share_above_100_percent(data_dir):
    forecasts = data_dir / "weeks" / "2026-01-08" / "forecasts.csv"
    table = rows(forecasts)
    header = table[0]
    line = next(i for i, r in enumerate(table, 1) if i > 1 and r[header.index("unit")] == "%" and r[header.index("metric")] == "penetration")
    set_cell(forecasts, line, "value", "140")
    assert any(m.startswith(f"data/weeks/2026-01-08/forecasts.csv:{line}:value: share of 140% is outside 0–100") for m in messages(data_dir))


def test_csv_not_described_in_the_package(data_dir):
    (data_dir / "weeks" / "2026-01-08" / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert "data/weeks/2026-01-08/notes.csv: not described in datapackage.json" in messages(data_dir)
