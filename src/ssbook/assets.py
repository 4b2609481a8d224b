"""Shared assets: an edition's static files published once, under content-addressed paths, for
every edition to use.

A built edition's `_static/` becomes files under the site's `_assets/<hash>/<name>`, where `<hash>`
is the start of the SHA-256 of the file as published (a stylesheet with the addresses of what it
loads written in, so its hash changes when they do); the edition's pages point there by relative
addresses and the edition keeps no `_static/` of its own. An asset once published is never
changed or deleted: a new version is a new hash. What readers never load is not published.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import shutil
from pathlib import Path

FOLDER = "_assets"
HASH_LENGTH = 16

# Never loaded by a page of this book: source maps, Sphinx's translations (the book is in English),
# Thebe (no live code), Font Awesome's 1.4 MB script (the theme's stylesheet draws the same icons from
# its web font), the theme's template fragments.
DROPPED = re.compile(
    r"(\.map$|^locales/|sphinx-thebe\.|^scripts/fontawesome\.js$|webpack-macros\.html$)"
)
SOURCE_MAP_COMMENT = re.compile(rb"\n?/[/*][#@] sourceMappingURL=[^\s*]+(\s*\*/)?")
CSS_REFERENCE = re.compile(r"""(url\(\s*['"]?|@import\s+['"])([^'"()\s]+)""")
# A page's address of a static file: relative (`../_static/x`), or absolute in its edition (a card image).
PAGE_REFERENCE = re.compile(r"""((?:\.\./)*|https?://[^"'\s<>]*?/editions/\d{4}-\d{2}-\d{2}/)_static/([^"'?#\s<>)]+)""")
TAG = re.compile(r"""<script\b[^>]*\bsrc="[^"]*"[^>]*>\s*</script>\n?|<link\b[^>]*\bhref="[^"]*"[^>]*>\n?""")


class AssetError(Exception):
    """A page or stylesheet names a static file that is not published."""


def dropped(name: str) -> bool:
    """Whether the static file at `name` (relative to `_static/`) is left out of the site."""
    return bool(DROPPED.search(name))


def _local(reference: str) -> bool:
    return not re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", reference, re.IGNORECASE)


def _content(static: Path, name: str, published: dict[str, str]) -> bytes:
    """The file as published: without its source-map comment; a stylesheet with the addresses of the
    assets it loads (already in `published`) written in."""
    content = SOURCE_MAP_COMMENT.sub(b"", (static / name).read_bytes())
    if not name.endswith(".css"):
        return content

    def address(match: re.Match) -> str:
        reference = match.group(2)
        if not _local(reference):
            return match.group(0)
        path = re.split(r"[?#]", reference)[0]
        target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
        if target not in published:
            raise AssetError(f"_static/{name} loads {reference}, which is not published")
        return match.group(1) + "../" + published[target] + reference[len(path):]

    return CSS_REFERENCE.sub(address, content.decode("utf-8")).encode("utf-8")


def _order(static: Path, names: list[str]) -> list[str]:
    """Stylesheets after everything else, and a stylesheet after those it imports."""
    others = [n for n in names if not n.endswith(".css")]
    sheets = [n for n in names if n.endswith(".css")]
    imports = {
        n: {posixpath.normpath(posixpath.join(posixpath.dirname(n), m.group(2)))
            for m in CSS_REFERENCE.finditer((static / n).read_text(encoding="utf-8")) if m.group(2).endswith(".css")}
        for n in sheets
    }
    ordered: list[str] = []
    while sheets:
        ready = [n for n in sheets if not imports[n] & (set(sheets) - {n})]
        if not ready:
            raise AssetError(f"stylesheets import each other in a circle: {', '.join(sheets)}")
        ordered += ready
        sheets = [n for n in sheets if n not in ready]
    return others + ordered


def share(static: Path, site: Path, staging: Path) -> dict[str, str]:
    """Publish the files of `static` (a built edition's `_static/`) that the site does not hold yet
    under `site/_assets/`; returns each file's address below the site's `_assets/` parent, by its
    name under `_static/` (e.g. 'styles/theme.css' -> '<hash>/theme.css'). Each new asset is written
    in `staging` and moved into place by one rename, so a killed build leaves at most whole assets
    that nothing uses yet."""
    names = sorted(p.relative_to(static).as_posix() for p in static.rglob("*") if p.is_file())
    published: dict[str, str] = {}
    for name in _order(static, [n for n in names if not dropped(n)]):
        published[name] = _publish(site, staging, _content(static, name, published), posixpath.basename(name))
    return published


def _loads_dropped(tag: str) -> bool:
    return any(dropped(match.group(2)) for match in PAGE_REFERENCE.finditer(tag))


ADDRESS = rf"[^\"]*?{FOLDER}/[0-9a-f]{{{HASH_LENGTH}}}/[^\"?]+"
SCRIPT = rf'<script src="({ADDRESS})(?:\?[^"]*)?"></script>'
SHEET = rf'<link (?=[^>]*rel="stylesheet")(?![^>]*media=)[^>]*href="({ADDRESS})(?:\?[^"]*)?"[^>]*/>'
RUNS = {".js": re.compile(rf"(?:{SCRIPT}\s*){{2,}}"), ".css": re.compile(rf"(?:{SHEET}\s*){{2,}}")}
TAGS = {".js": re.compile(SCRIPT), ".css": re.compile(SHEET)}
IMPORT = re.compile(rf"""@import\s+["']\.\./([0-9a-f]{{{HASH_LENGTH}}}/[^"']+)["'];?""")


def _joined(site: Path, kind: str, addresses: list[str]) -> bytes:
    """The assets at `addresses` (below `_assets/`) as one file: scripts one after the other, as the
    page ran them; stylesheets with the sheets they import written in where they were imported."""
    def text(address: str) -> str:
        content = (site / FOLDER / address).read_text(encoding="utf-8")
        return IMPORT.sub(lambda match: text(match.group(1)), content) if kind == ".css" else content

    return ("\n;\n" if kind == ".js" else "\n").join(text(a) for a in addresses).encode("utf-8")


def _publish(site: Path, staging: Path, content: bytes, name: str) -> str:
    """Publish `content` as the asset `name` unless the site has it; returns its address below `_assets/`."""
    key = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    target = site / FOLDER / key / name
    if not target.is_file():
        ready = staging / FOLDER / key
        if ready.exists():
            shutil.rmtree(ready)
        ready.mkdir(parents=True)
        (ready / name).write_bytes(content)
        target.parent.parent.mkdir(parents=True, exist_ok=True)
        if target.parent.exists():  # same hash, another name: the folder is there already
            os.rename(ready / name, target)
            ready.rmdir()
        else:
            os.rename(ready, target.parent)
    return f"{key}/{name}"


# A script this large stays a file of its own, cached once whatever surrounds it (Vega comes after
# different scripts on different pages); every page has the same stylesheets, so they all go in one.
ALONE = 256 * 1024


def _bundle(text: str, site: Path, staging: Path) -> str:
    """Each run of two or more scripts (or stylesheets) from the shared assets, one after the other
    in a page, as one shared asset: fewer requests, the same code in the same order. A large script
    (ALONE) stays on its own."""
    for kind, runs in RUNS.items():
        def tag(up: str, address: str) -> str:
            if kind == ".js":
                return f'<script src="{up}{FOLDER}/{address}"></script>\n'
            return f'<link rel="stylesheet" type="text/css" href="{up}{FOLDER}/{address}" />\n'

        def joined(run: re.Match) -> str:
            found = [match.group(1).partition(f"{FOLDER}/") for match in TAGS[kind].finditer(run.group(0))]
            up, groups = found[0][0], [[]]
            for _, _, address in found:
                if kind == ".js" and (site / FOLDER / address).stat().st_size >= ALONE:
                    groups += [[address], []]
                else:
                    groups[-1].append(address)
            return "".join(
                tag(up, group[0] if len(group) == 1 else _publish(site, staging, _joined(site, kind, group), f"bundle{kind}"))
                for group in groups if group
            )
        text = runs.sub(joined, text)
    return text


def point_pages(edition: Path, addresses: dict[str, str], site: Path, staging: Path) -> None:
    """Rewrite every page of the built edition at `edition` so that its `_static/` addresses lead to
    the shared assets (`addresses`, from `share`), two folders up from the edition's own root
    (editions/<date>/), by relative addresses (an absolute one stays absolute); a script or
    stylesheet tag for a file left out (`dropped`) goes; runs of scripts or stylesheets become one
    bundle each (`_bundle`)."""
    for page in edition.rglob("*.html"):
        text = TAG.sub(lambda tag: "" if _loads_dropped(tag.group(0)) else tag.group(0), page.read_text(encoding="utf-8"))

        def address(match: re.Match) -> str:
            name = match.group(2)
            if name not in addresses:
                raise AssetError(f"{page.relative_to(edition)} loads _static/{name}, which is not published")
            up = match.group(1)
            root = up.rpartition("/editions/")[0] + "/" if "://" in up else up + "../../"
            return f"{root}{FOLDER}/{addresses[name]}"

        page.write_text(_bundle(PAGE_REFERENCE.sub(address, text), site, staging), encoding="utf-8")
