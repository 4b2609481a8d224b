"""Faults: a failing notebook, a killed build, unsafe YAML; and the same inputs give the same pages."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys

import pytest

from conftest import digest, with_pdf

from ssbook import execute, site
from ssbook.build import BuildError, build
from ssbook.data import weeks
from ssbook.validate import DataError

QUIET = {"log": lambda message: None}
ROOT_FILES = ("index.html", "editions.html", "editions.json")  # the site's root, written by every build
STAMP = re.compile(r"Last updated on [^<]*")


def test_failing_notebook_names_chapter_parameters_and_cell(published):
    latest = weeks(published.data)[-1]
    before = digest(published.site)
    template = published.root / "chapters" / "vehicle.md"
    text = template.read_text(encoding="utf-8")
    end = text.index("\n```\n", text.index(":tags: [parameters]")) + 5
    broken = '\n```{code-cell} python\nraise RuntimeError("broken on purpose")\n```\n'
    template.write_text(text[:end] + broken + text[end:], encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        build(published, rebuild=(latest,), **QUIET)
    message = str(failure.value)
    assert f"edition {latest}: chapters/vehicle.md (edition={latest}, vehicle_id=" in message
    assert 'failed: the code cell `raise RuntimeError("broken on purpose")` raised RuntimeError: broken on purpose' in message
    assert digest(published.site) == before


def test_a_page_sphinx_refuses_is_named_and_the_next_build_works(published):
    """A chapter with a reference to no page: jupyter-book's warning (an error here) is quoted, nothing
    is published; with the reference gone, the next build in the same process publishes the edition
    (jupyter-book runs inside the build's process: a failed run leaves nothing behind for the next)."""
    latest = weeks(published.data)[-1]
    before = digest(published.site)
    template = published.root / "chapters" / "methods.md"
    text = template.read_text(encoding="utf-8")
    template.write_text(text + "\nSee {doc}`no-such-page`.\n", encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        build(published, rebuild=(latest,), **QUIET)
    message = str(failure.value)
    assert message.startswith(f"edition {latest}: jupyter-book build failed:\n"), message
    assert "WARNING" in message and "no-such-page" in message, message
    assert digest(published.site) == before
    template.write_text(text, encoding="utf-8")
    assert build(published, rebuild=(latest,), **QUIET).editions == [latest]
    assert "no-such-page" not in (published.site / "editions" / latest / "methods.html").read_text(encoding="utf-8")


def test_unsafe_yaml_is_refused(published):
    config = published.root / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + 'evil: !!python/object/apply:os.system ["touch pwned"]\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"_config.yml:\d+: unsafe YAML refused"):
        build(published, rebuild=(weeks(published.data)[-1],), **QUIET)
    assert not (published.root / "pwned").exists()


def html_without_stamp(folder):
    return {
        p.relative_to(folder).as_posix(): STAMP.sub("", p.read_text(encoding="utf-8"))
        for p in sorted(folder.rglob("*.html"))
    }


def test_same_inputs_give_the_same_pages(published):
    """Rebuilt from nothing (no cached notebooks), an edition's HTML differs only in its build stamp."""
    latest = weeks(published.data)[-1]
    edition = published.site / "editions" / latest
    first = html_without_stamp(edition)
    shutil.rmtree(published.build / "cache")
    with with_pdf():  # as the shared build was made
        report = build(published, rebuild=(latest,), **QUIET)
    assert report.executed == len(published.pages())
    second = html_without_stamp(edition)
    assert first.keys() == second.keys()
    changed = [name for name in first if first[name] != second[name]]
    assert changed == []


def rebuild(project):
    """`ssbook build --rebuild <latest>` in a process of its own (a process group, so it can be killed
    whole), its log read line by line as it is written."""
    latest = weeks(project.data)[-1]
    return subprocess.Popen(
        [sys.executable, "-m", "ssbook.cli", "build", "--rebuild", latest], cwd=project.root,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


# The moments of a rebuild, as its log announces them: executing the notebooks, building the HTML
# with jupyter-book, writing the downloads and the PDF.
MOMENTS = {"notebooks": ": executing ", "jupyter-book": ": notebooks took ", "downloads": ": jupyter-book took "}


@pytest.mark.parametrize("moment", MOMENTS)
def test_killed_build_leaves_the_site_as_it_was(published, moment):
    """SIGKILL to a rebuild while it is in one of its steps: the published site is byte-identical,
    the next build works. The cached notebooks of two of the edition's pages are removed, so the
    rebuild has notebooks to execute (and is killed while executing them, at the first moment)."""
    latest = weeks(published.data)[-1]
    common = execute._inputs_digest(published, latest)
    for page in published.pages()[:2]:
        (published.build / "cache" / f"{execute._page_key(page, latest, common)}.ipynb").unlink()
    before = digest(published.site)
    process = rebuild(published)
    said = []
    for line in process.stdout:
        said.append(line)
        if MOMENTS[moment] in line:
            break
    assert process.poll() is None, f"the rebuild finished before the {moment} step:\n{''.join(said)}"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert digest(published.site) == before
    finished = rebuild(published)
    output = finished.communicate()[0]
    assert finished.returncode == 0, output
    rebuilt = {f"editions/{latest}/{name}" for name in html_without_stamp(published.site / "editions" / latest)}
    assert rebuilt == {name for name in before if name.startswith(f"editions/{latest}/") and name.endswith(".html")}


def test_editions_published_before_a_failure_get_their_root(published):
    """A build that publishes an edition and then fails on the next still leaves the editions it
    published reachable: the root and the list of editions are written for them."""
    project = published
    editions = weeks(project.data)
    for edition in editions[-2:]:
        shutil.rmtree(site.edition_dir(project.site, edition))
    for name in ROOT_FILES:
        (project.site / name).unlink()
    template = project.root / "chapters" / "methods.md"
    text = template.read_text(encoding="utf-8")
    end = text.index("\n```\n", text.index(":tags: [parameters]")) + 5
    broken = f'\n```{{code-cell}} python\nif edition == "{editions[-1]}":\n    raise RuntimeError("broken on purpose")\n```\n'
    template.write_text(text[:end] + broken + text[end:], encoding="utf-8")
    with pytest.raises(BuildError, match="broken on purpose"):
        build(project, **QUIET)
    listed = json.loads((project.site / "editions.json").read_text(encoding="utf-8"))
    assert [e["date"] for e in listed["editions"]] == editions[:-1]
    assert f"editions/{editions[-2]}/index.html" in (project.site / "index.html").read_text(encoding="utf-8")
