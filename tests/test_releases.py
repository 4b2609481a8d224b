"""Each edition's release: its pages as a tarball that opens without the site, its dataset and its
PDF, in _build/releases/edition-<date>/; where the pages say the PDF is, with and without a
repository named."""

from __future__ import annotations

import json
import re
import tarfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import CHROMIUM_ARGS, digest, need_chromium, run_ssbook, serving, with_pdf
from test_editions import NEW_WEEK, add_new_week
from test_site_layout import Head

from ssbook import releases
from ssbook.build import site_url
from ssbook.data import weeks

CSS_URL = re.compile(r"""url\(\s*['"]?([^'"()\s]+)""")
SPEC = re.compile(r'<script type="application/json" class="ssb-chart-spec">(.*?)</script>', re.DOTALL)
REPOSITORY = "example-owner/ssb-tracker"
LIVE = ".ssb-chart-live svg.marks, .ssb-chart-live canvas"
SETTLED = f"() => Array.from(document.querySelectorAll('.ssb-chart')).every(f => f.classList.contains('ssb-chart--failed') || f.querySelector('{LIVE}'))"
DRAWN = f"() => Array.from(document.querySelectorAll('.ssb-chart')).map(f => !!f.querySelector('{LIVE}'))"


def unpack(archive: Path, target: Path) -> Path:
    with tarfile.open(archive) as bundle:
        bundle.extractall(target, filter="data")
    (top,) = target.iterdir()
    return top


def spec_urls(node) -> list[str]:
    """Every `url` a chart spec loads its data from."""
    if isinstance(node, dict):
        own = [node["url"]] if isinstance(node.get("url"), str) else []
        return own + [u for value in node.values() for u in spec_urls(value)]
    return [u for value in node for u in spec_urls(value)] if isinstance(node, list) else []


def loads(page: Path) -> list[tuple[Path, str]]:
    """Every file a page loads or links to by a relative address (what it names in src and href,
    its charts' data, what its stylesheets load), with the address; not its link to the site's feed."""
    text = page.read_text(encoding="utf-8")
    head = Head(text)
    feeds = {a["href"] for a in head.links if a.get("rel") == "alternate"}
    found = [(page.parent, a) for a in head.addresses if a not in feeds]
    found += [(page.parent, u) for spec in SPEC.findall(text) for u in spec_urls(json.loads(spec))]
    sheets = [(page.parent / urlsplit(a).path).resolve() for a in head.link("stylesheet") if not urlsplit(a).scheme]
    found += [(sheet.parent, u) for sheet in sheets if sheet.is_file() for u in CSS_URL.findall(sheet.read_text(encoding="utf-8"))]
    return [(base, address) for base, address in found if not urlsplit(address).scheme and not address.startswith(("#", "data:"))]


def test_every_edition_built_has_its_release(built):
    for edition in weeks(built.data):
        folder = built.build / "releases" / f"edition-{edition}"
        downloads = built.site / "editions" / edition / "downloads"
        names = sorted(p.name for p in folder.iterdir())
        expected = [f"ssb-tracker-{edition}-pages.tar.gz", f"ssb-tracker-data-{edition}.zip"]
        if (downloads / f"ssb-tracker-{edition}.pdf").is_file():
            expected.append(f"ssb-tracker-{edition}.pdf")
        assert names == sorted(expected), edition
        for name in expected[1:]:  # no repository named: the dataset and the PDF are the site's own
            assert (folder / name).read_bytes() == (downloads / name).read_bytes(), name


def test_the_tarball_holds_the_edition_as_published_and_opens_on_its_own(built, latest, tmp_path):
    edition = latest.name
    top = unpack(built.build / "releases" / f"edition-{edition}" / f"ssb-tracker-{edition}-pages.tar.gz", tmp_path)
    inside = top / "editions" / edition
    published = sorted(p.relative_to(latest).as_posix() for p in latest.rglob("*") if p.is_file())
    assert sorted(p.relative_to(inside).as_posix() for p in inside.rglob("*") if p.is_file()) == published
    assert all((inside / name).read_bytes() == (latest / name).read_bytes() for name in published)
    pages = sorted(inside.rglob("*.html"))
    problems, checked = [], 0
    for page in pages:
        for base, address in loads(page):
            checked += 1
            target = (base / urlsplit(address).path).resolve()
            if not target.is_file() or not target.is_relative_to(top.resolve()):
                problems.append(f"{page.relative_to(top)}: {address}")
    assert not problems, "\n".join(problems[:20])
    assert checked >= 10 * len(pages)
    assert (top / "_assets").is_dir() and not (top / "latest").exists()
    home = re.search(r'url=([^"]+)"', (top / "index.html").read_text(encoding="utf-8")).group(1)
    assert (top / home).resolve() == (inside / "index.html").resolve()


def test_the_tarball_holds_only_the_assets_its_edition_loads(built, latest, tmp_path):
    top = unpack(built.build / "releases" / f"edition-{latest.name}" / f"ssb-tracker-{latest.name}-pages.tar.gz", tmp_path)
    pages = list((top / "editions").rglob("*.html"))
    used = {(base / urlsplit(a).path).resolve() for page in pages for base, a in loads(page)}
    cards = {image.partition(f"{site_url(built)}/")[2] for page in pages for image in Head(page.read_text(encoding="utf-8")).meta("og:image")}
    used |= {(top / card).resolve() for card in cards}  # the social card, named by its address on the site
    packed = {p.resolve() for p in (top / "_assets").rglob("*") if p.is_file()}
    assert packed == {p for p in used if p.is_relative_to((top / "_assets").resolve())}
    assert len(packed) < len(list((built.site / "_assets").rglob("*.*")))


def test_the_tarball_is_the_same_bytes_each_time(built, latest):
    archive = built.build / "releases" / f"edition-{latest.name}" / f"ssb-tracker-{latest.name}-pages.tar.gz"
    assert releases.tarball(built.site, latest.name) == archive.read_bytes()


def test_the_tarball_draws_every_chart_from_its_own_files(built, latest, tmp_path):
    """Served from the unpacked tarball alone, every page of the edition draws its charts and every
    file it asks for is there (but editions.json, the site's list of editions, which it does without)."""
    from playwright.sync_api import sync_playwright

    chromium = need_chromium()
    top = unpack(built.build / "releases" / f"edition-{latest.name}" / f"ssb-tracker-{latest.name}-pages.tar.gz", tmp_path)
    pages = sorted(p.relative_to(top).as_posix() for p in (top / "editions").rglob("*.html") if p.name not in ("genindex.html", "search.html"))
    missing, undrawn = [], []
    with serving(top) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        tab = browser.new_page()
        tab.on("response", lambda r: missing.append(r.url) if r.status >= 400 and not r.url.endswith("/editions.json") else None)
        tab.on("requestfailed", lambda r: missing.append(r.url) if "ERR_ABORTED" not in (r.failure or "") else None)  # not cut by the next page
        for name in pages:
            tab.goto(url + name, wait_until="networkidle")
            tab.wait_for_function(SETTLED, timeout=20000)
            undrawn += [f"{name} chart {i + 1}" for i, drawn in enumerate(tab.evaluate(DRAWN)) if not drawn]
        browser.close()
    assert not missing, missing[:10]
    assert not undrawn, undrawn


def test_with_a_repository_the_pdf_is_in_the_release_and_the_pages_link_there(published, monkeypatch):
    """With SSBOOK_REPOSITORY set (as the publishing workflow sets it), the new week's edition keeps
    its PDF out of the site, in its release, and every page links to the PDF's address in the
    release and says the release keeps it; the editions published before keep theirs, byte for byte."""
    need_chromium()
    before = digest(published.site / "editions")
    add_new_week(published)
    monkeypatch.setenv("SSBOOK_REPOSITORY", REPOSITORY)
    with with_pdf():
        result = run_ssbook(published.root, "build")
    assert result.returncode == 0, result.stderr
    after = digest(published.site / "editions")
    assert {name: after[name] for name in before} == before
    assert all(f"{e}/downloads/ssb-tracker-{e}.pdf" in before for e in weeks(published.data)[:-1])
    edition = NEW_WEEK
    folder = published.site / "editions" / edition
    pdf = f"ssb-tracker-{edition}.pdf"
    assert not (folder / "downloads" / pdf).exists(), "the PDF is on the site"
    release = published.build / "releases" / f"edition-{edition}"
    assert (release / pdf).read_bytes().startswith(b"%PDF")
    url = f"https://github.com/{REPOSITORY}/releases/download/edition-{edition}/{pdf}"
    tag = f"https://github.com/{REPOSITORY}/releases/tag/edition-{edition}"
    pages = [p for p in folder.rglob("*.html") if p.name not in ("genindex.html", "search.html")]
    for page in pages:
        downloads = re.search(r'<p class="ssb-downloads">(.*?)</p>', page.read_text(encoding="utf-8"), re.DOTALL).group(1)
        assert f'<a href="{url}">the whole edition as PDF</a>' in downloads, page
        assert f'<a href="{tag}">the edition\'s release on GitHub</a> (the PDF is kept there' in downloads, page
    with tarfile.open(release / f"ssb-tracker-{edition}-pages.tar.gz") as bundle:
        assert not [name for name in bundle.getnames() if name.endswith(".pdf")]


def test_without_a_repository_the_pages_link_the_pdf_in_the_editions_downloads(built, latest):
    pdf = latest / "downloads" / f"ssb-tracker-{latest.name}.pdf"
    if not pdf.is_file():
        need_chromium()
    for page in latest.rglob("*.html"):
        if page.name in ("genindex.html", "search.html"):
            continue
        text = page.read_text(encoding="utf-8")
        (href,) = re.findall(r'<a href="([^"]+)">the whole edition as PDF</a>', text)
        assert (page.parent / href).resolve() == pdf.resolve(), page
        assert "release on GitHub" not in text


@pytest.mark.parametrize("value", ["not a repository", "owner/", "https://github.com/owner/name", "a/b/c"])
def test_a_repository_that_is_not_owner_and_name_is_refused(project, monkeypatch, value):
    book = project.root / "book.yml"
    book.write_text(book.read_text(encoding="utf-8").replace("site_url:", f"repository: {json.dumps(value)}\nsite_url:"), encoding="utf-8")
    result = run_ssbook(project.root, "validate")
    assert result.returncode == 1
    assert re.search(r"book\.yml:\d+: `repository`: .* is not a GitHub repository as OWNER/NAME", result.stderr), result.stderr
    book.write_text(book.read_text(encoding="utf-8").replace(f"repository: {json.dumps(value)}\n", ""), encoding="utf-8")
    monkeypatch.setenv("SSBOOK_REPOSITORY", value)
    result = run_ssbook(project.root, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "SSBOOK_REPOSITORY: " in result.stderr and "is not a GitHub repository as OWNER/NAME" in result.stderr, result.stderr
    assert not (project.site / "editions").exists()
    assert "executing" not in result.stdout, "refused only after running the notebooks"
