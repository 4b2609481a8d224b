"""Reading the tracker's data: the data package, its weeks, and the tables of an edition."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import pickle
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .whole import write_whole

REFERENCE_TABLES = ("sources", "vehicles")
WEEKLY_TABLES = ("events", "projects", "prices", "vehicle_claims", "forecasts", "statistics", "claim_checks", "promises")
ADDED_TABLES = ("claim_checks", "promises")  # weekly tables added after the first editions: a week without them has none
DESCRIPTOR = "datapackage.json"
DRAFT = "draft"  # a week's folder of `ssbook draft` proposals: never data


def default_data_dir() -> Path:
    from .project import Project

    return Project.find().data


def descriptor(data_dir: Path) -> dict:
    return json.loads((data_dir / DESCRIPTOR).read_text(encoding="utf-8"))


def schema(data_dir: Path, table: str) -> dict:
    return json.loads((data_dir / "schemas" / f"{table}.json").read_text(encoding="utf-8"))


def weeks(data_dir: Path) -> list[str]:
    """The week folders in data/weeks, oldest first; each is an edition, named by its end date."""
    folder = data_dir / "weeks"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def resource_name(table: str, week: str | None = None) -> str:
    return table if week is None else f"{table}-{week}"


def resource_path(table: str, week: str | None = None) -> str:
    return f"{table}.csv" if week is None else f"weeks/{week}/{table}.csv"


def period(text: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a partial ISO date: '2024', '2025-10' or '2025-12-06'."""
    start = pd.Timestamp(text)
    if len(text) == 4:
        return start, start + pd.offsets.YearEnd(0)
    if len(text) == 7:
        return start, start + pd.offsets.MonthEnd(0)
    return start, start


def read_table(path: Path, table_schema: dict) -> pd.DataFrame:
    """One CSV as typed columns: numbers as floats (NaN when empty), integers as Int64, text as str."""
    return _typed(pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig"), table_schema)


def read_weeks(data_dir: Path, table: str, included: list[str]) -> pd.DataFrame:
    """A weekly table over several weeks, with a `week` column. The files are read with the csv
    module and typed once, which stays quick with hundreds of small files."""
    table_schema = schema(data_dir, table)
    names = [f["name"] for f in table_schema["fields"]]
    rows = []
    for week in included:
        if table in ADDED_TABLES and not (data_dir / resource_path(table, week)).is_file():
            continue
        with open(data_dir / resource_path(table, week), newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            next(reader)
            rows += [[*row, week] for row in reader if row]
    return _typed(pd.DataFrame(rows, columns=[*names, "week"], dtype=str), table_schema)


def _typed(frame: pd.DataFrame, table_schema: dict) -> pd.DataFrame:
    for field in table_schema["fields"]:
        name = field["name"]
        if field["type"] == "number":
            frame[name] = pd.to_numeric(frame[name].replace("", None)).astype(float)
        elif field["type"] == "integer":
            frame[name] = pd.to_numeric(frame[name].replace("", None)).astype("Int64")
    return frame


def find_cells(data_dir: Path, edition: str, value: str) -> list[str]:
    """Where cells holding `value` are among the files `edition` reads, each as
    `data/<file>:<line>:<column>` (lines as in the file; the header is line 1). The edition's own week
    is searched first, as the editions before it were built without it; then the reference tables;
    the earlier weeks only when the value is in neither."""
    earlier = [w for w in weeks(data_dir) if w < edition]
    groups = [
        [resource_path(t, edition) for t in WEEKLY_TABLES],
        [resource_path(t) for t in REFERENCE_TABLES],
        [resource_path(t, w) for w in earlier for t in WEEKLY_TABLES],
    ]
    for group in groups:
        found = [place for path in group for place in _cells(data_dir, path, value.strip())]
        if found:
            return found
    return []


def _cells(data_dir: Path, path: str, value: str) -> list[str]:
    file = data_dir / path
    if not file.is_file():
        return []
    with open(file, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        found, line = [], reader.line_num + 1
        for row in reader:
            found += [f"data/{path}:{line}:{column}" for column, cell in zip(header, row) if cell.strip() == value]
            line = reader.line_num + 1
    return found


@dataclass
class Tables:
    """Every table of one edition: the reference tables and all weekly rows up to the edition."""

    edition: str
    weeks: list[str]
    sources: pd.DataFrame
    vehicles: pd.DataFrame
    events: pd.DataFrame
    projects: pd.DataFrame
    prices: pd.DataFrame
    vehicle_claims: pd.DataFrame
    forecasts: pd.DataFrame
    statistics: pd.DataFrame
    claim_checks: pd.DataFrame = field(default_factory=pd.DataFrame)  # tables added later: empty when not given
    promises: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def previous_edition(self) -> str | None:
        return self.weeks[-2] if len(self.weeks) > 1 else None

    def this_week(self, table: str) -> pd.DataFrame:
        frame = getattr(self, table)
        return frame[frame["week"] == self.edition]


def load(edition: str | None = None, data_dir: Path | None = None) -> Tables:
    """The tables of `edition` (default: the latest week), each fact row with its week and its source's
    publisher, publication date and grade. In a project, the parsed tables are kept in
    _build/cache/tables, keyed by the files they come from, so the chapters of one edition parse
    the CSVs once between them."""
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    all_weeks = weeks(data_dir)
    edition = edition or all_weeks[-1]
    if edition not in all_weeks:
        raise ValueError(f"no week {edition} in {data_dir / 'weeks'}")
    included = [week for week in all_weeks if week <= edition]
    cache = None
    if (data_dir.parent / "book.yml").is_file():
        cache = data_dir.parent / "_build" / "cache" / "tables" / f"{_tables_key(data_dir, edition, included)}.pkl"
        if cache.is_file():
            return pickle.loads(cache.read_bytes())
    tables = _parse(data_dir, edition, included)
    if cache:
        write_whole(cache, pickle.dumps(tables))
    return tables


_KEYS: dict[tuple, str] = {}  # in this process: the files an edition reads, by size and time -> their digest
SETTLED_NS = 2_000_000_000  # a file changed this recently may change again within one tick of its clock


def _tables_key(data_dir: Path, edition: str, included: list[str]) -> str:
    """The digest of everything `edition`'s tables come from: this module and the files it reads. A
    kernel that loads the same files again (every page of an edition) takes the digest it made from
    the files' sizes and modification times, as git does, unless a file had changed within
    SETTLED_NS of it being made (a rewrite in the same clock tick would keep its time)."""
    names = [resource_path(t) for t in REFERENCE_TABLES] + sorted(f"schemas/{p.name}" for p in (data_dir / "schemas").glob("*.json"))
    names += [resource_path(t, w) for w in included for t in WEEKLY_TABLES]
    files = []
    for name in names:
        try:
            status = os.stat(os.path.join(data_dir, name))
        except FileNotFoundError:  # a weekly table added after the week
            continue
        if stat.S_ISREG(status.st_mode):
            files.append((name, status.st_size, status.st_mtime_ns))
    signature = (str(data_dir.resolve()), edition, tuple(files))
    if signature in _KEYS:
        return _KEYS[signature]
    now = time.time_ns()
    sha = hashlib.sha256(edition.encode() + Path(__file__).read_bytes())
    for name, _, _ in files:
        sha.update(name.rsplit("/", 1)[-1].encode() + hashlib.sha256((data_dir / name).read_bytes()).digest())
    if all(now - changed > SETTLED_NS for _, _, changed in files):
        _KEYS[signature] = sha.hexdigest()
    return sha.hexdigest()


def _parse(data_dir: Path, edition: str, included: list[str]) -> Tables:
    sources = read_table(data_dir / "sources.csv", schema(data_dir, "sources"))
    provenance = sources[["source_id", "publisher", "published", "grade"]]
    provenance = provenance.rename(columns={"published": "source_published", "grade": "source_grade"})
    tables = {}
    for table in WEEKLY_TABLES:
        tables[table] = read_weeks(data_dir, table, included).merge(provenance, on="source_id", how="left")
    vehicles = read_table(data_dir / "vehicles.csv", schema(data_dir, "vehicles"))
    return Tables(edition=edition, weeks=included, sources=sources, vehicles=vehicles, **tables)
