"""The built site: every chapter and vehicle page, the figures from the data, and nothing a reader
should not see (code, parameter cells, tracebacks, scripts from other hosts)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import ROOT

from ssbook.build import build
from ssbook.project import Project

PAGES = [f"{page.output}.html" for page in Project(ROOT).pages()]  # every page book.yml makes


class Page(HTMLParser):
    """The parts of a page the tests look at: visible text, classes, script sources."""

    def __init__(self, markup: str):
        super().__init__()
        self.text: list[str] = []
        self.classes: list[str] = []
        self.scripts: list[str] = []
        self._skip = 0
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes += (attrs.get("class") or "").split()
        if tag == "script":
            if attrs.get("src"):
                self.scripts.append(attrs["src"])
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    @property
    def words(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text))


def page(latest, name) -> Page:
    return Page((latest / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", PAGES)
def test_page_has_a_table_and_a_chart(latest, name):
    found = page(latest, name)
    assert "ssb-chart" in found.classes, f"{name} has no chart"
    assert "ssb-table" in found.classes, f"{name} has no table"
    assert "ssb-chart-static" in found.classes, f"{name}: chart without a static fallback"


@pytest.mark.parametrize("name", PAGES)
def test_reader_sees_no_code_or_errors(latest, name):
    markup = (latest / name).read_text(encoding="utf-8")
    found = Page(markup)
    assert "cell_input" not in found.classes, f"{name} shows a code cell"
    assert "highlight-ipython3" not in found.classes
    for forbidden in ("Traceback", "injected-parameters", "Error:", "Warning:", "import altair", "load(edition)"):
        assert forbidden not in found.words, f"{name} shows {forbidden!r}"
    assert not re.search(r"stderr", " ".join(found.classes)), f"{name} shows a stderr stream"


MARKDOWN_IN_A_PARAGRAPH = re.compile(r"<p[^>]*>(?:(?:(?!</p>).)*?\n)?(?:[-*] |\d+\. |#+ )", re.S)  # at its start or on a line of its own


@pytest.mark.parametrize("name", PAGES)
def test_no_paragraph_shows_markdown_it_did_not_render(latest, name):
    """A list or heading glued into a paragraph (an inline {glue:md} role given block markdown) shows
    its '- ' markers as text; a block of markdown is glued with the glue:md directive."""
    markup = (latest / name).read_text(encoding="utf-8")
    found = MARKDOWN_IN_A_PARAGRAPH.search(markup)
    assert not found, f"{name}: {found[0][-200:]!r}"


@pytest.mark.parametrize("name", PAGES)
def test_scripts_come_from_the_site_itself(latest, name):
    for source in page(latest, name).scripts:
        assert not re.match(r"(https?:)?//", source), f"{name} loads {source}"


def test_figures_from_the_data_are_on_the_pages(latest):
    materials = page(latest, "materials.html").words
    assert "Canmax" in materials and "5,200 t/yr" in materials
    assert "2,050" in materials  # lithium sulphide, 6 December 2025
    forecasts = page(latest, "forecasts.html").words
    assert "13.5 GWh by 2028" in forecasts
    assert "614.1" in forecasts
    verge = page(latest, "vehicles/verge-ts-pro.html").words
    assert "400 Wh/kg" in verge and "claimed" in verge
    assert "100,000" in verge and "10,000" in verge  # the cycle-life conflict, side by side
    hongqi = page(latest, "vehicles/hongqi-tiangong-06.html").words
    assert "not disclosed" in hongqi
    projects = page(latest, "projects.html").words
    assert "Pingdingshan" in projects and "600 million yuan" in projects


def test_vehicle_pages_are_titled_by_their_vehicle(latest):
    assert "Hongqi Tiangong 06" in page(latest, "vehicles/hongqi-tiangong-06.html").words.split("—")[0]
    assert "<title>Verge TS Pro" in (latest / "vehicles/verge-ts-pro.html").read_text(encoding="utf-8")


def test_root_leads_to_the_latest_edition(built, latest):
    root = (built.site / "index.html").read_text(encoding="utf-8")
    assert f"editions/{latest.name}/index.html" in root
    assert f"editions/{latest.name}/index.html" in (built.site / "editions.html").read_text(encoding="utf-8")


def test_second_build_redoes_nothing(built):
    report = build(built, log=lambda message: None)
    assert (report.editions, report.executed) == ([], 0)
