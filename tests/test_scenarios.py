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
