"""ssbook.extract: numbers with units read from hand-written sentences of each class."""

from __future__ import annotations

import pytest

from ssbook.extract import clause, dates, number, quantities, sentences


def read(sentence: str, language: str = "en") -> list[tuple]:
    return [(q.value, q.high, q.unit, q.qualifier) for q in quantities(sentence, language)]


@pytest.mark.parametrize("sentence, expected", [
    ("Cobalt sulphate traded at 48,500 yuan/mt on Monday.", [(48500, None, "yuan/t", "")]),
    ("Nickel fell to 121,300 yuan/tonne.", [(121300, None, "yuan/t", "")]),
    ("LiPF6 was quoted at 52 yuan per kg.", [(52, None, "yuan/kg", "")]),
    ("Spot prices ranged 148,500-155,500 yuan/t this week.", [(148500, 155500, "yuan/t", "")]),
    ("Quotes were 148,500–155,500 yuan/mt.", [(148500, 155500, "yuan/t", "")]),
    ("It traded between 70,100 yuan/mt and 72,900 yuan/mt.", [(70100, None, "yuan/t", ""), (72900, None, "yuan/t", "")]),
    ("Prices rose from 148,500 to 155,500 yuan/t over the week.", [(148500, 155500, "yuan/t", "")]),
    ("The plant will make 3.6kt a year.", [(3600, None, "t", "")]),
    ("A 20,000 t precursor line.", [(20000, None, "t", "")]),
    ("An 8 GWh cell plant and a 500MWh pilot line.", [(8, None, "GWh", ""), (500, None, "MWh", "")]),
    ("The project will cost 2.35 billion yuan.", [(2.35e9, None, "yuan", "")]),
    ("Total investment about 450 million yuan.", [(4.5e8, None, "yuan", "about")]),
    ("Cells reach 360 Wh/kg.", [(360, None, "Wh/kg", "")]),
    ("The pack stores 290 watt-hours per kilogram.", [(290, None, "Wh/kg", "")]),
    ("Demand will exceed 1,200 GWh by 2030.", [(1200, None, "GWh", "over")]),
    ("Penetration of around 3.5% in 2027.", [(3.5, None, "%", "about")]),
    ("Output remained below 2 mt.", [(2, None, "t", "under")]),
    ("Range of up to 520 km.", [(520, None, "km", "up to")]),
    ("A 5kt-level anode plant.", [(5000, None, "t", "level")]),
    ("It charges in twelve minutes and covers 310 miles.", [(12, None, "min", ""), (310, None, "mi", "")]),
    ("A nine-minute charge.", [(9, None, "min", "")]),
    ("Rated from -20 to 60 degrees Celsius.", [(-20, 60, "°C", "")]),
    ("It passed a 150℃ oven test.", [(150, None, "°C", "")]),
    ("A 45 Ah cell with 12 mS/cm conductivity.", [(45, None, "Ah", ""), (12, None, "mS/cm", "")]),
    ("It sells for $18,500.", [(18500, None, "USD", "")]),
    ("Rated at 95 kW and 220 Nm.", [(95, None, "kW", ""), (220, None, "Nm", "")]),
    ("A top speed of 160 km/h.", [(160, None, "speed", "")]),
    ("An investment of RMB 1.2 billion and US$200 million.", [(1.2e9, None, "yuan", ""), (2e8, None, "USD", "")]),
    ("A 50,000 tpa plant, a 30 ktpa line and 20,000 tonnes per year.", [(50000, None, "t/yr", ""), (30000, None, "t/yr", ""), (20000, None, "t/yr", "")]),
    ("Cells at $100/kWh, packs at 0.45 yuan/Wh, salt at $12/kg.", [(100, None, "money/energy", ""), (0.45, None, "money/energy", "")]),
    ("Shares of 5-10% and 25 to 30 percent.", [(5, 10, "%", ""), (25, 30, "%", "")]),
    ("2.5 TWh by 2030.", [(2500, None, "GWh", "")]),
])
def test_quantities_of_each_class(sentence, expected):
    assert read(sentence) == expected


@pytest.mark.parametrize("sentence", ["In 2025 the company was founded.", "Phase two began; ID 103704452.", "Tesla's 4680 cell"])
def test_figures_without_a_unit_are_not_quantities(sentence):
    assert read(sentence) == []


def test_the_decimal_mark_follows_the_language():
    assert read("Mit 0,6 kWh pro kg und 50.000 Ladezyklen", "de") == [(600, None, "Wh/kg", ""), (50000, None, "cycles", "")]
    assert read("fino a 41,5 kWh, 2.000 Nm", "it") == [(41.5, None, "kWh", "up to"), (2000, None, "Nm", "")]
    assert read("It has 1.000 Nm", "en") == [(1, None, "Nm", "")]
    assert number("1,000", "it") == 1000  # three digits after a comma: a thousand in any language
    assert number("sieben", "de") == 7 and number("−30") == -30


def test_a_change_from_a_higher_to_a_lower_figure_is_two_figures():
    assert read("It cuts weight from 250 kg to 232 kg") == [(250, None, "kg", ""), (232, None, "kg", "")]


def test_a_year_or_a_date_is_not_a_range():
    assert read("In 2025-10 output was 3 t") == [(3, None, "t", "")]


def test_number_words_need_a_unit_right_after_them():
    assert read("five companies and ten minutes") == [(10, None, "min", "")]
    assert read("due to 5 t", "en") == [(5, None, "t", "")]


def test_sentences_are_exact_passages_without_the_archive_header():
    text = "URL: https://example.com/a\nTITLE: A\n---\nPrices rose 2.5% in 2025. Output hit 4 mt. U.S. sales fell.\n多少。好的！\n"
    found = sentences(text)
    assert found == ["Prices rose 2.5% in 2025.", "Output hit 4 mt.", "U.S. sales fell.", "多少。", "好的！"]
    assert all(s in text for s in found)


def test_sentences_split_at_elisions():
    assert sentences("First part [...] second part.") == ["First part", "second part."]


def test_dates_as_precise_as_printed():
    found = dates("On August 22, 2025 and 3 May 2024, then in October 2025, in 2024, and 2026年1月4日")
    assert [d for _, d in found] == ["2025-08-22", "2024-05-03", "2025-10", "2024", "2026-01-04"]
    assert dates("IDs 103710744 and 2,050 yuan") == []


def test_clause_of_a_figure():
    sentence = "It makes 5.2kt of cathode annually, and has completed a 200t pilot line."
    first, second = quantities(sentence)
    assert "annually" in clause(sentence, first)
    assert "annually" not in clause(sentence, second)
