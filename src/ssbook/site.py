"""The published site: one folder per edition, moved into place only when complete, and a root
that shows the latest edition and lists them all."""

from __future__ import annotations

import ctypes
import html
import json
import os
import re
import shutil
from datetime import date
from pathlib import Path

from . import assets, feed, sitemaps

EDITIONS = "editions"
LATEST = "latest"
# What Sphinx leaves in its output that no reader loads: its build records, the pages' sources, its
# inventory for other Sphinx projects; and _static/, published as shared assets instead.
UNPUBLISHED = (".buildinfo", ".doctrees", "_sources", "_static", "objects.inv")


def edition_dir(site: Path, edition: str) -> Path:
    return site / EDITIONS / edition


def is_published(site: Path, edition: str) -> bool:
    return (edition_dir(site, edition) / "index.html").is_file()


def published(site: Path) -> list[str]:
    folder = site / EDITIONS
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if is_published(site, p.name))


def long_date(edition: str) -> str:
    day = date.fromisoformat(edition)
    return f"{day.day} {day:%B %Y}"


def edition_banner(edition: str) -> str:
    return (
        f'Edition of {long_date(edition)} <span class="ssb-edition" data-edition="{edition}">'
        f"(week ending {edition})</span>"
    )


def _staging(site: Path) -> Path:
    """Where files are prepared before they are moved into the site: beside it (so a rename moves
    them), never inside it, so a killed build leaves nothing behind in the published site."""
    folder = site.parent / "staging"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def publish_edition(site: Path, edition: str, built_html: Path) -> None:
    """Copy a finished build into editions/<edition> by one rename (or one exchange, when the edition
    is rebuilt on purpose), so a reader or a killed build sees the old edition or the new one,
    never half of either. Its static files go to the shared assets first (`ssbook.assets`), and its
    pages point there, without the indentation of their lines (`unindented`)."""
    staging = _staging(site)
    for leftover in staging.iterdir():
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    addresses = assets.share(built_html / "_static", site, staging)
    ready = staging / edition
    shutil.copytree(built_html, ready, ignore=shutil.ignore_patterns(*UNPUBLISHED))
    assets.point_pages(ready, addresses, site, staging)
    for page in ready.rglob("*.html"):
        page.write_text(unindented(page.read_text(encoding="utf-8")), encoding="utf-8")
    target = edition_dir(site, edition)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        os.rename(ready, target)
    elif _exchange(ready, target):
        shutil.rmtree(ready)  # now the old edition
    else:
        retired = staging / f"{edition}.retired"
        os.rename(target, retired)
        os.rename(ready, target)
        shutil.rmtree(retired)


def _write(site: Path, name: str, text: str | bytes) -> None:
    """Write the file `name` (a path in the site) whole, by one rename."""
    partial = _staging(site) / f"{name.replace('/', '--')}.part"
    partial.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    os.replace(partial, site / name)


def _feed_link(up: str) -> str:
    return f'<link rel="alternate" type="application/atom+xml" title="New editions" href="{up}{feed.NAME}">'


def write_sitemap(site: Path, edition: str, site_url: str) -> None:
    """The sitemap of a newly published (or rebuilt) edition."""
    _write(site, f"{sitemaps.FOLDER}/{edition}.xml", sitemaps.edition(site_url, edition, pages(site, edition)))


def write_root(site: Path, editions: list[str], title: str, site_url: str) -> None:
    """index.html sends readers to the latest edition; editions.html and editions.json list all;
    latest/<page> leads to each page in the latest edition; feed.xml has an entry per edition;
    sitemap.xml lists each edition's sitemap (written here for an edition that has none).
    `title`: the book's title (book.yml); `site_url`: the site's address, no trailing slash."""
    if not editions:
        return
    site.mkdir(parents=True, exist_ok=True)
    latest = editions[-1]
    target = f"{EDITIONS}/{latest}/index.html"
    listing = [{"date": e, "pages": pages(site, e)} for e in editions]
    _write_latest(site, latest, sorted({page for e in listing for page in e["pages"]}), site_url)
    for edition in editions:
        if not (site / sitemaps.FOLDER / f"{edition}.xml").is_file():
            write_sitemap(site, edition, site_url)
    _write(site, sitemaps.INDEX, sitemaps.index(site_url, editions))
    _write(site, feed.NAME, feed.atom(site, editions, title, site_url, long_date))
    _write(site, "index.html", f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{site_url}/{target}">
{_feed_link("")}
</head><body>
<p>The latest edition is <a href="{target}">the edition of {long_date(latest)}</a>.
Earlier editions: <a href="editions.html">all editions</a>.</p>
</body></html>
""")
    items = "\n".join(
        f'<li><a href="{EDITIONS}/{e}/index.html">Edition of {long_date(e)}</a> (week ending {e})'
        + (" · latest" if e == latest else "") + "</li>"
        for e in reversed(editions)
    )
    _write(site, "editions.html", f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Editions · {html.escape(title)}</title>
{_feed_link("")}
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}</style>
</head><body>
<h1>Editions</h1>
<p>Each weekly edition stays at its own address exactly as it was published. Cite the edition you read.
<code>latest/</code> followed by a page's address (e.g. <a href="{LATEST}/materials.html">latest/materials.html</a>) always leads to that page in
the latest edition; <a href="{feed.NAME}">the feed</a> tells you when a new edition is out.</p>
<ul>
{items}
</ul>
</body></html>
""")
    _write(site, "editions.json", json.dumps({"latest": latest, "editions": listing}, indent=2) + "\n")


def _write_latest(site: Path, latest: str, every_page: list[str], site_url: str) -> None:
    """latest/<page> for every page any edition has: a redirect to that page in the `latest` edition,
    or to its Home when it has no such page."""
    have = set(pages(site, latest))
    for page in every_page:
        up = "../" * (page.count("/") + 1)
        target = f"{EDITIONS}/{latest}/{page if page in have else 'index.html'}"
        _write(site, f"{LATEST}/{page}", f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>The latest edition</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={up}{target}">
<link rel="canonical" href="{site_url}/{target}">
{_feed_link(up)}
</head><body>
<p>This page is in <a href="{up}{target}">the latest edition, of {long_date(latest)}</a>.</p>
</body></html>
""")


def pages(site: Path, edition: str) -> list[str]:
    """The chapter pages of an edition, as paths relative to its folder."""
    folder = edition_dir(site, edition)
    skip = {"genindex.html", "search.html"}
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html") if p.name not in skip and not p.relative_to(folder).parts[0].startswith("_"))


PRESERVED = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
INDENT = re.compile(r"\n[ \t]+")


def unindented(page: str) -> str:
    """A page without the spaces that start its lines (HTML shows a run of white space as one),
    except inside <pre>, <textarea> and <script>, where they count."""
    parts = PRESERVED.split(page)
    # split gives text, then each preserved element and its tag name, in turn
    return "".join(INDENT.sub("\n", part) if i % 3 == 0 else part for i, part in enumerate(parts) if i % 3 != 2)
