"""Weekly editions: a new week becomes a new edition; published editions never change."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from conftest import CHROMIUM_ARGS, archived, copy_of, need_chromium, serving

from ssbook.build import build
from ssbook.data import weeks
from ssbook.newweek import NewWeekError, new_week
from ssbook.project import Project

pytestmark = pytest.mark.xdist_group("editions")  # its module fixtures are made once, on one worker

NEW_WEEK = "2026-01-15"
QUIET = {"log": lambda message: None}


def tree_digest(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def append(path, row: dict):
    with open(path, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    with open(path, "a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, header, lineterminator="\n").writerow(row)


def add_new_week(project: Project) -> Path:
    """NEW_WEEK opened with `ssbook new-week`, with one archived source and one development."""
    folder = new_week(project.data, NEW_WEEK)
    append(project.data / "sources.csv", archived(project.data, {
        "source_id": "T1", "publisher": "TEST", "title": "Test source for a new week", "url": "https://example.org/test",
        "published": "2026-01-14", "grade": "B", "language": "en", "file": "test.txt",
    }, "Test Battery Co started a pilot line."))
    append(folder / "events.csv", {
        "event_id": f"{NEW_WEEK}-test-pilot-line", "date": "2026-01-13", "timing": "actual", "company": "Test Battery Co",
        "segment": "cell", "stage": "pilot", "summary": "Test Battery Co started a pilot line.", "status": "reported",
        "source_id": "T1", "quote": "started a pilot line",
    })
    return folder


@pytest.fixture(scope="module")
def next_week(built, tmp_path_factory):
    """The built project copied, then a new week added through `ssbook new-week` and built."""
    project = copy_of(built, tmp_path_factory.mktemp("editions"))
    before = {e: tree_digest(project.site / "editions" / e) for e in weeks(project.data)}
    folder = add_new_week(project)
    first = build(project, **QUIET)
    second = build(project, **QUIET)
    return project, before, folder, first, second


def test_new_week_prepares_empty_tables_and_a_guide(next_week):
    project, _, folder, _, _ = next_week
    assert (folder / "GUIDE.md").is_file()
    with open(folder / "prices.csv", encoding="utf-8") as handle:
        assert next(csv.reader(handle))[0] == "material"
    listed = {r["path"] for r in json.loads((project.data / "datapackage.json").read_text())["resources"]}
    assert f"weeks/{NEW_WEEK}/events.csv" in listed


def test_new_week_refuses_a_date_not_after_the_latest(project):
    latest = weeks(project.data)[-1]
    with pytest.raises(NewWeekError, match="not after the latest edition"):
        new_week(project.data, latest)
    with pytest.raises(NewWeekError, match="not a date"):
        new_week(project.data, "next friday")


def test_only_the_new_edition_is_built(next_week):
    project, _, _, first, _ = next_week
    assert first.editions == [NEW_WEEK]
    assert first.executed == len(project.pages())


def test_root_moves_to_the_new_edition(next_week):
    project, before, _, _, _ = next_week
    assert f"editions/{NEW_WEEK}/index.html" in (project.site / "index.html").read_text(encoding="utf-8")
    listing = json.loads((project.site / "editions.json").read_text(encoding="utf-8"))
    assert listing["latest"] == NEW_WEEK
    assert [e["date"] for e in listing["editions"]] == [*before, NEW_WEEK]
    assert "materials.html" in listing["editions"][-1]["pages"]
    home = (project.site / "editions" / NEW_WEEK / "index.html").read_text(encoding="utf-8")
    assert "Test Battery Co" in home


def test_published_editions_stay_byte_identical(next_week):
    project, before, _, _, _ = next_week
    for edition, digest in before.items():
        assert tree_digest(project.site / "editions" / edition) == digest, f"edition {edition} changed"


def test_a_second_build_executes_nothing(next_week):
    _, _, _, _, second = next_week
    assert (second.editions, second.executed) == ([], 0)


def test_rebuild_on_purpose_reexecutes_only_what_changed(next_week):
    project, _, _, _, _ = next_week
    unchanged = build(project, rebuild=(NEW_WEEK,), **QUIET)
    assert (unchanged.editions, unchanged.executed) == ([NEW_WEEK], 0)
    template = project.root / "chapters" / "projects.md"
    template.write_text(template.read_text(encoding="utf-8") + "\nA sentence added by the test.\n", encoding="utf-8")
    changed = build(project, rebuild=(NEW_WEEK,), **QUIET)
    assert changed.executed == 1
    assert "A sentence added by the test." in (project.site / "editions" / NEW_WEEK / "projects.html").read_text(encoding="utf-8")


def test_banner_links_to_the_same_page_in_other_editions(next_week):
    """In a browser, an earlier edition's page links to itself in the previous, next and latest editions."""
    chromium = need_chromium()
    from playwright.sync_api import sync_playwright

    project = next_week[0]
    editions = weeks(project.data)
    with serving(project.site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{url}editions/{editions[1]}/materials.html")
        page.wait_for_selector(".ssb-edition-nav a[href$='editions.html']")
        links = {a.inner_text(): a.get_attribute("href") for a in page.locator(".ssb-edition-nav a").all()}
        browser.close()
    assert links[f"previous edition ({editions[0]})"] == f"/editions/{editions[0]}/materials.html"
    assert links[f"next edition ({editions[2]})"] == f"/editions/{editions[2]}/materials.html"
    assert links[f"latest edition ({NEW_WEEK})"] == f"/editions/{NEW_WEEK}/materials.html"
    assert links["all editions"] == "/editions.html"
