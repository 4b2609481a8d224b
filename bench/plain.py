"""The same edition as a plain jupyter-book 1.x project, as a user would build it without ssbook:
the notebooks ssbook executed (its parameters injected, its cells tagged), outputs cleared, and
jupyter-book left to execute them itself (`execute_notebooks: force`: a new kernel per notebook,
one after the other, no papermill, no cache)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import yaml

from ssbook.execute import RESET_CELL

EXECUTE = {"execute_notebooks": "force", "timeout": 600, "raise_on_error": True}


def make_book(work: Path, target: Path, data_dir: Path) -> list[str]:
    """Copy ssbook's book source of an edition (`work`) to `target` as a plain jupyter-book project
    reading `data_dir`; returns the pages it will build (relative paths without .html)."""
    shutil.copytree(work, target, ignore=shutil.ignore_patterns("_build"))
    config_path = target / "_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["execute"] = EXECUTE
    config["sphinx"]["config"]["ssbook_data_dir"] = str(data_dir)
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    pages = []
    for path in sorted(target.rglob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        notebook.cells = [cell for cell in notebook.cells if cell.source != RESET_CELL]
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
                for key in ("execution", "papermill"):
                    cell.metadata.pop(key, None)
        nbformat.write(notebook, path)
        pages.append(path.relative_to(target).with_suffix("").as_posix())
    return pages
