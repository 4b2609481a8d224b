"""The built site's layout: pages on the shared assets, canonical addresses, latest/ redirects, the feed,
the sitemaps and the social meta (after a new week: test_editions.py)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from conftest import CHROMIUM_ARGS, need_chromium, serving

from ssbook.build import site_url
from ssbook.data import weeks
from ssbook.project import Project

ATOM = "{http://www.w3.org/2005/Atom}"
MAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NOT_PAGES = ("genindex.html", "search.html")


class Head(HTMLParser):
    """A page's <link>, <meta> and <script> tags and every src/href, as attribute dicts."""

    def __init__(self, text: str):
        super().__init__()
        self.links, self.metas, self.addresses = [], [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        if tag == "meta":
            self.metas.append(attrs)
        self.addresses += [attrs[key] for key in ("src", "href") if attrs.get(key)]

    def link(self, rel: str) -> list[str]:
        return [a["href"] for a in self.links if a.get("rel") == rel]

    def meta(self, name: str) -> list[str]:
        return [a["content"] for a in self.metas if a.get("property") == name]


def local(site: Path, url: str, base: str) -> Path:
    """The file in the site an absolute address of the site leads to."""
    assert url.startswith(base + "/"), url
    return site / urlsplit(url[len(base) + 1:]).path


def edition_pages(project: Project):
    for edition in weeks(project.data):
        folder = project.site / "editions" / edition
        for page in sorted(folder.rglob("*.html")):
            yield edition, page.relative_to(folder).as_posix(), page


def test_editions_have_no_static_folder_and_load_only_shared_assets(built):
    for edition in weeks(built.data):
        assert not (built.site / "editions" / edition / "_static").exists()
    problems = []
    for edition, name, page in edition_pages(built):
        for address in Head(page.read_text(encoding="utf-8")).addresses:
            parts = urlsplit(address)
            if parts.scheme or address.startswith("#"):
                continue
            target = (page.parent / parts.path).resolve()
            if not target.exists():
                problems.append(f"{edition}/{name}: {address} does not exist")
            if parts.path.endswith((".js", ".css", ".woff2", ".svg", ".png")) and "/_assets/" not in target.as_posix() + "/":
                if target.name != "searchindex.js":
                    problems.append(f"{edition}/{name}: {address} is not a shared asset")
    assert not problems, "\n".join(problems[:20])


def test_every_edition_page_is_canonical_at_its_own_address(built):
    base = site_url(built)
    for edition, name, page in edition_pages(built):
        head = Head(page.read_text(encoding="utf-8"))
        assert head.link("canonical") == [f"{base}/editions/{edition}/{name}"], f"{edition}/{name}"


def test_every_page_links_to_the_feed(built):
    pages = [page for _, _, page in edition_pages(built)]
    pages += [built.site / "index.html", built.site / "editions.html", *sorted((built.site / "latest").rglob("*.html"))]
    for page in pages:
        feeds = [a["href"] for a in Head(page.read_text(encoding="utf-8")).links
                 if a.get("rel") == "alternate" and a.get("type") == "application/atom+xml"]
        assert len(feeds) == 1 and (page.parent / feeds[0]).resolve() == (built.site / "feed.xml").resolve(), page


def test_the_feed_has_an_entry_per_edition_linking_to_its_home(built):
    base = site_url(built)
    root = ET.parse(built.site / "feed.xml").getroot()
    entries = root.findall(f"{ATOM}entry")
    editions = weeks(built.data)
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [f"{base}/editions/{d}/index.html" for d in reversed(editions)]
    for entry in entries:
        assert local(built.site, entry.find(f"{ATOM}link").get("href"), base).is_file()
        assert entry.find(f"{ATOM}summary").text.strip()
    home = (built.site / "editions" / editions[-1] / "index.html").read_text(encoding="utf-8")
    first = entries[0].find(f"{ATOM}summary").text.splitlines()[0]
    assert first.split(" (")[0] in home  # the first headline's company, as Home shows it
    for link in root.findall(f"{ATOM}link"):
        assert local(built.site, link.get("href").rstrip("/") + ("/index.html" if link.get("href").endswith("/") else ""), base).is_file()


def test_the_sitemaps_list_every_page_of_every_edition(built):
    base = site_url(built)
    index = ET.parse(built.site / "sitemap.xml").getroot()
    listing = json.loads((built.site / "editions.json").read_text(encoding="utf-8"))
    maps = [m.find(f"{MAP}loc").text for m in index.findall(f"{MAP}sitemap")]
    assert maps == [f"{base}/sitemaps/{e['date']}.xml" for e in listing["editions"]]
    for entry, address in zip(listing["editions"], maps):
        urls = [u.find(f"{MAP}loc").text for u in ET.parse(local(built.site, address, base)).getroot().findall(f"{MAP}url")]
        assert urls == [f"{base}/editions/{entry['date']}/{page}" for page in entry["pages"]]
        assert all(local(built.site, url, base).is_file() for url in urls)


def latest_target(redirect: Path) -> Path:
    text = redirect.read_text(encoding="utf-8")
    url = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', text).group(1)
    return (redirect.parent / url).resolve()


def test_latest_leads_to_each_page_of_the_newest_edition(built):
    listing = json.loads((built.site / "editions.json").read_text(encoding="utf-8"))
    newest = built.site / "editions" / listing["latest"]
    pages = sorted({page for e in listing["editions"] for page in e["pages"]})
    assert sorted(p.relative_to(built.site / "latest").as_posix() for p in (built.site / "latest").rglob("*.html")) == pages
    for page in pages:
        target = latest_target(built.site / "latest" / page)
        assert target == ((newest / page) if (newest / page).is_file() else newest / "index.html").resolve(), page
        canonical = Head((built.site / "latest" / page).read_text(encoding="utf-8")).link("canonical")
        assert canonical == [f"{site_url(built)}/{target.relative_to(built.site.resolve()).as_posix()}"]


def test_social_meta_names_the_page_its_lede_and_a_card_image(built):
    base = site_url(built)
    for edition, name, page in edition_pages(built):
        if name in NOT_PAGES:
            continue
        text = page.read_text(encoding="utf-8")
        head = Head(text)
        title, description, image = head.meta("og:title"), head.meta("og:description"), head.meta("og:image")
        assert len(title) == 1 and title[0] and f"<h1>{title[0]}" in text.replace("&amp;", "&"), f"{edition}/{name}"
        assert len(description) == 1 and len(description[0]) > 40, f"{edition}/{name}"
        assert description[0].removesuffix(" …")[:40] in re.sub(r"<[^>]+>", "", text.replace("&amp;", "&")), f"{edition}/{name}"
        assert head.meta("og:url") == head.link("canonical")
        assert len(image) == 1 and local(built.site, image[0], base).read_bytes().startswith(b"\x89PNG"), f"{edition}/{name}"
        assert head.meta("twitter:card") == ["summary_large_image"]


DRAWN = "[...document.querySelectorAll('.ssb-chart')].every(c => c.classList.contains('ssb-chart--live'))"


def test_every_page_draws_its_charts_from_the_shared_assets(built):
    """Every page of every edition in headless Chromium: the charts are drawn, every script and
    stylesheet comes from _assets/ (or is the edition's search index), nothing fails to load."""
    from playwright.sync_api import sync_playwright

    chromium = need_chromium()
    problems = []
    with serving(built.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        tab = browser.new_page()
        requests, failures = [], []
        tab.on("request", lambda request: requests.append(request))
        tab.on("requestfailed", lambda request: failures.append(f"{request.url} ({request.failure})") if "ERR_ABORTED" not in (request.failure or "") else None)  # not cut by the next page; a missing file is a 404 below
        tab.on("response", lambda response: failures.append(f"{response.status} {response.url}") if response.status >= 400 else None)
        tab.on("pageerror", lambda error: failures.append(str(error)))
        for edition, name, _ in edition_pages(built):
            if name in NOT_PAGES:
                continue
            requests.clear()
            failures.clear()
            tab.goto(f"{base}editions/{edition}/{name}")
            tab.wait_for_function(DRAWN, timeout=30000)
            loaded = [urlsplit(r.url).path for r in requests if r.resource_type in ("script", "stylesheet", "font")]
            if not any(p.startswith("/_assets/") and p.endswith("/vega-bundle.js") for p in loaded):
                problems.append(f"{edition}/{name}: Vega not loaded from _assets/")
            problems += [f"{edition}/{name}: {p}" for p in loaded if not p.startswith("/_assets/") and not p.endswith("/searchindex.js")]
            problems += [f"{edition}/{name}: {f}" for f in failures]
        browser.close()
    assert not problems, "\n".join(problems[:20])


def test_pages_show_the_same_without_their_indentation(built, latest):
    """Published pages start no line with spaces, except inside <pre>, <textarea> and <script>, where
    they count: the BibTeX entry keeps its aligned fields. Sphinx's inventory is not published."""
    for edition, name, page in edition_pages(built):
        text = page.read_text(encoding="utf-8")
        outside = re.sub(r"<(pre|textarea|script)\b.*?</\1>", "", text, flags=re.DOTALL)
        assert not re.search(r"\n[ \t]+", outside), f"{edition}/{name}"
        assert not (built.site / "editions" / edition / "objects.inv").exists()
    bibtex = re.search(r'<pre class="ssb-bibtex">(.*?)</pre>', (latest / "materials.html").read_text(encoding="utf-8"), re.DOTALL).group(1)
    assert "\n  author    = {" in bibtex and "\n  url       = {" in bibtex


def test_unindented_keeps_white_space_where_it_counts():
    from ssbook.site import unindented

    page = ('<div>\n    <p>one\n      two</p>\n<pre>x\n    y</pre>\n  <script>\n  var a = `\n  b`;\n</script>\n'
            '  <TEXTAREA>\n  kept</TEXTAREA>\n\t<span>z</span>')
    assert unindented(page) == ('<div>\n<p>one\ntwo</p>\n<pre>x\n    y</pre>\n<script>\n  var a = `\n  b`;\n</script>\n'
                                '<TEXTAREA>\n  kept</TEXTAREA>\n<span>z</span>')
