"""Executing an edition's chapter notebooks with papermill: one worker process per core, each keeping
one kernel (its namespace cleared between notebooks); each executed notebook cached under the hash of
everything it depends on, with the machinery hidden from readers (code, parameter cells, stderr)."""

from __future__ import annotations

import hashlib
import json
import multiprocessing.util
import os
import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
import papermill
from jupyter_client import KernelManager

from . import data as d
from .project import Page, Project

HIDDEN_TAGS = {"parameters", "injected-parameters"}
RESET_CELL = "get_ipython().run_line_magic('reset', '-f')  # a clean namespace in the reused kernel"
LABEL = re.compile(r"^:name: (\S+)", re.MULTILINE)
QUOTED = re.compile(r"'([^']+)'|\"([^\"]+)\"")  # a value an error message quotes
HINT = re.compile(r"\s*You might want to try:?\s*$")  # pandas' advice, which follows on the next lines


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
                    raise NotebookError(f"{job.label} failed: {error}")
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
