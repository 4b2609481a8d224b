"""ssbook.charts: the chart vocabulary every page draws with."""

from __future__ import annotations

from ssbook.charts import STATUS_COLOURS, TIMING_COLOURS, colour_scale
from ssbook.facts import STATUS_LABEL


def test_every_status_and_timing_has_its_own_colour():
    assert list(STATUS_COLOURS) == list(STATUS_LABEL)
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)
    assert list(TIMING_COLOURS) == ["actual", "planned"] and len(set(TIMING_COLOURS.values())) == 2


def test_colour_scale_keeps_the_vocabulary_order():
    scale = colour_scale({"b": "#000000", "a": "#ffffff"}).to_dict()
    assert scale == {"domain": ["b", "a"], "range": ["#000000", "#ffffff"]}
