"""An edition's dataset: its data as one ZIP, a Frictionless data package holding the reference
tables and, for each weekly table, one CSV of the rows of every week up to the edition, with the
week each row was entered in (`week`, the first column).

One file per table rather than one per week and table: after ten years a ZIP of 4,000 small files is
mostly the ZIP format's own headers, and readers load a table, not 500 pieces of it.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import zipfile
from pathlib import Path

from . import data as d

WEEK_FIELD = {
    "name": "week",
    "type": "date",
    "description": "The edition the row was entered in: the end date of its week (data/weeks/<week>/ in the tracker's repository).",
    "constraints": {"required": True},
}


def _weekly_rows(data_dir: Path, table: str, included: list[str]) -> list[list[str]] | None:
    """The rows of `table` in the weeks `included`, each with its week first; None when no week has the table."""
    rows, found = [], False
    for week in included:
        path = data_dir / d.resource_path(table, week)
        if not path.is_file():  # a week from before the table was added
            continue
        found = True
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            rows += [[week, *row] for row in reader if row]
    return rows if found else None


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def files(data_dir: Path, edition: str) -> dict[str, bytes]:
    """The dataset's files by their path in the package: datapackage.json, the schemas, the tables."""
    package = d.descriptor(data_dir)
    included = [w for w in d.weeks(data_dir) if w <= edition]
    resources = {r["name"]: r for r in package["resources"]}
    tables, schemas, kept = {}, {}, []
    for table in d.REFERENCE_TABLES:
        tables[d.resource_path(table)] = (data_dir / d.resource_path(table)).read_bytes()
        kept.append(resources[d.resource_name(table)])
    for table in d.WEEKLY_TABLES:
        rows = _weekly_rows(data_dir, table, included)
        if rows is None:
            continue
        schema = copy.deepcopy(d.schema(data_dir, table))
        schema["fields"] = [WEEK_FIELD, *schema["fields"]]
        schemas[f"schemas/{table}.json"] = (json.dumps(schema, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        tables[d.resource_path(table)] = _csv([f["name"] for f in schema["fields"]], rows)
        model = next(r for r in package["resources"] if r["name"].startswith(f"{table}-"))
        kept.append({**model, "name": table, "path": d.resource_path(table), "schema": f"schemas/{table}.json"})
    for path in sorted((data_dir / "schemas").glob("*.json")):
        schemas.setdefault(f"schemas/{path.name}", path.read_bytes())
    package["resources"] = kept
    package["description"] += (" In an edition's dataset each weekly table is one CSV of every week up to the edition,"
                               " the week in its first column, `week`.")
    descriptor = (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return {"datapackage.json": descriptor, **dict(sorted(tables.items())), **dict(sorted(schemas.items()))}


def write(data_dir: Path, edition: str, target: Path) -> None:
    """The edition's dataset as a ZIP at `target`, every file under `ssb-tracker-data-<edition>/`,
    compressed, with fixed timestamps, so the same data gives the same file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        for path, content in files(data_dir, edition).items():
            info = zipfile.ZipInfo(f"ssb-tracker-data-{edition}/{path}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED  # a ZipInfo is stored uncompressed unless told
            archive.writestr(info, content, compresslevel=9)
