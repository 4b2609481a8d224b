"""Text from the data is shown, never executed. Hostile strings of several shapes (`<img onerror>`,
`</script>`, attribute breaking `" onmouseover=`, and markup inside an http URL) are put into
companies, summaries, vehicle names (so page titles and headings), a figure's wording, a source's
title and URL; the latest edition is rebuilt and every sink is checked: the HTML of every page,
the page titles, the search index, the JSON sidecars and CSVs of the downloads, the PDF, and in
Chromium the tables, headings, tooltips, reference links and the search page's results.
(A `javascript:` URL cannot get this far: tests/test_links.py shows validation refuses it.)"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from pypdf import PdfReader

from conftest import CHROMIUM_ARGS, copy_of, need_chromium, serving, with_pdf

from ssbook.build import PDF, build
from ssbook.data import weeks

pytestmark = pytest.mark.xdist_group("hostile")  # its module fixtures are made once, on one worker

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(2)</script>"
ATTR = '" onmouseover=alert(3) x="'
URL = "https://evil.example/\"><img/src=x/onerror=alert(4)>?q='/onmouseover=alert(5)//"

COMPANY = f"Evil {IMG} Co"
SUMMARY = f"A development {SCRIPT} with {ATTR} a script."
PROJECT = f"Project {IMG} Ltd"
PRODUCT = f"cathode {ATTR} material"
HONGQI = f"Hongqi {IMG} Tiangong 06"  # a page title with an <img>: what the search page wrote as HTML
VERGE = f"Verge {SCRIPT} TS Pro"
MILESTONE = f"Road tests {IMG} {ATTR} began."
CLAIM = f"380 Wh/kg {ATTR} per {IMG}"
SOURCE_TITLE = f"Weekly {ATTR} report {IMG}"
SOURCE = "S0"  # the source of the first event of the latest week, cited on every chapter

# What each page must show as text (the payloads read back literally).
SHOWN = {
    "index.html": [COMPANY, SOURCE_TITLE],
    "projects.html": [PROJECT, SOURCE_TITLE],
    "materials.html": [PROJECT],
    "vehicles.html": [HONGQI, VERGE],
    "vehicles/hongqi-tiangong-06.html": [HONGQI, CLAIM],
    "vehicles/verge-ts-pro.html": [VERGE],
    "methods.html": [SOURCE_TITLE],
}
TITLED = {"vehicles/hongqi-tiangong-06.html": HONGQI, "vehicles/verge-ts-pro.html": VERGE}


def edit(path, column, value, where):
    """Set `column` to `value` in the rows for which `where(row)` holds (at least one)."""
    with open(path, newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    header, hits = table[0], 0
    for row in table[1:]:
        if where(dict(zip(header, row))):
            row[header.index(column)] = value
            hits += 1
    assert hits, f"no row of {path} to edit"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)


@pytest.fixture(scope="module")
def hostile(built, tmp_path_factory):
    """The built project with hostile text in its data; the latest edition rebuilt once."""
    project = copy_of(built, tmp_path_factory.mktemp("hostile"))
    latest = weeks(project.data)[-1]
    week = project.data / "weeks" / latest
    with open(week / "events.csv", newline="", encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))
    assert first["source_id"] == SOURCE
    edit(week / "events.csv", "company", COMPANY, lambda r: r["event_id"] == first["event_id"])
    edit(week / "events.csv", "summary", SUMMARY, lambda r: r["event_id"] == first["event_id"])
    edit(week / "events.csv", "summary", MILESTONE, lambda r: r["event_id"] == f"{latest}-faw-first-standard-module-2019")
    edit(week / "projects.csv", "company", PROJECT, lambda r: r["project_id"] == "canmax-yixing-high-nickel-cathode")
    edit(week / "projects.csv", "product", PRODUCT, lambda r: r["project_id"] == "canmax-yixing-high-nickel-cathode")
    edit(week / "vehicle_claims.csv", "value_text", CLAIM,
         lambda r: r["vehicle_id"] == "hongqi-tiangong-06" and r["attribute"] == "energy density" and r["source_id"] == "H1")
    edit(project.data / "vehicles.csv", "name", HONGQI, lambda r: r["vehicle_id"] == "hongqi-tiangong-06")
    edit(project.data / "vehicles.csv", "name", VERGE, lambda r: r["vehicle_id"] == "verge-ts-pro")
    edit(project.data / "sources.csv", "title", SOURCE_TITLE, lambda r: r["source_id"] == SOURCE)
    edit(project.data / "sources.csv", "url", URL, lambda r: r["source_id"] == SOURCE)
    with with_pdf():
        build(project, rebuild=(latest,), log=lambda message: None)
    return project.site / "editions" / latest, latest


class _Markup(HTMLParser):
    """What a browser would make of a page: its elements' attributes, script texts and title."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.title = ""
        self._in: str | None = None
        self._script_type = ""
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.attributes.append((tag, attributes))
        if tag in ("script", "title"):
            self._in, self._script_type = tag, attributes.get("type") or ""
            if tag == "script":
                self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script" and self._script_type in ("", "text/javascript", "module"):
            self.scripts[-1] += data


def pages(edition):
    found = sorted(edition.rglob("*.html"))
    assert len(found) > 5
    return found


def test_no_page_carries_markup_or_script_from_the_data(hostile):
    edition, _ = hostile
    for page in pages(edition):
        markup = page.read_text(encoding="utf-8")
        assert IMG not in markup and SCRIPT not in markup, f"raw payload in {page}"
        parsed = _Markup(markup)
        for tag, attributes in parsed.attributes:
            assert not {"onerror", "onmouseover"} & set(attributes), f"<{tag} {attributes}> in {page}"
            assert not (tag == "img" and attributes.get("src") == "x"), page
            for name in ("href", "src", "action", "formaction"):
                scheme = urlsplit(attributes.get(name) or "").scheme
                assert scheme in ("", "http", "https"), f"<{tag} {name}={attributes[name]!r}> in {page}"
        assert not [s for s in parsed.scripts if "alert(" in s], f"a script from the data in {page}"


@pytest.mark.parametrize("path", sorted(TITLED))
def test_page_title_reads_as_the_text(hostile, path):
    edition, _ = hostile
    assert _Markup((edition / path).read_text(encoding="utf-8")).title.startswith(TITLED[path] + " ")


def test_search_index_holds_titles_as_escaped_text(hostile):
    """searchtools.js writes each title into the results with innerHTML: no title may hold markup."""
    edition, _ = hostile
    text = (edition / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    titles = list(index["titles"]) + list(index["alltitles"])
    assert any("Tiangong" in t for t in titles)
    assert [t for t in titles if "<" in t or ">" in t] == []
    assert "Hongqi &lt;img src=x onerror=alert(1)&gt; Tiangong 06" in index["alltitles"]


def test_downloads_keep_the_text_intact(hostile):
    edition, latest = hostile
    sidecars = sorted((edition / "downloads").rglob("*.json"))
    assert sidecars
    citing = [path for path in sidecars if SOURCE in json.loads(path.read_text(encoding="utf-8"))["sources"]]  # valid JSON
    with zipfile.ZipFile(edition / "downloads" / f"ssb-tracker-data-{latest}.zip") as bundle:
        cited = [row for row in csv.DictReader(io.TextIOWrapper(bundle.open(f"ssb-tracker-data-{latest}/sources.csv"), encoding="utf-8"))
                 if row["source_id"] == SOURCE]
    assert citing and len(cited) == 1 and cited[0]["title"] == SOURCE_TITLE and cited[0]["url"] == URL
    tables = [p.read_text(encoding="utf-8") for p in (edition / "downloads").rglob("*.csv")]
    rows = [cell for table in tables for row in csv.reader(table.splitlines()) for cell in row]
    for text in (COMPANY, PROJECT, HONGQI, VERGE, CLAIM):
        assert any(text in cell for cell in rows), text


def test_pdf_shows_the_text_and_links_only_to_web_addresses(hostile):
    edition, latest = hostile
    pdf = edition / PDF.format(edition=latest)
    if not pdf.exists():
        need_chromium()
    reader = PdfReader(pdf)
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    for shown in (COMPANY, PROJECT, HONGQI, SOURCE_TITLE):
        assert re.sub(r"\s+", "", shown) in text, shown
    assert "/JavaScript" not in reader.trailer["/Root"].get("/Names", {})
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            assert action.get("/S") in (None, "/URI", "/GoTo"), action
            if "/URI" in action:
                uris.append(str(action["/URI"]))
    assert uris and {urlsplit(u).scheme for u in uris} <= {"http", "https"}
    assert any(u.startswith("https://evil.example/") for u in uris)


# In Chromium.


@pytest.fixture(scope="module")
def browser_page(hostile):
    chromium = need_chromium()
    from playwright.sync_api import sync_playwright

    edition, latest = hostile
    with serving(edition.parent.parent) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        yield page, f"{url}editions/{latest}/", dialogs
        browser.close()


def nothing_ran(page, dialogs):
    assert dialogs == []
    assert page.evaluate("document.querySelectorAll('img[src=x], [onerror], [onmouseover]').length") == 0


def hovered(elements, limit=80):
    """Hover each visible element of `elements` (up to `limit`), yielding each one hovered. Marks too
    thin to be pointed at (a bar of one day) are passed over."""
    from playwright.sync_api import Error

    for element in elements[:limit]:
        if element.is_visible():
            try:
                element.hover(force=True, timeout=2000)
            except Error:
                continue
            yield element


@pytest.mark.parametrize("path", sorted(SHOWN))
def test_pages_show_the_text_and_run_nothing(browser_page, path):
    page, base, dialogs = browser_page
    dialogs.clear()
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    for _ in hovered(page.locator("td, .ssb-references a, h1, h2").all()):
        pass
    nothing_ran(page, dialogs)
    text = page.evaluate("document.body.innerText")
    for shown in SHOWN[path]:
        assert shown in text, shown
    if path in TITLED:
        assert page.title().startswith(TITLED[path])
        assert TITLED[path] in page.locator("h1").first.inner_text()
        assert TITLED[path] in page.locator(".bd-docs-nav").text_content()


@pytest.mark.parametrize("path, shown", [("vehicles/hongqi-tiangong-06.html", MILESTONE), ("projects.html", PROJECT)])
def test_tooltips_show_the_text_and_run_nothing(browser_page, path, shown):
    page, base, dialogs = browser_page
    dialogs.clear()
    page.goto(base + path)
    page.wait_for_selector(".ssb-chart--live")
    marks = ".ssb-chart-live svg :is(.mark-symbol, .mark-rect, .mark-shape) path"
    for _ in hovered(page.locator(marks).all()):
        pass
    nothing_ran(page, dialogs)
    # Vega names each mark after its tooltip's fields: point at the marks that carry the text.
    carrying = [m for m in page.locator(marks).all() if shown in (m.get_attribute("aria-label") or "")]
    assert carrying
    assert next(hovered(carrying), None) is not None
    page.wait_for_function("text => (document.querySelector('#vg-tooltip-element.visible') || {}).innerText?.includes(text)",
                           arg=shown, timeout=5000)
    nothing_ran(page, dialogs)


def test_reference_links_keep_the_url_whole(browser_page):
    page, base, dialogs = browser_page
    dialogs.clear()
    page.goto(base + "index.html")
    reference = page.locator(f"#ref-{SOURCE}")
    link = reference.locator("a")
    assert link.count() == 1
    assert link.evaluate("a => [...a.attributes].map(x => x.name)") == ["href"]
    assert link.get_attribute("href") == URL
    assert link.inner_text() == "evil.example"
    assert SOURCE_TITLE in reference.locator("em").inner_text()
    link.hover()
    nothing_ran(page, dialogs)


@pytest.mark.parametrize("query, path", [(IMG, "vehicles/hongqi-tiangong-06.html"), (SCRIPT, "vehicles/verge-ts-pro.html"),
                                         ("Tiangong", "vehicles/hongqi-tiangong-06.html"),
                                         ("Milestones", "vehicles/hongqi-tiangong-06.html")])
def test_search_results_show_the_text_and_run_nothing(browser_page, query, path):
    page, base, dialogs = browser_page
    dialogs.clear()
    page.goto(f"{base}search.html?q={quote(query)}")
    page.wait_for_function("(document.querySelector('#search-results .search-summary') || {}).innerText")
    page.wait_for_load_state("networkidle")
    nothing_ran(page, dialogs)
    results = page.eval_on_selector_all(
        "#search-results ul.search li > a",
        "links => links.map(a => [a.href, a.innerText, a.querySelectorAll(':not(span.highlighted)').length])",
    )
    assert results
    # Each result's title is text: no element made from it (only the search's own highlighting).
    assert [r for r in results if r[2]] == []
    shown = [text for href, text, _ in results if urlsplit(href).path.endswith(path)]
    assert shown and all(text.startswith(TITLED[path]) for text in shown), results
