"""The helpers chapters print data with: numbers in plain decimals, text safe in MyST on one line."""

from __future__ import annotations

import pandas as pd
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


def test_references_cite_with_publisher_and_flag_grade_c():
    from ssbook.report import References

    refs = References(pd.DataFrame({"source_id": ["S3", "C8"], "publisher": ["SMM", "Gas<goo>"], "grade": ["A", "C"]}))
    assert refs.cite("S3") == "S3, SMM"
    assert refs.cite("C8") == 'C8, Gas&lt;goo&gt;, <span class="ssb-grade-C">grade C</span>'
    assert refs.label("S3") == "S3 (A)"
    assert refs.grade("Z1") == "?"


def test_keyfigure_escapes_every_part():
    from ssbook.report import keyfigure

    box = keyfigure('a"b', "<b>1</b>", "x & y", "note <i>")
    assert box == ('<div class="ssb-keyfigure" data-key="a&quot;b"><strong>&lt;b&gt;1&lt;/b&gt;</strong>'
                   "x &amp; y<br><small>note &lt;i&gt;</small></div>")
    assert "<small>" not in keyfigure("k", "1", "label")


def test_page_link_to_a_page_of_the_edition_else_the_label_as_text():
    pages = {"vehicles/verge-ts-pro", "vehicles"}
    assert report.page_link("vehicles/verge-ts-pro", "Verge TS Pro", pages) == "{doc}`vehicles/verge-ts-pro`"
    assert report.page_link("vehicles/other", "Other *bike*", pages) == r"Other \*bike\*"
    assert report.page_link("vehicles/verge-ts-pro", "Verge", set()) == "Verge"


def test_provenance_names_the_publisher_and_the_grade():
    assert report.provenance("S3", "SMM", "A") == "S3 (SMM, A)"


def test_notice_is_a_one_cell_table_saying_why(monkeypatch):
    glued = {}
    monkeypatch.setattr(report, "glue", lambda name, obj, display=False: glued.update({name: obj.data}))
    report.notice("demand", "Implied demand <by year>", "Not computed: no outlook & no split.")
    markup = glued["demand"]
    assert '<th scope="col">Implied demand &lt;by year&gt;</th>' in markup
    assert "<td>Not computed: no outlook &amp; no split.</td>" in markup
    assert markup.count("<tr>") == 2  # the header and one row


def test_doc_links_only_to_a_page_the_edition_has():
    pages = {"index", "vehicles", "vehicles/verge-ts-pro"}
    assert report.doc("vehicles/verge-ts-pro", pages) == "{doc}`vehicles/verge-ts-pro`"
    assert report.doc("vehicles/unknown", pages) == ""
    assert report.doc("", pages | {""}) == ""
    assert report.doc("vehicles", set()) == ""
