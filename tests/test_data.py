"""The shipped data: every fact is in its source's archived text (data/sources/texts), in the words the row quotes."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from ssbook.data import WEEKLY_TABLES, load

TABLES = load(data_dir=ROOT / "data")
TEXTS = ROOT / "data" / "sources" / "texts"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def fact_rows() -> list:
    return list(_fact_rows())


def _fact_rows():
    for table in ("vehicles", *WEEKLY_TABLES):
        frame = getattr(TABLES, table)
        for position, row in frame.iterrows():
            yield pytest.param(row, id=f"{table}-{row.get('week', '')}-{position}")


@pytest.mark.parametrize("row", fact_rows())
def test_quote_is_in_the_source_text(row):
    source = TABLES.sources.set_index("source_id").loc[row["source_id"]]
    text = squash((TEXTS / source["file"]).read_text(encoding="utf-8"))
    assert squash(row["quote"]) in text, f"{row['source_id']} does not contain: {row['quote']!r}"


def test_every_source_file_is_named_once():
    assert TABLES.sources["file"].is_unique
    assert TABLES.sources["source_id"].is_unique
    assert sorted(p.name for p in TEXTS.iterdir()) == sorted(TABLES.sources["file"])


def test_anchor_week_figures():
    projects = TABLES.projects.set_index("project_id")
    canmax = projects[projects["company"].str.contains("Canmax") & (projects["capacity_unit"] == "t/yr")].iloc[0]
    assert (canmax["capacity_value"], canmax["investment_value"], canmax["source_id"]) == (5200, 1.12e9, "S0")
    pingdingshan = TABLES.projects[TABLES.projects["place"].str.contains("Pingdingshan")].iloc[0]
    assert (pingdingshan["investment_value"], pingdingshan["investment_qualifier"]) == (6e8, "about")
    forecasts = TABLES.forecasts.set_index("forecast_id")
    assert forecasts.loc["smm-all-solid-state-shipments-2028", ["value", "unit", "year", "source_id"]].tolist() == [13.5, "GWh", 2028, "S0"]
    assert forecasts.loc["smm-semi-solid-shipments-2028", "value"] == 160
    donut = TABLES.vehicle_claims[
        (TABLES.vehicle_claims["vehicle_id"] == "verge-ts-pro") & (TABLES.vehicle_claims["attribute"] == "energy density")
    ]
    assert (donut["value"] == 400).all() and (donut["status"] == "claimed").all()


def test_conflicts_are_kept_with_their_sources():
    cycles = TABLES.vehicle_claims[TABLES.vehicle_claims["attribute"] == "cycle life"]
    assert {100000.0, 10000.0} <= set(cycles["value"])
    assert cycles.loc[cycles["value"] == 10000, "source_id"].tolist() == ["D4"]


def test_a_direction_only_price_has_no_number():
    directions = TABLES.prices[TABLES.prices["basis"] == "direction"]
    assert not directions.empty
    assert directions["value"].isna().all() and (directions["direction"] != "").all()


def test_lithium_sulphide_price_history():
    li2s = TABLES.prices[(TABLES.prices["material"] == "lithium sulphide") & TABLES.prices["value"].notna()]
    assert {("2024", 5500.0), ("2025-10", 2000.0), ("2025-12-06", 2050.0)} <= set(zip(li2s["date"], li2s["value"]))
