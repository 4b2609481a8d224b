"""Shared fixtures: a throw-away copy of the project, and one build of it for the whole session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ssbook.build import build
from ssbook.project import Project

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources" / "texts"
PROJECT_FILES = ("book.yml", "_config.yml", "_toc.yml", "chapters", "data")


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


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Project:
    """The shipped data built into a site, once per test session."""
    project = copy_project(tmp_path_factory.mktemp("built") / "book")
    build(project, log=lambda message: None)
    return project


@pytest.fixture(scope="session")
def latest(built) -> Path:
    from ssbook.data import weeks

    return built.site / "editions" / weeks(built.data)[-1]
