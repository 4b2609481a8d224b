"""The build: check the configuration and the data, execute every chapter notebook of each new
edition (`ssbook.execute`), build the executed notebooks into HTML with jupyter-book (execution off,
warnings as errors), add the edition's dataset and PDF, and publish each edition into the site, whole
or not at all, with the files of its release beside the site.

Layout under _build/:
  cache/          executed notebooks named by the hash of everything they depend on; parsed tables;
                  the Vega bundle
  work/<date>/    the book source of one edition: _config.yml, _toc.yml, executed notebooks
  staging/        where a finished edition waits for its rename into the site
  site/           what is published: editions/<date>/ per edition (never rewritten), _assets/ (the
                  editions' static files, content-addressed, never rewritten: ssbook.assets),
                  sitemaps/<date>.xml (written once per edition); the root, rewritten each build:
                  index.html (the latest), editions.html, editions.json, latest/<page>, feed.xml,
                  sitemap.xml
  releases/edition-<date>/  each edition built: its pages as a tarball, its dataset and its PDF, for
                  the edition's GitHub release (ssbook.releases)
  logs/           the kernels' own output
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import html
import io
import os
import shutil
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import vl_convert
import yaml

from . import data as d
from . import configuration, dataset, draft, history, pdf, releases, site
from .charts import BUNDLE_NAME, PALETTE, vega_bundle
from .execute import NotebookError, Workers, execute, jobs_wanted
from .project import Page, Project, read_yaml

ASSETS = Path(__file__).parent / "assets"
CARD_IMAGE = "card.png"
DATASET = "downloads/ssb-tracker-data-{edition}.zip"
PDF = "downloads/ssb-tracker-{edition}.pdf"


class BuildError(Exception):
    """A build step failed; the message names the edition, page and cause."""


@dataclass
class BuildReport:
    """What a build did: the editions it published and the notebooks it executed."""

    editions: list[str] = field(default_factory=list)
    executed: int = 0


def build(
    project: Project, rebuild: tuple[str, ...] = (), jobs: int | None = None, allow_empty: bool = False, log=print
) -> BuildReport:
    """Build every edition not yet published (and those in `rebuild`); refresh the site's root.
    A week with no facts is published only with `allow_empty`. One build at a time: a second one
    waits for the first."""
    for warning in configuration.check(project):
        log(str(warning))
    releases.repository(project)  # a repository misnamed in $SSBOOK_REPOSITORY stops the build before any work
    jobs_wanted()  # and so does a $SSBOOK_JOBS that is not a number
    for line in draft.pending(project.data):
        log(line)
    project.build.mkdir(parents=True, exist_ok=True)
    with open(project.build / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log("another build is running in this project; waiting for it")
            fcntl.flock(lock, fcntl.LOCK_EX)
        return _build_locked(project, rebuild, jobs, allow_empty, log)


def _build_locked(project: Project, rebuild: tuple[str, ...], jobs: int | None, allow_empty: bool, log) -> BuildReport:
    pages = project.pages()
    editions = d.weeks(project.data)
    if not editions:
        raise BuildError("data/weeks has no week: add one with `ssbook new-week DATE`")
    unknown = sorted(set(rebuild) - set(editions))
    if unknown:
        raise BuildError(f"--rebuild {', '.join(unknown)}: no such week in data/weeks")
    published = site.published(project.site)
    todo = [edition for edition in editions if edition in rebuild or edition not in published]
    history.check_order(project.data, published, todo)
    if not allow_empty:
        history.check_not_empty(project.data, todo)
    for line in history.changed_since_published(project.data, project.site, [e for e in published if e not in todo]):
        log(f"warning: {line}")
    config = read_yaml(project.root / "_config.yml")
    report = BuildReport()
    try:
        with Workers(project, jobs) as workers:  # the editions share the workers and their kernels
            for edition in todo:
                log(f"edition {edition}: building")
                report.executed += build_edition(project, edition, pages, config, workers, log=log)
                report.editions.append(edition)
                log(f"edition {edition}: published to {site.edition_dir(project.site, edition)}")
    finally:  # the editions published before a failure get their root and listing all the same
        site.write_root(project.site, site.published(project.site), project.config["title"], site_url(project))
    return report


def build_edition(project: Project, edition: str, pages: list[Page], config: dict, workers: Workers | None = None,
                  log=print) -> int:
    """Build and publish one edition, its notebooks run on the build's `workers` (without: its own);
    returns how many notebooks had to be executed."""
    work = project.build / "work" / edition
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)

    def book_source():  # written while the notebooks' kernels start
        _write_book_config(project, work, edition, config)
        shutil.copyfile(project.root / "_toc.yml", work / "_toc.yml")
        _write_static(project, work)

    with _phase(log, edition, "notebooks"):
        try:
            notebooks, executed = execute(project, edition, pages, workers, log=log, meanwhile=book_source)
        except NotebookError as error:
            raise BuildError(f"edition {edition}: {error}") from None
        for page, notebook in zip(pages, notebooks):
            target = work / f"{page.output}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(notebook, target)
    with _phase(log, edition, "jupyter-book"):
        html = _jupyter_book(work, edition)
    dataset = html / DATASET.format(edition=edition)
    # With a repository named, the PDF is kept out of the site, for the edition's release only.
    printed = (work if releases.repository(project) else html / "downloads") / Path(PDF.format(edition=edition)).name
    with _phase(log, edition, "downloads"):
        _write_dataset(project, edition, dataset)
        if pdf.chromium():
            _print_pdf(html, edition, pages, project.config["title"], f"{site_url(project)}/{site.EDITIONS}/{edition}/", printed)
        else:
            log(f"edition {edition}: no PDF (Chromium is not installed: apt-get install chromium)")
    with _phase(log, edition, "publishing"):
        history.write_record(project.data, edition, html)
        site.publish_edition(project.site, edition, html)
        site.write_sitemap(project.site, edition, site_url(project))
        releases.write(project.build, project.site, edition, [dataset] + ([printed] if printed.is_file() else []))
    return executed


@contextlib.contextmanager
def _phase(log, edition: str, name: str):
    start = time.perf_counter()
    yield
    log(f"edition {edition}: {name} took {time.perf_counter() - start:.1f} s")


def _write_book_config(project: Project, work: Path, edition: str, config: dict) -> None:
    """The edition's _config.yml: the shared one plus the book's title, the edition banner and what
    the book's Sphinx extension needs to write citations and downloads."""
    config = copy.deepcopy(config)
    book = project.config
    config["title"], config["author"] = book["title"], book["author"]
    html = config.setdefault("html", {})
    html["announcement"] = site.edition_banner(edition)
    repo = releases.repository(project)
    config.setdefault("sphinx", {}).setdefault("config", {}).update({
        "html_baseurl": f"{site_url(project)}/{site.EDITIONS}/{edition}/",  # each page's canonical address
        "ssbook_edition": edition,
        "ssbook_site_url": site_url(project),
        "ssbook_data_dir": str(project.data),
        "ssbook_authors": book["author"],
        "ssbook_book_title": book["title"],
        "ssbook_dataset": DATASET.format(edition=edition),
        "ssbook_pdf": _pdf_address(project, edition) if pdf.chromium() else "",
        "ssbook_release": releases.page(repo, edition) if repo else "",
    })
    (work / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _write_static(project: Project, work: Path) -> None:
    """The edition's _static/: the book's own assets and the Vega bundle (`charts.vega_bundle`)."""
    static = work / "_static"
    static.mkdir()
    for asset in ASSETS.iterdir():
        shutil.copyfile(asset, static / asset.name)
    shutil.copyfile(vega_bundle(), static / BUNDLE_NAME)
    (static / CARD_IMAGE).write_bytes(card(project.config["title"]))


def card(title: str) -> bytes:
    """The image social sites show with a link to any page: the book's title on the book's blue, as PNG."""
    lines, line = [], ""
    for word in title.split():
        if line and len(line) + len(word) > 28:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    lines.append(line)
    text = "".join(f'<tspan x="80" dy="{0 if i == 0 else 84}">{html.escape(t)}</tspan>' for i, t in enumerate(lines))
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630">'
        f'<rect width="1200" height="630" fill="{PALETTE[0]}"/>'
        f'<text x="80" y="220" fill="#fff" font-family="Liberation Sans, sans-serif" font-size="72" font-weight="bold">{text}</text>'
        '<text x="80" y="560" fill="#dfe8f1" font-family="Liberation Sans, sans-serif" font-size="36">A weekly edition, every figure sourced</text>'
        "</svg>"
    )
    return vl_convert.svg_to_png(svg)


def _jupyter_book(work: Path, edition: str) -> Path:
    """`jupyter-book build --builder html -n -W --keep-going` of the edition's book source, run in this
    process, so a build of several editions imports jupyter-book, Sphinx and their extensions once
    (about 2 s of CPU an edition), not once per edition; what it prints is kept for the message."""
    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the libraries' deprecation notices, which its own process kept to itself
        from jupyter_book.cli.main import main as jupyter_book

        try:
            jupyter_book.main(["build", str(work), "--builder", "html", "-n", "-W", "--keep-going"],
                              prog_name="jupyter-book", standalone_mode=False)
            failed = False
        except SystemExit as stop:  # a non-zero exit code: warnings, turned into errors (-W)
            failed = stop.code not in (0, None)
        except Exception as error:  # noqa: BLE001 - Sphinx failed; jupyter-book printed the cause first
            print(error, file=said)
            failed = True
    if failed:
        lines = said.getvalue().splitlines()
        problems = [line for line in lines if "WARNING" in line or "ERROR" in line or "Error" in line]
        detail = "\n".join(problems[-20:] or lines[-20:])
        raise BuildError(f"edition {edition}: jupyter-book build failed:\n{detail}")
    return work / "_build" / "html"


def _write_dataset(project: Project, edition: str, target: Path) -> None:
    """The edition's data as one ZIP (`ssbook.dataset`)."""
    dataset.write(project.data, edition, target)


def site_url(project: Project) -> str:
    """Where the site is published, without a trailing slash: $SSBOOK_SITE_URL, else book.yml's site_url."""
    return (os.environ.get("SSBOOK_SITE_URL") or project.config.get("site_url", "")).rstrip("/")


def _print_pdf(html: Path, edition: str, pages: list[Page], title: str, base_url: str, target: Path | None = None) -> None:
    """Print the edition built at `html` into `target` (default: its downloads/)."""
    target = target or html / PDF.format(edition=edition)
    command = [sys.executable, "-m", "ssbook.pdf", str(html), str(target), f"{title}, edition {edition}", base_url]
    result = subprocess.run(command + [page.output for page in pages], capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"edition {edition}: printing the PDF failed:\n{result.stderr[-2000:]}")


def _pdf_address(project: Project, edition: str) -> str:
    """Where the pages link to the edition's PDF: its file in the edition's release when a repository
    is named (`ssbook.releases`), else its place in the edition's downloads/."""
    repo = releases.repository(project)
    return releases.download(repo, edition, Path(PDF.format(edition=edition)).name) if repo else PDF.format(edition=edition)
