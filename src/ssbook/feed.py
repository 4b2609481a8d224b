"""The site's Atom feed (feed.xml): one entry per edition, its headline developments read from the
edition's published Home page, linking to that Home page."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

from feedgen.feed import FeedGenerator

NAME = "feed.xml"
HEADLINES = "headline-developments"  # the id of Home's section of headlines
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _Done(Exception):
    """The headlines' section has ended: nothing after it is read."""


class _Headlines(HTMLParser):
    """The text of each list item in the section with id HEADLINES."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # sections open since the headlines' section began (0: not in it)
        self.items: list[str] = []
        self.item: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "section" and (self.depth or dict(attrs).get("id") == HEADLINES):
            self.depth += 1
        elif self.depth and tag == "li":
            self.item = []

    def handle_endtag(self, tag):
        if self.depth and tag == "section":
            self.depth -= 1
            if not self.depth:
                raise _Done
        elif self.item is not None and tag == "li":
            self.items.append(" ".join("".join(self.item).split()))
            self.item = None

    def handle_data(self, data):
        if self.item is not None:
            self.item.append(data)


def headlines(home: Path) -> list[str]:
    """The headline developments of an edition's Home page (its index.html), as plain text. Only
    their section is parsed: the feed reads every edition's Home at each build."""
    markup = home.read_text(encoding="utf-8")
    start = markup.rfind("<section", 0, max(markup.find(f'id="{HEADLINES}"'), 0))
    parser = _Headlines()
    try:
        parser.feed(markup[start:] if start >= 0 else "")
    except _Done:
        pass
    return parser.items


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (control characters, lone surrogates)."""
    return NOT_XML.sub("", text)


def atom(site: Path, editions: list[str], title: str, site_url: str, long_date) -> bytes:
    """The feed of `editions` (oldest first) of the site at `site`, newest first; `site_url`: the site's
    address without a trailing slash; `long_date`: an edition's date in words."""
    feed = FeedGenerator()
    feed.id(f"{site_url}/")
    feed.title(xml_text(title))
    feed.link(href=f"{site_url}/", rel="alternate")
    feed.link(href=f"{site_url}/{NAME}", rel="self")
    feed.language("en")
    for edition in editions:
        home = f"{site_url}/editions/{edition}/index.html"
        items = [xml_text(item) for item in headlines(site / "editions" / edition / "index.html")]
        entry = feed.add_entry()  # each before the last: the newest first
        entry.id(home)
        entry.title(xml_text(f"Edition of {long_date(edition)}"))
        entry.link(href=home, rel="alternate")
        day = datetime.fromisoformat(edition).replace(tzinfo=timezone.utc)
        entry.updated(day)
        entry.published(day)
        entry.summary("\n".join(items) or "No headline developments this week.")
    feed.updated(datetime.fromisoformat(editions[-1]).replace(tzinfo=timezone.utc))
    return feed.atom_str(pretty=True)
