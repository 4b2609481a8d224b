"""Shared assets (ssbook.assets): static files published once under content-addressed paths, never
rewritten; pages pointed there; what readers never load left out; runs of files bundled."""

from __future__ import annotations

import hashlib
import re

import pytest

from conftest import digest

from ssbook import assets


def write(folder, files: dict[str, str | bytes]):
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return folder


@pytest.fixture
def places(tmp_path):
    site, staging = tmp_path / "site", tmp_path / "staging"
    site.mkdir()
    staging.mkdir()
    return site, staging


STATIC = {
    "basic.css": "p { background: url(file.png); }\n",
    "file.png": b"\x89PNG fake",
    "styles/theme.css": '@import "../basic.css";\nbody { color: red; }\n/*# sourceMappingURL=theme.css.map */',
    "styles/theme.css.map": "{}",
    "styles/fonts.css": "@font-face { src: url(../vendor/fa/webfonts/fa.woff2) format('woff2'), url('data:font/woff2;base64,AA'); }",
    "vendor/fa/webfonts/fa.woff2": b"woff2",
    "scripts/fontawesome.js": "huge();",
    "locales/de/LC_MESSAGES/sphinx.js": "x",
    "sphinx-thebe.js": "thebe();",
    "a.js": "var a = 1;\n//# sourceMappingURL=a.js.map",
    "b.js": "var b = a + 1;",
}


def test_each_file_is_published_under_the_hash_of_its_content(tmp_path, places):
    site, staging = places
    addresses = assets.share(write(tmp_path / "static", STATIC), site, staging)
    for name, address in addresses.items():
        key, base = address.split("/")
        content = (site / "_assets" / address).read_bytes()
        assert hashlib.sha256(content).hexdigest()[:16] == key
        assert base == name.rsplit("/", 1)[-1]
    assert (site / "_assets" / addresses["a.js"]).read_bytes() == b"var a = 1;"  # no source-map comment
    assert not list(staging.rglob("*.*"))


def test_what_readers_never_load_is_left_out(tmp_path, places):
    addresses = assets.share(write(tmp_path / "static", STATIC), *places)
    assert sorted(addresses) == ["a.js", "b.js", "basic.css", "file.png", "styles/fonts.css", "styles/theme.css", "vendor/fa/webfonts/fa.woff2"]
    published = [p.name for p in (places[0] / "_assets").rglob("*") if p.is_file()]
    assert not [n for n in published if n.endswith(".map") or "thebe" in n or n == "fontawesome.js" or n == "sphinx.js"]


def test_stylesheets_load_the_published_files(tmp_path, places):
    site, _ = places
    addresses = assets.share(write(tmp_path / "static", STATIC), *places)
    theme = (site / "_assets" / addresses["styles/theme.css"]).read_text()
    assert theme.startswith(f'@import "../{addresses["basic.css"]}";')
    assert "sourceMappingURL" not in theme
    assert f"url(../{addresses['file.png']})" in (site / "_assets" / addresses["basic.css"]).read_text()
    fonts = (site / "_assets" / addresses["styles/fonts.css"]).read_text()
    assert f"url(../{addresses['vendor/fa/webfonts/fa.woff2']})" in fonts and "url('data:font/woff2;base64,AA')" in fonts
    for sheet in ("basic.css", "styles/theme.css", "styles/fonts.css"):  # every address resolves from the sheet's folder
        folder = (site / "_assets" / addresses[sheet]).parent
        for reference in re.findall(r"""(?:url\(|@import ")['"]?(\.\./[^'")]+)""", (folder / addresses[sheet].split("/")[1]).read_text()):
            assert (folder / reference).resolve().is_file(), reference


def test_a_changed_file_gets_a_new_address_and_the_old_one_stays(tmp_path, places):
    site, staging = places
    first = assets.share(write(tmp_path / "one", STATIC), site, staging)
    before = digest(site)
    files = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}
    second = assets.share(write(tmp_path / "two", {**STATIC, "file.png": b"\x89PNG another"}), site, staging)
    after = digest(site)
    assert {name: after[name] for name in before} == before  # nothing published is changed or deleted
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in files} == files  # nor written again
    assert second["file.png"] != first["file.png"]
    assert second["basic.css"] != first["basic.css"]  # it loads the new image, so it is new too
    assert second["styles/theme.css"] != first["styles/theme.css"]  # it imports the new basic.css
    assert second["a.js"] == first["a.js"]
    assert set(after) - set(before) == {f"_assets/{second[n]}" for n in ("file.png", "basic.css", "styles/theme.css")}


def test_the_same_content_under_two_names_shares_a_folder(tmp_path, places):
    site, _ = places
    addresses = assets.share(write(tmp_path / "static", {"x.js": "same", "y.js": "same"}), *places)
    assert addresses["x.js"].split("/")[0] == addresses["y.js"].split("/")[0]
    assert (site / "_assets" / addresses["x.js"]).is_file() and (site / "_assets" / addresses["y.js"]).is_file()


def test_a_stylesheet_naming_a_missing_file_is_refused(tmp_path, places):
    with pytest.raises(assets.AssetError, match=r"_static/basic.css loads nothere.png"):
        assets.share(write(tmp_path / "static", {"basic.css": "a { background: url(nothere.png) }"}), *places)


PAGE = """<html><head>
<link href="{up}_static/styles/theme.css?digest=1" rel="stylesheet" />
<link rel="stylesheet" type="text/css" href="{up}_static/styles/fonts.css?v=2" />
<script defer src="{up}_static/scripts/fontawesome.js?digest=1"></script>
<script src="{up}_static/a.js?v=1"></script>
<script src="{up}_static/b.js?v=1"></script>
<script>inline();</script>
<script async="async" src="{up}_static/sphinx-thebe.js?v=1"></script>
<link rel="stylesheet" type="text/css" href="{up}_static/sphinx-thebe.css" />
<meta property="og:image" content="https://example.org/book/editions/2026-01-08/_static/file.png">
</head><body><img src="{up}_static/file.png"></body></html>
"""


@pytest.fixture
def pointed(tmp_path, places):
    site, staging = places
    addresses = assets.share(write(tmp_path / "static", STATIC), site, staging)
    edition = site / "editions" / "2026-01-08"
    write(edition, {"index.html": PAGE.format(up=""), "vehicles/one.html": PAGE.format(up="../")})
    assets.point_pages(edition, addresses, site, staging)
    return site, edition, addresses


def test_pages_point_at_the_shared_assets_by_relative_addresses(pointed):
    site, edition, addresses = pointed
    for page in ("index.html", "vehicles/one.html"):
        text = (edition / page).read_text()
        assert "_static" not in text
        for reference in re.findall(r'(?:src|href)="([^"]+)"', text):
            assert not reference.startswith(("/", "http")), reference
            assert ((edition / page).parent / reference.split("?")[0]).resolve().is_file(), (page, reference)
    assert '<img src="../../../_assets/' + addresses["file.png"] + '">' in (edition / "vehicles/one.html").read_text()


def test_an_absolute_address_leads_to_the_shared_asset(pointed):
    site, edition, addresses = pointed
    assert f'content="https://example.org/book/_assets/{addresses["file.png"]}"' in (edition / "index.html").read_text()


def test_tags_of_files_left_out_go(pointed):
    text = (pointed[1] / "index.html").read_text()
    assert "fontawesome" not in text and "thebe" not in text
    assert "<script>inline();</script>" in text


def test_runs_of_scripts_and_stylesheets_become_one_bundle_each(pointed):
    site, edition, addresses = pointed
    text = (edition / "index.html").read_text()
    scripts = re.findall(r'<script src="([^"]+)"></script>', text)
    sheets = re.findall(r'<link rel="stylesheet" type="text/css" href="([^"]+)" />', text)
    assert len(scripts) == 1 and scripts[0].endswith("/bundle.js")
    assert (edition / scripts[0]).read_text() == "var a = 1;\n;\nvar b = a + 1;"
    assert len(sheets) == 1 and sheets[0].endswith("/bundle.css")
    bundled = (edition / sheets[0]).read_text()
    assert "@import" not in bundled
    assert bundled.index("background: url(") < bundled.index("body { color: red; }") < bundled.index("@font-face")
    for reference in re.findall(r"url\((\.\./[^)]+)\)", bundled):
        assert ((edition / sheets[0]).parent / reference).resolve().is_file()


def test_a_page_naming_a_missing_static_file_is_refused(tmp_path, places):
    site, staging = places
    edition = write(site / "editions" / "2026-01-08", {"index.html": '<script src="_static/gone.js"></script>'})
    with pytest.raises(assets.AssetError, match="index.html loads _static/gone.js"):
        assets.point_pages(edition, {}, site, staging)


def test_a_large_script_stays_a_file_of_its_own(tmp_path, places):
    site, staging = places
    files = {"a.js": "var a;", "c.js": "var c;", "big.js": "//" + "x" * assets.ALONE, "b.js": "var b;"}
    addresses = assets.share(write(tmp_path / "static", files), site, staging)
    edition = write(site / "editions" / "2026-01-08", {"index.html": "".join(f'<script src="_static/{n}"></script>\n' for n in files)})
    assets.point_pages(edition, addresses, site, staging)
    scripts = re.findall(r'<script src="([^"]+)"></script>', (edition / "index.html").read_text())
    assert [s.rsplit("/", 1)[1] for s in scripts] == ["bundle.js", "big.js", "b.js"]
    assert (edition / scripts[0]).read_text() == "var a;\n;\nvar c;"
    assert scripts[1] == f"../../_assets/{addresses['big.js']}"
