"""Views of the price readings: prices as printed, the latest of each series, a history thinned by age, ranges, and prices and directions in words."""

from __future__ import annotations

import pandas as pd

from .changes import DIRECTION_SCORE
from .report import number, text
from .text import DATASET, figure, plural, when

# How a long price history is thinned: past each age, one reading (the last) per period of that length.
# Younger than the first age, every reading is kept. Each tier: (age, pandas period code).
AGE_TIERS = [(pd.DateOffset(weeks=13), "M"), (pd.DateOffset(years=2), "Q"), (pd.DateOffset(years=4), "Y")]
THINNING = ("reading of the last 13 weeks, then the last reading of each month back to two years ago, of each quarter "
            "back to four years ago and of each year before")  # AGE_TIERS in words, after 'every' or 'each'


def printed(value, low, high, unit: str, qualifier: object) -> str:
    """A price as printed: 'about 2,000 yuan/kg', '120,000–135,000 yuan/t',
    '127,500 yuan/t (range 120,000–135,000 yuan/t)'; '' when it gives neither a value nor a low."""
    point = figure(value, unit, qualifier) if pd.notna(value) else ""
    span = f"{number(low)}–{number(high)} {unit}" if pd.notna(low) else ""
    return f"{point} (range {span})" if point and span else point or span


def as_printed(readings: pd.DataFrame) -> list[str]:
    """`printed` of each reading (columns value, low, high, unit, qualifier)."""
    columns = ["value", "low", "high", "unit", "qualifier"]
    return [printed(*row) for row in zip(*(readings[c] for c in columns))]


def latest_readings(readings: pd.DataFrame, series: list[str], count: int) -> pd.DataFrame:
    """The last `count` readings of each series (the rows sharing the `series` columns), in the readings'
    order; a series with fewer readings keeps them all."""
    return readings.groupby(series, sort=False, group_keys=False).tail(count)


def thinned(readings: pd.DataFrame, edition: str, series: str = "material", tiers=AGE_TIERS) -> pd.DataFrame:
    """A history with a bounded number of points, whatever its length: every reading younger than the first
    tier's age (counted back from the `edition` date), then the last reading of each tier's period (a month, a
    quarter, a year) in each series. Takes the readings in order of their `day`; each kept row is a reading
    as printed, none is averaged."""
    edition_day = pd.Timestamp(edition)
    bucket = pd.Series([str(i) for i in range(len(readings))], index=readings.index, dtype=object)
    for age, period in tiers:
        older = readings["day"] < edition_day - age
        bucket[older] = period + readings.loc[older, "day"].dt.to_period(period).astype(str)
    return readings.assign(_bucket=bucket).drop_duplicates([series, "_bucket"], keep="last").drop(columns="_bucket")


def point_labels(points: pd.DataFrame, few: int = 12) -> pd.DataFrame:
    """The labels of a price line chart: every point of a material with at most `few` points, else its
    latest only; each with its price printed (`label`) and placed `above` its point or below, in turn, so that
    neighbours do not overlap. Columns material, day, price, label, above."""
    counts = points.groupby("material")["value"].transform("size")
    position = points.groupby("material").cumcount()
    show = ((counts <= few) | (position == counts - 1)).to_numpy()
    return points[show].assign(price=lambda f: f["value"], label=lambda f: f["value"].map(number),
                               above=(position[show] % 2 == 0).to_numpy())[["material", "day", "price", "label", "above"]]


def by_basis(readings: pd.DataFrame, cite, count: int) -> list[tuple[str, str]]:
    """Each material's latest `count` readings of each basis in words (materials in the order of their first
    latest reading), each with its basis, as printed, its date and its source: ('lithium carbonate', 'average
    127,500 yuan/t, January 2026 [S3, SMM]; …'), with how many earlier readings the dataset holds."""
    latest = latest_readings(readings, ["material", "basis"], count)
    lines = []
    for material, series in latest.groupby("material", sort=False):
        earlier = int((readings["material"] == material).sum()) - len(series)
        said = "; ".join(f"{basis} {shown}, {when(date)} [{cite(source)}]" for basis, shown, date, source in
                         zip(series["basis"], as_printed(series), series["date"], series["source_id"]))
        lines.append((material, said + (f" (the latest {count} readings of each basis; "
                                        f"{plural(earlier, 'earlier one is', 'earlier ones are')} in {DATASET})" if earlier else "")))
    return lines


RANGE_COLUMNS = ["series", "material", "basis", "date", "value", "low", "high", "low_or_value", "high_or_value", "label",
                 "anchor", "unit", "direction", "source_id"]


def range_bars(readings: pd.DataFrame) -> pd.DataFrame:
    """The readings for a range chart: `series` ('material · basis'), where a bar starts and ends
    (`low_or_value`, `high_or_value`: the range, else the value), the `label` printed (the value, else
    'low–high') and where it sits (`anchor`: the value, else the middle of the range)."""
    value, low, high = readings["value"], readings["low"], readings["high"]
    return readings.assign(
        series=[f"{m} · {b}" for m, b in zip(readings["material"], readings["basis"])],
        low_or_value=low.fillna(value),
        high_or_value=high.fillna(value),
        label=[number(v) if pd.notna(v) else f"{number(lo)}–{number(hi)}" for v, lo, hi in zip(value, low, high)],
        anchor=[v if pd.notna(v) else (lo + hi) / 2 for v, lo, hi in zip(value, low, high)],
    )[RANGE_COLUMNS]


def direction_summary(directions: pd.DataFrame, one: str, many: str) -> str:
    """Where the prices of a group of materials went, in words: 'the one traditional material with a reading
    (x) rose', 'all 3 traditional materials with a reading fell (x, y, z)', 'of 3 traditional materials,
    2 rose, 1 fell' (and 'N were stable', whatever N); '' for no material. `one`, `many`: the group's noun."""
    if directions.empty:
        return ""
    score = directions["direction"].map(DIRECTION_SCORE)
    up, down = int((score > 0).sum()), int((score < 0).sum())
    flat = len(directions) - up - down
    names = ", ".join(text(m) for m in directions["material"])
    if len(directions) == 1:
        verb = "rose" if up else "fell" if down else "was stable"
        return f"the one {one} with a reading ({names}) {verb}"
    if len(directions) in (up, down, flat):
        verb = "rose" if up else "fell" if down else "were stable"
        return f"all {len(directions)} {many} with a reading {verb} ({names})"
    parts = [f"{up} rose" if up else "", f"{down} fell" if down else "", f"{flat} were stable" if flat else ""]
    return f"of {len(directions)} {many}, {', '.join(p for p in parts if p)}"


def against_peak(series: pd.DataFrame, cite, count: int) -> str:
    """One material's prices in words: its latest `count` readings (with how many there are in all) and the
    latest against the highest, 'the latest price is 12.5% below the March 2025 level of 2,000 yuan/kg'; a single
    reading as 'the only price the sources give so far'. `series`: readings in date order; `cite`: a source id
    as the prose cites it."""
    last = series.iloc[-1]
    if len(series) == 1:
        return (f"{figure(last['value'], last['unit'], last['qualifier'])} ({last['basis']}, {when(last['date'])}, "
                f"{cite(last['source_id'])}), the only price the sources give so far.")
    peak = series.loc[series["value"].idxmax()]
    change = (last["value"] - peak["value"]) / peak["value"] * 100
    listed = series.tail(count)
    steps = ", ".join(f"{figure(r.value, r.unit, r.qualifier)} ({when(r.date)}, {cite(r.source_id)})" for r in listed.itertuples())
    every = len(listed) == len(series)
    return (("" if every else f"the latest {len(listed)} of {len(series)} readings, ") + f"{steps}. The latest price is "
            f"{abs(change):.1f}% {'below' if change < 0 else 'above'} the {when(peak['date'])} level of "
            f"{figure(peak['value'], peak['unit'])}" + ("" if every else ", the highest in the sources") + ".")
