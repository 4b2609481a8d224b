"""ssbook.claims: the vehicle pages' views of the claims, on small hand-made frames (no book build), with the
cases the chapters' copies could disagree on: empty frames, words only, not disclosed only, ranges,
qualifiers ('up to 370 mi' and '370 mi'), ties."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ssbook.claims import (agree, claimant, claimed_by, company_names, scoreboard, agreeing_groups, agreeing_sets, latest_findings, compare_cell, conflict_table, converted, derived_status, differs, figure_keys,
                           findings_on, findings_table, given_by, headline, main_figures, most_given, ordered_attributes,
                           other_figures, recent_sources, same_number, scoreboard_counts, side_by_side, significant,
                           specification, status_cell, status_counts, status_line, status_with_findings, unmentioned,
                           with_figures, withheld, withheld_terms)
from ssbook.facts import KEY_ATTRIBUTES
from ssbook.text import DATASET

COLUMNS = ["vehicle_id", "attribute", "value", "value_high", "unit", "value_text", "qualifier", "status", "date",
           "source_id", "quote", "publisher", "source_grade"]


def claim(attribute="range", value=None, unit="", qualifier="", high=None, status="claimed", text="", source="S1",
          vehicle="v1", quote="", publisher="Pub", grade="B") -> dict:
    return {
        "vehicle_id": vehicle, "attribute": attribute, "value": math.nan if value is None else float(value),
        "value_high": math.nan if high is None else float(high), "unit": unit, "value_text": text, "qualifier": qualifier,
        "status": status, "date": "2026-01", "source_id": source, "quote": quote or f"quote of {source}",
        "publisher": publisher, "source_grade": grade,
    }


def frame(*rows: dict) -> pd.DataFrame:
    return with_figures(pd.DataFrame(list(rows), columns=COLUMNS).astype({"value": float, "value_high": float}))


def miles(value=370, qualifier="", source="S1", status="claimed") -> dict:
    return claim("range", value, "mi", qualifier, status=status, text=f"{qualifier} {value} miles".strip(), source=source)


def withheld_claim(attribute="range", source="S1", text="not disclosed") -> dict:
    return claim(attribute, status="not disclosed", text=text, source=source)


EMPTY = frame()


def test_with_figures_prints_each_claim_as_its_source_does():
    claims = frame(miles(qualifier="up to"), claim("operating temperature", -30, "°C", high=100), withheld_claim(),
                   claim("chemistry", text="sulphide route"))
    assert list(claims["figure"]) == ["up to 370 mi", "-30–100 °C", "not disclosed", "sulphide route"]
    assert list(claims["numeric"]) == [True, True, False, False]
    assert list(claims["row"]) == [0, 1, 2, 3]
    assert EMPTY.empty and {"figure", "numeric", "row"} <= set(EMPTY.columns)


def test_figure_keys_ignore_the_qualifier_but_not_the_unit_the_range_or_the_words():
    claims = frame(miles(qualifier="up to"), miles(), miles(qualifier="over"), claim("range", 600, "km"),
                   claim("range", 370, "mi", high=400), claim("range", text="long range"), claim("range", text="very long range"))
    keys = list(figure_keys(claims))
    assert keys[0] == keys[1] == keys[2]
    assert len(set(keys[2:])) == 5
    assert keys[5] == "long range"
    assert figure_keys(EMPTY).empty


def groups(*sizes_and_rows):
    """(key, rows) pairs: each a key and the `row` numbers of its rows."""
    return [(key, pd.DataFrame({"row": rows})) for key, rows in sizes_and_rows]


def test_most_given_keeps_all_while_they_fit():
    given = groups(("a", [0]), ("b", [1, 2]))
    assert most_given(given, 2) == (given, 0)
    assert most_given([], 3) == ([], 0)


def test_most_given_keeps_those_given_most_in_their_order_and_counts_the_others():
    given = groups(("a", [0]), ("b", [1, 5]), ("c", [2]), ("d", [3, 4, 6]))
    kept, left_out = most_given(given, 2)
    assert [key for key, _ in kept] == ["b", "d"] and left_out == 2
    assert most_given(given, 0) == ([], 4)


def test_most_given_breaks_a_tie_for_the_most_recently_given():
    given = groups(("early", [0, 1]), ("late", [2, 7]), ("middle", [3, 4]), ("once", [5]))
    kept, left_out = most_given(given, 2)
    assert [key for key, _ in kept] == ["late", "middle"] and left_out == 2


def test_main_figures_group_by_the_printed_figure():
    claims = frame(miles(qualifier="up to", source="A"), miles(source="B"), miles(qualifier="up to", source="C"),
                   claim("range", 600, "km", source="D"))
    kept, left_out = main_figures(claims, 2)
    assert [figure for figure, _ in kept] == ["up to 370 mi", "600 km"] and left_out == 1  # '370 mi' ties with the later '600 km'
    assert [list(rows["source_id"]) for _, rows in kept] == [["A", "C"], ["D"]]
    assert main_figures(EMPTY, 2) == ([], 0)


def test_other_figures_and_recent_sources():
    assert other_figures(1) == f"1 other figure, each given by fewer sources, in {DATASET}"
    assert other_figures(3).startswith("3 other figures")
    claims = frame(*(miles(source=s) for s in ["A", "B", "A", "C", "D"]))
    assert recent_sources(claims, 2) == "C, D and 2 earlier"
    assert recent_sources(claims, 4) == "A, B, C, D"
    assert recent_sources(claims, 9, label=str.lower) == "a, b, c, d"
    assert recent_sources(EMPTY, 3) == ""


def test_ordered_attributes_key_ones_first_then_the_others_alphabetically():
    claims = frame(claim("torque", 1), claim("range", 1), claim("chemistry", text="x"), claim("energy density", 1), claim("range", 2))
    assert ordered_attributes(claims) == ["energy density", "range", "chemistry", "torque"]
    assert ordered_attributes(claims, every_key=True) == KEY_ATTRIBUTES + ["chemistry", "torque"]
    assert ordered_attributes(EMPTY) == [] and ordered_attributes(EMPTY, every_key=True) == KEY_ATTRIBUTES


def test_status_counts_and_line_in_the_vocabulary_order_without_zeros():
    claims = frame(withheld_claim(), miles(status="reported"), miles(), miles(status="reported"))
    assert status_counts(claims) == {"claimed": 1, "reported": 2, "not disclosed": 1}
    assert list(status_counts(claims)) == ["claimed", "reported", "not disclosed"]
    assert status_line(claims) == "1 claimed by the company, 2 reported by a third party, 1 not disclosed"
    assert status_counts(EMPTY) == {} and status_line(EMPTY) == ""


def test_headline_of_nothing_and_of_not_disclosed_only():
    assert headline(EMPTY) == ("no figure", "not in the sources so far")
    assert headline(frame(withheld_claim(source="H3"), withheld_claim(source="H4"))) == ("not disclosed", "according to H3, H4")


def test_headline_one_figure_whatever_the_qualifier_printed_as_most_print_it():
    claims = frame(claim("range", 600, "km", source="D7"), miles(qualifier="up to", source="D9"), miles(source="D14"),
                   miles(qualifier="up to", source="D15"))
    assert headline(claims) == ("up to 370 mi", "claimed, 4 sources")  # 600 km is 370 mi as printed


def test_headline_counts_distinct_sources_joins_statuses_and_says_when_all_agree():
    claims = frame(miles(source="A"), miles(source="A", status="reported"), miles(source="B"))
    assert headline(claims) == ("370 mi", "claimed and reported, 2 sources")


def test_headline_on_a_tie_takes_the_first_given_and_a_wording_can_be_the_headline():
    assert headline(frame(claim("range", 600, "km"), miles(300)))[0] == "600 km"
    assert headline(frame(claim("range", text="long"), claim("range", text="long", source="S2"), miles())) == (
        "long", "claimed, 2 sources; other sources differ")


def test_headline_says_other_sources_differ_when_one_says_not_disclosed():
    assert headline(frame(miles(), withheld_claim())) == ("370 mi", "claimed, 1 source; other sources differ")


@pytest.mark.parametrize("rows, differ", [
    ([], False),
    ([miles(qualifier="up to"), miles()], False),  # the same number in other words
    ([miles(), claim("range", 600, "km")], False),  # 370 mi is 595.5 km, 600 km as printed
    ([miles(), claim("range", 300, "km")], True),  # converted, another figure
    ([claim("range", 600, "km", "over"), miles(qualifier="up to")], True),  # the same number, qualifiers that exclude each other
    ([claim("range", 600, "km", "over"), miles()], False),
    ([claim("thermal test", 200, "°C"), claim("thermal test", 392, "°F")], False),
    ([claim("energy density", 380, "Wh/kg"), claim("energy density", 30, "%")], False),  # units that do not convert measure other things
    ([miles(), miles(300)], True),
    ([miles(qualifier="about"), miles(qualifier="over")], False),
    ([claim("range", -30, "°C", high=100), claim("range", -30, "°C")], True),  # a range against one end of it
    ([miles(), withheld_claim()], True),
    ([withheld_claim(), withheld_claim(source="S2")], False),
    ([claim("chemistry", text="no lithium (conflicts with D7)")], True),
    ([claim("chemistry", text="sulphide"), claim("chemistry", text="oxide")], False),  # words are not compared
])
def test_differs(rows, differ):
    assert differs(frame(*rows)) is differ


def test_withheld_only_or_partly_in_the_attributes_order():
    claims = frame(withheld_claim("range"), miles(), withheld_claim("cycle life"), withheld_claim("charge time"),
                   claim("charge time", text="12C"))
    assert withheld(claims, ["cycle life", "charge time", "range", "torque"]) == (["cycle life"], ["charge time", "range"])
    assert withheld(frame(miles()), ["range"]) == ([], [])
    assert withheld(EMPTY, []) == ([], [])


def test_withheld_terms_leave_out_the_plain_words_and_repeats():
    rows = frame(withheld_claim(text="not disclosed (battery capacity)"), withheld_claim(), withheld_claim(text=""),
                 withheld_claim(text="not disclosed (battery capacity)"), withheld_claim(text="charging speed"))
    assert withheld_terms(rows) == ["charging speed", "not disclosed (battery capacity)"]
    assert withheld_terms(EMPTY) == []


def test_unmentioned_key_attributes():
    assert unmentioned(frame(withheld_claim("range"), claim("torque", 1))) == [a for a in KEY_ATTRIBUTES if a != "range"]
    assert unmentioned(EMPTY) == KEY_ATTRIBUTES


def test_status_cell_one_status_or_each_with_its_sources():
    assert status_cell(frame(miles(source="A"), miles(source="B")), 5) == "company claim"
    rows = frame(miles(source="A"), withheld_claim(source="H"), miles(source="B"), miles(source="C", status="reported"))
    assert status_cell(rows, 1) == "company claim: B and 1 earlier; not disclosed: H; third-party report: C"


def test_given_by_per_status_and_not_disclosed_without_one():
    rows = frame(miles(source="A"), miles(source="B", status="reported"), miles(source="C"))
    assert given_by(rows, 5) == "claimed: A, C; reported: B"
    assert given_by(frame(withheld_claim(source="H3"), withheld_claim(source="H4")), 1) == "H4 and 1 earlier"
    assert given_by(rows, 5, label=str.lower) == "claimed: a, c; reported: b"


def test_compare_cell_of_nothing():
    assert compare_cell(EMPTY, 4) == ""


def test_compare_cell_counts_sources_per_figure_and_status():
    rows = frame(miles(qualifier="up to"), miles(), miles(qualifier="up to"), miles(status="reported"), withheld_claim())
    assert compare_cell(rows, 4) == "up to 370 mi (claimed, 2 sources); 370 mi (claimed, 1 source); 370 mi (reported, 1 source); not disclosed"


def test_compare_cell_ranks_numbers_only_and_keeps_every_not_disclosed():
    rows = frame(miles(100), miles(200), miles(200), withheld_claim(), miles(300), miles(300), claim("range", text="long"))
    assert compare_cell(rows, 2) == ("200 mi (claimed, 2 sources); not disclosed; 300 mi (claimed, 2 sources); long (claimed, 1 source); "
                                     f"1 other figures, each given by fewer sources, in {DATASET}")


def test_compare_cell_shows_two_wordings_and_counts_the_others():
    rows = frame(*(claim("range", text=t) for t in ["a", "b", "a", "c", "d"]), withheld_claim())
    assert compare_cell(rows, 4) == ("a (claimed, 2 sources); b (claimed, 1 source); not disclosed; "
                                     "2 more wordings on the vehicle's page")
    assert compare_cell(rows, 4, wordings=4).count("(claimed") == 4


def test_side_by_side_a_row_per_attribute_a_column_per_vehicle():
    claims = frame(miles(), claim("torque", 1000, "Nm", vehicle="v2"))
    table = side_by_side(claims, pd.DataFrame({"vehicle_id": ["v1", "v2"], "name": ["One", "Two"]}), 4)
    assert list(table.columns) == ["Attribute", "One", "Two"]
    assert list(table["Attribute"]) == KEY_ATTRIBUTES + ["torque"]
    assert table.set_index("Attribute").loc["range"].tolist() == ["370 mi (claimed, 1 source)", ""]
    assert table.set_index("Attribute").loc["torque"].tolist() == ["", "1,000 Nm (claimed, 1 source)"]


def test_specification_figures_sources_and_status():
    claims = frame(miles(qualifier="up to", source="A"), miles(source="B"), miles(qualifier="up to", source="C"),
                   claim("range", 600, "km", source="D"), withheld_claim("charge time", source="H"))
    spec = specification(claims, 2, 5, label=lambda s: f"{s} (B)")
    assert list(spec["Attribute"]) == ["range", "charge time"]
    assert spec.iloc[0, 1] == f"up to 370 mi [A (B), C (B)] · 600 km [D (B)] · {other_figures(1)}"
    assert list(spec["Status"]) == ["company claim", "not disclosed"]
    assert specification(EMPTY, 2, 5).empty


def test_conflict_table_latest_rows_of_each_attribute_in_order():
    claims = frame(miles(300, source="A"), claim("cycle life", 1, "cycles", source="B"), miles(400, source="C"),
                   claim("range", text="long", source="D"), withheld_claim("range", source="E"), claim("cycle life", 2, "cycles", source="F"))
    table, trimmed = conflict_table(claims, ["cycle life", "range"], 2)
    assert trimmed
    assert list(table["Attribute"]) == ["cycle life", "cycle life", "range", "range"]
    assert list(table["Source"]) == ["B (Pub, B)", "F (Pub, B)", "D (Pub, B)", "E (Pub, B)"]
    assert list(table["Figure"]) == ["1 cycles", "2 cycles", "", "not disclosed"]
    assert list(table["In the source's words"])[2:] == ["long", "quote of E"]
    assert not conflict_table(claims, ["cycle life"], 2)[1]


def test_conflict_table_words_fall_back_to_the_quote():
    table, trimmed = conflict_table(frame(miles(300, source="A"), {**miles(source="B"), "value_text": ""}), ["range"], 5)
    assert list(table["In the source's words"]) == ["300 miles", "quote of B"] and not trimmed
    empty, trimmed = conflict_table(EMPTY, [], 5)
    assert empty.empty and not trimmed


def test_conflict_table_keeps_the_sources_order_within_an_attribute_in_a_long_table():
    claims = frame(*(miles(i, source=f"S{i}") if i % 3 else claim("cycle life", i, "cycles", source=f"S{i}") for i in range(60)))
    table, trimmed = conflict_table(claims, ["range", "cycle life"], 60)
    assert list(table["Source"].str.split(" ").str[0]) == [f"S{i}" for i in range(60) if i % 3] + [f"S{i}" for i in range(0, 60, 3)]
    assert not trimmed


@pytest.mark.parametrize("value, digits", [(370, 2), (600, 1), (33.3, 3), (0.05, 1), (100000, 1), (392, 3), (1.5, 2), (0, 1)])
def test_significant_digits_as_printed(value, digits):
    assert significant(value) == digits


def test_converted_between_units_that_measure_one_thing():
    assert converted(370, "mi", "km") == pytest.approx(595.46, abs=0.01)
    assert converted(600, "km", "mi") == pytest.approx(372.82, abs=0.01)
    assert converted(392, "°F", "°C") == pytest.approx(200)
    assert converted(5, "min", "min") == 5
    assert converted(5, "min", "km") is None and converted(380, "Wh/kg", "%") is None


def test_same_number_exact_in_one_unit_rounded_as_printed_across_units():
    assert same_number(370, "mi", 600, "km") and same_number(200, "°C", 392, "°F")
    assert not same_number(100000, "cycles", 10000, "cycles") and not same_number(30, "kWh", 33.3, "kWh")
    assert not same_number(372, "mi", 600, "km")  # 600 km is 372.8 mi: 373 at 3 digits
    assert same_number(float("nan"), "km", float("nan"), "mi") and not same_number(1, "km", float("nan"), "km")


def test_agree_on_the_number_and_qualifiers_that_allow_it():
    assert agree(miles(qualifier="up to"), miles()) and agree(miles(qualifier="about"), miles(qualifier="over"))
    assert not agree(claim("range", 600, "km", "over"), miles(qualifier="up to"))
    assert not agree(claim("range", 600, "km", "under"), claim("range", 600, "km", "over"))
    assert not agree(miles(), claim("range", 370, "min"))


def test_agreeing_groups_one_figure_whatever_its_words_or_unit():
    rows = frame(claim("range", 600, "km", "over", source="D7"), miles(qualifier="up to", source="D9"), miles(300, source="X"),
                 claim("range", text="long"), withheld_claim(), claim("range", text="long", source="S2"), miles(source="D14"))
    assert list(agreeing_groups(rows)) == [0, 0, 1, 2, 3, 2, 0]
    assert agreeing_groups(EMPTY).empty


def checks(*rows):
    columns = ["vehicle_id", "attribute", "finding", "by", "summary", "date", "source_id", "quote", "publisher", "source_grade"]
    return pd.DataFrame([dict(zip(columns, ["v1", a, f, by, f"{by} says", date, src, f"quote {src}", "Pub", "C"]))
                         for a, f, by, date, src in rows], columns=columns)


NO_CHECKS = checks()


def test_findings_on_one_attribute_by_date():
    found = findings_on(checks(("range", "verified", "TÜV", "2026-02", "T2"), ("range", "disputed", "CATL", "2026-01-12", "T1"),
                               ("cycle life", "disputed", "CATL", "2026-01-12", "T1")), "v1", "range")
    assert list(found["source_id"]) == ["T1", "T2"]
    assert findings_on(NO_CHECKS, "v1", "range").empty


@pytest.mark.parametrize("statuses, findings, expected", [
    (["claimed"], [], "claimed"),
    (["claimed", "reported"], [], "reported"),
    (["claimed", "verified"], [], "verified"),
    (["not disclosed"], [], "not disclosed"),
    (["claimed"], ["unverified"], "claimed"),
    (["claimed"], ["disputed"], "disputed"),
    (["claimed"], ["disputed", "verified"], "verified"),  # the latest of the two
    (["claimed"], ["verified", "disputed"], "disputed"),
    (["claimed"], ["refuted", "verified"], "refuted"),  # once refuted, refuted
    (["verified"], ["retracted"], "retracted"),
])
def test_derived_status(statuses, findings, expected):
    assert derived_status(statuses, pd.DataFrame({"finding": findings})) == expected


def test_status_with_findings_keeps_the_claim_and_adds_each_finding():
    rows = frame(miles(source="D1"), miles(source="D2"))
    found = checks(("range", "disputed", "CATL", "2026-01-12", "T1"), ("range", "verified", "TÜV", "2026-02", "T2"))
    assert status_with_findings(rows, found, 3, lambda s: "C") == (
        "company claim; disputed by CATL (12 January 2026, grade C source T1); verified by TÜV (February 2026, grade C source T2)")
    assert status_with_findings(frame(miles(source="D1"), miles(status="reported", source="D2")), NO_CHECKS, 3) == (
        "company claim: D1; third-party report: D2")


def test_findings_table_by_attribute_then_date():
    table = findings_table(checks(("range", "verified", "TÜV", "2026-02", "T2"), ("cycle life", "disputed", "CATL", "2026-01-12", "T1"),
                                  ("range", "disputed", "CATL", "2026-01-12", "T1")))
    assert list(zip(table["Attribute"], table["Source"])) == [("range", "T1 (Pub, C)"), ("range", "T2 (Pub, C)"), ("cycle life", "T1 (Pub, C)")]
    assert findings_table(NO_CHECKS).empty


def test_scoreboard_counts_each_attribute_once_by_its_derived_status():
    claims = frame(miles(source="D1"), miles(source="D2"), claim("cycle life", 100, "cycles"), claim("weight", 200, "kg", status="reported"),
                   withheld_claim("pack energy"))
    counts = scoreboard_counts(claims, checks(("cycle life", "disputed", "CATL", "2026-01-12", "T1")))
    assert counts == {"refuted": 0, "retracted": 0, "verified": 0, "disputed": 1, "reported": 1, "claimed": 1, "not disclosed": 1}


def test_specification_status_with_the_findings_on_an_attribute():
    claims = frame(miles(source="D1"), claim("cycle life", 100, "cycles", source="D2"))
    found = checks(("range", "disputed", "CATL", "2026-01-12", "T1"))
    spec = specification(claims, 5, 3, checks=found, grade=lambda s: "C")
    assert list(spec["Status"]) == ["company claim; disputed by CATL (12 January 2026, grade C source T1)", "company claim"]
    assert specification(claims, 5, 3, checks=NO_CHECKS).equals(specification(claims, 5, 3))


def test_agreeing_sets_put_the_same_figure_in_other_words_together():
    rows = frame(claim("cycle life", 100000, "cycles", source="D1"), claim("cycle life", 10000, "cycles", source="D4"),
                 claim("cycle life", 100000, "cycles", "over", source="D5"))
    sets = agreeing_sets(rows, main_figures(rows, 5)[0])
    assert [[figure for figure, _ in s] for s in sets] == [["100,000 cycles", "over 100,000 cycles"], ["10,000 cycles"]]
    assert agreeing_sets(EMPTY, []) == []


def test_latest_findings_by_date():
    found = checks(("range", "verified", "TÜV", "2026-02", "T2"), ("range", "disputed", "CATL", "2026-01-12", "T1"),
                   ("weight", "disputed", "X", "2026-01", "T3"))
    assert list(latest_findings(found, 2)["source_id"]) == ["T1", "T2"]
    assert latest_findings(NO_CHECKS, 2).empty


def test_agreeing_sets_set_a_ceiling_against_a_floor_of_the_same_number():
    rows = frame(claim("range", 600, "km", "over", source="D7"), miles(qualifier="up to", source="D9"), miles(source="D14"))
    sets = agreeing_sets(rows, main_figures(rows, 5)[0])
    assert [[figure for figure, _ in s] for s in sets] == [["over 600 km", "370 mi"], ["up to 370 mi"]]
    rows = frame(miles(qualifier="up to", source="D9"), miles(source="D14"))
    assert len(agreeing_sets(rows, main_figures(rows, 5)[0])) == 1


def test_scoreboard_a_row_per_vehicle_with_its_claims_and_promises():
    claims = frame(miles(source="D1"), claim("cycle life", 100, "cycles"), claim("weight", 9, "kg", vehicle="v2", status="reported"))
    promised = pd.DataFrame({"vehicle_id": ["v1", "v1", "v2"], "state": ["met", "pending", "overdue"], "slips": [0, 2, 1]})
    vehicles = pd.DataFrame({"vehicle_id": ["v1", "v2", "v3"], "name": ["One", "Two", "Three"]})
    board = scoreboard(claims, checks(("cycle life", "refuted", "Lab", "2026-02", "T1")), promised, vehicles).set_index("Vehicle")
    assert board.loc["One"].tolist() == [1, 0, 0, 0, 1, 0, 1, 1, 0, 1]
    assert board.loc["Two"].tolist() == [0, 0, 1, 0, 0, 0, 0, 0, 1, 1]
    assert board.loc["Three"].sum() == 0


# --- who claims ---------------------------------------------------------------------------------------

VERGE = ["Verge Motorcycles", "Donut Lab"]  # a vehicle's maker and battery maker
HONGQI = ["FAW Hongqi", "Hongqi (FAW R&D Institute)"]


def test_company_names_a_text_may_use():
    assert company_names("Donut Lab") == ["Donut Lab", "Donut"]
    assert company_names("Hongqi (FAW R&D Institute)") == ["Hongqi (FAW R&D Institute)", "FAW R&D Institute", "Hongqi"]
    assert company_names("BYD") == ["BYD"] and company_names("LG") == []


@pytest.mark.parametrize("quote,text,companies,expected", [
    ("Donut Lab asserts it has achieved 400 Wh/kg", "", VERGE, "Donut Lab"),
    ("Donut says it can charge in just five minutes", "", VERGE, "Donut Lab"),  # the first word of the name
    ("dichiara 1.000 Nm", "Verge dichiara 1.000 Nm", VERGE, "Verge Motorcycles"),  # the quote names none: the wording
    ("Its claimed 400Wh/kg energy density", "claimed 400Wh/kg (Donut Lab battery)", VERGE, "Donut Lab"),
    ("once Verge Motorcycles, equipped with these batteries from Donut Lab", "", VERGE, "Verge Motorcycles"),  # named first
    ("a 470-day effort by FAW's R&D Institute", "", HONGQI, "Hongqi (FAW R&D Institute)"),  # the longer name, past the 's
    ("FAW Hongqi said so", "", HONGQI, "FAW Hongqi"),
    ("a five-minute charge time", "five minutes to 100%", VERGE, ""),  # nobody named
    ("Donutland and converge", "", VERGE, ""),  # parts of other words are not names
])
def test_claimant_is_the_company_the_row_names(quote, text, companies, expected):
    assert claimant({"quote": quote, "value_text": text}, companies) == expected


def test_claimed_by_names_each_claimant_or_says_none_is_named():
    donut = claim(quote="Donut Lab claims 400 Wh/kg", source="D1")
    verge = claim(quote="Verge says 370 miles", source="D2")
    nobody = claim(quote="370 miles", source="D3")
    assert claimed_by(frame(nobody, donut, donut), VERGE) == "claimed by Donut Lab"
    assert claimed_by(frame(verge, nobody, donut), VERGE) == "claimed by Verge Motorcycles and Donut Lab"
    assert claimed_by(frame(nobody), VERGE) == "company claim (no source names the company)"
    assert claimed_by(frame(donut), []) == "company claim"  # the companies not known


def test_status_names_who_claims_beside_the_findings():
    rows = frame(claim(quote="Donut Lab claims 400 Wh/kg", source="D1"), claim(quote="400 Wh/kg", source="D2"),
                 claim(status="reported", source="R1"))
    found = checks(("range", "disputed", "CATL", "2026-01-12", "T20"))
    assert status_with_findings(rows, found, 3, lambda s: "C", VERGE) == (
        "claimed by Donut Lab: D1, D2; third-party report: R1; disputed by CATL (12 January 2026, grade C source T20)")
    spec = specification(frame(claim(quote="Verge says 370 miles")), 5, 3, checks=NO_CHECKS, companies=VERGE)
    assert list(spec["Status"]) == ["claimed by Verge Motorcycles"]
