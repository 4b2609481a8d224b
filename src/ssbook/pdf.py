"""The PDF of an edition: every page printed by headless Chromium (print styles and no scripts, so
charts appear as their static SVG) and joined in book order. The build runs it in a process of its
own: `python -m ssbook.pdf HTML_DIR TARGET TITLE BASE_URL PAGE...` (pages relative to HTML_DIR, without
.html). Links between the edition's pages point at the edition's permanent address (BASE_URL), never
at the folder it was printed from."""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

MARGIN = {"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def chromium() -> str | None:
    """Debian's Chromium (or $SSBOOK_CHROMIUM), if this machine has it."""
    path = os.environ.get("SSBOOK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).is_file() else None


def print_edition(html_dir: Path, target: Path, pages: list[str], title: str, base_url: str) -> None:
    """Print `pages` (in order) into one PDF at `target`; links into `html_dir` lead to `base_url`."""
    from playwright.sync_api import sync_playwright

    writer = PdfWriter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        tab = browser.new_page(java_script_enabled=False)  # print shows each chart's static SVG
        tab.emulate_media(media="print")
        for page in pages:
            tab.goto((html_dir / f"{page}.html").as_uri(), wait_until="load")
            writer.append(PdfReader(io.BytesIO(tab.pdf(format="A4", print_background=True, margin=MARGIN))))
        browser.close()
    _relink(writer, html_dir.resolve().as_uri() + "/", base_url)
    writer.add_metadata({"/Title": title})
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as handle:
        writer.write(handle)


def _relink(writer: PdfWriter, printed_from: str, base_url: str) -> None:
    """Each link to a file of the printed folder becomes the same page at the edition's address."""
    for page in writer.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            uri = str(action.get("/URI", "")) if action else ""
            if uri.startswith(printed_from):
                action[NameObject("/URI")] = TextStringObject(base_url + uri[len(printed_from):])


if __name__ == "__main__":
    html_dir, target, title, base_url, *pages = sys.argv[1:]
    print_edition(Path(html_dir), Path(target), pages, title, base_url)
