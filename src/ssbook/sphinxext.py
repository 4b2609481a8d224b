"""The book's Sphinx extension (loaded through _config.yml). On every page it:

- gives each exhibit (a chart or table glued by `ssbook.report`) a download of exactly the data
  behind it, as CSV with a JSON sidecar naming its sources (their records are in the edition's
  dataset) and edition, and links to its sources;
- appends the page's references (every source its exhibits rest on) and "Cite this chapter":
  a formatted citation and a BibTeX entry pointing at this edition's own page;
- escapes the titles that sphinx-book-theme prints without escaping (titles can come from the data),
  and lists each script once;
- records section titles escaped in the search index, whose results page writes them as HTML.

Links to the sources are written by `ssbook.links.anchor`, which links only http(s) addresses.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
from docutils import nodes

from .data import read_table, schema
from .links import anchor
from .site import long_date

EXHIBIT = re.compile(
    r'<div class="ssb-exhibit ssb-exhibit-(?P<kind>chart|table)" data-sources="(?P<sources>[^"]*)">'
    r"(?P<inner>.*?)</div><!--/ssb-exhibit-->",
    re.DOTALL,
)
FIGURE_ID = re.compile(r'<figure[^>]*\bid="([^"]+)"')
SPEC = re.compile(r'<script type="application/json" class="ssb-chart-spec">(.*?)</script>', re.DOTALL)
CAPTION = re.compile(r'<span class="caption-text">(.*?)</span>', re.DOTALL)
TAGS = re.compile(r"<[^>]+>")
ACCESSED = "@@accessed@@"  # the reader's date of access, filled in by the page's script


def plain(markup: str) -> str:
    return html.unescape(TAGS.sub("", markup)).strip()


class _TableReader(HTMLParser):
    """The header and cell texts of the first table in some HTML."""

    def __init__(self, markup: str):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def chart_rows(inner: str) -> list[dict]:
    """The rows of data a chart draws (its inline tabular datasets), scalar columns only; geometry
    (a map's TopoJSON) is geography, not data, and stays out."""
    spec = json.loads(SPEC.search(inner).group(1))
    datasets = {name: values for name, values in spec.get("datasets", {}).items() if isinstance(values, list)}
    rows = []
    for name, values in datasets.items():
        for row in values:
            scalar = {k: v for k, v in row.items() if not isinstance(v, (dict, list))}
            rows.append({"dataset": name, **scalar} if len(datasets) > 1 else scalar)
    return rows


def exhibit_csv(kind: str, inner: str) -> str:
    out = io.StringIO()
    if kind == "table":
        csv.writer(out, lineterminator="\n").writerows(_TableReader(inner).rows)
    else:
        pd.DataFrame(chart_rows(inner)).to_csv(out, index=False, lineterminator="\n")
    return out.getvalue()


def bibtex_escape(text: str) -> str:
    specials = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
                "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
    return "".join(specials.get(ch, ch) for ch in text)


class _Page:
    """One page being written: its exhibits, references and citation."""

    def __init__(self, app, pagename: str, context: dict):
        config = app.config
        self.app, self.pagename, self.context = app, pagename, context
        self.edition = config.ssbook_edition
        self.day = date.fromisoformat(self.edition)
        self.url = f"{config.ssbook_site_url.rstrip('/')}/editions/{self.edition}/{pagename}.html"
        self.sources = _sources(config.ssbook_data_dir)
        self.used: list[str] = []

    def link(self, target: str) -> str:
        return self.context["pathto"](target, 1)

    def exhibit(self, match: re.Match, body: str) -> str:
        kind, inner = match["kind"], match["inner"]
        ids = [s for s in match["sources"].split() if s in self.sources]
        self.used += [s for s in ids if s not in self.used]
        figures = FIGURE_ID.findall(body, 0, match.start())
        label = figures[-1] if figures else f"exhibit-{match.start()}"
        caption = CAPTION.search(body, match.end())
        folder = Path(self.app.outdir) / "downloads" / self.pagename
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{label}.csv").write_text(exhibit_csv(kind, inner), encoding="utf-8")
        sidecar = {
            "exhibit": label,
            "caption": plain(caption.group(1)) if caption else "",
            "page": f"{self.url}#{label}",
            "edition": self.edition,
            "book": self.app.config.ssbook_book_title,
            "licence": "CC-BY-4.0; the facts belong to the sources named here",
            "sources": ids,
            "source_records": self.source_records(),
        }
        (folder / f"{label}.json").write_text(json.dumps(sidecar, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        base = self.link(f"downloads/{self.pagename}/{label}")
        cites = ", ".join(f'<a href="#ref-{s}">{s}</a>' for s in ids) or "computed from the data of this edition"
        links = (
            f'<p class="ssb-exhibit-links">Data: <a href="{base}.csv" download>CSV</a> '
            f'(<a href="{base}.json">sources and edition</a>) · Sources: {cites}</p>'
        )
        return match.group(0).replace(f' data-sources="{match["sources"]}"', "", 1) + links

    def source_records(self) -> dict:
        """Where the sources' records are: sources.csv in the edition's dataset (each sidecar names its
        sources by id rather than repeating their records)."""
        dataset = self.app.config.ssbook_dataset
        name = dataset.rsplit("/", 1)[-1].removesuffix(".zip")
        site = self.app.config.ssbook_site_url.rstrip("/")
        return {"dataset": f"{site}/editions/{self.edition}/{dataset}", "file": f"{name}/sources.csv"}

    def references(self) -> str:
        if not self.used:
            return ""
        items = []
        for sid in sorted(self.used, key=lambda s: (s[0], int(s[1:]))):
            s = self.sources[sid]
            when = s["published"] or "n.d."
            grade = f'<span class="ssb-grade-{s["grade"]}">grade {s["grade"]}</span>'
            items.append(
                f'<li id="ref-{sid}">[{sid}] {html.escape(s["publisher"])} ({html.escape(when)}). '
                f'<em>{html.escape(s["title"])}</em>. {anchor(s["url"])}. {grade}.</li>'
            )
        return f'<section id="references"><h2>References</h2><ol class="ssb-references">{"".join(items)}</ol></section>'

    def citation(self) -> str:
        config = self.app.config
        title = plain(self.context.get("title", self.pagename))
        authors, book = config.ssbook_authors, config.ssbook_book_title
        edition_name = f"edition of {long_date(self.edition)}"
        key = re.sub(r"[^a-z0-9]+", "-", f"ssbtracker-{self.edition}-{self.pagename}".lower()).strip("-")
        bibtex = (
            f"@incollection{{{key},\n"
            f"  author    = {{{{{bibtex_escape(authors)}}}}},\n"
            f"  title     = {{{bibtex_escape(title)}}},\n"
            f"  booktitle = {{{bibtex_escape(book)}, {edition_name}}},\n"
            f"  year      = {{{self.day.year}}},\n"
            f"  month     = {{{self.day:%B}}},\n"
            f"  url       = {{{self.url}}},\n"
            f"  urldate   = {{{ACCESSED}}},\n"
            f"  note      = {{Edition {self.edition}}}\n"
            "}"
        )
        downloads = [f'<a href="{self.link(config.ssbook_dataset)}">the whole dataset of this edition (ZIP)</a>']
        if config.ssbook_pdf:
            downloads.append(f'<a href="{_address(self.link, config.ssbook_pdf)}">the whole edition as PDF</a>')
        if config.ssbook_release:
            downloads.append(
                f'<a href="{config.ssbook_release}">the edition\'s release on GitHub</a> '
                "(the PDF is kept there, with the dataset and these pages as one archive)"
            )
        return (
            '<section id="cite-this-chapter"><h2>Cite this chapter</h2>'
            f'<p class="ssb-citation">{html.escape(authors)} ({self.day.year}, {self.day:%B} {self.day.day}). '
            f"{html.escape(title)}. In <em>{html.escape(book)}</em> ({edition_name}). "
            f"{anchor(self.url, self.url)}. "
            'Accessed <span class="ssb-accessed">YYYY-MM-DD</span>.</p>'
            '<div class="highlight-bibtex notranslate"><div class="highlight"><pre class="ssb-bibtex">'
            + html.escape(bibtex).replace(ACCESSED, '<span class="ssb-accessed">YYYY-MM-DD</span>') +
            "</pre></div></div>"
            f'<p class="ssb-downloads">Download {" · ".join(downloads)}.</p></section>'
        )


_SOURCE_CACHE: dict[str, dict] = {}


def _sources(data_dir: str) -> dict[str, dict]:
    if data_dir not in _SOURCE_CACHE:
        frame = read_table(Path(data_dir) / "sources.csv", schema(Path(data_dir), "sources"))
        _SOURCE_CACHE[data_dir] = {row["source_id"]: dict(row) for _, row in frame.iterrows()}
    return _SOURCE_CACHE[data_dir]


def _escape_titles(context: dict) -> None:
    for key in ("pagetitle", "root_title"):
        if isinstance(context.get(key), str):
            context[key] = html.escape(context[key])


def _dedupe_scripts(context: dict) -> None:
    """Sphinx 7.4 lists sphinx-thebe's configuration script twice (once with filename None, once
    with ""), which makes the browser declare THEBE_JS_URL twice: keep the first of each."""
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (getattr(script, "filename", script) or "", tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def _escape_search_titles(app) -> None:
    """Sphinx 7's search page writes the section titles of searchindex.js (`alltitles`) with
    innerHTML, but its indexer records them as plain text (its page titles are HTML already):
    record them escaped as each page is indexed, so a title from the data is shown as text.
    Sphinx 8.2 escapes them itself (sphinx-doc/sphinx#13356); this goes when the pin moves there."""
    builder = app.builder
    if not hasattr(builder, "index_page"):
        return
    index_page = builder.index_page

    def index_escaped(pagename, doctree, title):
        index_page(pagename, doctree, title)
        if builder.indexer is not None:  # the indexer's own record: fails loudly if Sphinx renames it
            recorded = builder.indexer._all_titles
            if pagename in recorded:
                recorded[pagename] = [(html.escape(text), node_id) for text, node_id in recorded[pagename]]

    builder.index_page = index_escaped


LEDE_LENGTH = 200
CARD_IMAGE = "_static/card.png"  # made by the build; the edition's publishing points it at the shared asset


def lede(doctree) -> str:
    """The page's first paragraph as plain text, cut at a word before LEDE_LENGTH characters."""
    first = next(iter(doctree.findall(nodes.paragraph)), None)
    text = " ".join(first.astext().split()) if first is not None else ""
    if len(text) <= LEDE_LENGTH:
        return text
    return text[:LEDE_LENGTH].rsplit(" ", 1)[0] + " …"


def _head_links(app, pagename: str, context: dict, doctree) -> None:
    """The feed's address, and the page's title, description (its lede) and card image for social
    sites (OpenGraph, Twitter), in the page's <head>."""
    up = "../" * (pagename.count("/") + 2)  # from the page to the site's root, above editions/<date>/
    tags = [f'<link rel="alternate" type="application/atom+xml" title="New editions" href="{up}feed.xml">']
    config = app.config
    if config.ssbook_edition and doctree is not None:
        edition_url = f"{config.ssbook_site_url.rstrip('/')}/editions/{config.ssbook_edition}/"
        values = {
            "og:type": "article",
            "og:site_name": config.ssbook_book_title,
            "og:title": plain(context.get("title", pagename)),
            "og:description": lede(doctree),
            "og:url": f"{edition_url}{pagename}.html",
            "og:image": f"{edition_url}{CARD_IMAGE}",
            "twitter:card": "summary_large_image",
        }
        tags += [f'<meta property="{key}" content="{html.escape(value)}">' for key, value in values.items() if value]
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


SPEC_TAG = re.compile(r'(<script type="application/json" class="ssb-chart-spec">)(.*?)(</script>)', re.DOTALL)
SHARED_GEOMETRY = 16 * 1024  # a map's geometry this large is a file of its own, loaded once for every page and edition


def _share_geometry(app, context: dict, match: re.Match) -> str:
    """A chart spec whose map geometry (a TopoJSON or GeoJSON dataset: an object, where the data a
    chart draws are lists of rows) is large, with the geometry as a file in _static/data/ named by
    its hash, which the spec loads by its address (the publishing makes it a shared asset)."""
    spec = json.loads(match.group(2))
    shared = {}
    for name, values in spec.get("datasets", {}).items():
        text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
        if isinstance(values, dict) and len(text) >= SHARED_GEOMETRY:
            file = f"{hashlib.sha256(text.encode()).hexdigest()[:16]}.json"
            target = Path(app.outdir) / "_static" / "data" / file
            if not target.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            shared[name] = context["pathto"](f"_static/data/{file}", 1)
    if not shared:
        return match.group(0)

    def load(node):
        if isinstance(node, dict):
            if node.get("name") in shared and set(node) <= {"name", "format"}:
                return {"url": shared[node["name"]], **({"format": node["format"]} if "format" in node else {})}
            return {key: load(value) for key, value in node.items()}
        return [load(value) for value in node] if isinstance(node, list) else node

    spec = load({key: value for key, value in spec.items() if key != "datasets"}) | {
        "datasets": {name: values for name, values in spec["datasets"].items() if name not in shared}}
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))  # as ssbook.charts writes it: no tag can open or close
    return match.group(1) + text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + match.group(3)


def _page_context(app, pagename, templatename, context, doctree) -> None:
    _escape_titles(context)
    _dedupe_scripts(context)
    _head_links(app, pagename, context, doctree)
    if doctree is None or not app.config.ssbook_edition or "body" not in context:
        return
    page = _Page(app, pagename, context)
    body = context["body"]
    body = EXHIBIT.sub(lambda match: page.exhibit(match, body), body)
    body = SPEC_TAG.sub(lambda match: _share_geometry(app, context, match), body)
    context["body"] = body + page.references() + page.citation()


def setup(app):
    for name, default in [
        ("ssbook_edition", ""), ("ssbook_site_url", ""), ("ssbook_data_dir", ""), ("ssbook_authors", ""),
        ("ssbook_book_title", ""), ("ssbook_dataset", ""), ("ssbook_pdf", ""), ("ssbook_release", ""),
    ]:
        app.add_config_value(name, default, "html")
    app.connect("builder-inited", _escape_search_titles)
    # After sphinx-book-theme's own handler (priority 500), which sets the titles.
    app.connect("html-page-context", _page_context, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _address(link, target: str) -> str:
    """A download's address from the page: a web address as it is (the PDF in the edition's
    release), a file of the edition relative to the page."""
    return target if target.startswith("https://") else link(target)
