"""`ssbook add-source`: a text archived with its hash, the next id in its thread, its row appended;
a text, URL or field sources.csv would refuse is refused with every reason, and nothing is written."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from conftest import digest
from ssbook import evidence
from ssbook.sources import NEW_PUBLISHER, PREFIXES, SourceError, add_source, next_id
from ssbook.validate import validate

GOOD = {"publisher": "Novosti", "title": "Čvrste baterije stižu", "url": "https://example.rs/cvrste-baterije",
        "published": "2026-01-14", "grade": "B", "language": "sr"}


@pytest.fixture
def text(tmp_path):
    path = tmp_path / "novosti_cvrste_baterije.txt"
    path.write_bytes("Čvrste baterije stižu.\r\nKompanija je počela “pilot” proizvodnju – 2026.\r\n".encode())
    return path


def sources(data_dir) -> list[dict]:
    with open(data_dir / "sources.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_a_text_is_archived_and_its_row_appended(data_dir, text):
    before = sources(data_dir)
    row = add_source(data_dir, text, **GOOD)
    assert row["source_id"] == f"{NEW_PUBLISHER}16"  # a new publisher; C15 is the highest C so far
    archived = evidence.archive_dir(data_dir) / text.name
    assert archived.read_bytes() == "Čvrste baterije stižu.\nKompanija je počela “pilot” proizvodnju – 2026.\n".encode()
    assert row["sha256"] == evidence.sha256(archived.read_bytes())
    after = sources(data_dir)
    assert after[:-1] == before and after[-1] == {**row, "published_note": ""}
    assert [str(p) for p in validate(data_dir)] == []


def test_the_file_keeps_its_line_endings(data_dir, text):
    path = data_dir / "sources.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    add_source(data_dir, text, **GOOD)
    raw = path.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") == len(sources(data_dir)) + 1
    assert [str(p) for p in validate(data_dir)] == []


def test_a_file_without_a_last_line_ending_gets_one(data_dir, text):
    path = data_dir / "sources.csv"
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    add_source(data_dir, text, **GOOD)
    assert sources(data_dir)[-1]["publisher"] == "Novosti"
    assert sources(data_dir)[-2]["source_id"] == "C15"


def test_the_id_follows_the_publishers_thread():
    rows = [{"source_id": i, "publisher": p} for i, p in
            [("S0", "SMM"), ("S1", "SMM"), ("P1", "SMM"), ("S7", "SMM"), ("H2", "AutoMundo"), ("C3", "TrendForce"), ("D9", "X")]]
    assert next_id(rows, "SMM") == "S8"
    assert next_id(rows, "AutoMundo") == "H3"
    assert next_id(rows, "Someone new") == "C4"
    assert next_id(rows, "SMM", "P") == "P2"
    assert next_id(rows, "Someone new", "D") == "D10"
    assert next_id([], "Someone new") == f"{NEW_PUBLISHER}1"


def test_an_smm_report_gets_the_next_s(data_dir, text):
    assert add_source(data_dir, text, **{**GOOD, "publisher": "SMM"})["source_id"] == "S11"


def test_every_letter_of_the_scheme_is_in_the_data_dictionary(data_dir):
    import json

    fields = json.loads((data_dir / "schemas" / "sources.json").read_text(encoding="utf-8"))["fields"]
    described = next(f for f in fields if f["name"] == "source_id")["description"]
    for letter, meaning in PREFIXES.items():
        assert f"{letter} {meaning}" in described
    assert f"a new publisher {NEW_PUBLISHER}" in described
    assert {row["source_id"][0] for row in sources(data_dir)} == set(PREFIXES)


@pytest.mark.parametrize("published, note", [("2026", ""), ("2026-01", "not printed; January 2026 by content"),
                                             ("", "not printed; the text gives no date to infer")])
def test_partial_and_empty_dates(data_dir, text, published, note):
    row = add_source(data_dir, text, **{**GOOD, "published": published}, published_note=note)
    assert (row["published"], row["published_note"]) == (published, note)
    assert [str(p) for p in validate(data_dir)] == []


@pytest.mark.parametrize("changes, says", [
    ({"grade": "E"}, "--grade: constraint error: 'E' is not an allowed value (A, B, C)"),
    ({"published": "2026-02-30"}, "--published: constraint error: 2026-02-30 is not a date in the calendar"),
    ({"published": "14/01/2026"}, "--published: constraint error: '14/01/2026' is not a date written YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"published": ""}, "--published-note: with no --published date, the note starts with 'not printed'"),
    ({"published": "", "published_note": "no date"}, "--published-note: with no --published date, the note starts with 'not printed'"),
    ({"url": "javascript:alert(1)"}, "--url: not an http(s) URL"),
    ({"url": "example.org/a"}, "--url: not an http(s) URL"),
    ({"url": "https://news.metal.com/newscontent/103631510/Weekly-Hot-%EF%BC%9A-the-Initial-Implementation-of-Semi-Solid-State-ESS/"},
     "--url: already listed, as S1's: one URL is one source"),
    ({"language": "xx"}, "--language: 'xx' is not an ISO 639-1 language code"),
    ({"language": "iw"}, "--language: 'iw' is a withdrawn code: write he"),
    ({"title": ""}, "--title: constraint error: a value is required"),
    ({"publisher": "SMM "}, "--publisher: 'SMM␠' ends with a space: delete it"),
    ({"prefix": "Q"}, "--prefix 'Q' is not a thread; one of: S SMM's"),
])
def test_a_bad_argument_is_refused_and_nothing_is_written(data_dir, text, changes, says):
    before = digest(data_dir)
    with pytest.raises(SourceError) as refused:
        add_source(data_dir, text, **{**GOOD, **changes})
    assert any(line.strip().startswith(says) for line in str(refused.value).splitlines()), str(refused.value)
    assert digest(data_dir) == before


def test_a_text_already_archived_is_refused(data_dir, tmp_path):
    copy = tmp_path / "smm_again.txt"
    copy.write_bytes((evidence.archive_dir(data_dir) / "smm_weeklyhot_2025-11-20.txt").read_bytes())
    before = digest(data_dir)
    with pytest.raises(SourceError, match=r"this text is already archived, as S1's \(smm_weeklyhot_2025-11-20.txt\)"):
        add_source(data_dir, copy, **GOOD)
    assert digest(data_dir) == before


def test_a_name_already_in_the_archive_is_refused(data_dir, tmp_path):
    other = tmp_path / "smm_weeklyhot_2025-11-20.txt"
    other.write_text("Another text under the same name.", encoding="utf-8")
    with pytest.raises(SourceError, match="data/sources/texts/smm_weeklyhot_2025-11-20.txt already exists: rename the file"):
        add_source(data_dir, other, **GOOD)


@pytest.mark.parametrize("name, raw, says", [
    ("gbk.txt", "红旗全固态电池".encode("gbk"), "not UTF-8 (byte 0xba on line 1); it looks like GBK/GB18030 (Chinese Windows) text"),
    ("page.txt", b"\x89PNG\r\n\x1a\n\x00", "has NUL bytes"),
    ("empty.txt", b"\n \n", "empty: an archived text holds the article's text"),
    ("article.html", b"<p>An article</p>", "the text's file name: constraint error: 'article.html' is not a file name in data/sources/texts"),
    ("my article.txt", b"An article", "the text's file name: constraint error: 'my article.txt' is not a file name"),
])
def test_a_file_that_is_not_a_text_is_refused(data_dir, tmp_path, name, raw, says):
    path = tmp_path / name
    path.write_bytes(raw)
    before = digest(data_dir)
    with pytest.raises(SourceError, match=says.replace("(", r"\(").replace(")", r"\)")):
        add_source(data_dir, path, **GOOD)
    assert digest(data_dir) == before


def test_the_cli_adds_a_source_and_validate_accepts_it(project, text):
    command = [sys.executable, "-m", "ssbook.cli", "add-source", str(text), "--publisher", "Novosti", "--title", "Čvrste baterije",
               "--url", "https://example.rs/a", "--published", "2026-01", "--published-note", "not printed; January 2026 by content",
               "--grade", "C", "--language", "sr"]
    result = subprocess.run(command, cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"added C16: data/sources/texts/{text.name} (sha256 ")
    again = subprocess.run(command, cwd=project.root, capture_output=True, text=True)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert again.stderr.startswith("ssbook add-source: nothing was added:\n  ")
    assert "--url: already listed, as C16's" in again.stderr
    valid = subprocess.run([sys.executable, "-m", "ssbook.cli", "validate"], cwd=project.root, capture_output=True, text=True)
    assert valid.returncode == 0, valid.stderr


def test_the_cli_refuses_a_missing_file(project, tmp_path):
    result = subprocess.run([sys.executable, "-m", "ssbook.cli", "add-source", str(tmp_path / "none.txt"), "--publisher", "X",
                             "--title", "T", "--url", "https://example.org/x", "--published", "2026", "--grade", "B"],
                            cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "none.txt: cannot be read: No such file or directory" in result.stderr
