"""Citing the book: CITATION.cff, "Cite this chapter" on every page, a download of the data behind
every exhibit, the whole dataset and a PDF of each edition."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import bibtexparser
import frictionless
import pandas as pd
from pypdf import PdfReader

from conftest import CHROMIUM_ARGS, ROOT, need_chromium, serving
from ssbook.build import site_url
from ssbook.data import weeks

SPEC = re.compile(r'<script type="application/json" class="ssb-chart-spec">(.*?)</script>', re.DOTALL)
EXHIBIT = re.compile(r'<div class="ssb-exhibit ssb-exhibit-(chart|table)".*?<!--/ssb-exhibit--><p class="ssb-exhibit-links">(.*?)</p>', re.DOTALL)


def cell(value) -> str:
    """A value as pandas writes it into a CSV cell."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def chapter_pages(latest):
    return sorted(p for p in latest.rglob("*.html") if p.name not in ("genindex.html", "search.html") and "_static" not in p.parts)


def test_citation_cff_is_valid():
    cffconvert = Path(sys.executable).with_name("cffconvert")
    result = subprocess.run([cffconvert, "--validate", "-i", ROOT / "CITATION.cff"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_page_cites_its_own_edition_page(built, latest):
    site_url = built.config["site_url"]
    pages = chapter_pages(latest)
    assert len(pages) >= len(built.pages())
    for page in pages:
        markup = page.read_text(encoding="utf-8")
        assert '<section id="cite-this-chapter">' in markup, page
        relative = page.relative_to(built.site).as_posix()
        url = site_url + relative
        assert f'href="{url}"' in markup, f"{page} does not cite {url}"
        assert (built.site / relative).is_file()
        assert "/latest" not in url
        bibtex = html.unescape(re.sub(r"<[^>]+>", "", re.search(r'<pre class="ssb-bibtex">(.*?)</pre>', markup, re.DOTALL).group(1)))
        library = bibtexparser.parse_string(bibtex)
        assert not library.failed_blocks, bibtex
        (entry,) = library.entries
        assert entry.entry_type == "incollection"
        assert entry.fields_dict["url"].value == url
        assert entry.fields_dict["title"].value
        assert latest.name in entry.fields_dict["note"].value


def test_every_exhibit_offers_its_data_and_sources(built, latest):
    exhibits = 0
    dataset = latest / "downloads" / f"ssb-tracker-data-{latest.name}.zip"
    with zipfile.ZipFile(dataset) as bundle:
        records = pd.read_csv(bundle.open(f"ssb-tracker-data-{latest.name}/sources.csv"), dtype=str).set_index("source_id")
    for page in chapter_pages(latest):
        markup = page.read_text(encoding="utf-8")
        for match in EXHIBIT.finditer(markup):
            exhibits += 1
            links = match.group(2)
            csv_href = re.search(r'href="([^"]+\.csv)"', links).group(1)
            sidecar_href = re.search(r'href="([^"]+\.json)"', links).group(1)
            csv_file = (page.parent / csv_href).resolve()
            sidecar = json.loads((page.parent / sidecar_href).resolve().read_text(encoding="utf-8"))
            assert csv_file.is_file(), f"{page}: {csv_href}"
            assert sidecar["edition"] == latest.name
            assert f"/editions/{latest.name}/" in sidecar["page"]
            assert sidecar["source_records"] == {"dataset": f"{site_url(built)}/editions/{latest.name}/downloads/{dataset.name}",
                                                 "file": f"ssb-tracker-data-{latest.name}/sources.csv"}
            assert set(sidecar["sources"]) <= set(records.index)
            for source in re.findall(r'href="#ref-([A-Z]\d+)"', links):
                assert f'id="ref-{source}"' in markup, f"{page}: source {source} not in its references"
                assert source in sidecar["sources"] and html.escape(records.loc[source, "url"]) in markup
    assert exhibits >= 16


def test_chart_csv_holds_the_rows_the_chart_draws(latest):
    checked = 0
    for page in chapter_pages(latest):
        markup = page.read_text(encoding="utf-8")
        for match in EXHIBIT.finditer(markup):
            if match.group(1) != "chart":
                continue
            spec = json.loads(SPEC.search(match.group(0)).group(1))
            tabular = [v for v in spec.get("datasets", {}).values() if isinstance(v, list)]
            href = re.search(r'href="([^"]+\.csv)"', match.group(2)).group(1)
            frame = pd.read_csv(page.parent / href, dtype=str, keep_default_na=False)
            assert len(frame) == sum(len(rows) for rows in tabular), f"{page}: {href}"
            if len(tabular) == 1 and tabular[0]:
                expected = pd.DataFrame(tabular[0])
                scalar = [c for c in expected.columns if not isinstance(expected[c].iloc[0], (dict, list))]
                assert list(frame.columns) == scalar
                for column in scalar:
                    assert frame[column].tolist() == [cell(v) for v in expected[column]], f"{page}: {href}: {column}"
            checked += 1
    assert checked >= 8


def test_edition_dataset_is_the_data_up_to_the_edition(built, latest, tmp_path):
    archive = latest / "downloads" / f"ssb-tracker-data-{latest.name}.zip"
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(tmp_path)
    data = tmp_path / f"ssb-tracker-data-{latest.name}"
    assert frictionless.validate(data / "datapackage.json").valid
    expected = {w for w in weeks(built.data) if w <= latest.name}
    assert set(pd.read_csv(data / "events.csv", dtype=str)["week"]) == expected
    assert not (data / "sources" / "texts").exists()  # the texts are not ours to redistribute
    earliest = built.site / "editions" / weeks(built.data)[0]
    with zipfile.ZipFile(earliest / "downloads" / f"ssb-tracker-data-{earliest.name}.zip") as bundle:
        events = pd.read_csv(bundle.open(f"ssb-tracker-data-{earliest.name}/events.csv"), dtype=str)
    assert set(events["week"]) == {earliest.name}


def test_edition_dataset_of_a_week_without_the_tables_added_since(project, tmp_path):
    """A week from before `claim_checks` and `promises` existed has neither file; its edition's dataset
    holds the tables it has."""
    from ssbook.build import _write_dataset
    from ssbook.data import ADDED_TABLES, resource_path

    first = weeks(project.data)[0]
    descriptor = project.data / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    gone = {resource_path(table, first) for table in ADDED_TABLES}
    package["resources"] = [r for r in package["resources"] if r["path"] not in gone]
    descriptor.write_text(json.dumps(package, indent=2), encoding="utf-8")
    for path in gone:
        (project.data / path).unlink()
    target = tmp_path / "dataset.zip"
    _write_dataset(project, first, target)
    with zipfile.ZipFile(target) as bundle:
        names = bundle.namelist()
        package = json.loads(bundle.read(f"ssb-tracker-data-{first}/datapackage.json"))
    assert f"ssb-tracker-data-{first}/events.csv" in names
    assert not any(name.endswith(tuple(f"/{table}.csv" for table in ADDED_TABLES)) for name in names)
    assert not [r for r in package["resources"] if r["name"] in ADDED_TABLES]


def test_edition_pdf_has_every_chapter(built, latest):
    pdf = latest / "downloads" / f"ssb-tracker-{latest.name}.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) >= len(built.pages())
    text = " ".join(page.extract_text() or "" for page in reader.pages[:60])
    for title in ("Materials", "Vehicles", "Projects", "Forecasts"):
        assert title in text
    home = (latest / "index.html").read_text(encoding="utf-8")
    assert f'href="downloads/ssb-tracker-{latest.name}.pdf"' in home


def test_edition_pdf_links_to_the_editions_own_pages(built, latest):
    """Links between the PDF's pages lead to the edition's permanent pages, never to the build's folder."""
    base = f"{built.config['site_url'].rstrip('/')}/editions/{latest.name}/"
    uris = [
        str(annotation.get_object()["/A"]["/URI"])
        for page in PdfReader(latest / "downloads" / f"ssb-tracker-{latest.name}.pdf").pages
        for annotation in page.get("/Annots") or []
        if "/URI" in (annotation.get_object().get("/A") or {})
    ]
    assert not [u for u in uris if u.startswith("file:")]
    assert f"{base}materials.html" in {u.split("#")[0] for u in uris}


def test_exhibits_have_stable_labels(latest):
    materials = (latest / "materials.html").read_text(encoding="utf-8")
    labels = re.findall(r'<figure[^>]*id="((?:fig|tbl)-[a-z0-9-]+)"', materials)
    assert len(labels) >= 3
    assert all(f"downloads/materials/{label}.csv" in materials for label in labels)


def test_bibtex_has_a_copy_button_and_the_access_date(built, latest):
    """In a browser: the BibTeX block gets sphinx-copybutton's button, and the reader's access date."""
    from datetime import datetime, timezone

    from playwright.sync_api import sync_playwright

    chromium = need_chromium()
    with serving(built.site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{url}editions/{latest.name}/materials.html", wait_until="networkidle")
        buttons = page.locator("#cite-this-chapter button.copybtn").count()
        accessed = page.locator("#cite-this-chapter .ssb-accessed").all_inner_texts()
        browser.close()
    assert buttons == 1
    assert accessed and set(accessed) == {datetime.now(timezone.utc).date().isoformat()}  # the script's toISOString is UTC
