"""What chapter notebooks use to put numbers, tables and charts into their prose, and to cite
their sources (`References`).

Everything a page shows from the data goes through `glue`, so each number in a sentence,
each table and each figure comes from `data/` when the notebook runs. Text from the data is
escaped: it is shown, never interpreted as HTML or MyST.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pandas as pd
from IPython.display import HTML, Markdown
from myst_nb import glue

from .charts import chart_html, spec

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$^:])")


def text(value: object) -> str:
    """Data text made safe inside MyST markdown: on one line (a line break in a cell would end a
    paragraph or list item, or start a heading), HTML escaped, markdown syntax neutralised."""
    escaped = html.escape(" ".join(str(value).split()), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def number(value: float, digits: int = 15) -> str:
    """1120000000 -> '1,120,000,000'; 614.1 -> '614.1'; 1e-12 -> '0.000000000001'; empty -> '–'.
    Up to `digits` significant digits (a float holds 15), never in exponent notation."""
    if pd.isna(value):
        return "–"
    return f"{Decimal(f'{value:.{digits}g}').normalize() + 0:,f}"


def yuan(value: float) -> str:
    """An amount of yuan in words a reader scans: '1.12 billion yuan', '600 million yuan'."""
    if value >= 1e9:
        return f"{number(value / 1e9, 10)} billion yuan"
    if value >= 1e6:
        return f"{number(value / 1e6, 10)} million yuan"
    return f"{number(value)} yuan"


class References:
    """The edition's sources as the prose and the tables cite them."""

    def __init__(self, sources: pd.DataFrame):
        self._publisher = dict(zip(sources["source_id"], sources["publisher"]))
        self._grade = dict(zip(sources["source_id"], sources["grade"]))

    def grade(self, source_id: str) -> str:
        return self._grade.get(source_id, "?")

    def cite(self, source_id: str) -> str:
        """A source in prose: 'S3, SMM'; a grade C source visibly flagged: 'C8, Gasgoo, grade C'."""
        label = f"{text(source_id)}, {text(self._publisher.get(source_id, ''))}"
        return label + (', <span class="ssb-grade-C">grade C</span>' if self.grade(source_id) == "C" else "")

    def label(self, source_id: str) -> str:
        """A source in a table's Source (grade) column: 'S3 (B)'."""
        return f"{source_id} ({self.grade(source_id)})"


def say(name: str, markdown: str) -> None:
    """Glue a piece of prose (MyST markdown) for `{glue:md}` in the page's text."""
    glue(name, Markdown(markdown), display=False)


def keyfigure(key: str, value: str, label: str, note: str = "") -> str:
    """One key-figure box: the figure in large type, what it is, and a note in small type."""
    small = f"<br><small>{html.escape(note)}</small>" if note else ""
    return (f'<div class="ssb-keyfigure" data-key="{html.escape(key)}"><strong>{html.escape(value)}</strong>'
            f"{html.escape(label)}{small}</div>")


def keyfigures(name: str, boxes: list[str]) -> None:
    """Glue a row of key-figure boxes (`keyfigure`) for a `{glue}` directive."""
    glue(name, HTML('<div class="ssb-keyfigures">' + "".join(boxes) + "</div>"), display=False)


def empty(name: str, message: str) -> None:
    """Glue, for an exhibit with nothing to show in this edition, a sentence that says so."""
    glue(name, HTML(f"<p><em>{html.escape(message)}</em></p>"), display=False)


def figure(name: str, chart, description: str, sources=None) -> None:
    """Glue a chart for a `{glue:figure}` with a caption and a label. `sources`: the source ids
    behind it (default: every `source_id`/`source` value in the chart's data)."""
    chart_spec = spec(chart)
    if sources is None:
        datasets = chart_spec.get("datasets", {}).values()
        sources = [row.get(key) for rows in datasets for row in rows for key in SOURCE_KEYS if key in row]
    glue(name, HTML(_exhibit("chart", chart_html(chart_spec, description), sources)), display=False)


def table(name: str, frame: pd.DataFrame, numeric: tuple[str, ...] = (), sources=None) -> None:
    """Glue a table (cells escaped; `numeric` columns right-aligned) for a `{glue:figure}`.
    `sources`: the source ids behind it (default: those named in its source column)."""
    if sources is None:
        sources = [value for key in frame.columns if key in SOURCE_KEYS for value in frame[key]]
    head = "".join(f"<th scope=\"col\">{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for column, value in row.items():
            shown = "–" if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "" else value
            css = ' class="num"' if column in numeric else ""
            cells.append(f"<td{css}>{html.escape(str(shown))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    markup = (
        '<div class="ssb-table-wrap"><table class="ssb-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
    glue(name, HTML(_exhibit("table", markup, sources)), display=False)


SOURCE_KEYS = ("source_id", "source", "sources", "Source", "Sources", "Source id")
_SOURCE_ID = re.compile(r"\b[A-Z]\d+\b")


def source_ids(values) -> list[str]:
    """The distinct source ids in some cells ('S0 (grade A)', 'S2; D4' …), in natural order."""
    found = {match for value in values if isinstance(value, str) for match in _SOURCE_ID.findall(value)}
    return sorted(found, key=lambda sid: (sid[0], int(sid[1:])))


def _exhibit(kind: str, markup: str, sources) -> str:
    """An exhibit's markup, marked so the build can add its data download and its sources."""
    ids = " ".join(source_ids(sources))
    return f'<div class="ssb-exhibit ssb-exhibit-{kind}" data-sources="{ids}">{markup}</div><!--/ssb-exhibit-->'


def page_link(page: str, label: object, pages) -> str:
    """A link to one of the book's pages ('vehicles/verge-ts-pro', titled as the page is) when it is among
    `pages` (the edition's pages' outputs), else `label` as text."""
    return doc(page, pages) or text(label)


def provenance(source_id: str, publisher: str, grade: str) -> str:
    """A source in a table's Source (grade) column with its publisher: 'S3 (SMM, A)'."""
    return f"{source_id} ({publisher}, {grade})"


def notice(name: str, column: str, message: str) -> None:
    """Glue, for a table exhibit with nothing to show in this edition, a one-cell table under `column`
    that says why (the exhibit keeps its number, caption and download)."""
    table(name, pd.DataFrame([{column: message}]))


def doc(page: str, pages) -> str:
    """A link to another page of the edition, '{doc}`vehicles/x`', or '' when `pages` has no such page."""
    return f"{{doc}}`{page}`" if page and page in pages else ""
