"""ssbook.capacity: the largest projects by capacity, their listing, the investment sentence and the output
figures; on hand-made frames."""

from __future__ import annotations

import math

import pandas as pd

from ssbook.capacity import investments, largest, listing, output

NAN = math.nan


def project(company, capacity=NAN, unit="", *, qualifier="", investment=NAN, stage="pilot", product="a line"):
    return {"company": company, "product": product, "stage": stage, "capacity_value": capacity, "capacity_unit": unit,
            "capacity_qualifier": qualifier, "investment_value": investment, "investment_qualifier": ""}


def projects(*rows):
    return pd.DataFrame(list(rows), columns=list(project("x")))


def cite(source_id):
    return f"<{source_id}>"


def test_largest_keeps_the_given_units_largest_first_ties_in_row_order_and_counts_the_rest():
    frame = projects(project("A", 100.0, "t/yr"), project("B", 5000.0, "t", qualifier="level"), project("C", 100.0, "t/yr"),
                     project("D", 9e9, "GWh"), project("E"), project("F", 10.0, "t/yr"))
    top, smaller = largest(frame, ["t/yr", "t"], 3)
    assert top[["company", "shown"]].values.tolist() == [["B", "5,000 t-level"], ["A", "100 t/yr"], ["C", "100 t/yr"]]
    assert smaller == 1  # F; D's unit and E's missing capacity do not count
    top, smaller = largest(frame, ["t/yr", "t"], 10)
    assert len(top) == 4 and smaller == 0
    top, smaller = largest(projects(), ["t"], 3)
    assert top.empty and smaller == 0


def test_listing():
    top, _ = largest(projects(project("A*", 5200.0, "t/yr", stage="construction", product="cathode [line]")), ["t/yr"], 5)
    assert listing(top) == "A\\*, cathode \\[line\\]: 5,200 t/yr (construction)"
    assert listing(top.iloc[0:0]) == "none so far"


def test_investments_lists_the_largest_ten_of_those_that_give_one():
    frame = projects(*[project(f"C{i}", investment=1e8 * i) for i in range(1, 13)], project("none"))
    said = investments(frame, "material project")
    assert said.startswith("12 of the 13 material projects give an investment; the ten largest: C12, 1.2 billion yuan for a line; ")
    assert said.endswith("C3, 300 million yuan for a line.") and "C2," not in said


def test_investments_of_one_and_of_none():
    frame = projects(project("A", investment=6e8), project("B"))
    assert investments(frame, "material project") == "1 of the 2 material projects gives an investment: A, 600 million yuan for a line."
    assert investments(projects(project("B")), "material project") == "No material project gives an investment figure."


def statistic(date, value, scope="lithium sulphide, China", *, metric="production", week="2026-01-08", source="S1"):
    return {"metric": metric, "scope": scope, "date": date, "value": value, "unit": "t", "qualifier": "", "week": week,
            "source_id": source}


def test_output_lists_the_latest_figures_of_the_material_in_date_order():
    statistics = pd.DataFrame([
        statistic("2025", 1000.0), statistic("2024-06", 500.0, source="S2"), statistic("2025-12-06", 90.0, source="S3"),
        statistic("2025", 7.0, scope="lithium carbonate"), statistic("2025", 8.0, metric="capacity"),
    ])
    assert output(statistics, "lithium sulphide", cite, 5) == (
        "500 t in June 2024 (lithium sulphide, China) [<S2>]; 1,000 t in 2025 (lithium sulphide, China) [<S1>]; "
        "90 t in 6 December 2025 (lithium sulphide, China) [<S3>]")
    assert output(statistics, "lithium sulphide", cite, 1) == (
        "90 t in 6 December 2025 (lithium sulphide, China) [<S3>] (the latest 1 of 3 output figures; all are in the edition's "
        "dataset (download at the end of the page))")
    assert output(statistics, "cobalt", cite, 5) == ""
