"""Shared fixtures: a throw-away copy of the project, one build of it for the whole test run (shared by
pytest-xdist's workers), and `ssbook` run in this process. The tests' builds print no PDF unless
they look at it (`with_pdf`): printing is Chromium's work of seconds an edition. They run their
notebooks in one worker process ($SSBOOK_JOBS=1): pytest-xdist keeps every core busy already, and a
second worker costs a kernel start and a round of imports per build; the shared build, made while
fewer tests run, uses one worker per core, as an editor's build does."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import io
import os
import shutil
import subprocess
import threading
import traceback
from pathlib import Path

import pytest
from filelock import FileLock

from ssbook import cli
from ssbook.build import build
from ssbook.evidence import archive_dir, sha256
from ssbook.pdf import CHROMIUM_ARGS  # noqa: F401 - the browser tests take it from here
from ssbook.project import Project

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ("book.yml", "_config.yml", "_toc.yml", "chapters", "data")
CHROMIUM = Path("/usr/bin/chromium")
NO_PDF = str(Path(os.devnull) / "chromium")  # $SSBOOK_CHROMIUM naming no browser: a build prints no PDF
# The browser the builds `with_pdf` print with (none named: Chromium found on the PATH); pytest-xdist's
# workers inherit NO_PDF from the controller's pytest_configure.
PDF_CHROMIUM = os.environ.get("SSBOOK_CHROMIUM") if os.environ.get("SSBOOK_CHROMIUM") != NO_PDF else None


def pytest_configure(config):
    os.environ["SSBOOK_CHROMIUM"] = NO_PDF
    os.environ["SSBOOK_JOBS"] = "1"


# The files that build or visit the most, slowest first, as a run's timeline measured them (seconds on
# one worker, 2 December 2026): they are handed out before the other files that need the shared build,
# so the run ends on short files and both workers finish together.
SLOWEST = ("test_browser.py", "test_hostile.py", "test_faults.py", "test_extremes.py", "test_releases.py",  # 168, 77, 70, 56, 48
           "test_editions.py", "test_history.py", "test_changes.py", "test_site_layout.py")  # 38, 32, 22, 22


def pytest_collection_modifyitems(config, items):
    """The order of the test files, which pytest-xdist hands out whole in this order (`make test`:
    --dist loadfile --no-loadscope-reorder): first the file that needs the shared build with the most
    tests, so one worker starts building at once; then the files that do not need it, for the other
    worker meanwhile; then the rest, the SLOWEST first; otherwise the files with the most tests first."""
    files: dict[str, list] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::")[0], []).append(item)
    largest = sorted(files, key=lambda f: -len(files[f]))
    building = [f for f in largest if any("built" in item.fixturenames for item in files[f])]
    rest = sorted(building[1:], key=lambda f: SLOWEST.index(Path(f).name) if Path(f).name in SLOWEST else len(SLOWEST))
    order = building[:1] + [f for f in largest if f not in building] + rest
    items[:] = [item for f in order for item in files[f]]


@contextlib.contextmanager
def with_pdf():
    """Builds inside the block print their edition's PDF, as on a machine with Chromium."""
    del os.environ["SSBOOK_CHROMIUM"]
    if PDF_CHROMIUM:
        os.environ["SSBOOK_CHROMIUM"] = PDF_CHROMIUM
    try:
        yield
    finally:
        os.environ["SSBOOK_CHROMIUM"] = NO_PDF


def need_chromium() -> Path:
    """Debian's Chromium, for the browser tests: skipped without it, failed without it on CI."""
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM}: install Debian's chromium package (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return CHROMIUM


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serving(folder: Path):
    """`folder` served on 127.0.0.1 (a free port) while the block runs; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` by its path and SHA-256: to show a site is byte for byte as it was."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def archived(data_dir: Path, source: dict, *quotes: str) -> dict:
    """A new source row (for sources.csv) with a synthetic text archived as its `file`, holding `quotes`,
    and that text's sha256."""
    raw = "\n".join([f"A synthetic text for the tests ({source['source_id']}): {source['title']}.", *quotes, ""]).encode()
    (archive_dir(data_dir) / source["file"]).write_bytes(raw)
    return {**source, "sha256": sha256(raw)}


def copy_project(target: Path) -> Project:
    """The project's inputs (not its _build or .venv) copied to `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return Project(target)


@pytest.fixture
def project(tmp_path) -> Project:
    return copy_project(tmp_path / "book")


@pytest.fixture
def data_dir(project) -> Path:
    return project.data


def run_ssbook(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`ssbook ARGS` as the editor runs it in `root`, inside this process: its exit code and what it
    prints, with the traceback of anything it lets escape printed to its stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as stop:
            code = stop.code
        except BaseException:  # noqa: BLE001 - what the editor would see
            traceback.print_exc()
            code = 1
    return subprocess.CompletedProcess(["ssbook", *args], code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Project:
    """The shipped data built into a site once per test run: the first of pytest-xdist's workers to
    need it builds it, the others wait and share it (tests that change a built site copy it first:
    `published`)."""
    run = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run = run.parent  # the run's folder, above each worker's own
    root = run / "built" / "book"
    with FileLock(run / "built.lock"):
        if not (run / "built" / "done").exists():
            shutil.rmtree(run / "built", ignore_errors=True)
            with with_pdf():
                build(copy_project(root), jobs=os.cpu_count(), log=lambda message: None)
            (run / "built" / "done").touch()
    return Project(root)


@pytest.fixture
def published(built, tmp_path) -> Project:
    """A copy of the built project (site, cache and all) for one test to change or break."""
    return copy_of(built, tmp_path)


def copy_of(built: Project, folder: Path) -> Project:
    """The built project (site, cache and all, but the book sources of its editions, `_build/work`,
    which a build makes anew) copied into `folder`/book."""
    root = folder / "book"
    shutil.copytree(built.root, root, symlinks=True, ignore=lambda path, names: ["work"] if Path(path) == built.build else [])
    return Project(root)


@pytest.fixture(scope="session")
def latest(built) -> Path:
    from ssbook.data import weeks

    return built.site / "editions" / weeks(built.data)[-1]
