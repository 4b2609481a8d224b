"""A chapter that fails on a value from the data: the build names the file, line and column that hold
the value, in the editor's terms (no pandas advice, no traceback), and publishes nothing."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date, timedelta

import yaml

from conftest import archived, copy_of, digest

from ssbook.data import find_cells, weeks
from ssbook.newweek import new_week
from ssbook.project import Project


def next_week(data_dir) -> str:
    return (date.fromisoformat(weeks(data_dir)[-1]) + timedelta(days=7)).isoformat()


def append(path, rows: list[dict]) -> None:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    with open(path, "a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, header, lineterminator="\n").writerows(rows)


def add_week(project: Project) -> str:
    """A new week with a source and two events: the first with a summary over two lines (lines 2-3),
    the second dated by its month only (line 4)."""
    week = next_week(project.data)
    folder = new_week(project.data, week)
    append(project.data / "sources.csv", [archived(project.data, {
        "source_id": "T1", "publisher": "TEST", "title": "Test source", "url": "https://example.org/test",
        "published": week, "grade": "B", "language": "en", "file": "test.txt",
    }, "Test Battery Co started a pilot line.")])
    event = {"timing": "actual", "company": "Test Battery Co", "segment": "cell", "stage": "pilot",
             "status": "reported", "source_id": "T1", "quote": "started a pilot line"}
    append(folder / "events.csv", [
        {**event, "event_id": f"{week}-first", "date": week, "summary": "A summary\nover two lines."},
        {**event, "event_id": f"{week}-second", "date": week[:7], "summary": "Dated by its month."},
    ])
    return week


def test_find_cells_names_the_line_in_the_file(project):
    week = add_week(project)
    assert find_cells(project.data, week, week[:7]) == [f"data/weeks/{week}/events.csv:4:date"]
    assert find_cells(project.data, week, "Test Battery Co") == [
        f"data/weeks/{week}/events.csv:2:company", f"data/weeks/{week}/events.csv:4:company",
    ]
    last_line = len((project.data / "sources.csv").read_text(encoding="utf-8-sig").splitlines())
    assert find_cells(project.data, week, "TEST") == [f"data/sources.csv:{last_line}:publisher"]
    earlier = weeks(project.data)[-2]
    first_event = next(csv.DictReader(open(project.data / "weeks" / earlier / "events.csv", encoding="utf-8-sig")))
    assert f"data/weeks/{earlier}/events.csv:2:event_id" in find_cells(project.data, week, first_event["event_id"])
    assert find_cells(project.data, week, "no cell holds this") == []


def test_a_chapter_failing_on_a_value_names_its_place(built, tmp_path):
    """A chapter that forgets partial dates (a strict date format) meets the month-only date of the new week:
    `ssbook build` names data/weeks/<week>/events.csv:4:date, not pandas' 'position' and advice."""
    project = copy_of(built, tmp_path)
    root = project.root
    before = digest(project.site)
    week = add_week(project)
    template = root / "chapters" / "home.md"
    text = template.read_text(encoding="utf-8")
    end = text.index("\n```\n", text.index("tables = load(edition)")) + 5
    strict = '\n```{code-cell} python\npd.to_datetime(tables.this_week("events")["date"], format="%Y-%m-%d")\n```\n'
    template.write_text(text[:end] + strict + text[end:], encoding="utf-8")
    config = yaml.safe_load((root / "book.yml").read_text(encoding="utf-8"))
    config["chapters"] = [c for c in config["chapters"] if c["template"] == "chapters/home.md"]
    (root / "book.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")  # the contents of a one-page book

    result = subprocess.run([sys.executable, "-m", "ssbook.cli", "build"], cwd=root, capture_output=True, text=True)

    assert result.returncode == 1
    message = result.stderr
    assert f"ssbook build: edition {week}: chapters/home.md (edition={week}) failed" in message
    assert f"could not use the value '{week[:7]}' at data/weeks/{week}/events.csv:4:date" in message
    for leftover in ("Traceback", "You might want", "position", "ISO8601", "doesn't match"):
        assert leftover not in message
    assert digest(project.site) == before
