"""Preparing a new week's data files: `ssbook new-week DATE`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from . import data as d

GUIDE = """\
# Week ending {week}

Add this week's facts to the CSV files in this folder, one row per fact, then run `make book`.

- A row belongs here when its source was published after {previous} and on or before {week}.
  Add a new source to `data/sources.csv` first (grade A, B or C; see the README).
- `quote` holds the source's own words for the fact, copied exactly.
- `date` is the date of the datum: YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source.
- Numbers as printed, without thousands separators or units in the cell; the unit goes in its column.
- Empty cells mean "not stated". A file may stay with its header only.

Allowed values:
{allowed}
"""


class NewWeekError(Exception):
    pass


def new_week(data_dir: Path, week: str) -> Path:
    """Create data/weeks/WEEK with an empty table (header only) per weekly table and a GUIDE.md,
    and describe the tables in datapackage.json. Refuses a date not after the latest week."""
    try:
        stamp = pd.Timestamp(week)
    except ValueError:
        raise NewWeekError(f"{week!r} is not a date (YYYY-MM-DD)") from None
    if stamp.strftime("%Y-%m-%d") != week:
        raise NewWeekError(f"{week!r}: write the date as YYYY-MM-DD")
    existing = d.weeks(data_dir)
    if existing and week <= existing[-1]:
        raise NewWeekError(f"{week} is not after the latest edition {existing[-1]}: a published week is never reopened")
    folder = data_dir / "weeks" / week
    folder.mkdir(parents=True)
    allowed = []
    for table in d.WEEKLY_TABLES:
        fields = d.schema(data_dir, table)["fields"]
        with open(folder / f"{table}.csv", "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerow([f["name"] for f in fields])
        for field in fields:
            if "enum" in field.get("constraints", {}):
                allowed.append(f"- `{table}.{field['name']}`: " + ", ".join(field["constraints"]["enum"]))
    previous = existing[-1] if existing else "any earlier date"
    (folder / "GUIDE.md").write_text(GUIDE.format(week=week, previous=previous, allowed="\n".join(allowed)), encoding="utf-8")
    add_week_resources(data_dir, week)
    return folder


def add_week_resources(data_dir: Path, week: str) -> None:
    """Describe the week's tables in datapackage.json (after the earlier weeks)."""
    path = data_dir / d.DESCRIPTOR
    package = json.loads(path.read_text(encoding="utf-8"))
    names = {r["name"] for r in package["resources"]}
    for table in d.WEEKLY_TABLES:
        name = d.resource_name(table, week)
        if name not in names:
            package["resources"].append(resource(table, week))
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def resource(table: str, week: str | None = None) -> dict:
    return {
        "name": d.resource_name(table, week),
        "path": d.resource_path(table, week),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": f"schemas/{table}.json",
    }
