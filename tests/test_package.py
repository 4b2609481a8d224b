"""The ssbook package: every module imports on its own, whichever is imported first (the bench imports
`ssbook.draft` first, the CLI `ssbook.build`), so no import cycle waits for a particular order."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import pytest

import ssbook

MODULES = sorted(f"ssbook.{m.name}" for m in pkgutil.iter_modules(ssbook.__path__) if not m.ispkg)


@pytest.mark.parametrize("module", MODULES)
def test_every_module_imports_first(module):
    kept = {name: sys.modules.pop(name) for name in list(sys.modules) if name == "ssbook" or name.startswith("ssbook.")}
    try:
        importlib.import_module(module)
    finally:
        for name in [n for n in sys.modules if n == "ssbook" or n.startswith("ssbook.")]:
            del sys.modules[name]
        sys.modules.update(kept)
