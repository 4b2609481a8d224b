"""The built site in a real browser: Debian's Chromium driven by Playwright, the site served on
127.0.0.1, every page of the latest edition and the site's root pages visited.

Each page is visited once per way of reading it (light theme on a desktop, dark theme, a 375 px
phone, JavaScript off); what the browser saw is recorded, and the tests below check the records:
charts drawn, console clean, nothing fetched from another host, tooltips, internal links, axe-core,
text contrast in the charts, no sideways scrolling on a phone, text descriptions, the static
fallback. A full-page screenshot of every page in every way is saved under
_build/test-artifacts/screenshots/<edition>/ (the root pages under root/).

Without Chromium at /usr/bin/chromium the tests are skipped, or fail when the CI variable is set.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from conftest import CHROMIUM_ARGS, need_chromium, serving

MODES = ("light", "dark", "phone", "nojs")

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "_build" / "test-artifacts" / "screenshots"
NOT_PAGES = {"genindex.html", "search.html"}  # Sphinx's index and search pages: not the book
ROOT_PAGES = ["index.html", "editions.html"]
CHART_TIMEOUT_MS = 20_000
WRITTEN: set[Path] = set()  # the screenshots this run took



# What the browser saw on one page.

@dataclass
class Visit:
    page: str  # path from the site's root, e.g. editions/2026-01-08/materials.html
    mode: str  # light, dark, phone, nojs
    final_url: str = ""
    theme: str | None = None
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # responses with status >= 400
    charts: list[dict] = field(default_factory=list)
    tooltips: list[str] = field(default_factory=list)  # one line per chart whose tooltip did not show
    links: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)  # serious and critical violations
    contrast: list[str] = field(default_factory=list)
    overflow: tuple[int, int] | None = None  # (scrollWidth, innerWidth)
    descriptions: list[str] = field(default_factory=list)  # charts or tables without one
    fallback: list[str] = field(default_factory=list)  # static-fallback problems (JS off, print)
    screenshot: Path | None = None
    overlaps: list[str] = field(default_factory=list)  # text marks of a chart drawn over each other
    clipped: list[str] = field(default_factory=list)  # tables wider than their column, without a scroll container


def mode_of(screenshot: Path) -> str:
    """The way of reading a screenshot was taken in: x.png light, x.dark.png dark …"""
    return screenshot.suffixes[-2][1:] if len(screenshot.suffixes) > 1 else "light"


def screenshot_path(page: str, mode: str) -> Path:
    """editions/<date>/vehicles/x.html -> <date>/vehicles/x.png (x.dark.png, x.phone.png, ...)."""
    parts = page.split("/")
    folder, rest = (parts[1], parts[2:]) if parts[0] == "editions" else ("root", parts)
    stem = "/".join(rest)[: -len(".html")]
    suffix = "" if mode == "light" else f".{mode}"
    return SCREENSHOTS / folder / f"{stem}{suffix}.png"


# The scripts run in the page.

CHARTS_SETTLED = """() => Array.from(document.querySelectorAll('.ssb-chart')).every(f =>
    f.classList.contains('ssb-chart--failed') ||
    f.querySelector('.ssb-chart-live svg.marks, .ssb-chart-live canvas'))"""

CHART_STATE = """() => Array.from(document.querySelectorAll('.ssb-chart')).map(f => {
    const live = f.querySelector('.ssb-chart-live');
    const drawn = live && live.querySelector('svg.marks, canvas');
    const box = drawn ? drawn.getBoundingClientRect() : null;
    const wrapper = live && live.querySelector('[aria-label]');
    const stat = f.querySelector('.ssb-chart-static svg');
    const desc = f.querySelector('.ssb-chart-description');
    return {
        drawn: !!drawn && box.width > 0 && box.height > 0,
        marks: drawn ? drawn.querySelectorAll('.role-mark').length : 0,
        failed: f.classList.contains('ssb-chart--failed'),
        description: desc ? desc.textContent.trim() : '',
        live_label: wrapper ? wrapper.getAttribute('aria-label') : '',
        static_label: stat ? (stat.getAttribute('aria-label') || '') : '',
        static_role: stat ? stat.getAttribute('role') : '',
    };
})"""

# The book's data tables (report.table) are glued into figures whose caption describes them.
TABLES_UNDESCRIBED = """() => Array.from(document.querySelectorAll('table.ssb-table')).filter(t => {
    const figure = t.closest('figure');
    const caption = figure && figure.querySelector('figcaption');
    const own = t.querySelector('caption');
    const label = t.getAttribute('aria-label') || t.getAttribute('aria-labelledby');
    return !((caption && caption.textContent.trim()) || (own && own.textContent.trim()) || label);
}).map(t => t.outerHTML.slice(0, 120))"""

LINKS = """() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"""
# An edition's page has the links to its other editions (ssbook-editions.js adds "all editions" last);
# a page outside the editions has none to wait for.
EDITION_LINKS_ADDED = """() => {
    const banner = document.querySelector('.ssb-edition[data-edition]');
    return !banner || !location.pathname.includes('/editions/' + banner.dataset.edition + '/')
        || !!document.querySelector(".ssb-edition-nav a[href$='editions.html']");
}"""

# Chart text against what is behind it, in every chart SVG on the page (live and static alike;
# static SVGs are measured while shown). Text drawn on top of a filled mark (a glyph in a cell, a
# label on a map region) is left out: what is behind it is the mark, not the page.
CHART_CONTRAST = """(which) => {
    function rgba(text) {
        const m = text.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return null;
        const p = m[1].split(',').map(s => parseFloat(s));
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    }
    function over(top, bottom) {
        const a = top[3];
        return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
    }
    function lum(c) {
        const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
    }
    function ratio(a, b) {
        const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
    }
    function pageBackground(el) {
        let colour = [255, 255, 255, 1];
        const layers = [];
        for (let n = el; n; n = n.parentElement) {
            const c = rgba(getComputedStyle(n).backgroundColor);
            if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
        }
        for (const c of layers.reverse()) colour = over(c, colour);
        return colour;
    }
    function alpha(el, svg, property) {
        let a = parseFloat(getComputedStyle(el)[property]);
        for (let n = el; n && n !== svg.parentElement; n = n.parentElement) a *= parseFloat(getComputedStyle(n).opacity);
        return a;
    }
    function hex(c) { return '#' + c.slice(0, 3).map(x => Math.round(x).toString(16).padStart(2, '0')).join(''); }
    const problems = [];
    const selector = which === 'static' ? '.ssb-chart-static > svg' : '.ssb-chart-live svg.marks';
    document.querySelectorAll(selector).forEach((svg, index) => {
        const background = pageBackground(svg);
        const shapes = Array.from(svg.querySelectorAll('path, rect, circle, ellipse, polygon')).filter(s => {
            const c = rgba(getComputedStyle(s).fill);
            return c && c[3] > 0 && alpha(s, svg, 'fillOpacity') > 0.05;
        });
        const label = (svg.closest('.ssb-chart').querySelector('.ssb-chart-description') || {}).textContent || '';
        svg.querySelectorAll('text').forEach(t => {
            const content = t.textContent.trim();
            const box = t.getBoundingClientRect();
            // Vega hides labels that would overlap by making them transparent: nothing to read.
            if (!content || box.width === 0 || alpha(t, svg, 'fillOpacity') < 0.05) return;
            const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
            const onShape = shapes.some(s => {
                if (!(s.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)) return false;
                const r = s.getBoundingClientRect();
                return r.width > 0 && r.left <= cx && cx <= r.right && r.top <= cy && cy <= r.bottom;
            });
            if (onShape) return;
            const fill = rgba(getComputedStyle(t).fill);
            if (!fill) return;
            fill[3] *= alpha(t, svg, 'fillOpacity');
            const shown = over(fill, background);
            const size = parseFloat(getComputedStyle(t).fontSize);
            const bold = parseInt(getComputedStyle(t).fontWeight, 10) >= 700;
            const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
            const r = ratio(shown, background);
            if (r < needed) problems.push(`${which} chart ${index + 1} (${label.slice(0, 50)}...): text "${content.slice(0, 40)}" ${hex(shown)} on ${hex(background)}: ${r.toFixed(2)}:1, needs ${needed}:1`);
        });
        svg.querySelectorAll('.role-axis-domain line').forEach(line => {
            const stroke = rgba(getComputedStyle(line).stroke);
            if (!stroke) return;
            stroke[3] *= alpha(line, svg, 'strokeOpacity');
            const r = ratio(over(stroke, background), background);
            if (r < 3) problems.push(`${which} chart ${index + 1} (${label.slice(0, 50)}...): axis line ${r.toFixed(2)}:1, needs 3:1`);
        });
    });
    return problems;
}"""

# Whether each chart's static SVG (and not the live one) is shown, and the static SVG's text that
# sticks out of it (a browser drawing the text wider than vl-convert measured it).
FALLBACK_STATE = """() => Array.from(document.querySelectorAll('.ssb-chart')).map((f, i) => {
    const visible = el => !!el && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
    const svg = f.querySelector('.ssb-chart-static svg');
    const frame = svg ? svg.getBoundingClientRect() : null;
    const clipped = svg ? Array.from(svg.querySelectorAll('text')).filter(t => {
        const r = t.getBoundingClientRect();
        return r.width > 0 && t.textContent.trim() &&
            (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1 || r.bottom > frame.bottom + 1);
    }).map(t => t.textContent.trim().slice(0, 40)) : [];
    return {
        index: i + 1,
        clipped: clipped,
        static_shown: visible(f.querySelector('.ssb-chart-static svg')),
        live_shown: visible(f.querySelector('.ssb-chart-live')),
        description_shown: visible(f.querySelector('.ssb-chart-description')) &&
            f.querySelector('.ssb-chart-description').getBoundingClientRect().width > 1,
    };
})"""

# The text marks of each drawn chart (point labels, annotations: not the axes and legends, which Vega
# lays out itself) whose boxes overlap or come closer than 3 px (they read as one), the text of both named.
TEXT_OVERLAPS = """() => {
    const problems = [];
    document.querySelectorAll('.ssb-chart').forEach((f, index) => {
        const svg = f.querySelector('.ssb-chart-live svg.marks');
        if (!svg) return;
        const label = ((f.querySelector('.ssb-chart-description') || {}).textContent || '').trim().slice(0, 50);
        const texts = Array.from(svg.querySelectorAll('.mark-text.role-mark text')).map(t => ({t, box: t.getBoundingClientRect()}))
            .filter(({t, box}) => t.textContent.trim() && box.width > 0 && box.height > 0 && parseFloat(getComputedStyle(t).fillOpacity) > 0.05
                && parseFloat(getComputedStyle(t).opacity) > 0.05);
        for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
            const a = texts[i].box, b = texts[j].box;
            const x = Math.min(a.right, b.right) - Math.max(a.left, b.left), y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (x > -3 && y > -3) problems.push(`chart ${index + 1} (${label}...): "${texts[i].t.textContent.trim().slice(0, 30)}" and "${texts[j].t.textContent.trim().slice(0, 30)}" overlap or run together (${x.toFixed(1)} x ${y.toFixed(1)} px)`);
        }
    });
    return problems;
}"""

# Each data table either fits the article's column or sits in a scroll container (overflow-x auto or
# scroll) that itself fits the column, so the reader can scroll it; a table past the column's edge is named.
# The column is the article (the text column between the sidebars), not <main>, which holds the right sidebar too;
# its tables only (Vega's tooltip, a table of its own, floats over the page and is not the article's).
TABLES_CLIPPED = """() => {
    const column = document.querySelector('article.bd-article') || document.querySelector('main article') || document.querySelector('main') || document.body;
    const edge = Math.min(column.getBoundingClientRect().right, document.documentElement.clientWidth);
    return Array.from(column.querySelectorAll('table')).filter(t => t.getBoundingClientRect().width > 0).map((t, i) => {
        const box = t.getBoundingClientRect();
        let scroller = null;
        for (let n = t.parentElement; n && n !== column.parentElement; n = n.parentElement) {
            if (['auto', 'scroll'].includes(getComputedStyle(n).overflowX)) { scroller = n; break; }
        }
        if (box.right <= edge + 1) return null;
        if (scroller && scroller.getBoundingClientRect().right <= edge + 1 && scroller.scrollWidth > scroller.clientWidth) return null;
        const caption = ((t.closest('figure') || t).textContent || '').trim().slice(0, 40);
        return `table ${i + 1} (${caption}...): ${box.width.toFixed(0)} px wide, its right edge at ${box.right.toFixed(0)} px, past the column's ${edge.toFixed(0)} px, with no scroll container`;
    }).filter(p => p);
}"""

MARK_CANDIDATES = [
    ".mark-symbol.role-mark path",
    ".mark-rect.role-mark path",
    ".mark-shape.role-mark path",
    ".mark-arc.role-mark path",
    ".role-mark path",
]


# Fixtures: Chromium, the server, the visits.

@pytest.fixture(scope="module")
def chromium() -> Path:
    return need_chromium()


@pytest.fixture(scope="module")
def site_url(built) -> str:
    with serving(built.site) as url:
        yield url


@pytest.fixture(scope="module")
def pages(latest) -> list[str]:
    """Every page of the latest edition (found by walking its folder) and the root pages."""
    found = sorted(
        p.relative_to(latest).as_posix() for p in latest.rglob("*.html")
        if "_static" not in p.relative_to(latest).parts and p.name not in NOT_PAGES
    )
    assert "index.html" in found, f"the latest edition {latest.name} has no index.html"
    return [f"editions/{latest.name}/{p}" for p in found] + ROOT_PAGES


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _visit_all(browser, site_url, pages, latest, mode) -> dict[str, Visit]:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    options = {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"}
    if mode == "dark":
        options["color_scheme"] = "dark"
    elif mode == "phone":
        options["viewport"] = {"width": 375, "height": 812}
    elif mode == "nojs":
        options["java_script_enabled"] = False
    context = browser.new_context(**options)
    page = context.new_page()
    visit: Visit | None = None

    def on_console(message):
        if message.type != "error" or visit is None:
            return
        where = (message.location or {}).get("url", "")
        if message.text.startswith("Failed to load resource") and where.endswith("/favicon.ico"):
            return  # the browser's own guess at an icon, not a request of the page
        visit.errors.append(f"console error: {message.text} ({where})")

    def on_pageerror(error):
        if visit is None:
            return
        text = str(error.message if hasattr(error, "message") else error)
        visit.errors.append(f"uncaught exception: {text}")

    page.on("console", on_console)
    page.on("pageerror", on_pageerror)
    page.on("request", lambda request: visit is not None and visit.requests.append(request.url))
    page.on("response", lambda response: visit is not None and response.status >= 400 and visit.failed.append(f"{response.status} {response.url}"))

    visits = {}
    for name in pages:
        visit = Visit(name, mode)
        visits[name] = visit
        page.goto(site_url + name, wait_until="load")
        if name == "index.html":  # the root sends readers on to the latest edition
            try:
                page.wait_for_url(f"**/editions/{latest.name}/index.html", timeout=10_000)
                page.wait_for_load_state("load")
            except PlaywrightTimeout:
                pass
        visit.final_url = page.url
        if mode != "nojs":
            try:
                page.wait_for_function(CHARTS_SETTLED, timeout=CHART_TIMEOUT_MS)
            except PlaywrightTimeout:
                pass  # recorded below as charts not drawn
            if mode == "light":
                try:  # the links the banner's script adds, the last after editions.json is read or fails
                    page.wait_for_function(EDITION_LINKS_ADDED, timeout=10_000)
                except PlaywrightTimeout:
                    pass  # the links are checked as they are
            visit.theme = page.evaluate("() => document.documentElement.dataset.theme || null")
        visit.charts = page.evaluate(CHART_STATE)
        visit.screenshot = screenshot_path(name, mode)
        visit.screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(visit.screenshot), full_page=True)
        WRITTEN.add(visit.screenshot)

        if mode in ("light", "dark"):
            # preload off: axe's stylesheet preloading re-fetches @imports relative to the page (404s)
            results = Axe().run(page, options={"resultTypes": ["violations"], "preload": False}).response
            for violation in results["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
                    visit.axe.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
            visit.contrast = page.evaluate(CHART_CONTRAST, "live")
            # The static SVGs, measured while shown, as a reader sees them before the live chart
            # is drawn or when it cannot be.
            page.evaluate("() => document.querySelectorAll('.ssb-chart').forEach(f => f.classList.remove('ssb-chart--live'))")
            visit.contrast += page.evaluate(CHART_CONTRAST, "static")
            page.evaluate("() => document.querySelectorAll('.ssb-chart').forEach(f => { if (f.querySelector('.ssb-chart-live svg')) f.classList.add('ssb-chart--live'); })")

        if mode == "light":
            visit.links = page.evaluate(LINKS)
            undescribed = page.evaluate(TABLES_UNDESCRIBED)
            visit.descriptions += [f"table without a caption or label: {t}" for t in undescribed]
            for i, chart in enumerate(visit.charts, 1):
                if not chart["description"]:
                    visit.descriptions.append(f"chart {i}: empty description")
                elif chart["live_label"] != chart["description"]:
                    visit.descriptions.append(f"chart {i}: the live chart is labelled {chart['live_label']!r}, not by its description")
                if chart["static_label"] != chart["description"] or chart["static_role"] != "img":
                    visit.descriptions.append(f"chart {i}: the static SVG is not an image named by the description")
            _hover_charts(page, visit, PlaywrightError, PlaywrightTimeout)
            page.emulate_media(media="print")
            for state in page.evaluate(FALLBACK_STATE):
                if not state["static_shown"] or state["live_shown"] or not state["description_shown"]:
                    visit.fallback.append(f"print, chart {state['index']}: {state}")
            page.emulate_media(media="screen")

        if mode == "phone":
            visit.overflow = tuple(page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]"))
        if mode in ("light", "phone"):
            visit.overlaps = page.evaluate(TEXT_OVERLAPS)
            visit.clipped = page.evaluate(TABLES_CLIPPED)

        if mode == "nojs":
            for state in page.evaluate(FALLBACK_STATE):
                if not state["static_shown"] or state["live_shown"]:
                    visit.fallback.append(f"JavaScript off, chart {state['index']}: {state}")
                if state["clipped"]:
                    visit.fallback.append(f"JavaScript off, chart {state['index']}: text cut off at the static SVG's edge: {state['clipped'][:5]}")
    visit = None
    context.close()
    # Screenshots are overwritten in place (another run may be reading them); those of this way of
    # reading that this run did not take are of pages no longer there.
    for stale in {p for p in SCREENSHOTS.rglob("*.png") if mode_of(p) == mode} - WRITTEN:
        stale.unlink(missing_ok=True)
    return visits


def _hover_charts(page, visit, PlaywrightError, PlaywrightTimeout) -> None:
    """Hover a data mark of every live chart; vega-tooltip's box must show, with text."""
    tooltip = "#vg-tooltip-element"
    shown = f"() => {{ const t = document.querySelector('{tooltip}'); return !!t && t.classList.contains('visible') && getComputedStyle(t).visibility === 'visible' && t.textContent.trim().length > 0; }}"
    hidden = f"() => {{ const t = document.querySelector('{tooltip}'); return !t || getComputedStyle(t).visibility !== 'visible'; }}"
    charts = page.query_selector_all(".ssb-chart")
    for index, chart in enumerate(charts, 1):
        marks = []
        for selector in MARK_CANDIDATES:
            marks = chart.query_selector_all(f".ssb-chart-live svg {selector}")
            if marks:
                break
        if not marks:
            visit.tooltips.append(f"chart {index}: no data mark to hover")
            continue
        ok = False
        for mark in marks[:3]:
            # The centre of the mark's box first; then off-centre, for a mark with a label on it.
            for fx, fy in ((0.5, 0.5), (0.2, 0.2), (0.8, 0.8)):
                page.mouse.move(0, 0)
                try:
                    page.wait_for_function(hidden, timeout=2_000)
                    mark.scroll_into_view_if_needed()
                    box = mark.bounding_box()
                    if not box:
                        break
                    page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
                    page.wait_for_function(shown, timeout=2_000)
                    ok = True
                    break
                except (PlaywrightTimeout, PlaywrightError):
                    continue
            if ok:
                break
        if not ok:
            visit.tooltips.append(f"chart {index}: no tooltip on hovering a data mark")
    page.mouse.move(0, 0)


@pytest.fixture(scope="module")
def light(browser, site_url, pages, latest) -> dict[str, Visit]:
    return _visit_all(browser, site_url, pages, latest, "light")


@pytest.fixture(scope="module")
def dark(browser, site_url, pages, latest) -> dict[str, Visit]:
    return _visit_all(browser, site_url, pages, latest, "dark")


@pytest.fixture(scope="module")
def phone(browser, site_url, pages, latest) -> dict[str, Visit]:
    return _visit_all(browser, site_url, pages, latest, "phone")


@pytest.fixture(scope="module")
def nojs(browser, site_url, pages, latest) -> dict[str, Visit]:
    return _visit_all(browser, site_url, pages, latest, "nojs")


# Each way of reading is visited on one pytest-xdist worker (its group), so the four can run on
# different workers; a test of several ways runs once per way, on that way's worker.
LIGHT, PHONE = pytest.mark.xdist_group("browser-light"), pytest.mark.xdist_group("browser-phone")


def in_modes(*modes: str):
    return pytest.mark.parametrize("mode", [pytest.param(m, marks=pytest.mark.xdist_group(f"browser-{m}")) for m in modes])


@pytest.fixture
def seen(request, mode) -> dict[str, Visit]:
    """The visits of the test's way of reading (`in_modes`)."""
    return request.getfixturevalue(mode)


def report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}:\n  " + "\n  ".join(lines) for page, lines in problems.items() if lines)


# The tests.

def test_the_pages_are_found(pages, latest):
    edition = [p for p in pages if p.startswith("editions/")]
    assert len(edition) >= 2, f"only {edition} found in {latest}"


@LIGHT
def test_every_chart_is_drawn(light):
    problems = {}
    for name, visit in light.items():
        problems[name] = [
            f"chart {i}: " + ("drawing failed (see the console errors)" if c["failed"] else "no rendered SVG or canvas with marks")
            for i, c in enumerate(visit.charts, 1) if not (c["drawn"] and c["marks"] > 0)
        ]
    assert not any(problems.values()), "charts not drawn:\n" + report(problems)
    assert sum(len(v.charts) for v in light.values()) > 0, "no chart anywhere on the site"


@LIGHT
def test_the_root_leads_to_the_latest_edition(light, latest):
    assert light["index.html"].final_url.endswith(f"/editions/{latest.name}/index.html")


@in_modes("light", "dark", "phone", "nojs")
def test_the_console_shows_no_errors(seen):
    problems = {name: visit.errors for name, visit in seen.items()}
    assert not any(problems.values()), "console errors:\n" + report(problems)


@in_modes("light", "dark", "phone")
def test_no_request_fails(seen):
    problems = {name: visit.failed for name, visit in seen.items()}
    assert not any(problems.values()), "failed requests:\n" + report(problems)


@in_modes(*MODES)
def test_no_request_leaves_the_site(seen, site_url):
    here = urlsplit(site_url).netloc
    problems = {}
    for name, visit in seen.items():
        problems[name] = [u for u in visit.requests if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).netloc != here]
    assert not any(problems.values()), "requests to other hosts:\n" + report(problems)


@LIGHT
def test_vega_is_served_once_per_page_without_requirejs(light):
    problems = {}
    for name, visit in light.items():
        if not visit.charts:
            continue
        bundles = [u for u in visit.requests if urlsplit(u).path.endswith("/vega-bundle.js")]
        required = [u for u in visit.requests if re.search(r"require(\.min)?\.js$", urlsplit(u).path)]
        problems[name] = ([f"vega-bundle.js requested {len(bundles)} times"] if len(bundles) != 1 else []) + [f"require.js: {u}" for u in required]
    assert not any(problems.values()), report(problems)


@LIGHT
def test_a_tooltip_appears_on_hover(light):
    problems = {name: visit.tooltips for name, visit in light.items()}
    assert not any(problems.values()), "tooltips:\n" + report(problems)


@LIGHT
def test_internal_links_resolve(light, site_url):
    targets: dict[str, set[str]] = {}
    for name, visit in light.items():
        for href in visit.links:
            url = urldefrag(href).url
            if url.startswith(site_url):
                targets.setdefault(url, set()).add(name)
    assert len(targets) > len(light), "too few internal links found: is the navigation there?"
    broken = []
    for url, sources in sorted(targets.items()):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            broken.append(f"{url} ({status}), linked from {', '.join(sorted(sources))}")
    assert not broken, "broken internal links:\n" + "\n".join(broken)


@in_modes(*MODES)
def test_screenshots_are_saved(seen):
    for visit in seen.values():
        assert visit.screenshot.is_file() and visit.screenshot.stat().st_size > 1000, visit.screenshot


@in_modes("light", "dark")
def test_no_serious_accessibility_violations(seen):
    problems = {name: visit.axe for name, visit in seen.items()}
    assert not any(problems.values()), "axe-core, serious or critical:\n" + report(problems)


@in_modes("light", "dark")
def test_chart_text_is_readable(seen):
    some = next(iter(seen.values()))
    if some.mode == "dark":
        assert all(v.theme == "dark" for v in seen.values() if v.charts), "the dark theme was not applied"
    problems = {name: visit.contrast for name, visit in seen.items()}
    assert not any(problems.values()), f"chart text or axes too faint ({some.mode} theme):\n" + report(problems)


@PHONE
def test_no_sideways_scrolling_at_phone_width(phone):
    problems = {
        name: [f"page is {v.overflow[0]} px wide in a {v.overflow[1]} px window"]
        for name, v in phone.items() if v.overflow[0] > v.overflow[1]
    }
    assert not problems, report(problems)


@LIGHT
def test_charts_and_tables_have_text_descriptions(light):
    problems = {name: visit.descriptions for name, visit in light.items()}
    assert not any(problems.values()), report(problems)


@in_modes("light", "nojs")
def test_static_fallback_without_javascript_and_in_print(seen):
    problems = {name: visit.fallback for name, visit in seen.items()}
    assert not any(problems.values()), report(problems)


@in_modes("light", "phone")
def test_chart_text_marks_do_not_overlap(seen):
    problems = {f"{v.page} ({v.mode})": v.overlaps for v in seen.values() if v.overlaps}
    assert not problems, report(problems)


@in_modes("light", "phone")
def test_tables_fit_or_scroll_at_1280_and_375_px(seen):
    problems = {f"{v.page} ({v.mode})": v.clipped for v in seen.values() if v.clipped}
    assert not problems, report(problems)


# The checks themselves, on pages made to fail them.

WIDE_TABLES = """(where) => {
    const article = document.querySelector('article.bd-article');
    const width = article.getBoundingClientRect().width + 40;
    const table = () => { const t = document.createElement('table'); t.innerHTML = `<tr><td style="min-width:${width}px">wide</td></tr>`; return t; };
    const section = article.querySelector('section');
    if (where === 'plain') section.appendChild(table());
    if (where === 'wide scroller') { const d = document.createElement('div'); d.style.cssText = `overflow-x:auto;width:${width + 20}px`; d.appendChild(table()); section.appendChild(d); }
    if (where === 'scroller') { const d = document.createElement('div'); d.style.overflowX = 'auto'; d.appendChild(table()); section.appendChild(d); }
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_the_table_check_measures_against_the_article_edge(browser, site_url, latest, width):
    """A table 40 px wider than the article is named at both widths (at 1280 px it still ends inside the
    window, under the right sidebar), and so is one in a scroll container as wide; one in a scroll
    container that fits the article is not."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(f"{site_url}editions/{latest.name}/materials.html")
        assert page.evaluate(TABLES_CLIPPED) == []
        for where, named in (("scroller", 0), ("plain", 1), ("wide scroller", 2)):
            page.evaluate(WIDE_TABLES, where)
            found = page.evaluate(TABLES_CLIPPED)
            assert len(found) == named, (where, found)
            assert all("wide" in line and "past the column" in line for line in found)
    finally:
        page.close()


CLOSE_WEEK = "2026-01-15"


def add_close_prices(data_dir: Path) -> None:
    """A week after the shipped ones whose sources give daily lithium sulphide prices a few yuan apart, another
    material's close to them, and a price dated only to the month, 'about' it (a synthetic source, never published)."""
    import csv

    from conftest import archived
    from ssbook.data import schema
    from ssbook.newweek import new_week

    days = [f"2026-01-{d:02d}" for d in range(9, 16)]
    rows = [("lithium sulphide", day, 2050 + (i % 3), "") for i, day in enumerate(days)]
    rows += [("lithium sulphide (crystalline)", day, 2056 - i, "") for i, day in enumerate(days)]
    rows += [("lithium sulphide", "2026-01", 2040, "about")]
    quotes = [f"{m} {d} {v} yuan/kg" for m, d, v, _ in rows]
    folder = new_week(data_dir, CLOSE_WEEK)
    source = archived(data_dir, {"source_id": "T30", "publisher": "Price desk (synthetic)", "title": "Synthetic T30",
                                 "url": "https://example.org/t30", "published": CLOSE_WEEK, "published_note": "", "grade": "B",
                                 "language": "en", "file": "t30.txt"}, *quotes)
    with open(data_dir / "sources.csv", "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerow([source[c] for c in ["source_id", "publisher", "title", "url", "published",
                                                                             "published_note", "grade", "language", "file", "sha256"]])
    fields = [f["name"] for f in schema(data_dir, "prices")["fields"]]
    with open(folder / "prices.csv", "a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, fields, lineterminator="\n").writerows(
            {**dict.fromkeys(fields, ""), "material": m, "category": "specialised", "date": d, "basis": "average", "value": str(v),
             "unit": "yuan/kg", "qualifier": q, "source_id": "T30", "quote": quote} for (m, d, v, q), quote in zip(rows, quotes))


def test_close_prices_get_labels_that_do_not_overlap(browser, published):
    """The week of close readings built into an edition: on its Materials page, at 1280 and 375 px, no two
    text marks of any chart overlap (labels without room are left to the tooltips), the latest lithium
    sulphide price keeps its label, and the month's reading is drawn as a month with its qualifier."""
    import json

    from conftest import serving
    from ssbook.build import build

    add_close_prices(published.data)
    build(published, log=lambda message: None)
    with serving(published.site) as url:
        for width in (1280, 375):
            page = browser.new_page(viewport={"width": width, "height": 900})
            try:
                page.goto(f"{url}editions/{CLOSE_WEEK}/materials.html")
                page.wait_for_function(CHARTS_SETTLED, timeout=CHART_TIMEOUT_MS)
                assert page.evaluate(TEXT_OVERLAPS) == []
                specs = [json.loads(s) for s in page.eval_on_selector_all("script.ssb-chart-spec", "els => els.map(e => e.textContent)")]
            finally:
                page.close()
    chart = next(s for s in specs if "yuan per kilogram over time" in s["description"])
    values = [row for data in chart["datasets"].values() for row in data]
    labelled = [r for r in values if "place" in r]
    assert {r["material"] for r in labelled if r["mid"].startswith("2026-01-15")} == {"lithium sulphide", "lithium sulphide (crystalline)"}
    assert len(labelled) < len([r for r in values if "span" in r])  # some left to their tooltips
    month = next(r for r in values if r.get("price") == "about 2,040 yuan/kg")
    assert (month["when"], month["span"]) == ("January 2026", "a month")
    assert month["start"].startswith("2026-01-01") and month["end"].startswith("2026-01-31")


TEXT_MARK = re.compile(r'"mark":(\{"type":)?"text"')  # a chart spec with text marks (labels), as chart_html writes it


@pytest.mark.parametrize("width", [1280, 375])
def test_chart_text_marks_do_not_overlap_in_earlier_editions(browser, site_url, built, latest, width):
    """Every page of the editions before the latest whose charts carry labels (the latest is visited in full
    above): no two text marks overlap, at 1280 and 375 px."""
    pages = [p for p in sorted((built.site / "editions").rglob("*.html")) if latest not in p.parents and "_static" not in p.parts
             and p.name not in NOT_PAGES and TEXT_MARK.search(p.read_text(encoding="utf-8"))]
    assert pages
    problems = {}
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        for path in pages:
            name = path.relative_to(built.site).as_posix()
            page.goto(site_url + name)
            page.wait_for_function(CHARTS_SETTLED, timeout=CHART_TIMEOUT_MS)
            problems[name] = page.evaluate(TEXT_OVERLAPS)
    finally:
        page.close()
    assert not any(problems.values()), report(problems)
