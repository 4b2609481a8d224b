"""Prose from the data, written the same way on every page: dates as precise as their source,
counts with their nouns, lists as a reader says them, figures as the source prints them."""

from __future__ import annotations

import pandas as pd

from .report import number, yuan
from .site import long_date

DATASET = "the edition's dataset (download at the end of the page)"  # where every row a page leaves out is


def when(date: object) -> str:
    """A datum's date as precise as its source: '2027', 'January 2026', '31 December 2025'."""
    date = str(date)
    if len(date) == 4:
        return date
    if len(date) == 7:
        return f"{pd.Timestamp(date + '-01'):%B %Y}"
    return long_date(date)


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 source', '3 sources'; `words` for an irregular plural ('2 companies')."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def plural_or_no(count: int, word: str, words: str | None = None) -> str:
    """As `plural`, with 'no sources' for none."""
    return "no " + (words or word + "s") if count == 0 else plural(count, word, words)


def series(items) -> str:
    """Items as a reader lists them: '', 'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def first(items, limit: int, sep: str = "; ") -> str:
    """The first `limit` items and how many more: 'a; b; and 2 more'."""
    items = list(items)
    more = len(items) - limit
    return sep.join(items[:limit]) + (f"{sep}and {more} more" if more > 0 else "")


def latest(items, limit: int, sep: str = ", ") -> str:
    """The last `limit` items, in order, and how many earlier ones: 'c, d and 2 earlier'."""
    items = list(items)
    shown = items[-limit:] if limit else []
    more = len(items) - len(shown)
    return sep.join(shown) + (f" and {more} earlier" if more else "")


def figure(value, unit: str = "", qualifier: object = "", high=None) -> str:
    """A figure as its source prints it: 'about 2,000 yuan/kg', '10,000 t-level', '5–10 min',
    'over 12%', '1.12 billion yuan'. An empty qualifier or high (None, NaN, '') is left out."""
    ranged = high is not None and not (isinstance(high, str) and not high) and pd.notna(high)
    if unit == "yuan" and not ranged:
        shown = yuan(value)
    else:
        shown = number(value) + (f"–{number(high)}" if ranged else "")
        shown = f"{shown}%" if unit == "%" else f"{shown} {unit}".strip()
    qualifier = qualifier if isinstance(qualifier, str) else ""
    if qualifier == "level":
        return f"{shown}-level"
    return f"{qualifier} {shown}" if qualifier else shown


def stated(value, unit: str, qualifier: object, high, status: str, words: str) -> str:
    """A vehicle's figure as its source gives it: the figure, 'not disclosed', or the source's words."""
    if pd.isna(value):
        return "not disclosed" if status == "not disclosed" else words
    return figure(value, unit, qualifier, high)


def figure_of(row) -> str:
    """`figure` of a row with `value`, `unit`, `qualifier` and `value_high` (a forecast, a statistic)."""
    return figure(row.value, row.unit, row.qualifier, getattr(row, "value_high", None))


def capacity_of(project) -> str:
    """A project's capacity as printed ('5,200 t/yr', '10,000 t-level'), '' when it gives none."""
    if pd.isna(project.capacity_value):
        return ""
    return figure(project.capacity_value, project.capacity_unit, project.capacity_qualifier)


def investment_of(project) -> str:
    """A project's investment as printed ('about 600 million yuan'), '' when it gives none."""
    return "" if pd.isna(project.investment_value) else figure(project.investment_value, "yuan", project.investment_qualifier)


def pct(fraction: float, digits: int = 1) -> str:
    """A fraction as a rounded percentage for display: 0.1234 -> '12.3%'."""
    return f"{100 * fraction:,.{digits}f}%"


def gwh(value: float) -> str:
    """A volume rounded for display: 1234.56 -> '1,234.6 GWh'."""
    return f"{value:,.1f} GWh"


def project_figures(project) -> str:
    """A project's capacity and investment as printed, '5,200 t/yr, about 600 million yuan'; '' when it gives neither."""
    return ", ".join(shown for shown in (capacity_of(project), investment_of(project)) if shown)


def listed(lead: str, items, none: str) -> str:
    """A paragraph of markdown: `none` when there is no item, else `lead`, a blank line and the items as a
    bulleted list (an item may hold its own indented sub-list)."""
    items = list(items)
    return lead + "\n\n" + "\n".join(f"- {item}" for item in items) if items else none
