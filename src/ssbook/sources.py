"""The sources table's own rules (the id scheme, the date rule, the languages) and `ssbook add-source`."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import frictionless

from . import cells, evidence
from . import data as d
from .datafiles import parse_cell

PREFIXES = {  # a source id is the letter of its thread and the next number in it; a number is never reused
    "S": "SMM's solid-state battery reports and texts restating them",
    "P": "price reports",
    "H": "the Hongqi Tiangong 06",
    "D": "Donut Lab's battery and the Verge TS Pro",
    "C": "context from other publishers: standards, classification, market studies, forecasts",
}
NEW_PUBLISHER = "C"  # a publisher already listed gets the letter most of its sources have
NOT_PRINTED = "not printed"  # how published_note starts when neither the text nor its page prints a date

# ISO 639-1: the two-letter language subtags of the IANA registry, without the deprecated ones (below).
LANGUAGES = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es
et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj
kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv
ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl sm sn so sq sr ss st su sv sw ta te tg th
ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split())
DEPRECATED = {"in": "id", "iw": "he", "ji": "yi", "jw": "jv", "mo": "ro"}


class SourceError(Exception):
    """Why `add-source` refused: every reason, one a line."""


def language_problem(code: str) -> str | None:
    """What is wrong with a language code (None if it is an ISO 639-1 code)."""
    if code in LANGUAGES:
        return None
    if code in DEPRECATED:
        return f"{code!r} is a withdrawn code: write {DEPRECATED[code]}"
    guess = cells.did_you_mean(code, sorted(LANGUAGES))
    return f"{cells.shown_cell(code)} is not an ISO 639-1 language code (two lower-case letters, e.g. en, zh, sr){cells.hint_for(code, guess)}"


def next_id(rows: list[dict], publisher: str, prefix: str | None = None) -> str:
    """The id a new source of `publisher` gets: `prefix`, or the letter most of the publisher's sources
    have (NEW_PUBLISHER for a publisher not yet listed), and one more than the highest number with it."""
    if prefix is None:
        letters = Counter(r["source_id"][0] for r in rows if r["publisher"] == publisher and r["source_id"])
        prefix = letters.most_common(1)[0][0] if letters else NEW_PUBLISHER
    numbers = [int(m.group(1)) for r in rows if (m := re.fullmatch(rf"{prefix}([0-9]+)", r["source_id"]))]
    return f"{prefix}{max(numbers, default=0) + 1}"


def add_source(data_dir: Path, text: Path, *, publisher: str, title: str, url: str, published: str, grade: str,
               language: str = "en", published_note: str = "", prefix: str | None = None) -> dict:
    """Archive the text at `text` as data/sources/texts/<its name> and append its row to sources.csv;
    return the row. The text is stored as UTF-8 without a byte-order mark, with LF line endings, and its
    sha256 is taken of those bytes. Refused, with every reason: a text that is not UTF-8 or is empty, a
    name the archive already has, a text already archived (same sha256), a URL already listed, and any
    field sources.csv would refuse."""
    data_dir, text = Path(data_dir), Path(text)
    path = data_dir / d.resource_path("sources")
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        rows = [dict(zip(header, cells_)) for cells_ in reader]
    problems = []
    try:
        content = evidence.decoded(text.read_bytes())
    except OSError as error:
        raise SourceError(f"{text}: cannot be read: {error.strerror}") from None
    except ValueError as error:
        raise SourceError(f"{text}: {error}") from None
    raw = (content.replace("\r\n", "\n").replace("\r", "\n")).encode("utf-8")
    if prefix is not None and prefix not in PREFIXES:
        problems.append(f"--prefix {prefix!r} is not a thread; one of: " + "; ".join(f"{k} {v}" for k, v in PREFIXES.items()))
    row = {
        "source_id": next_id(rows, publisher, prefix if prefix in PREFIXES else None), "publisher": publisher, "title": title,
        "url": url, "published": published, "published_note": published_note, "grade": grade, "language": language,
        "file": text.name, "sha256": evidence.sha256(raw),
    }
    missing = [name for name in row if name not in header]
    if missing:
        raise SourceError(f"data/sources.csv has no column {', '.join(missing)}: run ssbook validate")
    option = {"file": "the text's file name", "source_id": "the id"}
    for field in frictionless.Schema.from_descriptor(d.schema(data_dir, "sources")).fields:
        message, _ = parse_cell(field, row[field.name], False)
        if message:
            problems.append(f"{option.get(field.name, '--' + field.name.replace('_', '-'))}: {message}")
    if not published and not published_note.startswith(NOT_PRINTED):
        problems.append(f"--published-note: with no --published date, the note starts with {NOT_PRINTED!r} and says what is known of the date")
    if language_problem(language):
        problems.append(f"--language: {language_problem(language)}")
    for other in rows:
        if other.get("sha256") == row["sha256"]:
            problems.append(f"{text}: this text is already archived, as {other['source_id']}'s ({other['file']})")
        if other.get("url") and evidence.url_key(other["url"]) == evidence.url_key(url):
            problems.append(f"--url: already listed, as {other['source_id']}'s: one URL is one source")
    target = evidence.archive_dir(data_dir) / text.name
    if target.exists() or any(other.get("file") == text.name for other in rows):
        problems.append(f"{text}: data/{evidence.ARCHIVE}/{text.name} already exists: rename the file")
    if problems:
        raise SourceError("nothing was added:\n" + "\n".join(f"  {p}" for p in problems))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(raw)
    _append(path, header, row)
    return row


def _append(path: Path, header: list[str], row: dict) -> None:
    """One row at the end of a CSV file, with the line endings the file already uses."""
    raw = path.read_bytes()
    ending = next((e for e in ("\r\n", "\n", "\r") if e.encode() in raw), "\n")
    with open(path, "a", newline="", encoding="utf-8") as handle:
        if raw and not raw.endswith(ending.encode()):
            handle.write(ending)
        csv.DictWriter(handle, header, lineterminator=ending).writerow(row)
