"""Loading an edition's tables in a project: parsed once, kept under the digest of the files they come
from, and a file that changed is always read again, even when its size and time stay the same."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from conftest import ROOT
from ssbook.data import load, resource_path, weeks

HOUR_NS = 3600 * 10**9


@pytest.fixture
def project(tmp_path):
    shutil.copy2(ROOT / "book.yml", tmp_path / "book.yml")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def edition_of(project) -> str:
    return weeks(project / "data")[-1]


def set_times(project, ns: int) -> None:
    for path in (project / "data").rglob("*"):
        os.utime(path, ns=(ns, ns))


def rewrite_in_place(path, old: str, new: str) -> None:
    """The same bytes but one word, keeping the file's size and modification time, as a rewrite within
    one tick of the file system's clock would."""
    assert len(old) == len(new)
    status = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size


def quotes(project) -> str:
    return " ".join(load(edition_of(project), project / "data").prices["quote"])


def test_a_file_changed_just_now_is_read_again_though_its_size_and_time_are_the_same(project):
    set_times(project, time.time_ns())  # just edited
    prices = project / "data" / resource_path("prices", edition_of(project))
    assert "declined" in quotes(project)
    rewrite_in_place(prices, "declined", "DECLINED")
    assert "DECLINED" in quotes(project)


def test_settled_files_are_read_once_per_process_until_their_size_or_time_changes(project):
    set_times(project, time.time_ns() - HOUR_NS)  # last edited an hour ago
    prices = project / "data" / resource_path("prices", edition_of(project))
    assert "declined" in quotes(project)
    rewrite_in_place(prices, "declined", "DECLINED")
    assert "DECLINED" not in quotes(project)  # known by size and time: not read again
    os.utime(prices)  # its time moves, as any save moves it
    assert "DECLINED" in quotes(project)
