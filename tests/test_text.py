"""ssbook.text: the prose helpers every chapter writes with, including the edge cases the chapters'
own copies disagreed on (empty lists, partial dates, ranges, qualifiers)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ssbook.text import figure, figure_of, first, latest, plural, plural_or_no, series, stated, when


@pytest.mark.parametrize("date, said", [
    ("2027", "2027"), ("2026-01", "January 2026"), ("2025-12-31", "31 December 2025"), ("2026-01-08", "8 January 2026"),
])
def test_when_is_as_precise_as_the_source(date, said):
    assert when(date) == said


def test_plural_and_none():
    assert plural(1, "source") == "1 source"
    assert plural(0, "source") == "0 sources"
    assert plural(2, "company", "companies") == "2 companies"
    assert plural_or_no(0, "new company", "new companies") == "no new companies"
    assert plural_or_no(0, "stage change") == "no stage changes"
    assert plural_or_no(3, "stage change") == "3 stage changes"


@pytest.mark.parametrize("items, said", [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")])
def test_series(items, said):
    assert series(items) == said
    assert series(iter(items)) == said


def test_first_and_latest_count_what_they_leave_out():
    assert first([], 3) == ""
    assert first(["a", "b"], 3) == "a; b"
    assert first(["a", "b", "c", "d"], 2) == "a; b; and 2 more"
    assert first(["a", "b", "c"], 2, ", ") == "a, b, and 1 more"
    assert latest([], 3) == ""
    assert latest(["a", "b"], 3) == "a, b"
    assert latest(["a", "b", "c", "d"], 2) == "c, d and 2 earlier"
    assert latest(["a", "b", "c"], 2, "; ") == "b; c and 1 earlier"


@pytest.mark.parametrize("args, said", [
    ((2000, "yuan/kg", "about"), "about 2,000 yuan/kg"),
    ((10000, "t", "level"), "10,000 t-level"),
    ((5200, "t/yr"), "5,200 t/yr"),
    ((5, "min", "about", 10), "about 5–10 min"),
    ((12, "%", "over"), "over 12%"),
    ((12.5, "%", "", 13.5), "12.5–13.5%"),
    ((1.12e9, "yuan"), "1.12 billion yuan"),
    ((6e8, "yuan", "about"), "about 600 million yuan"),
    ((400, "Wh/kg", math.nan, math.nan), "400 Wh/kg"),  # empty cells of a table: NaN, not ''
    ((400, "Wh/kg", None, None), "400 Wh/kg"),
    ((3, ""), "3"),
    ((0.000000000001, "GWh"), "0.000000000001 GWh"),
])
def test_figure_as_the_source_prints_it(args, said):
    assert figure(*args) == said


def test_figure_of_a_row_and_a_stated_figure():
    row = pd.Series({"value": 13.5, "unit": "GWh", "qualifier": "", "value_high": math.nan})
    assert figure_of(row) == "13.5 GWh"
    assert figure_of(next(pd.DataFrame([{"value": 1.0, "unit": "%", "qualifier": "about", "value_high": 2.0}]).itertuples())) == "about 1–2%"
    assert stated(math.nan, "", "", math.nan, "not disclosed", "") == "not disclosed"
    assert stated(math.nan, "", "", math.nan, "claimed", "fast charging") == "fast charging"
    assert stated(400, "Wh/kg", "up to", math.nan, "claimed", "") == "up to 400 Wh/kg"


def test_pct_and_gwh_round_for_display():
    from ssbook.text import gwh, pct

    assert pct(0.1234) == "12.3%"
    assert pct(0.04, 2) == "4.00%"
    assert pct(0) == "0.0%"
    assert pct(12.5) == "1,250.0%"
    assert gwh(1234.56) == "1,234.6 GWh"
    assert gwh(0.04) == "0.0 GWh"


def test_project_figures_leave_out_what_a_project_does_not_give():
    from ssbook.text import project_figures

    def project(capacity, investment, qualifier=""):
        return pd.Series({"capacity_value": capacity, "capacity_unit": "t", "capacity_qualifier": "level",
                          "investment_value": investment, "investment_qualifier": qualifier})

    assert project_figures(project(10000, 6e8, "about")) == "10,000 t-level, about 600 million yuan"
    assert project_figures(project(math.nan, 1.12e9)) == "1.12 billion yuan"
    assert project_figures(project(10000, math.nan)) == "10,000 t-level"
    assert project_figures(project(math.nan, math.nan)) == ""


def test_listed_is_a_lead_and_a_list_or_the_sentence_for_none():
    from ssbook.text import listed

    assert listed("**New:**", ["a", "b\n  - b1"], "None.") == "**New:**\n\n- a\n- b\n  - b1"
    assert listed("**New:**", iter(["a"]), "None.") == "**New:**\n\n- a"
    assert listed("**New:**", [], "None.") == "None."
    assert listed("**New:**", (x for x in []), "None.") == "None."
