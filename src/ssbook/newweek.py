"""Preparing a new week's data files: `ssbook new-week DATE`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from . import data as d
from .sources import NEW_PUBLISHER, PREFIXES

GUIDE = """\
# Week ending {week}

This folder holds the facts of the sources published after {previous} and on or before {week}:
one row per fact in the tables here. A file may stay with its header only.

## The routine

1. **Add each source.** `ssbook add-source TEXT --publisher … --title … --url … --published … --grade A|B|C [--language xx]`
   copies the text into `data/sources/texts/` (the evidence: it never changes afterwards), records its
   sha256 and gives its id. One article per file: a text that bundles several articles (a digest, a page
   of news items) is split first, one file and one source each, each with its own title, URL and date.
2. **Draft.** `ssbook draft SOURCE_ID` writes the rows it can read in that text into `draft/` here: a
   proposal, never data.
3. **Review.** Move the right rows into the tables here, fill in what the draft left empty, delete the rest.
4. **Check.** `make validate` lists every problem as `file:row:column`, and checks every `quote` against
   its source's archived text.
5. **Build.** `make book`.

## Source ids

A source id is the letter of the source's thread and the next number in it; a number is never reused.

{prefixes}

`ssbook add-source` picks the letter: a publisher already listed gets the letter most of its sources
have, a new publisher {new_publisher}; `--prefix` chooses another thread.

## Dates

- `published` (the source's date): {published}
- `published_note`: {published_note}
- `date` (the datum's date): {date} Never a day the text does not give:
  a reading "in January" is `2026-01`, "this year" in a 2025 text is `2025`.
- A reading over a period ("rose from 148,500 to 155,500 over the week") is two readings with the same
  quote: the start figure dated by the period's start and the end figure dated by its end, each as
  precise as the text allows, the direction (`up`) on the end row. It is not a `range`, which is a low
  and a high printed for one time.

## The cells

- `quote` holds the source's own words for the fact, copied exactly (line breaks, no-break spaces,
  curly quotes and dashes may differ); validation finds it in the archived text or shows the closest passage.
- Numbers as printed, without thousands separators or units in the cell; the unit goes in its column
  (which units belong to which quantity: `data/schemas/units.json`).
- Empty cells mean "not stated".

## Allowed values

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
    for table in d.WEEKLY_TABLES:
        fields = d.schema(data_dir, table)["fields"]
        with open(folder / f"{table}.csv", "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerow([f["name"] for f in fields])
    (folder / "GUIDE.md").write_text(guide(data_dir, week, existing[-1] if existing else None), encoding="utf-8")
    add_week_resources(data_dir, week)
    return folder


def guide(data_dir: Path, week: str, previous: str | None) -> str:
    """The week's GUIDE.md: the routine, the id scheme, the date rules and every allowed value with its
    meaning, taken from the schemas' descriptions and `enumDescriptions` and from `ssbook.sources`."""
    sources = {f["name"]: f for f in d.schema(data_dir, "sources")["fields"]}
    date = next(f for f in d.schema(data_dir, "events")["fields"] if f["name"] == "date")
    return GUIDE.format(
        week=week, previous=previous or "any earlier date", new_publisher=NEW_PUBLISHER,
        prefixes="\n".join(f"- `{letter}`: {meaning}" for letter, meaning in PREFIXES.items()),
        published=sources["published"]["description"], published_note=sources["published_note"]["description"],
        date=date["description"], allowed="\n\n".join(allowed_values(data_dir)),
    )


def allowed_values(data_dir: Path) -> list[str]:
    """One block per field with allowed values: its tables and each value with its meaning (a value some
    tables do not allow says which do). Fields with the same values and meanings share a block."""
    tables = [*d.REFERENCE_TABLES, *d.WEEKLY_TABLES]
    found: dict[str, dict] = {}  # field name -> {"tables": [...], "values": {value: (meaning, tables)}}
    for table in tables:
        for field in d.schema(data_dir, table)["fields"]:
            enum = field.get("constraints", {}).get("enum")
            if not enum:
                continue
            entry = found.setdefault(field["name"], {"tables": [], "values": {}})
            entry["tables"].append(table)
            for value in enum:
                meaning = field.get("enumDescriptions", {}).get(value, "")
                entry["values"].setdefault(value, (meaning, []))[1].append(table)
    blocks: dict[str, list[str]] = {}  # the block's lines -> its field names
    for name, entry in found.items():
        lines = []
        for value, (meaning, where) in entry["values"].items():
            only = f" ({', '.join(where)} only)" if len(where) < len(entry["tables"]) else ""
            lines.append(f"- `{value}`{only}" + (f": {meaning}" if meaning else ""))
        blocks.setdefault("\n".join(lines), []).append(f"`{name}` ({', '.join(entry['tables'])})")
    return [f"### {', '.join(names)}\n\n{lines}" for lines, names in blocks.items()]


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
