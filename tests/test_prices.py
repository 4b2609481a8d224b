"""ssbook.prices: prices as printed, the latest readings of each series, the history thinned by age (on
synthetic dates), the point labels, the range bars and the price-direction sentence; on hand-made frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ssbook.facts import starts
from ssbook.prices import (AGE_TIERS, RANGE_COLUMNS, against_peak, as_printed, by_basis, direction_summary, latest_readings,
                           dated, point_labels, printed, range_bars, thinned)

NAN = math.nan


def reading(material="lithium sulphide", date="2025-10", value=NAN, *, low=NAN, high=NAN, unit="yuan/kg", qualifier="",
            basis="average", week="2026-01-08", source="S1", direction=""):
    return {"material": material, "date": date, "value": value, "low": low, "high": high, "unit": unit, "qualifier": qualifier,
            "basis": basis, "week": week, "source_id": source, "direction": direction}


def frame(*rows):
    readings = pd.DataFrame(list(rows))
    return readings.assign(day=starts(readings["date"]).to_numpy()) if len(readings) else readings


def cite(source_id):
    return f"<{source_id}>"


# --- printed, as_printed -------------------------------------------------------------------------------

@pytest.mark.parametrize("value, low, high, unit, qualifier, said", [
    (2000.0, NAN, NAN, "yuan/kg", "about", "about 2,000 yuan/kg"),
    (2000.0, NAN, NAN, "yuan/kg", "", "2,000 yuan/kg"),
    (10000.0, NAN, NAN, "yuan/t", "level", "10,000 yuan/t-level"),
    (NAN, 120000.0, 135000.0, "yuan/t", "", "120,000–135,000 yuan/t"),
    (127500.0, 120000.0, 135000.0, "yuan/t", "", "127,500 yuan/t (range 120,000–135,000 yuan/t)"),
    (127500.0, 120000.0, 135000.0, "yuan/t", "over", "over 127,500 yuan/t (range 120,000–135,000 yuan/t)"),
    (NAN, NAN, NAN, "", "", ""),  # a bare direction
    (0.0, NAN, NAN, "yuan/kg", "", "0 yuan/kg"),
])
def test_printed(value, low, high, unit, qualifier, said):
    assert printed(value, low, high, unit, qualifier) == said


def test_printed_reads_a_missing_qualifier_as_none():
    assert printed(5.5, NAN, NAN, "yuan/kg", NAN) == "5.5 yuan/kg"


def test_as_printed_of_each_row_and_of_none():
    readings = frame(reading(value=1.5, qualifier="under"), reading(value=NAN, low=1.0, high=2.0))
    assert as_printed(readings) == ["under 1.5 yuan/kg", "1–2 yuan/kg"]
    assert as_printed(pd.DataFrame(columns=["value", "low", "high", "unit", "qualifier"])) == []


# --- latest_readings, by_basis -------------------------------------------------------------------------

def test_latest_readings_keeps_the_last_n_of_each_series_in_order():
    readings = frame(*[reading("carbonate", f"2025-0{m}", 100.0 + m, basis=b) for m in range(1, 7) for b in ("average", "range")],
                     reading("hydroxide", "2025-01", 5.0))
    latest = latest_readings(readings, ["material", "basis"], 2)
    assert latest[["basis", "date"]].values.tolist() == [
        ["average", "2025-05"], ["range", "2025-05"], ["average", "2025-06"], ["range", "2025-06"], ["average", "2025-01"]]
    assert len(latest_readings(readings, ["material", "basis"], 100)) == len(readings)  # fewer readings than N: all
    assert latest_readings(readings.iloc[0:0], ["material", "basis"], 2).empty


def test_by_basis_words_each_material_with_its_earlier_readings_counted():
    readings = frame(
        reading("carbonate", "2025", 100.0, unit="yuan/t", source="S1"),
        reading("carbonate", "2025-06", NAN, low=90.0, high=110.0, unit="yuan/t", basis="range", source="S2"),
        reading("carbonate", "2025-12-06", 120.0, unit="yuan/t", qualifier="about", source="S3"),
        reading("hydroxide", "2025-11", 80.0, unit="yuan/t", basis="index", source="S4"),
    )
    assert by_basis(readings, cite, 1) == [
        ("carbonate", "range 90–110 yuan/t, June 2025 [<S2>]; average about 120 yuan/t, 6 December 2025 [<S3>] (the latest 1 "
                      "readings of each basis; 1 earlier one is in the edition's dataset (download at the end of the page))"),
        ("hydroxide", "index 80 yuan/t, November 2025 [<S4>]"),
    ]
    assert by_basis(readings, cite, 4)[0][1].endswith("6 December 2025 [<S3>]")  # nothing left out, nothing said
    assert by_basis(readings.iloc[0:0], cite, 4) == []


# --- thinned -------------------------------------------------------------------------------------------

def daily(material, first, last):
    return [reading(material, d.strftime("%Y-%m-%d"), 1.0 + i) for i, d in enumerate(pd.date_range(first, last, freq="D"))]


def test_thinned_keeps_every_recent_reading_then_the_last_of_each_month_quarter_and_year():
    readings = frame(*daily("x", "2019-01-01", "2026-01-08"))
    kept = thinned(readings, "2026-01-08")
    days = set(kept["date"])
    assert all(d.strftime("%Y-%m-%d") in days for d in pd.date_range("2025-10-10", "2026-01-08"))  # the last 13 weeks, every day
    # 13 weeks back is 9 October: the days before it keep the last of each month, October's part included
    assert {"2025-10-08", "2025-09-30", "2025-08-31"} <= days and not {"2025-10-07", "2025-09-29"} & days
    assert {"2024-02-29", "2024-01-31"} <= days  # month ends back to two years ago (8 January 2024)
    assert {"2024-01-07", "2023-12-31", "2023-09-30"} <= days and not {"2024-01-06", "2023-11-30"} & days  # then quarter ends
    assert {"2022-01-07", "2021-12-31", "2020-12-31"} <= days and not {"2022-01-06", "2021-09-30"} & days  # then year ends
    assert "2019-12-31" in days and "2019-06-30" not in days
    assert kept["day"].is_monotonic_increasing
    assert len(kept) < 150


def test_thinned_keeps_a_period_s_last_reading_per_series_and_partial_dates_at_their_start():
    readings = frame(reading("a", "2020"), reading("a", "2020-05", 2.0), reading("b", "2020-03", 3.0),
                     reading("a", "2026-01-08", 4.0), reading("a", "2026-01-08", 5.0))
    kept = thinned(readings, "2026-01-08")
    assert kept[["material", "date"]].values.tolist() == [["a", "2020-05"], ["b", "2020-03"], ["a", "2026-01-08"], ["a", "2026-01-08"]]


def test_thinned_takes_its_tiers_as_data():
    readings = frame(*daily("x", "2025-12-01", "2026-01-08"))
    assert len(thinned(readings, "2026-01-08", tiers=[])) == len(readings)
    kept = thinned(readings, "2026-01-08", tiers=[(pd.DateOffset(days=7), "M")])
    assert list(kept["date"])[:2] == ["2025-12-31", "2026-01-01"] and len(kept) == 1 + 8  # December's last, then every day
    assert [period for _, period in AGE_TIERS] == ["M", "Q", "Y"]


def test_thinned_of_no_reading():
    assert thinned(frame(reading()).iloc[0:0], "2026-01-08").empty


# --- dated and point_labels -------------------------------------------------------------------------------

SOURCES = pd.DataFrame([{"source_id": "S1", "published": "2025-12-06", "published_note": ""},
                        {"source_id": "P1", "published": "2026-01-06", "published_note": "not printed; inferred from the article id"}])


def test_dated_spans_a_month_or_a_year_and_a_day_its_source_does_not_print():
    got = dated(frame(reading(date="2024", value=5500.0), reading(date="2025-10", value=2000.0, qualifier="about"),
                      reading(date="2025-12-06", value=2050.0), reading(date="2026-01-06", value=9.0, source="P1"),
                      reading(date="2026-01-05", value=9.0, source="P1")), SOURCES)
    assert got["dated"].tolist() == ["year", "month", "day", "month", "day"]
    assert got["when"].tolist() == ["2024", "October 2025", "6 December 2025", "January 2026 (the day is not printed)", "5 January 2026"]
    assert [str(d.date()) for d in got["start"]] == ["2024-01-01", "2025-10-01", "2025-12-06", "2026-01-01", "2026-01-05"]
    assert [str(d.date()) for d in got["end"]] == ["2024-12-31", "2025-10-31", "2025-12-06", "2026-01-31", "2026-01-05"]
    assert [str(d) for d in got["mid"]][:3] == ["2024-07-01 12:00:00", "2025-10-16 00:00:00", "2025-12-06 00:00:00"]


def boxes(labels, points, width=520, height=250):
    """The labels' boxes as `label_places` reckons them, for checking that none overlaps another."""
    from ssbook.charts import CHAR_WIDTH, LABEL_PLACES, nice_top

    low, high = points["start"].min().value, points["end"].max().value
    top = nice_top(points["value"].max())
    out = []
    for r in labels.itertuples():
        dx, dy, align = LABEL_PLACES[r.place]
        px, py = 24 + (r.mid.value - low) / (high - low) * (width - 48), height - r.price / top * height
        w = len(r.label) * 11 * CHAR_WIDTH
        left = px + dx - (w / 2 if align == "center" else w if align == "right" else 0)
        out.append((left, py + dy - 6.6, left + w, py + dy + 6.6))
    return out


def test_point_labels_keep_the_qualifier_and_label_a_long_series_at_its_latest():
    readings = dated(frame(*[reading("short", f"2025-0{m}", 1000.0 * m, qualifier="about" if m == 2 else "") for m in range(1, 4)],
                           *[reading("long", f"2024-{m:02d}", 10.0 + m) for m in range(1, 13)], reading("long", "2025", 99.5)), SOURCES)
    labels = point_labels(readings, 520, 250, few=12)
    assert list(labels.columns) == ["material", "mid", "price", "label", "place"]
    assert labels[["material", "label"]].values.tolist() == [["short", "1,000"], ["short", "about 2,000"], ["short", "3,000"], ["long", "99.5"]]
    assert len(point_labels(readings, 520, 250, few=13)) == len(readings)


def test_point_labels_of_close_readings_never_overlap_and_the_latest_are_kept():
    """A week of daily readings of two materials a few yuan apart: every label placed is clear of the others
    (the others are dropped, their tooltips remain), and each material's latest reading keeps its label."""
    days = pd.date_range("2026-01-05", periods=7).strftime("%Y-%m-%d")
    readings = dated(frame(*[reading("a", d, 2000.0 + i, week="2026-01-15") for i, d in enumerate(days)],
                           *[reading("b", d, 2010.0 - i, week="2026-01-15") for i, d in enumerate(days)],
                           reading("c", "2026-01", 150.0, qualifier="about")), SOURCES)
    for width in (520, 300):
        labels = point_labels(readings, width, 250)
        placed = boxes(labels, readings, width)
        for i, a in enumerate(placed):
            for b in placed[i + 1:]:
                assert a[2] + 4 <= b[0] or b[2] + 4 <= a[0] or a[3] + 4 <= b[1] or b[3] + 4 <= a[1], (a, b)
        latest = labels.groupby("material")["mid"].max()
        assert {m: str(t.date()) for m, t in latest.items()} == {"a": "2026-01-11", "b": "2026-01-11", "c": "2026-01-16"}
        assert 3 <= len(labels) < len(readings)
    assert point_labels(readings.iloc[0:0], 520, 250).empty


def test_point_labels_of_dates_at_the_ends_of_the_calendar():
    readings = dated(frame(reading(date="0001", value=1.0), reading(date="9999-12-31", value=2.0)), SOURCES)
    assert point_labels(readings, 520, 250)["label"].tolist() == ["1", "2"]


# --- range_bars ----------------------------------------------------------------------------------------

def test_range_bars_of_values_ranges_and_both():
    readings = frame(
        reading("carbonate", "2026-01", 126005.0, unit="yuan/t", basis="index"),
        reading("carbonate", "2025-12", NAN, low=120000.0, high=135000.0, unit="yuan/t", basis="range"),
        reading("hydroxide", "2025-12", 80000.0, low=78000.0, high=82000.0, unit="yuan/t"),
    )
    bars = range_bars(readings)
    assert list(bars.columns) == RANGE_COLUMNS
    assert bars[["series", "low_or_value", "high_or_value", "label", "anchor"]].values.tolist() == [
        ["carbonate · index", 126005.0, 126005.0, "126,005", 126005.0],
        ["carbonate · range", 120000.0, 135000.0, "120,000–135,000", 127500.0],
        ["hydroxide · average", 78000.0, 82000.0, "80,000", 80000.0],
    ]
    assert range_bars(readings.iloc[0:0]).empty


def test_range_bars_keep_the_qualifier_in_the_label_and_the_price():
    bars = range_bars(frame(reading("carbonate", "2026-01", 152000.0, unit="yuan/t", qualifier="about"),
                            reading("carbonate", "2026-01", NAN, low=150000.0, high=160000.0, unit="yuan/t", qualifier="over", basis="range")))
    assert bars[["label", "price"]].values.tolist() == [["about 152,000", "about 152,000 yuan/t"], ["over 150,000–160,000", "over 150,000–160,000 yuan/t"]]


# --- direction_summary ---------------------------------------------------------------------------------

def directions(*pairs):
    return pd.DataFrame([{"material": m, "direction": d} for m, d in pairs])


@pytest.mark.parametrize("pairs, said", [
    ([("carbonate", "up"), ("hydroxide", "slightly up"), ("cobalt", "up")],
     "all 3 traditional materials with a reading rose (carbonate, hydroxide, cobalt)"),
    ([("carbonate", "down"), ("cobalt", "slightly down")], "all 2 traditional materials with a reading fell (carbonate, cobalt)"),
    ([("carbonate", "stable"), ("cobalt", "stable")], "all 2 traditional materials with a reading were stable (carbonate, cobalt)"),
    ([("carbonate", "up"), ("hydroxide", "up"), ("cobalt", "down")], "of 3 traditional materials, 2 rose, 1 fell"),
    ([("carbonate", "up"), ("hydroxide", "stable"), ("cobalt", "down")], "of 3 traditional materials, 1 rose, 1 fell, 1 were stable"),
    ([("carbonate", "down"), ("cobalt", "stable")], "of 2 traditional materials, 1 fell, 1 were stable"),
    ([("carbonate", "slightly up")], "the one traditional material with a reading (carbonate) rose"),
    ([("carbonate", "down")], "the one traditional material with a reading (carbonate) fell"),
    ([("carbonate", "stable")], "the one traditional material with a reading (carbonate) was stable"),
    ([], ""),
])
def test_direction_summary(pairs, said):
    frame = directions(*pairs) if pairs else pd.DataFrame(columns=["material", "direction"])
    assert direction_summary(frame, "traditional material", "traditional materials") == said


def test_direction_summary_escapes_the_names():
    assert direction_summary(directions(("Li*S", "up")), "x", "xs") == "the one x with a reading (Li\\*S) rose"


# --- against_peak --------------------------------------------------------------------------------------

def test_against_peak_of_one_reading():
    readings = frame(reading(value=2000.0, qualifier="about", date="2025-10", source="S1"))
    assert against_peak(readings, cite, 6) == "about 2,000 yuan/kg (average, October 2025, <S1>), the only price the sources give so far."


def test_against_peak_lists_every_reading_of_a_short_history():
    readings = frame(reading(value=2000.0, date="2025"), reading(value=2500.0, date="2025-06", source="S2"),
                     reading(value=2250.0, date="2025-12-06", source="S3"))
    assert against_peak(readings, cite, 6) == (
        "2,000 yuan/kg (2025, <S1>), 2,500 yuan/kg (June 2025, <S2>), 2,250 yuan/kg (6 December 2025, <S3>). "
        "The latest price is 10.0% below the June 2025 level of 2,500 yuan/kg.")


def test_against_peak_of_a_long_history_says_how_many_and_that_the_peak_is_the_highest():
    readings = frame(reading(value=100.0, date="2024"), *[reading(value=50.0 + m, date=f"2025-{m:02d}") for m in range(1, 5)])
    said = against_peak(readings, cite, 2)
    assert said.startswith("the latest 2 of 5 readings, 53 yuan/kg (March 2025, <S1>), 54 yuan/kg (April 2025, <S1>). ")
    assert said.endswith("The latest price is 46.0% below the 2024 level of 100 yuan/kg, the highest in the sources.")


def test_against_peak_keeps_the_qualifier_of_the_highest_reading():
    readings = frame(reading(value=5500.0, date="2024", qualifier="over"), reading(value=2050.0, date="2025-12-06", source="S2"))
    assert against_peak(readings, cite, 6).endswith("The latest price is 62.7% below the 2024 level of over 5,500 yuan/kg.")


def test_against_peak_when_the_latest_is_the_highest():
    readings = frame(reading(value=50.0), reading(value=60.0, date="2025-11"))
    assert against_peak(readings, cite, 6).endswith("The latest price is 0.0% above the November 2025 level of 60 yuan/kg.")
