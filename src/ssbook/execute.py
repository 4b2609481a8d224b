"""Executing an edition's chapter notebooks: papermill injects each page's parameters, and nbclient runs
the notebook in memory in one of a worker process per core, each keeping one kernel (its namespace
cleared between notebooks) for every edition of the build; each executed notebook cached under the
hash of everything it depends on, with the machinery hidden from readers (code, parameter cells, stderr)."""

from __future__ import annotations

import hashlib
import json
import multiprocessing.util
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from papermill.parameterize import parameterize_notebook

from . import data as d
from .project import Page, Project, ProjectError
from .whole import write_whole

HIDDEN_TAGS = {"parameters", "injected-parameters"}
RESET_CELL = "get_ipython().run_line_magic('reset', '-f')  # a clean namespace in the reused kernel"
LABEL = re.compile(r"^:name: (\S+)", re.MULTILINE)
QUOTED = re.compile(r"'([^']+)'|\"([^\"]+)\"")  # a value an error message quotes
HINT = re.compile(r"\s*You might want to try:?\s*$")  # pandas' advice, which follows on the next lines
KERNEL_STARTS = 2  # a kernel that dies while starting (seen on a heavily loaded machine) is started once more
STARTUP_TIMEOUT = 120  # seconds a new kernel has to answer its first request


class NotebookError(Exception):
    """A chapter notebook failed; the message names the page, its parameters and the cause."""


@dataclass(frozen=True)
class Job:
    """One notebook to execute: a page of an edition."""

    page: Page
    edition: str
    key: str
    root: Path

    @property
    def parameters(self) -> dict:
        return {"edition": self.edition, **{k: v for k, v in self.page.parameters.items() if k != "edition"}}

    @property
    def label(self) -> str:
        shown = ", ".join(f"{k}={v}" for k, v in self.parameters.items())
        return f"{self.page.template.relative_to(self.root).as_posix()} ({shown})"


def jobs_wanted() -> int | None:
    """$SSBOOK_JOBS: how many notebooks run at once (unset: one per core)."""
    value = os.environ.get("SSBOOK_JOBS", "")
    if value and not (value.isascii() and value.isdigit() and int(value) > 0):
        raise ProjectError(f"SSBOOK_JOBS: {value!r} is not a number of notebooks to run at once: write a whole number, such as 1, or unset it")
    return int(value) if value else None


class Workers:
    """A build's worker processes, one per core (or $SSBOOK_JOBS, or `jobs`), each keeping one kernel:
    started by the first edition with a notebook to execute and kept for every edition after it, so
    a build pays one kernel start and one round of imports per worker, however many editions it builds."""

    def __init__(self, project: Project, jobs: int | None = None):
        self.size = max(1, jobs or jobs_wanted() or os.cpu_count() or 1)
        self.logs = project.build / "logs"
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *failure) -> None:
        if self.pool is not None:
            self.pool.shutdown()

    def map(self, jobs: list[Job], cache: Path):
        """Each job's (failure, notes), in order, run on the workers (started at the first call)."""
        if self.pool is None:
            self.logs.mkdir(parents=True, exist_ok=True)
            self.pool = ProcessPoolExecutor(max_workers=self.size, initializer=_start_worker,
                                            initargs=(self.logs / "kernels.log",))
        return self.pool.map(_run_job, jobs, [cache] * len(jobs))


def execute(project: Project, edition: str, pages: list[Page], workers: Workers | None = None, log=print,
            meanwhile=lambda: None) -> tuple[list[Path], int]:
    """The executed notebook of each page (from the cache when nothing it depends on changed), and
    how many had to be executed, on the build's `workers` (without: workers of this edition's own).
    `meanwhile` runs while the notebooks run."""
    if workers is None:
        with Workers(project) as workers:
            return execute(project, edition, pages, workers, log, meanwhile)
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
    if not todo:
        meanwhile()
        return paths, 0
    log(f"edition {edition}: executing {len(todo)} notebook(s) on {min(workers.size, len(todo))} process(es)")
    results = workers.map(todo, cache)
    meanwhile()
    for job, (error, notes) in zip(todo, results):
        for note in notes:
            log(f"edition {edition}: {note}")
        if error:
            raise NotebookError(f"{job.label} failed: {error}")
    return paths, len(todo)


_kernel: KernelManager | None = None  # this worker process's kernel, reused by every notebook it runs
_notes: list[str] = []  # what this worker has to tell the build's log


def _start_worker(log: Path) -> None:
    """In each worker process: the kernels' own chatter goes to a log file. The worker's one kernel
    starts with its first notebook and runs all the notebooks this worker is given. Each notebook
    starts by clearing the kernel's namespace (RESET_CELL), so it sees what a new kernel would; the
    imported modules stay loaded, which saves a kernel start and the imports per notebook."""
    handle = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    os.dup2(handle, 2)
    multiprocessing.util.Finalize(None, _stop_kernel, exitpriority=10)


def _stop_kernel() -> None:
    if _kernel is not None and _kernel.has_kernel:
        _kernel.shutdown_kernel(now=True)


def _live_kernel(root: str) -> KernelManager:
    """The worker's kernel, started on first use; a kernel that died is replaced."""
    global _kernel
    if _kernel is None or not _kernel.is_alive():
        _stop_kernel()
        _kernel = _start_kernel(root)
    return _kernel


def _start_kernel(root: str) -> KernelManager:
    """A new kernel working in `root` that has answered its first request. A kernel that dies or
    stays silent while starting is started once more (KERNEL_STARTS), and the build's log says so."""
    for attempt in range(1, KERNEL_STARTS + 1):
        kernel = KernelManager(kernel_name="python3")
        try:
            kernel.start_kernel(cwd=root)
            client = kernel.client()
            client.start_channels()
            try:
                client.wait_for_ready(timeout=STARTUP_TIMEOUT)
            finally:
                client.stop_channels()
            return kernel
        except RuntimeError as error:  # jupyter_client's "Kernel died before replying to kernel_info", or its timeout
            if kernel.has_kernel:
                kernel.shutdown_kernel(now=True)
            if attempt == KERNEL_STARTS:
                raise RuntimeError(f"a kernel failed while starting, {KERNEL_STARTS} times: {error}") from None
            _notes.append(f"a kernel failed while starting ({error}); started another")


def _run_job(job: Job, cache: Path) -> tuple[str | None, list[str]]:
    """Execute one notebook into the cache: the failure in one paragraph (or None), and what the
    build's log should say."""
    notebook = _parameterized(job)
    try:
        kernel = _live_kernel(str(job.root))
        NotebookClient(notebook, km=kernel).execute()
    except CellExecutionError as error:
        return _cell_failure(job, notebook, error), _taken_notes()
    except Exception as error:  # the kernel died or did not start
        return f"{type(error).__name__}: {error}", _taken_notes()
    _hide_machinery(notebook)
    if job.page.parameters:
        _suffix_labels(notebook, job.page.output.rsplit("/", 1)[-1])
    write_whole(cache / f"{job.key}.ipynb", (nbformat.writes(notebook) + "\n").encode("utf-8"))
    return None, _taken_notes()


def _taken_notes() -> list[str]:
    notes = _notes.copy()
    _notes.clear()
    return notes


def _parameterized(job: Job) -> nbformat.NotebookNode:
    """The page's template as a notebook that first clears the kernel's namespace, with the page's
    parameters injected by papermill after its parameters cell."""
    notebook = jupytext.read(job.page.template)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(RESET_CELL, metadata={"tags": ["remove-cell"]}))
    notebook.metadata["papermill"] = {}  # what papermill's own reader adds before injecting
    for cell in notebook.cells:
        cell.metadata.setdefault("tags", [])
    return parameterize_notebook(notebook, job.parameters, kernel_name="python3")


def _cell_failure(job: Job, notebook: nbformat.NotebookNode, error: CellExecutionError) -> str:
    """The failed cell in the editor's terms: when the error quotes a value found in the data the edition
    reads, the file, line and column that hold it; else the error's first line, without pandas' hints."""
    failed = next((cell.source for cell in notebook.cells if cell.cell_type == "code"
                   and any(output.output_type == "error" for output in cell.get("outputs", []))), "")
    cell = next((line.strip() for line in failed.splitlines() if line.strip()), "")
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
