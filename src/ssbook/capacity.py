"""Capacity, investment and output in words: the largest projects by capacity, listed as printed, the largest investments, the latest output figures."""

from __future__ import annotations

import pandas as pd

from .facts import starts
from .report import text
from .text import DATASET, capacity_of, figure, investment_of, plural, when


def largest(projects: pd.DataFrame, units: list[str], count: int) -> tuple[pd.DataFrame, int]:
    """The `count` projects with the largest capacity in one of `units` (ties in row order), largest first,
    with their capacity as printed (`shown`); and how many smaller ones are left out."""
    sized = projects[projects["capacity_value"].notna() & projects["capacity_unit"].isin(units)]
    sized = sized.sort_values("capacity_value", ascending=False, kind="stable")
    top = sized.head(count)
    return top.assign(shown=[capacity_of(r) for r in top.itertuples()]), len(sized) - len(top)


def listing(projects: pd.DataFrame) -> str:
    """Projects with their capacity as printed and their stage, 'A, cathode line: 5,200 t/yr (construction); …'
    (takes `largest`'s rows); 'none so far' for none."""
    return "; ".join(f"{text(r.company)}, {text(r.product)}: {r.shown} ({r.stage})" for r in projects.itertuples()) or "none so far"


def investments(projects: pd.DataFrame, noun: str) -> str:
    """A sentence on the projects that give an investment: '3 of the 12 material projects give an investment:
    A, 600 million yuan for a cathode line; …', the ten largest when there are more. `noun`: what one
    project is ('material project')."""
    given = projects[projects["investment_value"].notna()].sort_values("investment_value", ascending=False, kind="stable")
    if given.empty:
        return f"No {noun} gives an investment figure."
    top = given.head(10)
    every = f"of the {len(projects)} {noun}s"
    return (f"{plural(len(given), every + ' gives', every + ' give')} an investment"
            + ("; the ten largest" if len(given) > len(top) else "") + ": "
            + "; ".join(f"{text(r.company)}, {investment_of(r)} for {text(r.product)}" for r in top.itertuples()) + ".")


def output(statistics: pd.DataFrame, material: str, cite, count: int) -> str:
    """The latest `count` production figures whose scope names `material`, in date order, as printed:
    '1,000 t in 2025 (lithium sulphide, China) [S3, SMM]; …', with how many there are when there are more;
    '' for none. `cite`: a source id as the prose cites it."""
    rows = statistics[(statistics["metric"] == "production") & statistics["scope"].str.contains(material, regex=False)]
    rows = rows.assign(day=starts(rows["date"]).to_numpy()).sort_values(["day", "week"], kind="stable")
    shown = rows.tail(count)
    return "; ".join(f"{figure(r.value, r.unit, r.qualifier)} in {when(r.date)} ({text(r.scope)}) [{cite(r.source_id)}]"
                     for r in shown.itertuples()) + (
        f" (the latest {len(shown)} of {len(rows)} output figures; all are in {DATASET})" if len(rows) > len(shown) else "")
