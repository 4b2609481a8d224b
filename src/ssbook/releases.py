"""Releases: each edition as files that outlive any host, for a GitHub release tagged
`edition-<date>`: its pages as a tarball that opens on its own (the edition's folder and the shared
assets it loads), its dataset ZIP and its PDF. The build writes them into
_build/releases/edition-<date>/; the publishing workflow makes a release of each such folder.

Where the PDF is: with a repository named ($SSBOOK_REPOSITORY, else book.yml's `repository`,
`OWNER/NAME`) it is only in the release, and the pages link to its address there; with none
(a local build, the tests) it stays in the edition's downloads/ as well.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import tarfile
from pathlib import Path

from . import assets, site
from .project import Project, ProjectError

FOLDER = "releases"
TAG = "edition-{edition}"
PAGES = "ssb-tracker-{edition}-pages.tar.gz"
REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}")
NOT_REPOSITORY = "is not a GitHub repository as OWNER/NAME (e.g. example/ssb-tracker)"
# A shared asset named in a page (`../../_assets/<hash>/<name>`, or an absolute address) or in an
# asset (a stylesheet's `../<hash>/<name>`).
ASSET = re.compile(rf"(?:{assets.FOLDER}/|\.\./)([0-9a-f]{{{assets.HASH_LENGTH}}}/[A-Za-z0-9._@+-]+)")
TEXT = (".html", ".js", ".css", ".json", ".svg")


def repository(project: Project) -> str:
    """The GitHub repository the editions are released in ($SSBOOK_REPOSITORY, else book.yml's
    `repository`), or "" when none is named."""
    value = os.environ.get("SSBOOK_REPOSITORY") or project.config.get("repository") or ""
    if value and not REPOSITORY.fullmatch(str(value)):
        where = "SSBOOK_REPOSITORY" if os.environ.get("SSBOOK_REPOSITORY") else "book.yml: repository"
        raise ProjectError(f"{where}: {value!r} {NOT_REPOSITORY}")
    return str(value)


def page(repo: str, edition: str) -> str:
    """The address of an edition's release."""
    return f"https://github.com/{repo}/releases/tag/{TAG.format(edition=edition)}"


def download(repo: str, edition: str, name: str) -> str:
    """The address of the file `name` of an edition's release."""
    return f"https://github.com/{repo}/releases/download/{TAG.format(edition=edition)}/{name}"


def folder(build: Path, edition: str) -> Path:
    return build / FOLDER / TAG.format(edition=edition)


def write(build: Path, site_dir: Path, edition: str, files: list[Path]) -> Path:
    """The release of a published edition: its pages' tarball and `files` (its dataset, its PDF),
    written beside the site and moved into _build/releases/edition-<date>/ whole (replacing one
    written before). Returns that folder."""
    ready = build / "staging" / f"release-{edition}"
    if ready.exists():
        shutil.rmtree(ready)
    ready.mkdir(parents=True)
    (ready / PAGES.format(edition=edition)).write_bytes(tarball(site_dir, edition))
    for file in files:
        shutil.copyfile(file, ready / file.name)
    target = folder(build, edition)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        shutil.rmtree(target)
    os.rename(ready, target)
    return target


def used_assets(site_dir: Path, edition: str) -> list[str]:
    """The shared assets (below `_assets/`) the edition's pages load, and those these load in turn."""
    shared = site_dir / assets.FOLDER
    pending = [p for p in site.edition_dir(site_dir, edition).rglob("*") if p.suffix in TEXT and p.is_file()]
    found: set[str] = set()
    while pending:
        text = pending.pop().read_text(encoding="utf-8", errors="replace")
        for address in ASSET.findall(text):
            if address not in found and (shared / address).is_file():
                found.add(address)
                if (shared / address).suffix in TEXT:
                    pending.append(shared / address)
    return sorted(found)


def tarball(site_dir: Path, edition: str) -> bytes:
    """The edition's pages as a .tar.gz that opens on its own: `ssb-tracker-<date>/` holding
    editions/<date>/ as published, the shared assets it loads under _assets/ (so every relative
    address resolves as on the site) and an index.html leading to its Home. The same edition gives
    the same bytes."""
    top = f"ssb-tracker-{edition}"
    edition_dir = site.edition_dir(site_dir, edition)
    members = {f"{site.EDITIONS}/{edition}/{p.relative_to(edition_dir).as_posix()}": p.read_bytes()
               for p in sorted(edition_dir.rglob("*")) if p.is_file()}
    for address in used_assets(site_dir, edition):
        members[f"{assets.FOLDER}/{address}"] = (site_dir / assets.FOLDER / address).read_bytes()
    home = f"{site.EDITIONS}/{edition}/index.html"
    members["index.html"] = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Edition of '
        f'{site.long_date(edition)}</title>\n<meta http-equiv="refresh" content="0; url={home}">\n</head><body>\n'
        f'<p>This archive holds <a href="{home}">the edition of {site.long_date(edition)}</a> as it was published.</p>\n'
        "</body></html>\n"
    ).encode("utf-8")
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name in sorted(members):
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size, info.mode, info.mtime = len(members[name]), 0o644, 0
            archive.addfile(info, io.BytesIO(members[name]))
    return gzip.compress(raw.getvalue(), mtime=0)
