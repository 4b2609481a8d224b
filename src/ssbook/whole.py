"""Writing a kept file whole or not at all: the caches that kernels and builds side by side share."""

from __future__ import annotations

import os
from pathlib import Path


def write_whole(path: Path, data: bytes) -> None:
    """`data` into `path`, by way of a file of this process's own beside it renamed over it, so no
    reader (another kernel, another build) ever sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)
