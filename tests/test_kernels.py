"""A kernel that dies while starting (seen on a heavily loaded machine) is started once more, and the
build's log says so; a second failure fails the page with a message, not a traceback."""

from __future__ import annotations

import os

import pytest
from jupyter_client import KernelManager

from ssbook.data import weeks
from ssbook.execute import NotebookError, Workers, execute

from conftest import run_ssbook

DIED = "Kernel died before replying to kernel_info"


@pytest.fixture
def dying_kernels(tmp_path, monkeypatch):
    """Make the first `count` kernel starts of each process launch a kernel that lives a second, then
    exits without ever answering (a sitecustomize module on its path). The build's workers are forked,
    so each starts counting from this process's count when the pool starts."""
    folder = tmp_path / "dying"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text("import os, time\ntime.sleep(1)\nos._exit(1)\n", encoding="utf-8")
    real = KernelManager.start_kernel
    started = []

    def make(count: int):
        def start_kernel(self, **kw):
            started.append(self)
            if len(started) <= count:
                kw["env"] = {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), os.environ.get("PYTHONPATH", "")])}
            return real(self, **kw)

        monkeypatch.setattr(KernelManager, "start_kernel", start_kernel)

    return make


def scenario_page(project):
    return next(page for page in project.pages() if page.output == "scenarios/base")


def test_a_kernel_that_dies_while_starting_is_started_again(project, dying_kernels):
    dying_kernels(1)
    edition, said = weeks(project.data)[-1], []
    with Workers(project, jobs=1) as workers:
        paths, executed = execute(project, edition, [scenario_page(project)], workers, log=said.append)
    assert executed == 1 and paths[0].is_file()
    assert f"edition {edition}: a kernel failed while starting ({DIED}); started another" in said


def test_a_kernel_that_dies_twice_fails_the_page_in_words(project, dying_kernels):
    dying_kernels(2)
    edition = weeks(project.data)[-1]
    with Workers(project, jobs=1) as workers, pytest.raises(NotebookError) as failure:
        execute(project, edition, [scenario_page(project)], workers, log=lambda message: None)
    message = str(failure.value)
    assert message.startswith(f"chapters/scenario.md (edition={edition}, scenario_id=base,")
    assert message.endswith(f" failed: RuntimeError: a kernel failed while starting, 2 times: {DIED}")


def test_ssbook_jobs_sets_the_notebooks_run_at_once(project, monkeypatch):
    """$SSBOOK_JOBS is how many notebooks run at once; a value that is not a whole number stops the
    build before any notebook runs, in words."""
    edition, said = weeks(project.data)[-1], []
    pages = [page for page in project.pages() if page.output.startswith("scenarios/")][:2]
    monkeypatch.setenv("SSBOOK_JOBS", "1")
    execute(project, edition, pages, log=said.append)
    assert f"edition {edition}: executing 2 notebook(s) on 1 process(es)" in said
    for value in ("two", "0", "-1", "２"):
        monkeypatch.setenv("SSBOOK_JOBS", value)
        result = run_ssbook(project.root, "build")
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert f"SSBOOK_JOBS: {value!r} is not a number of notebooks to run at once" in result.stderr, result.stderr
        assert "executing" not in result.stdout
