"""What a reader downloads, and what an edition adds to the site.

Page weight: the site served on 127.0.0.1 as GitHub Pages serves it (text compressed with gzip,
`Cache-Control: max-age=600`), each page of the latest edition visited in Chromium with an empty
cache (a first visit: bytes received and requests), then the same page of the previous edition
(the bytes it adds: what was not in the cache). Bytes are what Chromium received (headers and
compressed bodies), from the DevTools protocol.

Site size: the bytes an edition adds to the site (its folder, its new shared assets, its sitemap),
also by kind: pages (and in them the charts' static SVGs and specs, the references), search index,
exhibit CSVs and JSON sidecars, dataset ZIP, PDF, sitemap, new assets.

    python bench/weight.py pages SITE          # page weight of SITE's latest edition
    python bench/weight.py editions SITE D…    # each edition D's own bytes (its folder and sitemap, the PDF apart)
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import re
import sys
import threading
from pathlib import Path

from ssbook import releases

COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv")
DRAWN = "[...document.querySelectorAll('.ssb-chart')].every(c => c.classList.contains('ssb-chart--live'))"


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """GitHub Pages' way of serving: gzip for text when the browser accepts it, ten minutes' caching."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.is_file() and path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PagesHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class Traffic:
    """Requests and bytes received by one browser tab, from the DevTools protocol."""

    def __init__(self, tab):
        self.cdp = tab.context.new_cdp_session(tab)
        self.cdp.send("Network.enable")
        self.requests, self.bytes, self.cached = 0, 0, 0
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.requestServedFromCache", self._cached)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event):
        if not event["request"]["url"].startswith("data:"):
            self.requests += 1

    def _cached(self, event):
        self.cached += 1

    def _finished(self, event):
        self.bytes += event["encodedDataLength"]

    def reset(self):
        self.requests, self.bytes, self.cached = 0, 0, 0


def _visit(tab, url: str) -> None:
    tab.goto(url, wait_until="load")
    tab.wait_for_function(DRAWN, timeout=30000)
    tab.wait_for_load_state("networkidle")


def pages(site: Path, chromium: str, args: list[str]) -> dict:
    """For each page of the latest edition: a first visit's bytes and requests, then the bytes the
    same page of the previous edition adds (only when there is one)."""
    from playwright.sync_api import sync_playwright

    listing = json.loads((site / "editions.json").read_text(encoding="utf-8"))
    latest, *earlier = [e["date"] for e in reversed(listing["editions"])]
    names = listing["editions"][-1]["pages"]
    server, base = serve(site)
    first, other = {}, {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=args)
            for name in names:
                context = browser.new_context()
                tab = context.new_page()
                traffic = Traffic(tab)
                _visit(tab, f"{base}editions/{latest}/{name}")
                first[name] = {"bytes": traffic.bytes, "requests": traffic.requests}
                if earlier:
                    traffic.reset()
                    _visit(tab, f"{base}editions/{earlier[0]}/{name}")
                    other[name] = {"bytes": traffic.bytes, "requests": traffic.requests}
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return {"first": first, "other": other, "editions": [latest, *earlier[:1]]}


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


# What inside a page is counted apart: each chart's static SVG and spec, the page's references.
IN_PAGES = {
    "static_svg": re.compile(r'<div class="ssb-chart-static">.*?</svg></div>', re.DOTALL),
    "chart_specs": re.compile(r'<script type="application/json" class="ssb-chart-spec">.*?</script>', re.DOTALL),
    "references": re.compile(r'<section id="references">.*?</section>', re.DOTALL),
}


def kind(name: str) -> str:
    """The kind of an edition's file, by its path in the edition's folder."""
    if name.endswith(".html"):
        return "pages"
    if name.startswith("downloads/"):
        suffix = name.rsplit(".", 1)[-1]
        return {"zip": "dataset_zip", "pdf": "pdf", "csv": "exhibit_csv", "json": "exhibit_json"}.get(suffix, "other")
    return "search_index" if name == "searchindex.js" else "other"


def by_kind(folder: Path) -> dict:
    """An edition folder's bytes by kind (`kind`), and its pages' bytes by what is in them (`IN_PAGES`;
    `pages_rest` is the text, tables and the theme's frame)."""
    kinds = {"pages_rest": 0, **{name: 0 for name in IN_PAGES}}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name, size = path.relative_to(folder).as_posix(), path.stat().st_size
        found = kind(name)
        kinds[found] = kinds.get(found, 0) + size
        if found == "pages":
            text = path.read_text(encoding="utf-8")
            parts = {part: sum(len(m.group(0).encode()) for m in pattern.finditer(text)) for part, pattern in IN_PAGES.items()}
            for part, bytes_ in parts.items():
                kinds[part] += bytes_
            kinds["pages_rest"] += size - sum(parts.values())
    return kinds


def edition_bytes(site: Path, edition: str, new_assets: set[str]) -> dict:
    """The bytes an edition puts on the site: its folder, its sitemap and the shared assets it added
    (`new_assets`: their folders under _assets/), a PDF on the site counted apart; the PDF in the
    edition's release (`release_pdf`, beside the site in _build/releases/); and by kind (`by_kind`)."""
    folder = site / "editions" / edition
    pdfs = sum(p.stat().st_size for p in folder.rglob("*.pdf"))
    release = releases.folder(site.parent, edition)  # the site is _build/site, its releases _build/releases
    release_pdf = sum(p.stat().st_size for p in release.glob("*.pdf"))
    sitemap = site / "sitemaps" / f"{edition}.xml"
    sitemap_bytes = sitemap.stat().st_size if sitemap.is_file() else 0
    own = size(folder) - pdfs + sitemap_bytes
    assets = sum(size(site / "_assets" / key) for key in new_assets)
    kinds = {**by_kind(folder), "sitemap": sitemap_bytes, "new_assets": assets}
    return {"pages_downloads": own, "assets": assets, "pdf": pdfs, "total_without_pdf": own + assets, "total": own + assets + pdfs,
            "release_pdf": release_pdf, "kinds": kinds}


def main(argv: list[str]) -> None:
    command, site, *rest = argv
    if command == "pages":
        from ssbook.pdf import CHROMIUM_ARGS, chromium
        print(json.dumps(pages(Path(site), chromium(), CHROMIUM_ARGS), indent=2))
    else:
        print(json.dumps({e: edition_bytes(Path(site), e, set()) for e in rest}, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
