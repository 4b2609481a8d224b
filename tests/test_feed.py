"""The Atom feed (ssbook.feed) and the sitemaps (ssbook.sitemaps): valid XML whatever the data hold,
one entry per edition, newest first."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ssbook import feed, sitemaps
from ssbook.site import long_date

ATOM = "{http://www.w3.org/2005/Atom}"
MAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOSTILE = ['<img src=x onerror=alert(1)>', "</script><script>alert(2)</script>", '" onmouseover="alert(3)', "]]> & <![CDATA[ \x01\x0b\ufffe"]


def home(site, edition: str, items: list[str]) -> None:
    folder = site / "editions" / edition
    folder.mkdir(parents=True)
    escaped = "".join(f"<li><p><strong>{text.replace('&', '&amp;').replace('<', '&lt;')}</strong> said\n  this.</p></li>" for text in items)
    (folder / "index.html").write_text(
        '<section id="key-figures"><ul><li>not a headline</li></ul></section>'
        f'<section id="headline-developments"><h2>Headline developments</h2><ul class="simple">{escaped}</ul>'
        '<section id="inner"><ul><li>nested list</li></ul></section></section>'
        '<section id="what-changed"><ul><li>not a headline either</li></ul></section>',
        encoding="utf-8",
    )


def test_headlines_are_the_items_of_the_headline_section(tmp_path):
    home(tmp_path, "2026-01-08", ["GEM", "Donut Lab"])
    assert feed.headlines(tmp_path / "editions" / "2026-01-08" / "index.html") == ["GEM said this.", "Donut Lab said this.", "nested list"]


def test_a_home_page_without_headlines_gives_none(tmp_path):
    (tmp_path / "index.html").write_text("<p>No headlines</p>", encoding="utf-8")
    assert feed.headlines(tmp_path / "index.html") == []


def test_one_entry_per_edition_newest_first_linking_to_its_home(tmp_path):
    home(tmp_path, "2026-01-02", ["Old news"])
    home(tmp_path, "2026-01-08", ["New news"])
    root = ET.fromstring(feed.atom(tmp_path, ["2026-01-02", "2026-01-08"], "The Tracker", "https://example.org/book", long_date))
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Edition of 8 January 2026", "Edition of 2 January 2026"]
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
        "https://example.org/book/editions/2026-01-08/index.html", "https://example.org/book/editions/2026-01-02/index.html"]
    assert entries[0].find(f"{ATOM}summary").text == "New news said this.\nnested list"
    assert root.find(f"{ATOM}updated").text.startswith("2026-01-08")
    assert {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")} == {
        "alternate": "https://example.org/book/", "self": "https://example.org/book/feed.xml"}


def test_hostile_text_stays_text_in_valid_xml(tmp_path):
    home(tmp_path, "2026-01-08", HOSTILE)
    text = feed.atom(tmp_path, ["2026-01-08"], 'Title <b>&</b> "x"\x07', "https://example.org", long_date)
    root = ET.fromstring(text)
    summary = root.find(f"{ATOM}entry/{ATOM}summary").text
    for hostile in HOSTILE[:3]:
        assert f"{hostile} said this." in summary
    assert re.search(r"\]\]> & <!\[CDATA\[ +said this\.", summary)  # the characters XML cannot hold are dropped
    assert root.find(f"{ATOM}title").text == 'Title <b>&</b> "x"'
    assert b"<img" not in text and b"<script" not in text


def test_an_edition_without_headlines_says_so(tmp_path):
    (tmp_path / "editions" / "2026-01-08").mkdir(parents=True)
    (tmp_path / "editions" / "2026-01-08" / "index.html").write_text("<p>A quiet week.</p>", encoding="utf-8")
    root = ET.fromstring(feed.atom(tmp_path, ["2026-01-08"], "T", "https://example.org", long_date))
    assert root.find(f"{ATOM}entry/{ATOM}summary").text == "No headline developments this week."


def test_an_editions_sitemap_lists_its_pages():
    root = ET.fromstring(sitemaps.edition("https://example.org/a&b", "2026-01-08", ["index.html", "vehicles/x.html"]))
    assert [u.find(f"{MAP}loc").text for u in root] == [
        "https://example.org/a&b/editions/2026-01-08/index.html", "https://example.org/a&b/editions/2026-01-08/vehicles/x.html"]
    assert {u.find(f"{MAP}lastmod").text for u in root} == {"2026-01-08"}


def test_the_sitemap_index_lists_each_editions_sitemap():
    root = ET.fromstring(sitemaps.index("https://example.org", ["2026-01-02", "2026-01-08"]))
    assert [m.find(f"{MAP}loc").text for m in root] == [
        "https://example.org/sitemaps/2026-01-02.xml", "https://example.org/sitemaps/2026-01-08.xml"]


def test_an_empty_site_has_an_empty_index():
    assert list(ET.fromstring(sitemaps.index("https://example.org", []))) == []
