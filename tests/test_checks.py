"""ssbook.checks: the cross-checks table the Forecasts chapter and every scenario page show."""

from __future__ import annotations

from ssbook import checks


def check(name="A check", result=1.0, unit="GWh", inputs="13.5 GWh shipments 2028 (SMM, S0)", reading="how"):
    return {"check": name, "inputs": inputs, "result": result, "unit": unit, "reading": reading, "sources": ["S0"]}


def test_results_are_rounded_for_display_by_unit():
    assert checks.result(check(result=3.21456, unit="times")) == "3.21×"
    assert checks.result(check(result=18.96, unit="% a year")) == "19.0% a year"
    assert checks.result(check(result=4.04, unit="%")) == "4.0%"
    assert checks.result(check(result=1234.56, unit="GWh")) == "1,234.6 GWh"
    assert checks.result(check(result=1490.2, unit="yuan/kWh")) == "1,490.2 yuan/kWh"


def test_table_has_one_row_per_check_in_order():
    frame = checks.table([check("first", 2.0, "times"), check("second", 112.0, "GWh", inputs="x; y", reading="x times y")])
    assert list(frame.columns) == ["Check", "Published figures used", "Result", "How"]
    assert list(frame["Check"]) == ["first", "second"]
    assert list(frame["Result"]) == ["2.00×", "112.0 GWh"]
    assert frame.iloc[1]["Published figures used"] == "x; y" and frame.iloc[1]["How"] == "x times y"


def test_table_with_no_check_says_so():
    frame = checks.table([])
    assert list(frame.columns) == ["Check"]
    assert list(frame["Check"]) == [checks.NONE]


def test_first_starting_finds_the_first_match_or_none():
    found = {"Not the Lowest": check("Not the Lowest", 0.0), "Lowest 2024 demand": check("Lowest 2024 demand", 1.0), "Lowest again": check("Lowest again", 2.0),
             "Highest 2024 demand": check("Highest 2024 demand", 3.0)}
    assert checks.first_starting(found, "Lowest")["result"] == 1.0
    assert checks.first_starting(found, "Highest")["result"] == 3.0
    assert checks.first_starting(found, "Middle") is None
    assert checks.first_starting({}, "Lowest") is None
