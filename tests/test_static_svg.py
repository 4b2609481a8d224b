"""The charts' static SVG (ssbook.charts.lighter_svg): the same drawing as vl-convert makes it, in
fewer bytes. Checked element by element against vl-convert's own SVG of real charts, and rendered."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import altair as alt
import pandas as pd
import pytest
import vl_convert

from ssbook import charts

SVG = "{http://www.w3.org/2000/svg}"
# What SVG draws when an attribute is absent (SVG 1.1), and what is never drawn: the names and roles
# of an image's parts (the static SVG is one image, role="img", with its own name).
DEFAULTS = {"opacity": "1", "transform": "translate(0,0)", "x1": "0", "x2": "0", "y1": "0", "y2": "0", "stroke-width": "1"}
UNDRAWN = re.compile(r"^(aria-.*|role|pointer-events)$")
NUMBER = re.compile(r"-?\d*\.?\d+(?:e-?\d+)?")


def sample_charts():
    frame = pd.DataFrame({"week": pd.date_range("2030-01-06", periods=9, freq="W").astype(str),
                          "price": [2050.123456, 2100.5, 1999.25, 2200, 2150.75, 2180.333, 2010, 2090.8, 2120],
                          "company": ["Synthetic Co 1", "Co 2", "Co 3"] * 3, "stage": ["pilot", "construction", "mass production"] * 3})
    line = alt.Chart(frame).mark_line(point=True).encode(x="week:T", y=alt.Y("price:Q", title="yuan/kg"), color="company:N")
    dots = alt.Chart(frame).mark_point(filled=True).encode(x="stage:N", y="company:N", shape="stage:N").properties(title="Stages")
    labels = charts.point_labels(alt.Chart(frame), "company:N", x="week:T", y="price:Q")
    return [line, dots, alt.layer(alt.Chart(frame).mark_point().encode(x="week:T", y="price:Q"), labels).facet(row="stage:N")]


def vl_svg(chart) -> str:
    spec = charts.spec(chart)
    return charts.static_svg({**spec, "config": {**spec.get("config", {}), "font": charts.STATIC_FONT}})


def drawn(parent: ET.Element) -> list[ET.Element]:
    """The children that draw something: not a path with no area."""
    return [child for child in parent if not (child.tag == f"{SVG}path" and child.get("d", "") in ("", "M0,0h0v0h0Z"))]


def compare(original: ET.Element, lighter: ET.Element, font: str, where: str = "svg") -> None:
    assert lighter.tag == original.tag, where
    assert (lighter.text or "") == (original.text or "") and (lighter.tail or "").strip() == (original.tail or "").strip(), where
    for name, value in original.attrib.items():
        if name in lighter.attrib:
            got = lighter.attrib[name]
            if NUMBER.sub("", got) == NUMBER.sub("", value) and name not in ("aria-label", "class"):
                pairs = zip(map(float, NUMBER.findall(got)), map(float, NUMBER.findall(value)))
                assert all(abs(a - b) <= 0.005 + 1e-9 for a, b in pairs), (where, name, value, got)
            else:
                assert got == value, (where, name)
        else:
            assert UNDRAWN.match(name) or DEFAULTS.get(name) == value or (name == "font-family" and value == font), (where, name, value)
    assert set(lighter.attrib) <= set(original.attrib) | ({"font-family"} if lighter.tag == f"{SVG}svg" else set()), where
    kept, left = drawn(original), drawn(lighter)
    assert len(left) == len(kept), where
    for index, (a, b) in enumerate(zip(kept, left)):
        compare(a, b, font, f"{where}/{a.tag.removeprefix(SVG)}[{index}]")


@pytest.mark.parametrize("index", range(3))
def test_the_lighter_svg_draws_what_vl_convert_drew(index):
    original = vl_svg(sample_charts()[index])
    lighter = charts.lighter_svg(original)
    assert len(lighter) < len(original)
    root = ET.fromstring(lighter)
    assert root.get("font-family") == charts.STATIC_FONT
    assert not [e for e in root.iter() if e is not root and "font-family" in e.attrib]  # every text inherits the one font
    compare(ET.fromstring(original), root, charts.STATIC_FONT)
    assert vl_convert.svg_to_png(lighter)[:24] == vl_convert.svg_to_png(original)[:24]  # same image size


def test_a_chart_on_a_page_carries_the_lighter_svg_named_once():
    markup = charts.chart_html(charts.spec(sample_charts()[0]), "Line chart: prices by week")
    svg = re.search(r'<div class="ssb-chart-static">(<svg.*?</svg>)</div>', markup, re.DOTALL).group(1)
    root = ET.fromstring(svg)
    assert (root.get("role"), root.get("aria-label"), root.get("font-family")) == ("img", "Line chart: prices by week", charts.STATIC_FONT)
    assert not [e.attrib for e in root.iter() if e is not root and {"role", "aria-label", "aria-roledescription"} & set(e.attrib)]
    assert [t.text for t in root.iter(f"{SVG}text")] == [t.text for t in ET.fromstring(vl_svg(sample_charts()[0])).iter(f"{SVG}text")]


def test_a_chart_drawn_before_in_the_project_comes_from_its_cache(tmp_path, monkeypatch):
    """In a project, a spec once drawn is read back from _build/cache/svg, the same SVG; another
    spec is drawn anew; outside a project nothing is kept."""
    (tmp_path / "book.yml").write_text("chapters: []\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SSBOOK_ROOT", raising=False)
    first, second, _ = (charts.spec(chart) for chart in sample_charts())
    drawn = charts.static_svg(first)
    assert [p.suffix for p in (tmp_path / "_build" / "cache" / "svg").iterdir()] == [".svg"]

    original = vl_convert.vegalite_to_svg

    def draw(spec, vl_version):
        draw.calls += 1
        return original(spec, vl_version=vl_version)

    draw.calls = 0
    monkeypatch.setattr(charts.vl_convert, "vegalite_to_svg", draw)
    assert charts.static_svg(first) == drawn and draw.calls == 0
    assert charts.static_svg(second) != drawn and draw.calls == 1
    assert charts.static_svg({**first, "width": 123}) != drawn and draw.calls == 2
    monkeypatch.chdir(tmp_path.parent)
    charts.static_svg(first)
    assert draw.calls == 3, "drawn from a cache outside any project"
