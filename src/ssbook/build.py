"""The build: validate the data, run every chapter notebook of each new edition with papermill
(one worker process per core, each keeping one kernel), build the executed notebooks into HTML with
jupyter-book (execution off, warnings as errors), add the edition's dataset and PDF, and publish
each edition into the site, whole or not at all.

Layout under _build/:
  cache/          executed notebooks named by the hash of everything they depend on; parsed tables;
                  the Vega bundle
  work/<date>/    the book source of one edition: _config.yml, _toc.yml, executed notebooks
  staging/        where a finished edition waits for its rename into the site
  site/           what is published: editions/<date>/ per edition, index.html (the latest),
                  editions.html, editions.json
  logs/           the kernels' own output
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import hashlib
import json
import multiprocessing.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat
import papermill
import vl_convert
import yaml
from jupyter_client import KernelManager

from . import data as d
from . import configuration, history, pdf, site
from .charts import BUNDLE_NAME, vendor_vega
from .project import Page, Project, read_yaml

ASSETS = Path(__file__).parent / "assets"
HIDDEN_TAGS = {"parameters", "injected-parameters"}
RESET_CELL = "get_ipython().run_line_magic('reset', '-f')  # a clean namespace in the reused kernel"
DATASET = "downloads/ssb-tracker-data-{edition}.zip"
PDF = "downloads/ssb-tracker-{edition}.pdf"
LABEL = re.compile(r"^:name: (\S+)", re.MULTILINE)
QUOTED = re.compile(r"'([^']+)'|\"([^\"]+)\"")  # a value an error message quotes
HINT = re.compile(r"\s*You might want to try:?\s*$")  # pandas' advice, which follows on the next lines


class BuildError(Exception):
    """A build step failed; the message names the edition, page and cause."""


@dataclass
class BuildReport:
    """What a build did: the editions it published and the notebooks it executed."""

    editions: list[str] = field(default_factory=list)
    executed: int = 0


@dataclass(frozen=True)
class Job:
    """One notebook to execute: a page of an edition."""

    page: Page
    edition: str
    key: str
    root: Path

    @property
    def parameters(self) -> dict:
        return {"edition": self.edition, **self.page.parameters}

    @property
    def label(self) -> str:
        shown = ", ".join(f"{k}={v}" for k, v in self.parameters.items())
        return f"{self.page.template.relative_to(self.root).as_posix()} ({shown})"


def build(
    project: Project, rebuild: tuple[str, ...] = (), jobs: int | None = None, allow_empty: bool = False, log=print
) -> BuildReport:
    """Build every edition not yet published (and those in `rebuild`); refresh the site's root.
    A week with no facts is published only with `allow_empty`. One build at a time: a second one
    waits for the first."""
    for warning in configuration.check(project):
        log(str(warning))
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
    for edition in todo:
        log(f"edition {edition}: building")
        report.executed += build_edition(project, edition, pages, config, jobs=jobs, log=log)
        report.editions.append(edition)
        log(f"edition {edition}: published to {site.edition_dir(project.site, edition)}")
    site.write_root(project.site, site.published(project.site), project.config["title"])
    return report


def build_edition(project: Project, edition: str, pages: list[Page], config: dict, jobs: int | None = None, log=print) -> int:
    """Build and publish one edition; returns how many notebooks had to be executed."""
    work = project.build / "work" / edition
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    with _phase(log, edition, "notebooks"):
        _write_book_config(project, work, edition, config)
        notebooks, executed = execute(project, edition, pages, jobs=jobs, log=log)
        for page, notebook in zip(pages, notebooks):
            target = work / f"{page.output}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(notebook, target)
    with _phase(log, edition, "jupyter-book"):
        html = _jupyter_book(work, edition)
    with _phase(log, edition, "downloads"):
        _write_dataset(project, edition, html / DATASET.format(edition=edition))
        if pdf.chromium():
            _print_pdf(html, edition, pages, project.config["title"], f"{site_url(project)}/{site.EDITIONS}/{edition}/")
        else:
            log(f"edition {edition}: no PDF (Chromium is not installed: apt-get install chromium)")
    with _phase(log, edition, "publishing"):
        history.write_record(project.data, edition, html)
        site.publish_edition(project.site, edition, html)
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
    config.setdefault("sphinx", {}).setdefault("config", {}).update({
        "ssbook_edition": edition,
        "ssbook_site_url": site_url(project),
        "ssbook_data_dir": str(project.data),
        "ssbook_authors": book["author"],
        "ssbook_book_title": book["title"],
        "ssbook_dataset": DATASET.format(edition=edition),
        "ssbook_pdf": PDF.format(edition=edition) if pdf.chromium() else "",
    })
    (work / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    shutil.copyfile(project.root / "_toc.yml", work / "_toc.yml")
    static = work / "_static"
    static.mkdir()
    for asset in ASSETS.iterdir():
        shutil.copyfile(asset, static / asset.name)
    bundle = project.build / "cache" / "vega" / f"vl-convert-{vl_convert.__version__}"
    if not (bundle / BUNDLE_NAME).is_file():
        bundle.mkdir(parents=True, exist_ok=True)
        vendor_vega(bundle)
    shutil.copyfile(bundle / BUNDLE_NAME, static / BUNDLE_NAME)


def _jupyter_book(work: Path, edition: str) -> Path:
    command = [
        str(Path(sys.executable).with_name("jupyter-book")), "build", str(work),
        "--builder", "html", "-n", "-W", "--keep-going",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        lines = (result.stdout + result.stderr).splitlines()
        problems = [line for line in lines if "WARNING" in line or "ERROR" in line or "Error" in line]
        detail = "\n".join(problems[-20:] or lines[-20:])
        raise BuildError(f"edition {edition}: jupyter-book build failed:\n{detail}")
    return work / "_build" / "html"


def _write_dataset(project: Project, edition: str, target: Path) -> None:
    """The edition's data as one ZIP: its datapackage.json (the weeks up to the edition), schemas and
    tables. Fixed timestamps, so the same data gives the same file."""
    package = d.descriptor(project.data)
    keep = {d.resource_path(t) for t in d.REFERENCE_TABLES}
    keep |= {d.resource_path(t, w) for w in d.weeks(project.data) if w <= edition for t in d.WEEKLY_TABLES}
    package["resources"] = [r for r in package["resources"] if r["path"] in keep]
    files = {"datapackage.json": (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode()}
    for path in sorted(keep) + sorted(f"schemas/{p.name}" for p in (project.data / "schemas").glob("*.json")):
        files[path] = (project.data / path).read_bytes()
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            archive.writestr(zipfile.ZipInfo(f"ssb-tracker-data-{edition}/{path}", date_time=(1980, 1, 1, 0, 0, 0)), content)


def site_url(project: Project) -> str:
    """Where the site is published, without a trailing slash: $SSBOOK_SITE_URL, else book.yml's site_url."""
    return (os.environ.get("SSBOOK_SITE_URL") or project.config.get("site_url", "")).rstrip("/")


def _print_pdf(html: Path, edition: str, pages: list[Page], title: str, base_url: str) -> None:
    target = html / PDF.format(edition=edition)
    command = [sys.executable, "-m", "ssbook.pdf", str(html), str(target), f"{title}, edition {edition}", base_url]
    result = subprocess.run(command + [page.output for page in pages], capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"edition {edition}: printing the PDF failed:\n{result.stderr[-2000:]}")


# Executing notebooks.

def execute(project: Project, edition: str, pages: list[Page], jobs: int | None = None, log=print) -> tuple[list[Path], int]:
    """The executed notebook of each page (from the cache when nothing it depends on changed), and
    how many had to be executed."""
    cache = project.build / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    common = _inputs_digest(project, edition)
    todo, paths = [], []
    for page in pages:
        key = _page_key(page, edition, common)
        path = cache / f"{key}.ipynb"
        paths.append(path)
        if not path.exists():
            todo.append(Job(page, edition, key, project.root))
    if todo:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
        log(f"edition {edition}: executing {len(todo)} notebook(s) on {workers} process(es)")
        logs = project.build / "logs"
        logs.mkdir(exist_ok=True)
        start = (logs / "kernels.log", str(project.root))
        with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=start) as pool:
            for job, error in zip(todo, pool.map(_run_job, todo, [cache] * len(todo))):
                if error:
                    raise BuildError(f"edition {edition}: {job.label} failed: {error}")
    return paths, len(todo)


_kernel: KernelManager | None = None  # this worker process's kernel, reused by every notebook it runs


def _start_worker(log: Path, root: str) -> None:
    """In each worker process: the kernels' own chatter goes to a log file, and one kernel starts,
    to run all the notebooks this worker is given. Each notebook starts by clearing the kernel's
    namespace (RESET_CELL), so it sees what a new kernel would; the imported modules stay loaded,
    which saves a kernel start and the imports per notebook."""
    global _kernel
    handle = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    os.dup2(handle, 2)
    _kernel = KernelManager(kernel_name="python3")
    _kernel.start_kernel(cwd=root)
    multiprocessing.util.Finalize(None, _kernel.shutdown_kernel, kwargs={"now": True}, exitpriority=10)


def _live_kernel(root: str) -> KernelManager:
    """The worker's kernel; a kernel that died is replaced."""
    if not _kernel.is_alive():
        _kernel.start_kernel(cwd=root)
    return _kernel


def _run_job(job: Job, cache: Path) -> str | None:
    """Execute one notebook into the cache; return the failure in one paragraph, or None."""
    notebook = jupytext.read(job.page.template)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(RESET_CELL, metadata={"tags": ["remove-cell"]}))
    with tempfile.TemporaryDirectory(prefix="ssbook-") as scratch:
        source = Path(scratch) / "template.ipynb"
        executed = Path(scratch) / "executed.ipynb"
        nbformat.write(notebook, source)
        try:
            papermill.execute_notebook(
                str(source), str(executed), parameters=job.parameters, kernel_name="python3",
                cwd=str(job.root), progress_bar=False, log_output=False, km=_live_kernel(str(job.root)),
                request_save_on_cell_execute=False,
            )
        except papermill.PapermillExecutionError as error:
            return _cell_failure(job, error)
        except Exception as error:  # the kernel died or did not start
            return f"{type(error).__name__}: {error}"
        result = nbformat.read(executed, as_version=4)
        _hide_machinery(result)
        if job.page.parameters:
            _suffix_labels(result, job.page.output.rsplit("/", 1)[-1])
        final = cache / f"{job.key}.ipynb"
        partial = final.with_suffix(f".{os.getpid()}.part")
        nbformat.write(result, partial)
        os.replace(partial, final)
    return None


def _cell_failure(job: Job, error: papermill.PapermillExecutionError) -> str:
    """A failed cell in the editor's terms: when the error quotes a value found in the data the edition
    reads, the file, line and column that hold it; else the error's first line, without pandas' hints."""
    cell = next((line.strip() for line in error.source.splitlines() if line.strip()), "")
    said = (error.evalue.strip().splitlines() or [""])[0]
    for match in QUOTED.finditer(said):
        value = match.group(1) or match.group(2)
        places = d.find_cells(Project(job.root).data, job.edition, value)
        if places:
            others = f" (and {len(places) - 1} other cell(s) holding it)" if len(places) > 1 else ""
            return (f"the code cell `{cell}` could not use the value {value!r} at {places[0]}{others} ({error.ename}); "
                    "check the value there, and if it is right, the chapter needs a fix")
    return f"the code cell `{cell}` raised {error.ename}: {HINT.sub('', said)}"


def _hide_machinery(notebook: nbformat.NotebookNode) -> None:
    """Readers see prose and results only: no code, no parameter cells, no stderr."""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        tags = set(cell.metadata.get("tags", []))
        if tags & HIDDEN_TAGS or not cell.get("outputs"):
            tags.add("remove-cell")
        else:
            tags.add("remove-input")
        cell.metadata["tags"] = sorted(tags)
        cell.outputs = [o for o in cell.get("outputs", []) if o.get("name") != "stderr"]


def _suffix_labels(notebook: nbformat.NotebookNode, suffix: str) -> None:
    """Pages made from one template get labels of their own: `fig-x` becomes `fig-x-<page>`,
    in the label and in the template's references to it."""
    labels = set()
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            labels.update(LABEL.findall(cell.source))
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for label in labels:
                cell.source = re.sub(rf"(:name: |`|<){re.escape(label)}(?=[\s`>]|$)", rf"\g<1>{label}-{suffix}", cell.source)


def _digest(paths: list[Path], root: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(paths):
        sha.update(path.relative_to(root).as_posix().encode())
        sha.update(hashlib.sha256(path.read_bytes()).digest())
    return sha.hexdigest()


def _inputs_digest(project: Project, edition: str) -> str:
    """What every page of an edition reads: the package, the schemas, the reference tables and the
    weeks up to the edition (later weeks and the descriptor's list of them do not matter)."""
    package = [p for p in Path(__file__).parent.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    data = [project.root / "book.yml"] + [project.data / d.resource_path(t) for t in d.REFERENCE_TABLES]
    data += sorted((project.data / "schemas").glob("*.json"))
    for week in d.weeks(project.data):
        if week <= edition:
            data += sorted((project.data / "weeks" / week).glob("*.csv"))
    return _digest(package, Path(__file__).parent) + _digest(data, project.root)


def _page_key(page: Page, edition: str, common: str) -> str:
    sha = hashlib.sha256(common.encode())
    sha.update(page.template.read_bytes())
    sha.update(json.dumps({"edition": edition, **page.parameters}, sort_keys=True).encode())
    return sha.hexdigest()[:32]
