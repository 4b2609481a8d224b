"""The benchmark's measured steps. bench/run.py runs each in a fresh Python process, so one step's
imports, memory and kernels never carry over into the next:

    python steps.py STEP RESULT.json PROJECT [PROJECT …]

  clean         validate and build only the latest edition from an empty _build, and publish it
  build         what `ssbook build` does: every edition not yet published
  floor         a kernel per core, started and given the imports at once, then the pages shared out
                to whichever kernel is free, with nothing of ssbook's around them
  jupyter-book  jupyter-book alone (execution off) on the executed notebooks of the latest edition
  pdf           print the latest published edition to PDF, as the build does
  charts        each page of the latest published edition of each project in Chromium, until every
                chart is drawn: the wall-clock time and the CPU time of the page's main thread
  site          build the last SITE_EDITIONS weeks one after another into an empty site, as the
                weekly routine does (PDF included where Chromium is installed): the bytes each adds
  pages         each page of the latest published edition in Chromium as GitHub Pages serves it:
                a first visit's bytes and requests, then the bytes the previous edition's page adds

Each writes what it measured (seconds unless named) to RESULT.json.
"""

from __future__ import annotations

import ast
import copy
import functools
import http.server
import json
import re
import resource
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

from ssbook import site
from ssbook.data import weeks
from ssbook.project import Project, read_yaml

VISITS = 5
PHASE = re.compile(r": (\S+) took ([\d.]+) s$")


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def peak_rss_mb() -> float:
    """The largest resident set of this process (jupyter-book runs in it) and of every process it
    waited for (workers, kernels), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def cpu_s() -> float:
    """CPU seconds, user and system, of this process (jupyter-book runs in it) and of every process it
    waited for (the workers, their kernels): the work a step did, which other load on the machine
    barely changes."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def own_cpu_s() -> float:
    """CPU seconds of this process alone, every thread: in the floor, nbclient talking to the kernels."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


class Phases(dict):
    """The build's log, kept as the seconds of each phase it reports ("edition D: notebooks took 12.3 s")."""

    def __call__(self, message: str) -> None:
        if match := PHASE.search(message):
            self[match[1]] = float(match[2])


def clean(project: Project) -> dict:
    from ssbook import configuration
    from ssbook.build import build_edition, site_url

    phases = Phases()

    def run():
        configuration.check(project)  # the configuration, then data/
        build_edition(project, weeks(project.data)[-1], project.pages(), read_yaml(project.root / "_config.yml"), log=phases)
        site.write_root(project.site, site.published(project.site), project.config["title"], site_url(project))

    start = cpu_s()
    seconds = timed(run)[0]
    return {"seconds": seconds, "cpu_s": cpu_s() - start, "phases": phases, "peak_rss_mb": peak_rss_mb()}


def build(project: Project) -> dict:
    from ssbook.build import build as build_all

    phases = Phases()
    start = cpu_s()
    seconds, report = timed(lambda: build_all(project, log=phases))
    return {"seconds": seconds, "cpu_s": cpu_s() - start, "phases": phases, "executed": report.executed,
            "editions": len(report.editions)}


def floor(project: Project) -> dict:
    """The least the notebooks of a clean edition can take: the build's kernels doing the build's work
    with none of ssbook's machinery around them (no worker processes, papermill's reading, validation
    or cache). A kernel per core, started and given every chapter's imports at once; then the pages,
    as the build runs them (parameters injected, the namespace cleared first), shared out in the
    build's order to whichever kernel is free, each kernel paying the libraries' first use as a
    build's does. Its CPU counts the kernels and nbclient's own work talking to them (this process's
    threads), as the build's counts its workers. Both cores are busy together, as in the build, so load
    from outside slows the floor and the build alike. No chart is drawn and no table parsed before (what a build keeps in
    _build/cache/svg and _build/cache/tables is removed first: a clean build has neither)."""
    import os
    import queue
    from concurrent.futures import ThreadPoolExecutor

    from jupyter_client import KernelManager

    edition = weeks(project.data)[-1]
    pages = project.pages()
    notebooks = {page.output: _page_notebook(page, edition) for page in pages}
    workers = max(1, min(os.cpu_count() or 1, len(pages)))
    kernels = [KernelManager(kernel_name="python3") for _ in range(workers)]
    imports = _imports_notebook(pages)

    def start(kernel):
        kernel.start_kernel(cwd=str(project.root))
        _execute(imports, kernel, project.root)

    todo = queue.SimpleQueue()
    for output in notebooks:
        todo.put(output)

    def take_turns(kernel):
        done = {}
        while True:
            try:
                output = todo.get_nowait()
            except queue.Empty:
                return done
            done[output] = timed(lambda: _execute(notebooks[output], kernel, project.root))[0]

    with ThreadPoolExecutor(workers) as threads:
        try:
            client_start = own_cpu_s()
            kernel_s = timed(lambda: list(threads.map(start, kernels)))[0]
            imports_cpu = _kernels_cpu_s(kernels)
            client_cpu = own_cpu_s() - client_start
            _clear_caches(project)
            client_start = own_cpu_s()
            notebooks_s, shares = timed(lambda: list(threads.map(take_turns, kernels)))
            notebooks_cpu = _kernels_cpu_s(kernels) - imports_cpu
            client_cpu += own_cpu_s() - client_start
        finally:
            for kernel in kernels:
                kernel.shutdown_kernel(now=True)
    each = {output: seconds for share in shares for output, seconds in share.items()}
    return {"workers": workers, "kernel_imports_s": kernel_s, "notebooks_s": each, "notebooks_parallel_s": notebooks_s,
            "kernel_imports_cpu_s": imports_cpu, "notebooks_cpu_s": notebooks_cpu, "client_cpu_s": client_cpu}


def _clear_caches(project: Project) -> None:
    """The drawn charts and parsed tables a build keeps between builds: none in a clean build."""
    for kept in ("svg", "tables"):
        shutil.rmtree(project.build / "cache" / kept, ignore_errors=True)


def _kernels_cpu_s(kernels) -> float:
    """The CPU seconds the kernels' processes have used so far."""
    import psutil

    times = [psutil.Process(kernel.provisioner.process.pid).cpu_times() for kernel in kernels]
    return sum(t.user + t.system + t.children_user + t.children_system for t in times)


def _page_notebook(page, edition: str):
    import jupytext
    import nbformat
    from papermill.parameterize import parameterize_notebook

    from ssbook.execute import RESET_CELL

    notebook = jupytext.read(page.template)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(RESET_CELL, metadata={"tags": ["remove-cell"]}))
    notebook.metadata["papermill"] = {}  # what papermill's reader adds before parameterising
    for cell in notebook.cells:
        cell.metadata.setdefault("tags", [])
    return parameterize_notebook(notebook, {"edition": edition, **page.parameters})


def _imports_notebook(pages):
    """One cell with every import statement of the chapters' code cells."""
    import jupytext
    import nbformat

    statements = []
    for template in dict.fromkeys(page.template for page in pages):
        for cell in jupytext.read(template).cells:
            if cell.cell_type == "code":
                for node in ast.parse(cell.source).body:
                    if isinstance(node, (ast.Import, ast.ImportFrom)) and ast.unparse(node) not in statements:
                        statements.append(ast.unparse(node))
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("\n".join(statements))])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def _execute(notebook, kernel, root: Path) -> None:
    from nbclient import NotebookClient

    NotebookClient(copy.deepcopy(notebook), km=kernel, timeout=600, resources={"metadata": {"path": str(root)}}).execute()


def jupyter_book(project: Project) -> dict:
    from ssbook.build import _jupyter_book

    edition = weeks(project.data)[-1]
    work = project.build / "work" / edition
    shutil.rmtree(work / "_build", ignore_errors=True)
    start = cpu_s()
    seconds = timed(lambda: _jupyter_book(work, edition))[0]
    return {"seconds": seconds, "cpu_s": cpu_s() - start}


def pdf(project: Project) -> dict:
    from ssbook.build import _print_pdf, site_url

    edition = site.published(project.site)[-1]
    html = site.edition_dir(project.site, edition)
    return {"seconds": timed(lambda: _print_pdf(html, edition, project.pages(), project.config["title"], f"{site_url(project)}/{site.EDITIONS}/{edition}/"))[0]}


def charts(*projects: Project) -> dict:
    """For the latest published edition of each project, per page: milliseconds from navigation
    start until every chart on it is drawn, with the shared scripts already cached (as on a reader's
    second page), and the CPU milliseconds the page's main thread (parsing, scripts, Vega, layout)
    spent in that time, as Chromium counts them; the median of VISITS visits, the projects' pages
    visited in turn."""
    from playwright.sync_api import sync_playwright

    from ssbook.pdf import CHROMIUM_ARGS, chromium

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    folders = [site.edition_dir(project.site, site.published(project.site)[-1]) for project in projects]
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(project.site))) for project in projects]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    bases = [f"http://127.0.0.1:{server.server_address[1]}/{folder.relative_to(project.site).as_posix()}/"
             for server, folder, project in zip(servers, folders, projects)]
    pages = sorted(p.relative_to(folders[0]).as_posix() for p in folders[0].rglob("*.html")
                   if "_static" not in p.parts and p.name not in ("search.html", "genindex.html"))
    drawn = "[...document.querySelectorAll('.ssb-chart')].every(c => c.classList.contains('ssb-chart--live'))"
    times = [{page: [] for page in pages} for _ in projects]
    cpu = [{page: [] for page in pages} for _ in projects]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        tab = browser.new_page()
        devtools = tab.context.new_cdp_session(tab)
        devtools.send("Performance.enable", {"timeDomain": "threadTicks"})
        for base in bases:
            tab.goto(base + pages[0])
        for page in pages:
            for _ in range(VISITS):
                for base, found, spent in zip(bases, times, cpu):
                    tab.goto(base + page, wait_until="domcontentloaded")
                    tab.wait_for_function(drawn, timeout=30000)
                    found[page].append(tab.evaluate("performance.now()"))
                    metrics = {m["name"]: m["value"] for m in devtools.send("Performance.getMetrics")["metrics"]}
                    spent[page].append(metrics["ThreadTime"] * 1000)  # this document's main thread, since it began
        browser.close()
    for server in servers:
        server.shutdown()
    return {"ms": [{page: statistics.median(values) for page, values in found.items()} for found in times],
            "cpu_ms": [{page: statistics.median(values) for page, values in spent.items()} for spent in cpu]}


SITE_EDITIONS = 3


def site_size(project: Project) -> dict:
    """The bytes each of the last SITE_EDITIONS editions adds to the site, built in turn (bench/weight.py)."""
    from ssbook.build import build_edition, site_url

    import weight

    config = read_yaml(project.root / "_config.yml")
    added = {}
    for edition in weeks(project.data)[-SITE_EDITIONS:]:
        before = {p.name for p in (project.site / "_assets").iterdir()} if (project.site / "_assets").is_dir() else set()
        build_edition(project, edition, project.pages(), config, log=lambda message: None)
        site.write_root(project.site, site.published(project.site), project.config["title"], site_url(project))
        added[edition] = weight.edition_bytes(project.site, edition, {p.name for p in (project.site / "_assets").iterdir()} - before)
    return {"editions": added}


def page_weight(project: Project) -> dict:
    from ssbook.pdf import CHROMIUM_ARGS, chromium

    import weight

    return weight.pages(project.site, chromium(), CHROMIUM_ARGS)


STEPS = {"site": site_size, "pages": page_weight, "clean": clean, "build": build, "floor": floor, "jupyter-book": jupyter_book, "pdf": pdf, "charts": charts}

if __name__ == "__main__":
    step, result, *roots = sys.argv[1:]
    Path(result).write_text(json.dumps(STEPS[step](*(Project(Path(root)) for root in roots))), encoding="utf-8")
