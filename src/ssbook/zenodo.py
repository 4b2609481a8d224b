"""`.zenodo.json`: what Zenodo records for each GitHub release of an edition (one DOI per edition),
made from CITATION.cff by cffconvert: title, description (the abstract), creators (the authors),
licence and keywords, and the upload type from the CFF `type`. It names no version and no
publication date, so Zenodo takes each release's own: its tag (`edition-YYYY-MM-DD`) and the day it
was published (CITATION.cff's `version` is one edition's). `ssbook zenodo` writes the file; a test
keeps the committed one equal to what CITATION.cff gives."""

from __future__ import annotations

import json
from pathlib import Path

import cffconvert

from .project import load_yaml

NAME = ".zenodo.json"
CITATION = "CITATION.cff"
PER_RELEASE = ("version", "publication_date")  # Zenodo takes them from each release


def metadata(cff: str) -> dict:
    """The Zenodo metadata of the CITATION.cff text `cff`."""
    record = json.loads(cffconvert.Citation(cff).as_zenodo())
    record = {key: value for key, value in record.items() if key not in PER_RELEASE}
    record["upload_type"] = load_yaml(cff).get("type", "software")  # CFF's two types are Zenodo's names too
    return record


def text(cff: str) -> str:
    return json.dumps(metadata(cff), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write(root: Path) -> Path:
    """Write `.zenodo.json` from `CITATION.cff` in the folder `root`; returns the file."""
    target = root / NAME
    target.write_text(text((root / CITATION).read_text(encoding="utf-8")), encoding="utf-8")
    return target
