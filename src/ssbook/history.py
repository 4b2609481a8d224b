"""The editions' history kept straight: no week is slipped in before the latest published edition, an
edition with no facts is published only on purpose, and each edition records what it was built from
(`built-from.json`), so a later change to the data of a published week is reported by every build."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

from . import data as d
from . import site

RECORD = "built-from.json"
ADDED_SINCE = {"sources.csv": ("sha256",)}  # columns added after the first records, which did not hash them


class HistoryError(Exception):
    """A week the editions' history cannot take as it is."""


def check_order(data_dir: Path, published: list[str], todo: list[str]) -> None:
    """A week not yet published must come after the latest published edition: an edition in
    between would make its neighbours' previous/next links disagree."""
    if not published:
        return
    latest = published[-1]
    early = [week for week in todo if week < latest and week not in published]
    if early:
        raise HistoryError(
            f"data/weeks/{early[0]}: dated before the latest published edition {latest}; published editions are "
            f"never rewritten, so a new week comes after {latest}: rename the folder to a later date "
            f"(`ssbook new-week DATE` makes one) and update its resources in data/{d.DESCRIPTOR}"
        )


def has_facts(data_dir: Path, week: str) -> bool:
    """Whether any weekly table of the week has a row."""
    return any(_has_rows(data_dir / d.resource_path(table, week)) for table in d.WEEKLY_TABLES)


def _has_rows(path: Path) -> bool:
    """Whether a table's file exists and has a row below its header."""
    if not path.is_file():
        return False
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = csv.reader(handle)
        next(rows, None)
        return any(any(cell.strip() for cell in row) for row in rows)


def check_not_empty(data_dir: Path, todo: list[str]) -> None:
    """An edition is permanent: a week with no facts is published only with --allow-empty."""
    empty = [week for week in todo if not has_facts(data_dir, week)]
    if empty:
        raise HistoryError(
            f"data/weeks/{empty[0]}: the week has no facts (every table is empty); an edition is permanent, so an "
            f"empty week is published only on purpose: add its rows, or build with --allow-empty"
        )


def inputs(data_dir: Path, edition: str, columns: dict[str, list[str]] | None = None) -> dict:
    """What an edition's own week is built from, as it is now: the hash of each of its files and of
    each reference row its facts cite (a source, a vehicle), so rows added for other weeks change nothing.
    A row is hashed on the columns `columns` names for its table (default: all), which are recorded.
    A table the week does not have (one added after it: `data.ADDED_TABLES`) is left out."""
    files, cited = {}, {table: set() for table in d.REFERENCE_TABLES}
    for table in d.WEEKLY_TABLES:
        path = data_dir / d.resource_path(table, edition)
        if not path.is_file():
            continue
        files[d.resource_path(table, edition)] = _sha(path.read_bytes())
        references = [
            (fk["fields"], fk["reference"]["resource"]) for fk in d.schema(data_dir, table).get("foreignKeys", [])
        ]
        with open(path, newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                for field, resource in references:
                    if row.get(field):
                        cited[resource].add(row[field])
    rows, hashed = {}, {}
    for table in d.REFERENCE_TABLES:
        path = d.resource_path(table)
        (key,) = d.schema(data_dir, table)["primaryKey"]
        with open(data_dir / path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            hashed[path] = (columns or {}).get(path) or list(reader.fieldnames or [])
            rows[path] = {
                row[key]: _sha(json.dumps({c: row.get(c) for c in hashed[path]}, sort_keys=True).encode())
                for row in reader if row[key] in cited[table]
            }
    return {"edition": edition, "files": files, "rows": rows, "columns": hashed}


def write_record(data_dir: Path, edition: str, html: Path) -> None:
    """Into the edition's built folder, before it is published."""
    text = json.dumps(inputs(data_dir, edition), indent=1, sort_keys=True) + "\n"
    (html / RECORD).write_text(text, encoding="utf-8")


def changed_since_published(data_dir: Path, site_dir: Path, editions: list[str]) -> list[str]:
    """One line per published edition (of `editions`) whose recorded inputs differ from the data now:
    the edition, the files and rows that changed, and the two ways out. A file the record does not have
    (a table added since) counts only when it has rows: a new empty table changes nothing published."""
    lines = []
    for edition in editions:
        record_path = site.edition_dir(site_dir, edition) / RECORD
        if not record_path.is_file() or not (data_dir / "weeks" / edition).is_dir():
            continue
        then = json.loads(record_path.read_text(encoding="utf-8"))
        now = inputs(data_dir, edition, then.get("columns") or _columns_before_records(data_dir))
        differences = [f"data/{path}" for path, sha in then["files"].items() if now["files"].get(path) != sha]
        differences += [f"data/{path}" for path in now["files"] if path not in then["files"] and _has_rows(data_dir / path)]
        for path, rows in then["rows"].items():
            current = now["rows"].get(path, {})
            keys = [key for key, sha in rows.items() if current.get(key) != sha]
            if keys:
                differences.append(f"data/{path} (rows {', '.join(keys)})")
        if differences:
            lines.append(
                f"edition {edition} was published from data that has changed since: {'; '.join(differences)}. "
                f"Revert the change (git checkout -- the files), or rebuild the edition on purpose: ssbook build --rebuild {edition}"
            )
    return lines


def _columns_before_records(data_dir: Path) -> dict[str, list[str]]:
    """The columns a record without `columns` hashed: each reference table's, less those added since."""
    columns = {}
    for table in d.REFERENCE_TABLES:
        path = d.resource_path(table)
        with open(data_dir / path, newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), [])
        columns[path] = [c for c in header if c not in ADDED_SINCE.get(path, ())]
    return columns


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
