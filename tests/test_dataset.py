"""An edition's dataset (ssbook.dataset, written by the build): a valid Frictionless data package of every row of every
week up to the edition, one compressed CSV per table, whatever form the week's files were saved in."""

from __future__ import annotations

import csv
import io
import zipfile

import frictionless

from ssbook import data as d
from ssbook.build import _write_dataset


def rows_of(data_dir, table, included):
    """What the weeks' own files hold, read with the csv module: (week, cells) per row."""
    rows = []
    for week in included:
        path = data_dir / d.resource_path(table, week)
        if path.is_file():
            with open(path, newline="", encoding="utf-8-sig") as handle:
                rows += [[week, *row] for row in list(csv.reader(handle))[1:] if row]
    return rows


def unpack(target, edition):
    with zipfile.ZipFile(target) as archive:
        return {info.filename.removeprefix(f"ssb-tracker-data-{edition}/"): (info, archive.read(info)) for info in archive.infolist()}


def test_each_weekly_table_is_one_csv_of_every_week_up_to_the_edition(project, tmp_path):
    editions = d.weeks(project.data)
    for edition in (editions[0], editions[-1]):
        _write_dataset(project, edition, tmp_path / f"{edition}.zip")
        files = unpack(tmp_path / f"{edition}.zip", edition)
        included = [w for w in editions if w <= edition]
        for table in d.WEEKLY_TABLES:
            if not any((project.data / d.resource_path(table, w)).is_file() for w in included):
                assert f"{table}.csv" not in files
                continue
            header, *rows = list(csv.reader(io.StringIO(files[f"{table}.csv"][1].decode("utf-8"))))
            assert header == ["week", *[f["name"] for f in d.schema(project.data, table)["fields"]]]
            assert rows == rows_of(project.data, table, included), (edition, table)
        for table in d.REFERENCE_TABLES:
            assert files[f"{table}.csv"][1] == (project.data / d.resource_path(table)).read_bytes()
        assert not [name for name in files if name.startswith("weeks/")]


def test_the_dataset_is_a_valid_data_package(project, tmp_path):
    edition = d.weeks(project.data)[-1]
    target = tmp_path / "data.zip"
    _write_dataset(project, edition, target)
    with zipfile.ZipFile(target) as archive:
        archive.extractall(tmp_path)
    report = frictionless.validate(tmp_path / f"ssb-tracker-data-{edition}" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_every_file_is_compressed(project, tmp_path):
    edition = d.weeks(project.data)[-1]
    _write_dataset(project, edition, tmp_path / "data.zip")
    for name, (info, _) in unpack(tmp_path / "data.zip", edition).items():
        assert info.compress_type == zipfile.ZIP_DEFLATED, name
    assert (tmp_path / "data.zip").stat().st_size < sum(info.file_size for info, _ in unpack(tmp_path / "data.zip", edition).values()) / 2


def test_a_week_saved_by_a_spreadsheet_keeps_its_cells(project, tmp_path):
    """A week's file with a byte-order mark, CRLF line endings and a cell spanning lines with quotes
    and commas: the dataset has the same cells, in UTF-8 with LF line endings."""
    edition = d.weeks(project.data)[-1]
    path = project.data / d.resource_path("events", edition)
    with open(path, newline="", encoding="utf-8-sig") as handle:
        header, *rows = list(csv.reader(handle))
    rows[0][header.index("summary")] = 'Line one, "quoted"\r\nline two'
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    _write_dataset(project, edition, tmp_path / "data.zip")
    content = unpack(tmp_path / "data.zip", edition)["events.csv"][1].decode("utf-8")
    assert not content.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(content, newline="")))
    assert [edition, *rows[0]] in table
    assert table[1:] == rows_of(project.data, "events", [w for w in d.weeks(project.data) if w <= edition])
