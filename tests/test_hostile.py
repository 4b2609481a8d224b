"""Text from the data is shown, never executed: hostile names in the data appear as text in tables,
captions, titles, tooltips and the site's search, and run no script (checked in Chromium)."""

from __future__ import annotations

import csv
import shutil

import pytest

from conftest import CHROMIUM_ARGS, need_chromium, serving

from ssbook.build import build
from ssbook.data import weeks
from ssbook.project import Project

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(2)</script>"


def edit(path, column, value, line=2):
    with open(path, newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    table[line - 1][table[0].index(column)] = value
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)


@pytest.fixture(scope="module")
def hostile(built, tmp_path_factory):
    """The built project with hostile text in companies, summaries and a vehicle name; latest edition rebuilt."""
    root = tmp_path_factory.mktemp("hostile") / "book"
    shutil.copytree(built.root, root, symlinks=True)
    project = Project(root)
    latest = weeks(project.data)[-1]
    week = project.data / "weeks" / latest
    edit(week / "events.csv", "company", f"Evil {IMG} Co")
    edit(week / "events.csv", "summary", f"A development {SCRIPT} with a script.")
    edit(week / "projects.csv", "company", f"Project {IMG} Ltd")
    with open(project.data / "vehicles.csv", newline="", encoding="utf-8") as handle:
        line = 1 + next(i for i, r in enumerate(csv.DictReader(handle), 1) if r["vehicle_id"] == "verge-ts-pro")
    edit(project.data / "vehicles.csv", "name", f"Verge {SCRIPT} TS Pro", line=line)
    build(project, rebuild=(latest,), log=lambda message: None)
    return project.site, latest


def test_hostile_text_is_escaped_in_every_page(hostile):
    site, latest = hostile
    pages = list((site / "editions" / latest).rglob("*.html"))
    assert pages
    for page in pages:
        markup = page.read_text(encoding="utf-8")
        assert IMG not in markup, f"raw {IMG} in {page}"
        assert SCRIPT not in markup, f"raw {SCRIPT} in {page}"
    home = (site / "editions" / latest / "index.html").read_text(encoding="utf-8")
    assert "Evil &lt;img src=x onerror=alert(1)&gt; Co" in home


@pytest.fixture(scope="module")
def browser_page(hostile):
    chromium = need_chromium()
    from playwright.sync_api import sync_playwright

    site, latest = hostile
    with serving(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        yield page, f"{url}editions/{latest}/", dialogs
        browser.close()


@pytest.mark.parametrize("path", ["index.html", "projects.html", "vehicles.html", "vehicles/verge-ts-pro.html", "materials.html"])
def test_hostile_text_runs_no_script_and_reads_as_text(browser_page, path):
    page, base, dialogs = browser_page
    dialogs.clear()
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    # hover every drawn mark so that tooltips built from the data are shown
    for mark in page.locator(".ssb-chart-live svg .mark-symbol path, .ssb-chart-live svg .mark-rect path, .ssb-chart-live svg .mark-shape path").all()[:40]:
        if mark.is_visible():
            mark.hover(force=True)
    assert dialogs == []
    assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
    text = page.evaluate("document.body.innerText")
    assert "onerror=alert(1)" in text or "alert(2)" in text


def test_search_shows_hostile_text_as_text(browser_page):
    page, base, dialogs = browser_page
    dialogs.clear()
    page.goto(base + "search.html?q=Evil")
    page.wait_for_selector("#search-results", state="attached")
    page.wait_for_timeout(1500)
    assert dialogs == []
    assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
