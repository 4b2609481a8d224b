"""The editions' history: no week slips in before the latest published edition, an empty week is
published only on purpose, and a change to the data of a published week is reported by every build."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from conftest import archived, digest

from ssbook.build import build
from ssbook import site
from ssbook.data import ADDED_TABLES, WEEKLY_TABLES, load, weeks
from ssbook.history import RECORD, HistoryError, changed_since_published, inputs
from ssbook.newweek import add_week_resources, new_week

QUIET = {"log": lambda message: None}


def append(path, row: dict):
    with open(path, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    with open(path, "a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, header, lineterminator="\n").writerow(row)


def edit_first_row(path, column, value):
    with open(path, newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    table[1][table[0].index(column)] = value
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    return table[1]


def test_each_edition_records_what_its_week_was_built_from(built):
    for edition in weeks(built.data):
        record = json.loads((built.site / "editions" / edition / RECORD).read_text(encoding="utf-8"))
        assert record["edition"] == edition
        assert sorted(record["files"]) == sorted(f"weeks/{edition}/{t}.csv" for t in WEEKLY_TABLES)
        with open(built.data / "weeks" / edition / "events.csv", newline="", encoding="utf-8") as handle:
            cited = {row["source_id"] for row in csv.DictReader(handle)}
        assert cited <= set(record["rows"]["sources.csv"])


def test_a_week_before_the_latest_edition_is_refused(published):
    editions = weeks(published.data)
    early = "2026-01-03"  # between the last two shipped weeks, and their sources still fit their weeks
    assert editions[-2] < early < editions[-1]
    before = digest(published.site)
    folder = published.data / "weeks" / early
    shutil.copytree(published.data / "weeks" / editions[-1], folder)
    for table in folder.glob("*.csv"):
        with open(table, newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        table.write_text(",".join(header) + "\n", encoding="utf-8")
    add_week_resources(published.data, early)
    append(published.data / "sources.csv", archived(published.data, {
        "source_id": "T9", "publisher": "TEST", "title": "A late find", "url": "https://example.org/late",
        "published": "2026-01-03", "grade": "B", "language": "en", "file": "late.txt",
    }, "Late Co started a pilot line."))
    append(folder / "events.csv", {
        "event_id": f"{early}-late-pilot", "date": "2026-01-03", "timing": "actual", "company": "Late Co",
        "segment": "cell", "stage": "pilot", "summary": "Late Co started a pilot line.", "status": "reported",
        "source_id": "T9", "quote": "started a pilot line",
    })
    with pytest.raises(HistoryError, match=rf"data/weeks/{early}: dated before the latest published edition {editions[-1]}"):
        build(published, **QUIET)
    assert digest(published.site) == before


def test_an_empty_week_is_published_only_on_purpose(published):
    editions = weeks(published.data)
    before = digest(published.site)
    new_week(published.data, "2026-01-15")
    with pytest.raises(HistoryError, match=r"data/weeks/2026-01-15: the week has no facts .* --allow-empty"):
        build(published, **QUIET)
    assert digest(published.site) == before
    report = build(published, allow_empty=True, **QUIET)
    assert report.editions == ["2026-01-15"]
    assert (published.site / "editions" / "2026-01-15" / "index.html").is_file()
    assert editions[-1] < "2026-01-15"


def test_changed_data_of_a_published_week_is_reported_by_every_build(published):
    editions = weeks(published.data)
    changed_week = editions[1]
    edit_first_row(published.data / "weeks" / changed_week / "events.csv", "summary", "Edited after publication.")
    with open(published.data / "weeks" / editions[0] / "events.csv", newline="", encoding="utf-8") as handle:
        cited = next(csv.DictReader(handle))["source_id"]
    with open(published.data / "sources.csv", newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    line = next(i for i, r in enumerate(table) if r[0] == cited)
    table[line][table[0].index("title")] += " (retitled)"
    later = archived(published.data, {"source_id": "T8", "publisher": "TEST", "title": "A source for a later week",
                                      "url": "https://example.org/t8", "published": "2026-01-20", "published_note": "",
                                      "grade": "B", "language": "en", "file": "t8.txt"})
    table.append([later[column] for column in table[0]])
    with open(published.data / "sources.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    before = digest(published.site)
    for _ in range(2):  # every build says so, and changes nothing
        said = []
        report = build(published, log=said.append)
        assert report.editions == []
        warnings = [line for line in said if line.startswith("warning:")]
        assert any(
            f"edition {changed_week} was published from data that has changed since: data/weeks/{changed_week}/events.csv" in w
            and f"ssbook build --rebuild {changed_week}" in w for w in warnings
        ), said
        assert any(f"edition {editions[0]} " in w and f"data/sources.csv (rows {cited})" in w for w in warnings), said
        assert not any("T8" in w for w in warnings)
        assert digest(published.site) == before
    said = []
    build(published, rebuild=(changed_week,), log=said.append)
    assert not any(f"edition {changed_week} was published" in line for line in said)


def test_a_table_added_after_an_edition_was_published_changes_it_only_with_rows(project, tmp_path):
    data = project.data
    edition = weeks(data)[0]
    saved = {t: (data / "weeks" / edition / f"{t}.csv").read_text(encoding="utf-8") for t in ADDED_TABLES}
    for table in ADDED_TABLES:
        (data / "weeks" / edition / f"{table}.csv").unlink()
    assert load(edition, data).claim_checks.empty  # a week without the new tables loads
    record = site.edition_dir(tmp_path, edition) / RECORD
    record.parent.mkdir(parents=True)
    record.write_text(json.dumps(inputs(data, edition)), encoding="utf-8")  # published before the tables existed
    for table, content in saved.items():
        header = content.splitlines()[0]
        (data / "weeks" / edition / f"{table}.csv").write_text(header + "\n", encoding="utf-8")
    assert changed_since_published(data, tmp_path, [edition]) == []
    (data / "weeks" / edition / "promises.csv").write_text(saved["promises"], encoding="utf-8")
    (line,) = changed_since_published(data, tmp_path, [edition])
    assert f"data/weeks/{edition}/promises.csv" in line and "claim_checks" not in line
