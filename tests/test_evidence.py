"""The evidence archive: each source's text in data/sources/texts, unchanged since it was archived, and
every quote found in its source's text by `ssbook validate`."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, archived
from ssbook import evidence, history
from ssbook.data import weeks
from ssbook.evidence import closest_passage, decoded, hint, normalised, url_key
from ssbook.validate import validate

WEEK = "weeks/2026-01-08"
S0_TEXT = "000_9ac2a55a2b8af703.txt"


def rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_rows(path, table):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)


def edit(path, where: dict, **cells) -> int:
    """Set `cells` in the first row of `path` matching `where`; return its line."""
    table = rows(path)
    header = table[0]
    for line, row in enumerate(table[1:], start=2):
        if all(row[header.index(k)] == v for k, v in where.items()):
            for column, value in cells.items():
                row[header.index(column)] = value
            write_rows(path, table)
            return line
    raise AssertionError(f"no row of {path} with {where}")


def cell(path, line: int, column: str) -> str:
    table = rows(path)
    return table[line - 1][table[0].index(column)]


def found(data_dir) -> list[str]:
    return [str(p) for p in validate(data_dir)]


def source_line(data_dir, source_id: str) -> int:
    return next(i for i, r in enumerate(rows(data_dir / "sources.csv"), 1) if r[0] == source_id)


# The pieces: normalisation, the closest passage, URLs, decoding.

@pytest.mark.parametrize("quote, text", [
    ("rose 5%", "rose\u00a05%"),  # no-break space
    ("rose 5%", "rose\u202f5%"),  # narrow no-break space
    ("rose 5%", "rose \n\t 5%"),  # a line break and spaces
    ("the \"first\" line", "the \u201cfirst\u201d line"),  # curly double quotes
    ("Hongqi's pack", "Hongqi\u2019s pack"),  # curly apostrophe
    ("2024-2030", "2024\u20132030"),  # en dash
    ("a - b", "a \u2014 b"),  # em dash
    ("-30 °C", "\u221230 °C"),  # minus sign
    ("solidstate", "solid\u00adstate"),  # a soft hyphen dropped
    ("solid state", "solid\u200b state"),  # a zero-width space dropped
    ("红旗全固态电池", "红旗全固\n态电池"),  # a line break between Chinese characters is no space
    ("Café", "Cafe\u0301"),  # the same letter, composed or not
])
def test_normalised_quote_is_found(quote, text):
    assert normalised(quote) in normalised(text)


@pytest.mark.parametrize("quote, text", [
    ("rose 5%", "rose 6%"),
    ("Canmax", "canmax"),  # case is kept
    ("rose5%", "rose 5%"),  # a space between Latin words stays
    ("red car", "redcar"),
])
def test_normalised_keeps_what_differs(quote, text):
    assert normalised(quote) not in normalised(text)


def test_normalised_text_is_one_line_without_edges():
    assert normalised("  a\r\n\r\nb\u200bc  ") == "a bc"


def test_closest_passage_is_the_text_the_quote_misremembers():
    text = normalised("Prices fell this week. GEM confirmed it has shipped tonne-level quantities of cathode. Yahua did not.")
    assert closest_passage("GEM confirmed it shipped tonne-level quantities", text) == (
        "GEM confirmed it has shipped tonne-level quantities")


def test_closest_passage_is_whole_words():
    text = normalised(" ".join(f"word{i}" for i in range(500)))
    passage = closest_passage("word250 word251 wrd252 word253", text)
    assert passage.split() == ["word250", "word251", "word252", "word253"]


def test_hint_says_where_a_quote_parts_from_the_text():
    text = normalised("Market deals ranged from tens to hundreds of kilograms, with an average price of 2,050 yuan/kg. Next.")
    assert hint("with an average price of 2.050 yuan/kg.", text) == (
        'the closest passage parts from it after "with an average price of 2": the text has ",050 yuan/kg.", the quote ".050 yuan/kg."')
    long = "Market deals ranged from tens to hundreds of kilograms, with an average price of 2.050 yuan/kg."
    assert hint(long, text).startswith('the closest passage parts from it after "…kilograms, with an average price of 2": ')


def test_hint_when_the_text_ends_first():
    text = normalised("Many other words come first in this long text. The pack was installed")
    assert hint("The pack was installed on 31 December", text) == (
        'the closest passage parts from it after "The pack was installed": the text ends, the quote " on 31 December"')
    assert hint("the short text and more", normalised("Here is the short text")) == 'its closest passage: "Here is the short text"'




def test_hint_shows_the_passage_when_they_differ_from_the_start():
    text = normalised(" ".join(f"word{i}" for i in range(500)))
    found = hint("wrd250 word251 " * 30, text)
    assert found.startswith('its closest passage: "word') and found.endswith(' …"')
    assert len(found) <= len('its closest passage: ""') + evidence.HINT_LENGTH + 2


def test_closest_passage_of_a_quote_longer_than_the_text():
    assert closest_passage("the short text and much more besides that it never said", "the short text") == "the short text"


def test_closest_passage_of_nothing():
    assert closest_passage("", "some text") == ""
    assert closest_passage("quote", "") == ""


@pytest.mark.parametrize("a, b", [
    ("https://example.org/a/", "https://example.org/a"),
    ("HTTPS://Example.ORG/a", "https://example.org/a"),
    ("https://example.org/", "https://example.org"),
])
def test_one_url_however_written(a, b):
    assert url_key(a) == url_key(b)


@pytest.mark.parametrize("a, b", [
    ("https://example.org/A", "https://example.org/a"),  # a path's case matters
    ("https://example.org/a?id=1", "https://example.org/a?id=2"),
    ("http://example.org/a", "https://example.org/a"),
])
def test_different_urls(a, b):
    assert url_key(a) != url_key(b)


def test_decoded_accepts_utf8_with_or_without_bom():
    assert decoded("红旗 text".encode()) == "红旗 text"
    assert decoded(b"\xef\xbb\xbftext") == "text"


@pytest.mark.parametrize("raw, says", [
    ("line one\n红旗".encode("gbk"), "not UTF-8 (byte 0xba on line 2); it looks like GBK/GB18030"),
    ("café".encode("cp1252"), "not UTF-8 (byte 0xe9 on line 1); it looks like Windows-1252"),
    (b"%PDF-1.4\x00\x01\x02", "has NUL bytes"),
    (b"", "empty"),
    (b" \n\n ", "empty"),
])
def test_decoded_refuses_what_is_not_a_text(raw, says):
    with pytest.raises(ValueError, match=says.replace("(", r"\(").replace(")", r"\)")):
        decoded(raw)


def test_sha256_is_of_the_bytes():
    assert evidence.sha256(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


# The checks of `ssbook validate`, on copies of the shipped data.

def test_the_shipped_archive_is_complete_and_matches(data_dir):
    sources = list(csv.DictReader(open(data_dir / "sources.csv", encoding="utf-8")))
    assert sorted(p.name for p in evidence.archive_dir(data_dir).iterdir()) == sorted(s["file"] for s in sources)
    for source in sources:
        raw = (evidence.archive_dir(data_dir) / source["file"]).read_bytes()
        assert evidence.sha256(raw) == source["sha256"], source["source_id"]
        assert decoded(raw)
    assert found(data_dir) == []


def test_one_character_changed_in_an_archived_text_names_the_source(data_dir):
    path = evidence.archive_dir(data_dir) / S0_TEXT
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Canmax", "Canmux", 1), encoding="utf-8")
    line = source_line(data_dir, "S0")
    assert any(m.startswith(f"data/sources.csv:{line}:sha256: S0's text data/sources/texts/{S0_TEXT} has changed since it was archived")
               for m in found(data_dir)), found(data_dir)


def test_one_character_changed_in_a_quote_names_the_row(data_dir):
    events = data_dir / WEEK / "events.csv"
    line = 2
    quote = cell(events, line, "quote")
    edit(events, {"quote": quote}, quote=quote.replace("shipped", "shipp3d"))
    messages = found(data_dir)
    assert any(m.startswith(f"data/{WEEK}/events.csv:{line}:quote: not in S0's text data/sources/texts/{S0_TEXT}; "
                            "the closest passage parts from it after \"GEM confirmed it has shipp\": the text has \"ed tonne-level")
               for m in messages), messages
    assert len(messages) == 1


def test_a_quote_with_other_spaces_quotes_and_dashes_is_found(data_dir):
    events = data_dir / WEEK / "events.csv"
    quote = cell(events, 2, "quote")
    assert "GEM confirmed it has shipped" in quote
    edit(events, {"quote": quote}, quote=quote.replace(" ", "\u00a0", 2).replace("it has", "it\n  has").replace("-", "\u2013"))
    assert found(data_dir) == []


def test_a_quote_of_a_vehicle_row_is_checked(data_dir):
    line = edit(data_dir / "vehicles.csv", {"vehicle_id": "verge-ts-pro"}, quote="Finland's Donut Lab launched nothing")
    assert any(m.startswith(f"data/vehicles.csv:{line}:quote: not in S0's text") for m in found(data_dir))


def test_a_quote_in_another_sources_text_is_not_enough(data_dir):
    events = data_dir / WEEK / "events.csv"
    quote = cell(events, 2, "quote")
    text = evidence.archive_dir(data_dir) / S0_TEXT
    assert normalised(quote) in normalised(text.read_text(encoding="utf-8"))
    sources = data_dir / "sources.csv"
    other = next(r for r in csv.DictReader(open(sources, encoding="utf-8")) if r["published"] == "2026-01-08" and r["source_id"] != "S0")
    edit(events, {"quote": quote}, source_id=other["source_id"])
    assert any(m.startswith(f"data/{WEEK}/events.csv:2:quote: not in {other['source_id']}'s text") for m in found(data_dir))


@pytest.mark.parametrize("folder", [False, True])
def test_a_missing_text_names_its_source(data_dir, folder):
    (evidence.archive_dir(data_dir) / S0_TEXT).unlink()
    if folder:
        (evidence.archive_dir(data_dir) / S0_TEXT).mkdir()
    line = source_line(data_dir, "S0")
    what = "is a folder" if folder else "is not in the archive"
    assert found(data_dir)[0].startswith(f"data/sources.csv:{line}:file: S0's text data/sources/texts/{S0_TEXT} {what}: restore it")
    assert not any(m.startswith(f"data/{WEEK}/") for m in found(data_dir))  # its quotes are not checked against nothing


def test_a_missing_archive_is_one_problem(data_dir):
    shutil.rmtree(evidence.archive_dir(data_dir))
    assert found(data_dir) == ["data/sources/texts: missing: the archive of the sources' texts (one UTF-8 file per source; "
                               "ssbook add-source puts them there)"]


def test_a_file_no_source_names_is_reported(data_dir):
    folder = evidence.archive_dir(data_dir)
    (folder / "stray.txt").write_text("An article nobody added.", encoding="utf-8")
    (folder / "old").mkdir()
    (folder / ".gitkeep").write_text("", encoding="utf-8")  # hidden files are not texts
    assert found(data_dir) == [
        "data/sources/texts/old: a folder: the archive holds one text file per source",
        "data/sources/texts/stray.txt: not the text of any source in sources.csv: add its row with ssbook add-source, or delete the file",
    ]


def test_a_source_row_with_a_bad_cell_still_names_its_file(data_dir):
    line = edit(data_dir / "sources.csv", {"source_id": "C15"}, grade="E")
    assert found(data_dir) == [f"data/sources.csv:{line}:grade: constraint error: 'E' is not an allowed value (A, B, C)"]


@pytest.mark.parametrize("column, says", [
    ("file", "data/sources/texts/{file} is already the text of S1 (line {first}): one file is one source's text"),
    ("url", "the same URL as S1's (line {first}): one URL is one source"),
    ("sha256", "the same text as S1's (line {first}): one text is one source"),
])
def test_one_source_per_file_text_and_url(data_dir, column, says):
    sources = data_dir / "sources.csv"
    first = source_line(data_dir, "S1")
    s1 = dict(zip(rows(sources)[0], rows(sources)[first - 1]))
    value = s1[column] + "/" if column == "url" else s1[column]
    line = edit(sources, {"source_id": "C15"}, **{column: value})
    assert any(m.startswith(f"data/sources.csv:{line}:{column}: " + says.format(file=s1["file"], first=first)) for m in found(data_dir)), found(data_dir)


@pytest.mark.parametrize("raw, says", [
    ("红旗".encode("gbk"), "not UTF-8 (byte 0xba on line 1); it looks like GBK/GB18030 (Chinese Windows) text: save it as UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "has NUL bytes (character 0): not a text file"),
])
def test_an_archived_file_that_is_not_text_is_named(data_dir, raw, says):
    source = archived(data_dir, {"source_id": "T1", "publisher": "TEST", "title": "t", "url": "https://example.org/t",
                                 "published": "2026-01-08", "published_note": "", "grade": "B", "language": "en", "file": "t.txt"})
    (evidence.archive_dir(data_dir) / "t.txt").write_bytes(raw)
    source["sha256"] = evidence.sha256(raw)
    with open(data_dir / "sources.csv", "a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, list(source), lineterminator="\n").writerow(source)
    messages = found(data_dir)
    assert len(messages) == 1 and messages[0].startswith(f"data/sources/texts/t.txt: {says}"), messages


def test_validate_through_the_cli_names_the_changed_text(project):
    path = evidence.archive_dir(project.data) / S0_TEXT
    path.write_bytes(path.read_bytes() + b" ")
    result = subprocess.run([sys.executable, "-m", "ssbook.cli", "validate"], cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 1
    assert f"S0's text data/sources/texts/{S0_TEXT} has changed since it was archived" in result.stderr
    assert "Traceback" not in result.stderr


# The sources' own rules: the date rule and the languages.

def test_an_empty_date_needs_a_note_that_says_not_printed(data_dir):
    sources = data_dir / "sources.csv"
    line = edit(sources, {"source_id": "S1"}, published="", published_note="")
    says = f"data/sources.csv:{line}:published_note: published is empty: published_note must start with 'not printed'"
    assert any(m.startswith(says) for m in found(data_dir))
    edit(sources, {"source_id": "S1"}, published_note="the text gives its week only")
    assert any(m.startswith(says) for m in found(data_dir))
    edit(sources, {"source_id": "S1"}, published_note="not printed; the text gives its week only")
    assert not any(m.startswith(f"data/sources.csv:{line}:") for m in found(data_dir))


def test_every_empty_or_inferred_date_of_the_shipped_sources_says_not_printed():
    """The one rule the shipped data follows: a note starting 'not printed' marks an inferred date, or an empty one."""
    sources = list(csv.DictReader(open(ROOT / "data" / "sources.csv", encoding="utf-8")))
    assert all(s["published_note"].startswith("not printed") for s in sources if not s["published"])
    inferred = {s["source_id"] for s in sources if s["published"] and s["published_note"].startswith("not printed")}
    assert {"S8", "P1", "H1", "C9"} <= inferred and not {"S0", "H8", "C12"} & inferred


@pytest.mark.parametrize("code", ["sr", "zh", "en", "de", "it", "ar", "sh"])
def test_any_iso_639_1_language_is_accepted(data_dir, code):
    edit(data_dir / "sources.csv", {"source_id": "S1"}, language=code)
    assert found(data_dir) == []


@pytest.mark.parametrize("code, says", [
    ("xx", "'xx' is not an ISO 639-1 language code (two lower-case letters, e.g. en, zh, sr)"),
    ("iw", "'iw' is a withdrawn code: write he"),
    ("EN", "constraint error: 'EN' is not a language code: two lower-case letters (ISO 639-1, e.g. en)"),
    ("srp", "constraint error: 'srp' is not a language code"),
])
def test_a_language_that_is_not_iso_639_1_is_refused(data_dir, code, says):
    line = edit(data_dir / "sources.csv", {"source_id": "S1"}, language=code)
    assert any(m.startswith(f"data/sources.csv:{line}:language: {says}") for m in found(data_dir)), found(data_dir)


# Published editions recorded before the sha256 column: not "changed since published".

def test_an_edition_recorded_before_the_sha256_column_is_unchanged(data_dir, tmp_path):
    edition = weeks(data_dir)[-1]
    now = history.inputs(data_dir, edition)
    assert "sha256" in now["columns"]["sources.csv"]
    legacy = history.inputs(data_dir, edition, history._columns_before_records(data_dir))
    record = {"edition": edition, "files": legacy["files"], "rows": legacy["rows"]}  # as the editions before it were recorded
    folder = tmp_path / "site" / "editions" / edition
    folder.mkdir(parents=True)
    (folder / history.RECORD).write_text(json.dumps(record), encoding="utf-8")
    assert history.changed_since_published(data_dir, tmp_path / "site", [edition]) == []
    line = edit(data_dir / "sources.csv", {"source_id": "S0"}, title="Retitled")
    assert line and "data/sources.csv (rows S0)" in history.changed_since_published(data_dir, tmp_path / "site", [edition])[0]


def test_a_recorded_sha256_that_changes_is_reported(data_dir, tmp_path):
    edition = weeks(data_dir)[-1]
    folder = tmp_path / "site" / "editions" / edition
    folder.mkdir(parents=True)
    history.write_record(data_dir, edition, folder)
    assert history.changed_since_published(data_dir, tmp_path / "site", [edition]) == []
    edit(data_dir / "sources.csv", {"source_id": "S0"}, sha256="0" * 64)
    assert "data/sources.csv (rows S0)" in history.changed_since_published(data_dir, tmp_path / "site", [edition])[0]


def test_the_edition_dataset_does_not_republish_the_texts(project, tmp_path):
    """The texts are not ours to redistribute: the site links to the publishers' URLs, and an edition's dataset holds
    sources.csv (with each text's name and sha256) but never the texts."""
    import zipfile

    from ssbook.build import _write_dataset

    edition = weeks(project.data)[-1]
    _write_dataset(project, edition, tmp_path / "data.zip")
    names = zipfile.ZipFile(tmp_path / "data.zip").namelist()
    assert f"ssb-tracker-data-{edition}/sources.csv" in names
    assert not [n for n in names if "/sources/texts/" in n or n.endswith(".txt")]
