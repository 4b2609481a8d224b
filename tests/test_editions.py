"""Weekly editions: a new week becomes a new edition; published editions never change, nor does anything
else on the site but its root, latest/, the feed and the sitemaps; an edition the previous version of
ssbook published (with its own _static/) keeps working."""

from __future__ import annotations

import csv
import json
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import CHROMIUM_ARGS, archived, copy_of, digest, need_chromium, serving
from test_site_layout import ATOM, DRAWN, latest_target

from ssbook.build import BuildReport, build
from ssbook.data import weeks
from ssbook.newweek import NewWeekError, new_week
from ssbook.project import Project

pytestmark = pytest.mark.xdist_group("editions")  # its module fixtures are made once, on one worker

NEW_WEEK = "2026-01-15"
OLD_STYLE = "2025-11-20"  # in next_week, published as the previous version of ssbook did: with its own _static/
QUIET = {"log": lambda message: None}


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


@dataclass
class NextWeek:
    project: Project
    before: dict[str, str]  # the site's files by path and digest, before the new week
    after: dict[str, str]  # the same after its build
    folder: Path  # the new week's data
    first: BuildReport  # the build of the new week
    second: BuildReport  # the build after it


@pytest.fixture(scope="module")
def next_week(built, tmp_path_factory) -> NextWeek:
    """The built project copied, its first edition replaced by the same edition as the previous version
    of ssbook published it (its own _static/, pages pointing there), the site's digests taken; then a
    new week added through `ssbook new-week` and built, and built again."""
    project = copy_of(built, tmp_path_factory.mktemp("editions"))
    old = project.site / "editions" / OLD_STYLE
    shutil.rmtree(old)
    shutil.copytree(built.build / "work" / OLD_STYLE / "_build" / "html", old, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees", "_sources"))
    assert (old / "_static" / "vega-bundle.js").is_file() and "_static/" in (old / "index.html").read_text(encoding="utf-8")
    before = digest(project.site)
    folder = add_new_week(project)
    first = build(project, **QUIET)
    after = digest(project.site)
    return NextWeek(project, before, after, folder, first, build(project, **QUIET))


def edition_files(files: dict[str, str], edition: str) -> dict[str, str]:
    return {name: sha for name, sha in files.items() if name.startswith(f"editions/{edition}/")}


def test_new_week_prepares_empty_tables_and_a_guide(next_week):
    project, folder = next_week.project, next_week.folder
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
    assert next_week.first.editions == [NEW_WEEK]
    assert next_week.first.executed == len(next_week.project.pages())


def test_root_moves_to_the_new_edition(next_week):
    project = next_week.project
    assert f"editions/{NEW_WEEK}/index.html" in (project.site / "index.html").read_text(encoding="utf-8")
    listing = json.loads((project.site / "editions.json").read_text(encoding="utf-8"))
    assert listing["latest"] == NEW_WEEK
    assert [e["date"] for e in listing["editions"]] == weeks(project.data)
    assert "materials.html" in listing["editions"][-1]["pages"]
    home = (project.site / "editions" / NEW_WEEK / "index.html").read_text(encoding="utf-8")
    assert "Test Battery Co" in home


def test_published_editions_stay_byte_identical(next_week):
    published = [e for e in weeks(next_week.project.data) if e != NEW_WEEK]
    assert len(published) > 1
    for edition in published:
        now = {f"editions/{edition}/{name}": sha for name, sha in digest(next_week.project.site / "editions" / edition).items()}
        assert now == edition_files(next_week.before, edition), f"edition {edition} changed"


def test_a_second_build_executes_nothing(next_week):
    assert (next_week.second.editions, next_week.second.executed) == ([], 0)


def test_a_new_week_changes_only_the_root_and_latest(next_week):
    before, after = next_week.before, next_week.after
    changed = sorted(name for name in before if after.get(name) != before[name])
    assert all(name in ("index.html", "editions.html", "editions.json", "feed.xml", "sitemap.xml") or name.startswith("latest/")
               for name in changed), changed
    added = {name.split("/")[0] if not name.startswith("editions/") else "/".join(name.split("/")[:2]) for name in set(after) - set(before)}
    assert added <= {f"editions/{NEW_WEEK}", "_assets", "sitemaps"}, added
    assert f"sitemaps/{NEW_WEEK}.xml" in after


def test_a_new_week_adds_few_assets(next_week):
    """The same code and theme: the new edition loads the assets published before, except what its
    own data change (nothing, here)."""
    before, after = next_week.before, next_week.after
    new = sorted(name for name in set(after) - set(before) if name.startswith("_assets/"))
    assert new == []


def test_latest_and_the_feed_move_to_the_new_week(next_week):
    project = next_week.project
    assert latest_target(project.site / "latest" / "materials.html") == (project.site / "editions" / NEW_WEEK / "materials.html").resolve()
    entries = ET.parse(project.site / "feed.xml").getroot().findall(f"{ATOM}entry")
    assert entries[0].find(f"{ATOM}link").get("href").endswith(f"/editions/{NEW_WEEK}/index.html")
    assert "Test Battery Co" in entries[0].find(f"{ATOM}summary").text


def test_an_edition_of_the_previous_version_keeps_working(next_week):
    """An edition published before shared assets (its own _static/) is left as it was, listed, in the
    feed and the sitemaps, and its pages still draw their charts from its own _static/."""
    from playwright.sync_api import sync_playwright

    project = next_week.project
    assert edition_files(next_week.after, OLD_STYLE) == edition_files(next_week.before, OLD_STYLE)
    assert f"/editions/{OLD_STYLE}/index.html" in (project.site / "feed.xml").read_text(encoding="utf-8")
    assert (project.site / "sitemaps" / f"{OLD_STYLE}.xml").is_file()
    chromium = need_chromium()
    with serving(project.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        tab = browser.new_page()
        scripts = []
        tab.on("request", lambda request: scripts.append(urlsplit(request.url).path) if request.resource_type == "script" else None)
        for page in ("projects.html", "materials.html"):
            tab.goto(f"{base}editions/{OLD_STYLE}/{page}")
            tab.wait_for_function(DRAWN, timeout=30000)
        browser.close()
    assert f"/editions/{OLD_STYLE}/_static/vega-bundle.js" in scripts
    assert not [p for p in scripts if p.startswith("/_assets/")]


def test_rebuild_on_purpose_reexecutes_only_what_changed(next_week):
    project = next_week.project
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

    project = next_week.project
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
