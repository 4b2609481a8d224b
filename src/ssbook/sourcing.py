"""Which sources an edition's facts rest on: the weekly tables as one frame of facts, fact counts, date basis, source ids for prose and tables."""

from __future__ import annotations

import pandas as pd

from .data import WEEKLY_TABLES, Tables


def facts_of(tables: Tables, names=WEEKLY_TABLES, week: str | None = None, columns=None) -> pd.DataFrame:
    """The rows of the weekly tables `names` as one frame, each with its `table`: only `week`'s when given,
    only the `columns` every table has when given (the tables' other columns make the union slow)."""
    frames = [getattr(tables, name) for name in names]
    if week is not None:
        frames = [frame[frame["week"] == week] for frame in frames]
    if columns is not None:
        frames = [frame[list(columns)] for frame in frames]
    return pd.concat([frame.assign(table=name) for name, frame in zip(names, frames)], ignore_index=True)


def with_facts(sources: pd.DataFrame, facts: pd.DataFrame, ever_used) -> pd.DataFrame:
    """The sources an edition lists, each with its count of `facts`: those its facts rest on, and those no
    fact of any week rests on (`ever_used`: the source ids of every week's facts), the known gaps."""
    counted = sources.assign(facts=sources["source_id"].map(facts["source_id"].value_counts()).fillna(0).astype(int))
    return counted[(counted["facts"] > 0) | ~counted["source_id"].isin(set(ever_used))].reset_index(drop=True)


def date_basis(source) -> str:
    """How a source's publication date is known: 'printed', 'inferred' (its note says how) or 'not printed'."""
    if not source.published:
        return "not printed"
    if source.published_note.startswith("not printed"):
        return "inferred"
    return "printed"


def ids(sources: pd.DataFrame) -> str:
    """The sources' ids for prose, 'S1, C4', or 'none'."""
    return ", ".join(sources["source_id"]) if len(sources) else "none"


def titled(sources: pd.DataFrame, source_id: str) -> str:
    """A source for a table cell, 'C14 (Gasgoo, grade C)' (tables escape their cells); the bare id when
    `sources` does not hold it."""
    found = sources[sources["source_id"] == source_id]
    if found.empty:
        return source_id
    row = found.iloc[0]
    return f"{source_id} ({row.publisher}, grade {row.grade})"


def table_of(sources: pd.DataFrame) -> pd.DataFrame:
    """`with_facts` sources for the sources table: Id, Publisher, Title, Published, Date basis, Grade,
    Note (grade C flagged) and Facts."""
    shown = sources.assign(
        date=[date_basis(r) for r in sources.itertuples()],
        flag=["grade C: shown as such" if g == "C" else "" for g in sources["grade"]],
    )[["source_id", "publisher", "title", "published", "date", "grade", "flag", "facts"]]
    return shown.rename(columns={"source_id": "Id", "date": "Date basis", "flag": "Note"}).rename(columns=str.capitalize)
