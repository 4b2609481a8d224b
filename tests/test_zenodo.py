""".zenodo.json: made from CITATION.cff, and the committed file is what CITATION.cff gives today."""

from __future__ import annotations

import json

import yaml

from conftest import ROOT, run_ssbook

from ssbook import zenodo


def test_the_committed_zenodo_json_is_made_from_citation_cff():
    committed = (ROOT / ".zenodo.json").read_text(encoding="utf-8")
    assert committed == zenodo.text((ROOT / "CITATION.cff").read_text(encoding="utf-8")), (
        "CITATION.cff changed: run `ssbook zenodo` and commit .zenodo.json")


def test_zenodo_json_says_what_citation_cff_says():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    record = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert record["title"] == cff["title"]
    assert record["description"] == cff["abstract"]
    assert record["creators"] == [{"name": a["name"]} for a in cff["authors"]]
    assert record["license"] == {"id": cff["license"]}
    assert record["keywords"] == cff["keywords"]
    assert record["upload_type"] == "dataset" == cff["type"]
    assert "version" not in record and "publication_date" not in record  # each release's own: its tag and its day


def test_ssbook_zenodo_writes_the_file_from_an_edited_citation(project):
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8").replace("  - industry research\n", "  - industry research\n  - sulphide electrolytes\n")
    (project.root / "CITATION.cff").write_text(cff.replace('type: dataset', 'type: software'), encoding="utf-8")
    result = run_ssbook(project.root, "zenodo")
    assert result.returncode == 0, result.stderr
    record = json.loads((project.root / ".zenodo.json").read_text(encoding="utf-8"))
    assert record["keywords"][-1] == "sulphide electrolytes" and record["upload_type"] == "software"
