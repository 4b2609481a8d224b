"""The scenario model's arithmetic, on small numbers worked out by hand, and on the shipped data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ssbook import scenarios as sc
from ssbook.data import load

CAGRS = {"EV": 0.10, "ESS": 0.20, "consumer electronics": 0.0}
THIRDS = {s: 1 / 3 for s in sc.SEGMENTS}


def test_implied_cagr_doubles_in_one_year():
    assert sc.implied_cagr(10, 20, 1) == pytest.approx(1.0)
    assert sc.implied_cagr(100, 121, 2) == pytest.approx(0.10)


def test_implied_cagr_rejects_non_positive():
    with pytest.raises(sc.ScenarioError):
        sc.implied_cagr(0, 10, 2)


def test_base_year_total_grows_into_end_total():
    total_end = 1000.0
    base = sc.base_year_total(total_end, CAGRS, THIRDS, 2)
    grown = sum(base * THIRDS[s] * (1 + CAGRS[s]) ** 2 for s in sc.SEGMENTS)
    assert grown == pytest.approx(total_end)
    # by hand: factors 1.21, 1.44, 1 -> mean 1.2166..., base = 1000 / 1.21666...
    assert base == pytest.approx(1000 / ((1.21 + 1.44 + 1.0) / 3))


def test_split_must_add_up_and_name_every_segment():
    with pytest.raises(sc.ScenarioError, match="adds up"):
        sc.base_year_total(1000, CAGRS, {"EV": 0.5, "ESS": 0.3, "consumer electronics": 0.1}, 2)
    with pytest.raises(sc.ScenarioError, match="exactly"):
        sc.base_year_total(1000, CAGRS, {"EV": 1.0}, 2)


def test_bounds_are_the_extreme_splits():
    low, high = sc.base_year_bounds(1440, CAGRS, 2)
    assert low == pytest.approx(1000)  # all in ESS: 1440 / 1.44
    assert high == pytest.approx(1440)  # all in consumer electronics: no growth
    base = sc.base_year_total(1440, CAGRS, THIRDS, 2)
    assert low < base < high


def test_segment_demand_table_ends_at_the_end_total():
    demand = sc.segment_demand(1000, CAGRS, THIRDS, 2024, 2026)
    assert sorted(demand["year"].unique()) == [2024, 2025, 2026]
    assert demand[demand["year"] == 2026]["gwh"].sum() == pytest.approx(1000)
    ev = demand[demand["segment"] == "EV"].set_index("year")["gwh"]
    assert ev[2025] / ev[2024] == pytest.approx(1.10)


def test_parse_anchor():
    assert sc.parse_anchor("4%") == (4.0, "%")
    assert sc.parse_anchor("13.5 GWh") == (13.5, "GWh")
    with pytest.raises(sc.ScenarioError):
        sc.parse_anchor("about 4 percent")


def test_penetration_path_anchors_and_constant_growth_between():
    totals = {2028: 100.0, 2029: 200.0, 2030: 400.0}
    path = sc.penetration_path({"2028": "10 GWh", "2030": "10%"}, totals).set_index("year")
    assert path.loc[2030, "gwh"] == pytest.approx(40.0)  # 10% of 400
    assert path.loc[2029, "gwh"] == pytest.approx(20.0)  # geometric mean of 10 and 40
    assert path.loc[2029, "basis"] == "interpolated"
    assert path.loc[2028, "share"] == pytest.approx(0.10)
    # outside the anchors nothing is modelled
    single = sc.penetration_path({"2029": "1%"}, totals)
    assert list(single["year"]) == [2029]


def test_penetration_path_rejects_years_outside_the_model():
    with pytest.raises(sc.ScenarioError, match="outside"):
        sc.penetration_path({"2035": "10%"}, {2030: 1.0})


def forecasts_frame(rows):
    columns = ["forecast_id", "forecaster", "metric", "scope", "year", "base_year", "value", "unit", "qualifier", "source_id", "source_published"]
    return pd.DataFrame(rows, columns=columns)


def test_provenance_names_the_source_only_when_the_value_matches():
    frame = forecasts_frame([
        ["x-ev", "SMM", "cagr", "EV lithium-ion battery demand", 2030, 2024, 11.0, "%", "about", "S0", "2026-01-08"],
    ])
    matched = sc.parameter_provenance(frame, "ev_cagr", 0.11)
    assert matched.sourced and "S0" in matched.text and "about 11%" in matched.text
    differs = sc.parameter_provenance(frame, "ev_cagr", 0.05)
    assert not differs.sourced and "scenario assumption" in differs.text and "11%" in differs.text
    missing = sc.parameter_provenance(frame, "ess_cagr", 0.27)
    assert not missing.sourced and "no published figure" in missing.text


def test_anchor_provenance_respects_the_kind_of_battery():
    frame = forecasts_frame([
        ["a", "SMM", "shipments", "all-solid-state batteries", 2028, None, 13.5, "GWh", "", "S0", "2026-01-08"],
        ["b", "SMM", "shipments", "semi-solid-state batteries", 2028, None, 160.0, "GWh", "", "S0", "2026-01-08"],
    ])
    assert sc.anchor_provenance(frame, "all-solid-state", 2028, "13.5 GWh").sourced
    assert not sc.anchor_provenance(frame, "solid-state", 2028, "13.5 GWh").sourced
    assert not sc.anchor_provenance(frame, "solid-state", 2028, "160 GWh").sourced  # semi-solid only


def test_published_checks_on_the_shipped_data():
    forecasts = load("2026-01-08").forecasts
    value = lambda fid: forecasts.set_index("forecast_id").loc[fid, "value"]  # noqa: E731
    checks = {c["check"]: c for c in sc.published_checks(forecasts)}
    ass_2030 = value("smm-all-solid-state-penetration-2030") / 100 * value("smm-li-ion-demand-2030")
    assert checks["All-solid-state volume in 2030 implied by SMM"]["result"] == pytest.approx(ass_2030)
    growth = checks["Growth rate of all-solid-state shipments 2028–2030 implied by SMM"]["result"]
    assert growth == pytest.approx(100 * (math.sqrt(ass_2030 / value("smm-all-solid-state-shipments-2028")) - 1))
    implied_market = value("evtank-c9-shipments-2030") / (value("evtank-c9-penetration-2030") / 100)
    assert checks["Lithium battery market in 2030 implied by EVTank"]["result"] == pytest.approx(implied_market)


def test_published_checks_leave_out_what_an_early_edition_lacks():
    checks = sc.published_checks(load("2025-11-20").forecasts)
    names = " ".join(c["check"] for c in checks)
    assert "EVTank" in names
    assert "SMM" not in names  # SMM's outlook is first in the 2026-01-08 week
    assert not sc.outlook_available(load("2025-11-20").forecasts)
    assert sc.outlook_available(load("2026-01-08").forecasts)


def test_an_anchor_may_be_a_sum_of_published_parts():
    assert sc.parse_anchor("160 GWh + 13.5 GWh") == (173.5, "GWh")
    with pytest.raises(sc.ScenarioError, match="units"):
        sc.parse_anchor("1% + 13.5 GWh")
    frame = forecasts_frame([
        ["a", "SMM", "shipments", "all-solid-state batteries", 2028, None, 13.5, "GWh", "", "S0", "2026-01-08"],
        ["b", "SMM", "shipments", "semi-solid-state batteries", 2028, None, 160.0, "GWh", "", "S0", "2026-01-08"],
    ])
    summed = sc.anchor_provenance(frame, "solid-state", 2028, "160 GWh + 13.5 GWh")
    assert summed.sourced and "sum of published figures" in summed.text
    assert not sc.anchor_provenance(frame, "solid-state", 2028, "160 GWh + 12 GWh").sourced


def test_scenario_sets_fill_in_the_template_defaults():
    from pathlib import Path

    sets = sc.scenario_sets(Path(__file__).resolve().parents[1])
    assert len(sets) >= 3, "the base case and at least two alternatives"
    base = sets[0]
    assert base["scenario_id"] == "base" and base["output"] == "scenarios/base"
    assert all({"ev_cagr", "split_ev", "all_solid_state_path", "edition"} <= s.keys() for s in sets)
    summary = sc.summary(load("2026-01-08").forecasts, base)
    assert summary["end_total"] == pytest.approx(base["total_end_gwh"])


def test_shares_normalise_relative_weights():
    assert sc.shares({"EV": 1, "ESS": 3}) == {"EV": 0.25, "ESS": 0.75}
    assert sc.shares({"EV": 7.0, "ESS": 2.0, "consumer electronics": 1.0}) == pytest.approx({"EV": 0.7, "ESS": 0.2, "consumer electronics": 0.1})
    assert sc.shares({"EV": 0, "ESS": 2}) == {"EV": 0.0, "ESS": 1.0}
    with pytest.raises(sc.ScenarioError, match="more than zero"):
        sc.shares({"EV": 0, "ESS": 0})


def test_model_works_a_scenario_through():
    weights = {"EV": 1.0, "ESS": 1.0, "consumer electronics": 1.0}
    paths = {"all-solid-state": {"2030": "10%"}, "solid-state": {"2028": "1 GWh", "2030": "4 GWh"}}
    scenario = sc.model(1000.0, CAGRS, weights, 2028, 2030, paths)
    assert scenario.totals[2030] == pytest.approx(1000.0)
    assert scenario.totals[2028] == pytest.approx(sc.base_year_total(1000.0, CAGRS, THIRDS, 2))
    ess_2030 = scenario.totals[2028] / 3 * 1.44
    assert scenario.share_end("ESS") == pytest.approx(ess_2030 / 1000.0)
    assert list(scenario.paths["all-solid-state"]["gwh"]) == pytest.approx([100.0])
    solid = scenario.paths["solid-state"]
    assert list(solid["year"]) == [2028, 2029, 2030] and solid["gwh"].iloc[1] == pytest.approx(2.0)
    empty = sc.model(1000.0, CAGRS, weights, 2028, 2030, {"all-solid-state": {}})
    assert empty.paths["all-solid-state"].empty


def test_summary_reports_the_model_of_a_parameter_set():
    parameters = {"total_end_gwh": 1000.0, "ev_cagr": 0.10, "ess_cagr": 0.20, "ce_cagr": 0.0, "split_ev": 2.0, "split_ess": 2.0,
                  "split_ce": 2.0, "base_year": 2028, "end_year": 2030, "all_solid_state_path": {"2030": "4%"},
                  "solid_state_path": {}}
    s = sc.summary(pd.DataFrame(), parameters)
    assert s["base_total"] == pytest.approx(sc.base_year_total(1000.0, CAGRS, THIRDS, 2))
    assert s["end_total"] == pytest.approx(1000.0)
    assert s["all-solid-state"]["gwh"] == pytest.approx(40.0) and s["all-solid-state"]["year"] == 2030
    assert s["solid-state"] is None


SHIPPED_PATHS = {"all-solid-state": {"2028": "13.5 GWh", "2030": "4%"}, "solid-state": {"2025": "0.1%", "2028": "160 GWh + 13.5 GWh"}}


def test_assumptions_name_published_figures_and_label_the_rest():
    frame = forecasts_frame([
        ["t", "SMM", "demand", "global lithium-ion battery demand", 2030, None, 2800.0, "GWh", "about", "S0", "2026-01-08"],
        ["e", "SMM", "cagr", "EV lithium-ion battery demand", 2030, 2024, 11.0, "%", "", "S0", "2026-01-08"],
        ["a", "SMM", "shipments", "all-solid-state batteries", 2028, None, 13.5, "GWh", "", "S0", "2026-01-08"],
    ])
    cagrs = {"EV": 0.11, "ESS": 0.27, "consumer electronics": 0.10}
    table = sc.assumptions(frame, 2800.0, cagrs, {"EV": 7.0, "ESS": 2.0, "consumer electronics": 1.0}, SHIPPED_PATHS, 2024, 2030)
    assert list(table.columns) == ["Assumption", "Value", "Basis"]
    rows = table.set_index("Assumption")
    assert rows.loc["Global lithium-ion demand in 2030", "Value"] == "2,800.0 GWh"
    assert "S0" in rows.loc["Global lithium-ion demand in 2030", "Basis"]
    assert rows.loc["EV demand growth (CAGR 2024–2030)", "Value"] == "11.0%"
    assert rows.loc["ESS demand growth (CAGR 2024–2030)", "Basis"].startswith("scenario assumption")
    assert rows.loc["Base-year split of 2024 demand (EV / ESS / consumer electronics)", "Value"] == "70.0% / 20.0% / 10.0%"
    assert rows.loc["All-solid-state batteries, 2028", "Value"] == "13.5 GWh"
    assert "S0" in rows.loc["All-solid-state batteries, 2028", "Basis"]
    assert rows.loc["All-solid-state batteries, 2030", "Value"] == "4% of demand"
    solid = rows.loc["Solid-state batteries of every kind (semi-solid and all-solid-state), 2028"]
    assert solid["Value"] == "160 + 13.5 = 173.5 GWh" and solid["Basis"] == "scenario assumption"  # 160 GWh is not in the frame
    assert list(table["Assumption"][-2:]) == ["Between two anchors", "Shares of demand"]
    assert len(table) == 11


def test_assumptions_of_an_edition_without_the_outlook_show_only_the_models_values():
    cagrs = {"EV": 0.11, "ESS": 0.27, "consumer electronics": 0.10}
    table = sc.assumptions(forecasts_frame([]), 2800.0, cagrs, {"EV": 1, "ESS": 1, "consumer electronics": 1}, SHIPPED_PATHS,
                           2024, 2030, computed=False)
    model_rows = table["Basis"].str.startswith("model assumption")
    assert model_rows.sum() == 2
    assert set(table.loc[~model_rows, "Value"]) == {"not used in this edition"}
    assert table.loc[model_rows, "Value"].tolist() == ["constant annual growth of the volume", "of total lithium-ion demand in the same year"]
    assert table.loc[0, "Basis"] == "scenario assumption (no published figure in this edition's data)"


def test_demand_table_rounds_and_marks_interpolated_years():
    weights = {"EV": 1.0, "ESS": 1.0, "consumer electronics": 1.0}
    paths = {"all-solid-state": {"2030": "10%"}, "solid-state": {"2028": "1 GWh", "2030": "4 GWh"}}
    table = sc.demand_table(sc.model(1000.0, CAGRS, weights, 2028, 2030, paths))
    assert list(table.columns) == ["Year", "EV", "ESS", "Consumer electronics", "Total", "All-solid-state", "Solid-state (all kinds)"]
    assert list(table["Year"]) == [2028, 2029, 2030]
    assert table["Total"].iloc[-1] == "1,000.0"
    assert list(table["All-solid-state"]) == ["", "", "100.0 (10.00%)"]
    assert table["Solid-state (all kinds)"].iloc[1].startswith("2.0 (") and table["Solid-state (all kinds)"].iloc[1].endswith(")*")
    assert not table["Solid-state (all kinds)"].iloc[0].endswith("*")


def test_path_points_and_anchor_span():
    weights = {"EV": 1.0, "ESS": 1.0, "consumer electronics": 1.0}
    paths = {"all-solid-state": {"2030": "10%"}, "solid-state": {"2028": "1 GWh", "2030": "4 GWh"}}
    scenario = sc.model(1000.0, CAGRS, weights, 2028, 2030, paths)
    points = sc.path_points(scenario)
    assert list(points["kind"]) == ["all-solid-state batteries"] + ["solid-state batteries of every kind"] * 3
    assert points["gwh"].tolist() == [100.0, 1.0, 2.0, 4.0]
    assert points["share"].iloc[0] == 10.0
    assert list(points["basis"]) == ["anchor", "anchor", "interpolated", "anchor"]
    first, last, growth = sc.anchor_span(scenario.paths["solid-state"])
    assert (first.year, last.year) == (2028, 2030) and growth == pytest.approx(1.0)
    first, last, growth = sc.anchor_span(scenario.paths["all-solid-state"])
    assert first.year == last.year == 2030 and growth is None
    assert sc.anchor_span(sc.model(1000.0, CAGRS, weights, 2028, 2030, {"solid-state": {}}).paths["solid-state"]) is None
