"""ssbook.sourcing: which sources an edition's facts rest on, as Data & methods lists them."""

from __future__ import annotations

import pandas as pd

from ssbook import sourcing
from ssbook.data import WEEKLY_TABLES, Tables

SOURCE_COLUMNS = ["source_id", "publisher", "title", "published", "published_note", "grade"]


def sources(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)


SOURCES = sources([
    ["S0", "SMM", "Weekly", "2026-01-08", "", "A"],
    ["S1", "Gasgoo", "News", "2025-12", "not printed; inferred from the URL", "B"],
    ["C2", "A blog", "Post", "", "no date", "C"],
    ["C3", "A forum", "Thread", "2025", "", "C"],
])


def tables(**weekly) -> Tables:
    empty = pd.DataFrame({"source_id": pd.Series(dtype=object), "week": pd.Series(dtype=object)})
    frames = {name: weekly.get(name, empty) for name in WEEKLY_TABLES}
    return Tables(edition="2026-01-08", weeks=["2026-01-02", "2026-01-08"], sources=SOURCES, vehicles=pd.DataFrame(), **frames)


def facts(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["source_id", "week"])


def test_facts_of_joins_the_weekly_tables_with_their_names():
    edition = tables(events=facts(("S0", "2026-01-08"), ("S1", "2026-01-02")), prices=facts(("C2", "2026-01-08")))
    every = sourcing.facts_of(edition)
    assert list(every["table"]) == ["events", "events", "prices"]
    week = sourcing.facts_of(edition, ("events", "projects"), week="2026-01-08")
    assert list(week["source_id"]) == ["S0"] and list(week.index) == [0]
    assert sourcing.facts_of(tables()).empty
    wide = tables(events=facts(("S0", "2026-01-08")).assign(company="A Co"), prices=facts(("C2", "2026-01-08")).assign(material="m"))
    assert list(sourcing.facts_of(wide).columns) == ["source_id", "week", "company", "table", "material"]
    assert list(sourcing.facts_of(wide, columns=["source_id"]).columns) == ["source_id", "table"]


def test_with_facts_keeps_used_sources_and_those_no_week_uses():
    edition_facts = facts(("S0", "2026-01-08"), ("S0", "2026-01-08"), ("C2", "2026-01-02"))
    listed = sourcing.with_facts(SOURCES, edition_facts, ever_used=["S0", "C2", "S1"])
    assert listed.set_index("source_id")["facts"].to_dict() == {"S0": 2, "C2": 1, "C3": 0}  # S1 is used by a later week
    assert list(listed.index) == [0, 1, 2]
    assert list(sourcing.with_facts(SOURCES, facts(), ever_used=[])["facts"]) == [0, 0, 0, 0]


def test_date_basis_printed_inferred_or_not_printed():
    rows = list(SOURCES.itertuples())
    assert [sourcing.date_basis(r) for r in rows] == ["printed", "inferred", "not printed", "printed"]


def test_ids_and_titled():
    assert sourcing.ids(SOURCES.iloc[:2]) == "S0, S1"
    assert sourcing.ids(SOURCES.iloc[:0]) == "none"
    assert sourcing.titled(SOURCES, "C2") == "C2 (A blog, grade C)"
    assert sourcing.titled(SOURCES, "S99") == "S99"
    assert sourcing.titled(SOURCES.iloc[:0], "S0") == "S0"


def test_table_of_flags_grade_c():
    table = sourcing.table_of(SOURCES.assign(facts=[3, 1, 0, 2]))
    assert list(table.columns) == ["Id", "Publisher", "Title", "Published", "Date basis", "Grade", "Note", "Facts"]
    assert list(table["Note"]) == ["", "", "grade C: shown as such", "grade C: shown as such"]
    assert list(table["Date basis"]) == ["printed", "inferred", "not printed", "printed"]
    assert sourcing.table_of(SOURCES.iloc[:0].assign(facts=[])).empty
