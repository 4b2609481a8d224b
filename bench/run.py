"""`make bench`: how long the build takes, now and after ten years of weeks, against its budget.

Writes _build/bench/report.json and _build/bench/report.md and prints PASS/FAIL per budget line.
Everything runs in temporary copies of the project; synthetic weeks (bench/synthetic.py) are
added there only and never published.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import synthetic
from ssbook import site
from ssbook.build import _jupyter_book, build, build_edition
from ssbook.data import weeks
from ssbook.pdf import CHROMIUM_ARGS, chromium
from ssbook.project import Project, read_yaml
from ssbook.validate import check

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "bench"
INPUTS = ("book.yml", "_config.yml", "_toc.yml", "chapters", "data")
IMPORTS = "import altair, pandas, vl_convert\nfrom ssbook import report\nfrom ssbook.data import load"


def copy_project(target: Path) -> Project:
    target.mkdir(parents=True)
    for name in INPUTS:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, target / name)
    return Project(target)


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def build_latest(project: Project) -> float:
    """Validate, then build and publish only the latest edition, from an empty _build."""
    latest = weeks(project.data)[-1]

    def run():
        check(project.data)
        build_edition(project, latest, project.pages(), read_yaml(project.root / "_config.yml"), log=lambda m: None)
        site.write_root(project.site, site.published(project.site), project.config["title"])

    return timed(run)[0]


def fake_publish(project: Project) -> None:
    """Count every week as published by copying the latest published edition into its place, so a
    benchmark can start from many published editions without building each one."""
    model = site.edition_dir(project.site, site.published(project.site)[-1])
    for week in weeks(project.data):
        if not site.is_published(project.site, week):
            shutil.copytree(model, site.edition_dir(project.site, week))


def kernel_and_imports_s(runs: int = 3) -> float:
    """Starting a kernel and importing what every chapter imports, once."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(IMPORTS)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    times = [timed(lambda: NotebookClient(notebook, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute())[0] for _ in range(runs)]
    return sorted(times)[runs // 2]


def largest_page_kb(edition: Path) -> tuple[float, str]:
    pages = [p for p in edition.rglob("*.html") if "_static" not in p.parts]
    largest = max(pages, key=lambda p: p.stat().st_size)
    return largest.stat().st_size / 1024, largest.relative_to(edition).as_posix()


def chart_render_ms(site_dir: Path, edition: str) -> tuple[float, str]:
    """The slowest page's time from navigation start until every chart on it is drawn."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/editions/{edition}/"
    pages = sorted(p.relative_to(site_dir / "editions" / edition).as_posix() for p in (site_dir / "editions" / edition).rglob("*.html")
                   if "_static" not in p.parts and p.name not in ("search.html", "genindex.html"))
    slowest = (0.0, "")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        tab = browser.new_page()
        tab.goto(base + pages[0])  # warm the cache for the shared scripts, as a reader's second page would be
        for page in pages:
            tab.goto(base + page, wait_until="domcontentloaded")
            tab.wait_for_function("[...document.querySelectorAll('.ssb-chart')].every(c => c.classList.contains('ssb-chart--live'))", timeout=30000)
            elapsed = tab.evaluate("performance.now()")
            slowest = max(slowest, (elapsed, page))
        browser.close()
    server.shutdown()
    return slowest


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {}
    notes: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="ssbook-bench-") as scratch:
        scratch = Path(scratch)
        print("clean build of the latest edition …", flush=True)
        project = copy_project(scratch / "now")
        latest = weeks(project.data)[-1]
        results["clean_build_s"] = build_latest(project)
        pages = len(project.pages())

        print("floor …", flush=True)
        kernel = kernel_and_imports_s()
        work = project.build / "work" / latest
        shutil.rmtree(work / "_build")
        jupyter_book = timed(lambda: _jupyter_book(work, latest))[0]
        cores = os.cpu_count() or 1
        results["floor_s"] = kernel * pages / cores + jupyter_book
        notes["floor_s"] = f"{pages} notebooks × {kernel:.2f} s (kernel start and imports) ÷ {cores} cores + {jupyter_book:.2f} s jupyter-book"

        print("no-op rebuild …", flush=True)
        fake_publish(project)
        seconds, report = timed(lambda: build(project, log=lambda m: None))
        results["noop_rebuild_s"], results["noop_kernels_started"] = seconds, report.executed

        print("a new week after 4 editions …", flush=True)
        synthetic.add_weeks(project.data, 1, seed=4)
        results["new_week_s_4"] = timed(lambda: build(project, log=lambda m: None))[0]

        print("a new week after 100 editions …", flush=True)
        synthetic.add_weeks(project.data, 100 - len(weeks(project.data)), seed=100)
        fake_publish(project)
        synthetic.add_weeks(project.data, 1, seed=101)
        results["new_week_s_100"] = timed(lambda: build(project, log=lambda m: None))[0]

        print("slowest chart rendering …", flush=True)
        results["chart_render_ms"], notes["chart_render_ms"] = chart_render_ms(project.site, latest)

        print("ten years of weeks …", flush=True)
        decade = copy_project(scratch / "decade")
        synthetic.add_weeks(decade.data, 500 - len(weeks(decade.data)), seed=10)
        results["decade_build_s"] = build_latest(decade)
        results["decade_max_page_kb"], notes["decade_max_page_kb"] = largest_page_kb(site.edition_dir(decade.site, weeks(decade.data)[-1]))
        results["peak_rss_mb"] = peak_rss_mb()

    budget = [
        ("clean_build_s ≤ 1.5 × floor_s", results["clean_build_s"] <= 1.5 * results["floor_s"]),
        ("noop_rebuild_s ≤ 10% of clean_build_s", results["noop_rebuild_s"] <= 0.1 * results["clean_build_s"]),
        ("noop_kernels_started = 0", results["noop_kernels_started"] == 0),
        ("new_week_s_100 ≤ 1.15 × new_week_s_4", results["new_week_s_100"] <= 1.15 * results["new_week_s_4"]),
        ("decade_build_s ≤ 1.3 × clean_build_s", results["decade_build_s"] <= 1.3 * results["clean_build_s"]),
        ("decade_max_page_kb ≤ 400", results["decade_max_page_kb"] <= 400),
        ("peak_rss_mb ≤ 1500", results["peak_rss_mb"] <= 1500),
        ("chart_render_ms ≤ 1000", results["chart_render_ms"] <= 1000),
    ]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    report = {"results": results, "notes": notes, "budget": {line: ok for line, ok in budget}, "machine": machine,
              "date": time.strftime("%Y-%m-%d")}
    (OUT / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    rows = [f"| `{key}` | {value:.2f} | {notes.get(key, '')} |" if isinstance(value, float) else f"| `{key}` | {value} | {notes.get(key, '')} |"
            for key, value in results.items()]
    table = "\n".join(["| measure | value | note |", "|---|---:|---|", *rows, "", "| budget | |", "|---|---|",
                       *(f"| {line} | {'PASS' if ok else 'FAIL'} |" for line, ok in budget), "", f"Measured on {machine}, {report['date']}."])
    (OUT / "report.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    return 0 if all(ok for _, ok in budget) else 1


if __name__ == "__main__":
    sys.exit(main())
