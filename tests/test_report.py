"""The helpers chapters print data with: numbers in plain decimals, text safe in MyST on one line."""

from __future__ import annotations

import pytest

from ssbook import report


@pytest.mark.parametrize("value, shown", [
    (1120000000, "1,120,000,000"),
    (614.1, "614.1"),
    (0.000000000001, "0.000000000001"),
    (999999999999999, "999,999,999,999,999"),
    (1e22, "10,000,000,000,000,000,000,000"),
    (-0.5, "-0.5"),
    (-0.0, "0"),
    (0.1 + 0.2, "0.3"),
    (float("nan"), "–"),
])
def test_number_is_never_in_exponent_notation(value, shown):
    assert report.number(value) == shown


@pytest.mark.parametrize("value, shown", [
    (1.12e9, "1.12 billion yuan"),
    (6e8, "600 million yuan"),
    (999999999999999, "1,000,000 billion yuan"),
    (0.000000000001, "0.000000000001 yuan"),
])
def test_yuan_in_words(value, shown):
    assert report.yuan(value) == shown


def test_text_is_one_line_of_inert_markdown():
    assert report.text("Line one\n\n- two\n---\n> three") == "Line one - two --- &gt; three"
    assert report.text("A & B *Co* [x](y) <b>") == "A &amp; B \\*Co\\* \\[x\\]\\(y\\) &lt;b&gt;"
