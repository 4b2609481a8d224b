"""The GitHub Actions workflows: actionlint finds nothing in them; the publishing workflow releases
each edition the build made before it deploys the site, and leaves a release that exists alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

from ssbook import releases

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = Path(sys.executable).with_name("actionlint")
RELEASE_STEP = "Release each edition built"


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([ACTIONLINT, "-no-color", *files], capture_output=True, text=True, cwd=ROOT)


def steps() -> list[dict]:
    (job,) = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))["jobs"].values()
    return job["steps"]


def step(name: str) -> dict:
    (found,) = [s for s in steps() if s.get("name") == name]
    return found


def test_the_workflows_pass_actionlint():
    assert WORKFLOWS
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_actionlint_finds_an_error_put_into_the_workflow(tmp_path):
    """The check above can fail: a misspelt context in the workflow is a finding, on its line."""
    text = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    broken = tmp_path / ".github" / "workflows" / "publish.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(text.replace("${{ github.repository_owner }}", "${{ github.repository_ownr }}", 1), encoding="utf-8")
    line = text[: text.index("${{ github.repository_owner }}")].count("\n") + 1
    result = actionlint(broken)
    assert result.returncode == 1
    assert f"publish.yml:{line}:" in result.stdout and '"repository_ownr" is not defined' in result.stdout, result.stdout


def test_the_site_is_deployed_after_the_editions_are_released():
    names = [s.get("name", s.get("uses", "")) for s in steps()]
    assert names.index("Build new editions") < names.index(RELEASE_STEP) < names.index("Deploy to GitHub Pages")
    assert step("Build new editions")["env"]["SSBOOK_REPOSITORY"] == "${{ github.repository }}"
    assert f"_build/{releases.FOLDER}/{releases.TAG.format(edition='*')}/" in step(RELEASE_STEP)["run"]


def run_release_step(root: Path, released: list[str], rebuild: str = "") -> list[list[str]]:
    """The workflow's release step run in `root` with a `gh` that knows the releases `released` and
    records what it is asked; returns its calls, one list of arguments each."""
    fake = root / "bin"
    fake.mkdir(exist_ok=True)
    (fake / "gh").write_text(
        '#!/usr/bin/env bash\nprintf "%s\\n" "$*" >> "$GH_CALLS"\n'
        'if [ "$1 $2" = "release view" ]; then grep -qx "$3" "$GH_RELEASED"; fi\n',
        encoding="utf-8",
    )
    (fake / "gh").chmod(0o755)
    (root / "released").write_text("".join(f"{tag}\n" for tag in released), encoding="utf-8")
    calls = root / "calls"
    calls.write_text("", encoding="utf-8")
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}", "GH_CALLS": str(calls), "GH_RELEASED": str(root / "released"),
           "GH_TOKEN": "not-a-token", "REBUILD": rebuild, "SITE_URL": "https://example.github.io/ssb/", "GITHUB_SHA": "abc123"}
    result = subprocess.run(["bash", "-e", "-c", step(RELEASE_STEP)["run"]], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return [line.split() for line in calls.read_text(encoding="utf-8").splitlines()]


def test_the_release_step_releases_each_new_edition_and_leaves_released_ones(tmp_path):
    for edition in ("2026-01-08", "2026-01-15"):
        folder = releases.folder(tmp_path / "_build", edition)
        folder.mkdir(parents=True)
        for name in (f"ssb-tracker-{edition}-pages.tar.gz", f"ssb-tracker-data-{edition}.zip", f"ssb-tracker-{edition}.pdf"):
            (folder / name).write_bytes(b"x")
    calls = run_release_step(tmp_path, released=["edition-2026-01-08"])
    assert [c[:3] for c in calls] == [["release", "view", "edition-2026-01-08"], ["release", "view", "edition-2026-01-15"],
                                      ["release", "create", "edition-2026-01-15"]]
    create = calls[-1]
    folder = "_build/releases/edition-2026-01-15/"
    assert sorted(a for a in create if a.startswith(folder)) == sorted(
        folder + n for n in ("ssb-tracker-2026-01-15-pages.tar.gz", "ssb-tracker-data-2026-01-15.zip", "ssb-tracker-2026-01-15.pdf"))
    assert create[create.index("--target") + 1] == "abc123"
    assert " ".join(create[create.index("--title") + 1:]).startswith("Edition of 15 January 2026")
    again = run_release_step(tmp_path, released=["edition-2026-01-08", "edition-2026-01-15"])
    assert [c[1] for c in again] == ["view", "view"]  # run again: nothing is released twice
    rebuilt = run_release_step(tmp_path, released=["edition-2026-01-08", "edition-2026-01-15"], rebuild="2026-01-08")
    assert [c[:3] for c in rebuilt if c[1] != "view"] == [["release", "upload", "edition-2026-01-08"]]
    assert "--clobber" in rebuilt[1]


def test_the_release_step_with_no_edition_built_does_nothing(tmp_path):
    assert run_release_step(tmp_path, released=[]) == []
