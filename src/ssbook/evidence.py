"""The evidence archive: each source's text in data/sources/texts/, its SHA-256, and every quote found in its text."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from rapidfuzz import fuzz

from .datafiles import Files, encoding_hint

ARCHIVE = "sources/texts"  # inside data/: one UTF-8 text per source, named by its `file`
HINT_LENGTH = 200  # the longest closest passage a message shows
CONTEXT = 40  # characters shown either side of where a quote parts from its closest passage

_SAME = str.maketrans(
    {**dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"), **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
     **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"), **dict.fromkeys("\u00ad\u200b\u2060\ufeff")}
)  # curly quotes straight, every dash a hyphen; soft hyphens, zero-width spaces, word joiners and BOMs dropped
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"  # Chinese, Japanese and Korean characters and full-width forms
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")


def archive_dir(data_dir: Path) -> Path:
    return Path(data_dir) / ARCHIVE


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def decoded(raw: bytes) -> str:
    """An archived text's bytes as text (UTF-8, a byte-order mark allowed); ValueError saying why not."""
    if b"\0" in raw:
        raise ValueError("has NUL bytes (character 0): not a text file; save the article's text as UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ValueError(f"not UTF-8 (byte {raw[error.start]:#04x} on line {line}){encoding_hint(raw, 'UTF-8 text')}") from None
    if not text.strip():
        raise ValueError("empty: an archived text holds the article's text")
    return text


def normalised(text: str) -> str:
    """`text` as quotes are compared with it: canonical Unicode (NFC), curly quotes straight, every dash a
    hyphen, soft hyphens and zero-width spaces dropped, each run of white space (line breaks, no-break and
    other spaces) one space, none between two Chinese or Japanese characters; case and all else kept."""
    text = unicodedata.normalize("NFC", text).translate(_SAME)
    return _SPACES.sub(" ", _SPACE_IN_CJK.sub("", text)).strip()


def closest_passage(quote: str, text: str) -> str:
    """The passage of normalised `text` most like `quote`, in whole words."""
    quote = normalised(quote)
    if not quote or not text:
        return ""
    found = fuzz.partial_ratio_alignment(quote, text)
    start, end = found.dest_start, found.dest_end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip()


def hint(quote: str, text: str) -> str:
    """For a quote not in normalised `text`: where it parts from the closest passage (the words before,
    then what the text and the quote each have), or, when they differ from the start, the passage."""
    quote = normalised(quote)
    passage = closest_passage(quote, text)
    if not passage:
        return ""
    same = len(os.path.commonprefix([quote, passage]))
    if same < CONTEXT // 4:
        return f"its closest passage: \"{_cut(passage, HINT_LENGTH)}\""
    before = quote[:same]
    if len(before) > CONTEXT:
        before = "…" + before[-CONTEXT:].split(" ", 1)[-1]
    has = f"has \"{_cut(passage[same:], CONTEXT)}\"" if passage[same:] else "ends"
    return f"the closest passage parts from it after \"{before}\": the text {has}, the quote \"{_cut(quote[same:], CONTEXT)}\""


def _cut(text: str, length: int) -> str:
    """`text` up to `length` characters, cut after a whole word."""
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + " …"


def url_key(url: str) -> str:
    """A URL as sources are told apart: scheme and host in lower case, no trailing slash."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), parts.query, parts.fragment))


def check(files: Files, report) -> None:
    """The evidence: each source's archived text exists, is UTF-8 and has the sha256 its row records;
    one file, one text and one URL per source; every file in the archive named by a source; every fact
    row's quote in its source's text (`normalised`), or the closest passage as a hint. Each text is
    read once."""
    table = files.tables.get("sources.csv")
    if table is None or "sources.csv" not in files.kinds:
        return  # the sources table itself is reported
    folder = archive_dir(files.data_dir)
    if not folder.is_dir():
        report(ARCHIVE, "missing: the archive of the sources' texts (one UTF-8 file per source; ssbook add-source puts them there)")
        return
    column = [f.name for f in table.schema.fields].index("file")
    named = {cells[column] for _, cells in table.records if len(cells) > column}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name in named:
            continue
        what = "a folder: the archive holds one text file per source" if entry.is_dir() else (
            "not the text of any source in sources.csv: add its row with ssbook add-source, or delete the file")
        report(f"{ARCHIVE}/{entry.name}", what)
    texts = _texts(files, folder, report)
    for path, table in files.tables.items():
        if path not in files.kinds or not {"quote", "source_id"} <= set(table.schema.field_names):
            continue
        for line, row in files.clean.get(path, []):
            source = texts.get(row["source_id"])
            if source and normalised(row["quote"]) not in source[1]:
                found = hint(row["quote"], source[1])
                report(path, f"not in {row['source_id']}'s text data/{ARCHIVE}/{source[0]}{'; ' + found if found else ''}: "
                       "copy the source's words exactly", line, "quote")


def _texts(files: Files, folder: Path, report) -> dict[str, tuple[str, str]]:
    """Each source's archived file name and normalised text, by source_id; what is wrong with a source
    row's file, hash or URL is reported."""
    texts, seen = {}, {"file": {}, "sha256": {}, "url": {}}
    for line, row in files.clean.get("sources.csv", []):
        source, name = row["source_id"], row["file"]
        shown = f"data/{ARCHIVE}/{name}"
        for column, key in (("file", name), ("sha256", row["sha256"]), ("url", url_key(row["url"]))):
            if key in seen[column]:
                other, at = seen[column][key]
                what = {"file": f"{shown} is already the text of {other} (line {at}): one file is one source's text",
                        "sha256": f"the same text as {other}'s (line {at}): one text is one source",
                        "url": f"the same URL as {other}'s (line {at}): one URL is one source"}[column]
                report("sources.csv", what, line, column)
            seen[column].setdefault(key, (source, line))
        file = folder / name
        if not file.is_file():
            what = "is a folder" if file.is_dir() else "is not in the archive"
            report("sources.csv", f"{source}'s text {shown} {what}: restore it (git checkout -- {shown}) or add the source "
                   "again with ssbook add-source", line, "file")
            continue
        try:
            raw = file.read_bytes()
        except OSError as error:
            report(f"{ARCHIVE}/{name}", f"cannot be read: {error.strerror}")
            continue
        if sha256(raw) != row["sha256"]:
            report("sources.csv", f"{source}'s text {shown} has changed since it was archived (its sha256 is now {sha256(raw)}): "
                   f"evidence does not change after the fact; restore the text (git checkout -- {shown}), or archive the new "
                   "text as a new source with ssbook add-source", line, "sha256")
        try:
            texts[source] = (name, normalised(decoded(raw)))
        except ValueError as error:
            report(f"{ARCHIVE}/{name}", str(error))
    return texts
