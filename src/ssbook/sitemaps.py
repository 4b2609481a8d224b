"""Sitemaps for search engines: one per edition (sitemaps/<date>.xml, written once, when its edition is
first published or rebuilt), and the index of them at the site's root (sitemap.xml)."""

from __future__ import annotations

from xml.sax.saxutils import escape

INDEX = "sitemap.xml"
FOLDER = "sitemaps"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def edition(site_url: str, date: str, pages: list[str]) -> str:
    """The sitemap of the edition of `date`: the address of each of its `pages` (paths in the edition),
    last modified on the edition's date."""
    urls = "".join(
        f"<url><loc>{escape(f'{site_url}/editions/{date}/{page}')}</loc><lastmod>{date}</lastmod></url>\n" for page in pages
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NAMESPACE}">\n{urls}</urlset>\n'


def index(site_url: str, dates: list[str]) -> str:
    """The sitemap index: each edition's sitemap."""
    maps = "".join(
        f"<sitemap><loc>{escape(f'{site_url}/{FOLDER}/{date}.xml')}</loc><lastmod>{date}</lastmod></sitemap>\n" for date in dates
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NAMESPACE}">\n{maps}</sitemapindex>\n'
