"""The vehicle pages' views of the claims: figures as printed, grouped, ranked and compared; what is withheld; claims per status."""

from __future__ import annotations

import pandas as pd

from .facts import KEY_ATTRIBUTES, STATUS_LABEL, STATUS_TABLE
from .report import provenance
from .text import DATASET, latest, plural, stated


def with_figures(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims with `figure` (as the source prints it: `text.stated`), `numeric` (a number, not words)
    and `row` (their order in the sources)."""
    return claims.assign(
        figure=[stated(*r) for r in zip(claims["value"], claims["unit"], claims["qualifier"], claims["value_high"],
                                         claims["status"], claims["value_text"])],
        numeric=claims["value"].notna(),
        row=range(len(claims)),
    )


def figure_keys(claims: pd.DataFrame) -> pd.Series:
    """Which figure each claim gives: the same value, high and unit is one figure whatever the qualifier
    ('up to 370 mi' and '370 mi'); a claim in words is its wording."""
    return pd.Series([f"{v}|{h}|{u}" if pd.notna(v) else t for v, h, u, t in
                      zip(claims["value"], claims["value_high"], claims["unit"], claims["value_text"])],
                     index=claims.index, dtype=object)


def most_given(groups: list, limit: int) -> tuple[list, int]:
    """Of some figures, as (key, rows) pairs in the order the sources give them: all while there are at
    most `limit`, else the `limit` given by the most rows (the most recently given first on a tie: the
    highest `row`), still in their order; and how many are left out."""
    if len(groups) <= limit:
        return list(groups), 0
    ranked = sorted(range(len(groups)), key=lambda i: (-len(groups[i][1]), -groups[i][1]["row"].max()))
    return [groups[i] for i in sorted(ranked[:limit])], len(groups) - limit


def main_figures(rows: pd.DataFrame, limit: int) -> tuple[list, int]:
    """One attribute's figures as printed (`most_given` of (figure, rows) pairs) and how many are left out."""
    return most_given(list(rows.groupby("figure", sort=False)), limit)


def other_figures(left_out: int) -> str:
    """What a list of the figures given by the most sources says about the others."""
    return f"{plural(left_out, 'other figure')}, each given by fewer sources, in {DATASET}"


def recent_sources(rows: pd.DataFrame, limit: int, label=str) -> str:
    """The distinct sources of some rows, each as `label` makes it, the `limit` most recent: 'D3, D5 and 2 earlier'."""
    return latest(dict.fromkeys(map(label, rows["source_id"])), limit)


def ordered_attributes(claims: pd.DataFrame, every_key: bool = False) -> list[str]:
    """The attributes of some claims, KEY_ATTRIBUTES first in their order (all of them if `every_key`),
    then the others alphabetically."""
    present = set(claims["attribute"])
    return [a for a in KEY_ATTRIBUTES if every_key or a in present] + sorted(present - set(KEY_ATTRIBUTES))


def status_counts(claims: pd.DataFrame) -> dict[str, int]:
    """How many claims have each status, in STATUS_LABEL's order, the statuses no claim has left out."""
    counts = claims["status"].value_counts()
    return {status: int(counts[status]) for status in STATUS_LABEL if counts.get(status, 0)}


def status_line(claims: pd.DataFrame) -> str:
    """The claims per status in words: '30 claimed by the company, 2 reported by a third party'."""
    return ", ".join(f"{n} {STATUS_LABEL[status]}" for status, n in status_counts(claims).items())


def headline(rows: pd.DataFrame) -> tuple[str, str]:
    """One attribute's key figure (of `with_figures` rows): the figure given by the most rows (one
    `figure_keys` figure; the first given on a tie), printed as most of them print it, and a note on its
    status, its sources and whether other sources differ (another figure or words, or not disclosed)."""
    if rows.empty:
        return "no figure", "not in the sources so far"
    given = rows[rows["status"] != "not disclosed"]
    if given.empty:
        return "not disclosed", f"according to {', '.join(rows['source_id'])}"
    keys = figure_keys(given)
    top = given[keys == keys.groupby(keys, sort=False).size().sort_values(ascending=False, kind="stable").index[0]]
    note = f"{' and '.join(dict.fromkeys(top['status']))}, {plural(top['source_id'].nunique(), 'source')}"
    if keys.nunique() > 1 or len(given) < len(rows):
        note += "; other sources differ"
    return top["figure"].value_counts().index[0], note


def differs(rows: pd.DataFrame) -> bool:
    """Whether the sources differ on one attribute: other numbers in the same unit, a figure given by
    some and said to be not disclosed by others, or a wording the data marks as conflicting."""
    for _, by_unit in rows[rows["value"].notna()].groupby("unit"):
        if by_unit[["value", "value_high"]].astype(str).drop_duplicates().shape[0] > 1:
            return True
    statuses = set(rows["status"])
    if "not disclosed" in statuses and len(statuses) > 1:
        return True
    return bool(rows["value_text"].str.contains("conflict", case=False).any())


def withheld(claims: pd.DataFrame, attributes: list[str]) -> tuple[list[str], list[str]]:
    """Of `attributes`, in their order, those the sources say are not disclosed: those no source gives
    a figure for, and those other sources give one for."""
    said = set(claims[claims["status"] == "not disclosed"]["attribute"])
    only = [a for a in attributes if a in said and (claims[claims["attribute"] == a]["status"] == "not disclosed").all()]
    return only, [a for a in attributes if a in said and a not in only]


def withheld_terms(rows: pd.DataFrame) -> list[str]:
    """What some not-disclosed rows say is withheld, beyond 'not disclosed' ('battery capacity'), sorted."""
    return sorted({t for t in rows["value_text"] if t and t != "not disclosed"})


def unmentioned(claims: pd.DataFrame) -> list[str]:
    """The KEY_ATTRIBUTES no claim gives a figure for or says are withheld."""
    return [a for a in KEY_ATTRIBUTES if a not in set(claims["attribute"])]


def status_cell(rows: pd.DataFrame, limit: int) -> str:
    """One attribute's status in a table: 'company claim', or with several, each with its `limit` most
    recent sources: 'company claim: D1, D5; not disclosed: H4'."""
    statuses = list(dict.fromkeys(rows["status"]))
    if len(statuses) == 1:
        return STATUS_TABLE[statuses[0]]
    return "; ".join(f"{STATUS_TABLE[s]}: {recent_sources(rows[rows['status'] == s], limit)}" for s in statuses)


def given_by(rows: pd.DataFrame, limit: int, label=str) -> str:
    """Who gives one figure, per status, the `limit` most recent sources each: 'claimed: D1, D3'; the
    sources that say it is not disclosed without a status."""
    return "; ".join(
        recent_sources(by_status, limit, label) if status == "not disclosed" else f"{status}: {recent_sources(by_status, limit, label)}"
        for status, by_status in rows.groupby("status", sort=False)
    )


def compare_cell(rows: pd.DataFrame, limit: int, wordings: int = 2) -> str:
    """One vehicle's attribute in the side-by-side table (of `with_figures` rows): each figure as printed
    with its status and how many sources give it; of the numbers (one per figure and status) those given
    by the most sources (`most_given`), the others counted; the first `wordings` wordings, the others
    counted; '' when there is none. Unlike `main_figures`, a figure with two statuses counts twice and
    words are never ranked against numbers."""
    if rows.empty:
        return ""
    groups = list(rows.groupby(["figure", "status"], sort=False))
    kept, left_out = most_given([(key, group) for key, group in groups if group["numeric"].iloc[0]], limit)
    kept = {key for key, _ in kept}
    parts, worded = [], 0
    for (given, status), group in groups:
        if group["numeric"].iloc[0] and (given, status) not in kept:
            continue
        if not group["numeric"].iloc[0] and status != "not disclosed":
            worded += 1
            if worded > wordings:
                continue
        parts.append(given if status == "not disclosed" else f"{given} ({status}, {plural(len(group), 'source')})")
    if worded > wordings:
        parts.append(f"{worded - wordings} more wordings on the vehicle's page")
    if left_out:
        parts.append(f"{left_out} other figures, each given by fewer sources, in {DATASET}")
    return "; ".join(parts)


def side_by_side(claims: pd.DataFrame, vehicles: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The side-by-side table (of `with_figures` claims): one row per attribute (every key attribute,
    then the others), one column per vehicle (by `name`), each cell its `compare_cell`."""
    return pd.DataFrame([{"Attribute": a, **{
        name: compare_cell(claims[(claims["vehicle_id"] == v) & (claims["attribute"] == a)], limit)
        for v, name in zip(vehicles["vehicle_id"], vehicles["name"])}} for a in ordered_attributes(claims, every_key=True)])


def specification(claims: pd.DataFrame, figures: int, sources: int, label=str) -> pd.DataFrame:
    """A vehicle's specification table (of `with_figures` claims): one row per attribute (`ordered_attributes`)
    with its `main_figures`, each followed by its `sources` most recent sources (as `label` makes them),
    and its `status_cell`."""
    rows = []
    for attribute in ordered_attributes(claims):
        group = claims[claims["attribute"] == attribute]
        kept, left_out = main_figures(group, figures)
        shown = [f"{figure} [{recent_sources(by_figure, sources, label)}]" for figure, by_figure in kept]
        rows.append({
            "Attribute": attribute,
            "Figures as the sources give them [source (grade)]": " · ".join(shown + ([other_figures(left_out)] if left_out else [])),
            "Status": status_cell(group, sources),
        })
    return pd.DataFrame(rows)


def conflict_table(claims: pd.DataFrame, attributes: list[str], limit: int) -> tuple[pd.DataFrame, bool]:
    """The table of differing figures (of `with_figures` claims with `publisher` and `source_grade`): the
    `limit` most recent rows of each of `attributes`, in their order, each with its figure (numbers and
    'not disclosed'; a wording is in the last column), status, source and the source's words; and whether
    rows were left out."""
    table = claims[claims["attribute"].isin(attributes)].groupby("attribute", sort=False).tail(limit)
    table = table.sort_values("attribute", key=lambda a: a.map(attributes.index), kind="stable")
    withheld = table["status"] == "not disclosed"
    return pd.DataFrame({
        "Attribute": table["attribute"],
        "Figure": table["figure"].where(table["numeric"] | withheld, ""),
        "Status": table["status"],
        "Source": [provenance(*r) for r in zip(table["source_id"], table["publisher"], table["source_grade"])],
        "In the source's words": table["quote"].where(withheld, table["value_text"].where(table["value_text"] != "", table["quote"])),
    }), bool(claims["attribute"].isin(attributes).sum() > len(table))
