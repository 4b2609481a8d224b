"""Views of the price readings: prices as printed, the latest of each series, a history thinned by age, ranges, and prices and directions in words."""

from __future__ import annotations

import pandas as pd

from .changes import DIRECTION_SCORE
from .charts import label_places
from .facts import ends, starts
from .report import number, text
from .text import DATASET, figure, plural, when

# How a long price history is thinned: past each age, one reading (the last) per period of that length.
# Younger than the first age, every reading is kept. Each tier: (age, pandas period code).
FEW_POINTS = 12  # a price line chart labels every point of a material with this many points or fewer, else its latest
NOT_PRINTED = "not printed"  # how a source's published_note starts when its date is inferred (ssbook.sources)
AGE_TIERS = [(pd.DateOffset(weeks=13), "M"), (pd.DateOffset(years=2), "Q"), (pd.DateOffset(years=4), "Y")]
THINNING = ("reading of the last 13 weeks, then the last reading of each month back to two years ago, of each quarter "
            "back to four years ago and of each year before")  # AGE_TIERS in words, after 'every' or 'each'


def printed(value, low, high, unit: str, qualifier: object) -> str:
    """A price as printed: 'about 2,000 yuan/kg', '120,000–135,000 yuan/t',
    '127,500 yuan/t (range 120,000–135,000 yuan/t)', 'over 150,000–160,000 yuan/t' (the qualifier with the value, else
    with the range); '' when it gives neither a value nor a low."""
    point = figure(value, unit, qualifier) if pd.notna(value) else ""
    span = "" if pd.isna(low) else f"{number(low)}–{number(high)} {unit}" if point else figure(low, unit, qualifier, high)
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


def dated(readings: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The readings with the span of time each is dated to: `start` and `end` (its day; a month's or a year's
    first and last day), `mid` (the middle, where its point is drawn), `dated` ('day', 'month' or 'year') and
    `when` in words ('6 December 2025', 'January 2026'). A day the source does not print (the reading dated on
    its source's own date, which the source's note says is inferred: 'not printed; …') counts as its month."""
    published = sources.set_index("source_id")
    inferred = [len(d) == 10 and s in published.index and published.at[s, "published"] == d
                and str(published.at[s, "published_note"]).startswith(NOT_PRINTED)
                for d, s in zip(readings["date"], readings["source_id"])]
    dates = pd.Series([d[:7] if guess else d for d, guess in zip(readings["date"], inferred)], index=readings.index, dtype=object)
    first, last = starts(dates).to_numpy(), ends(dates).to_numpy()
    return readings.assign(
        start=first, end=last, mid=first + (last - first) / 2,
        dated=[{4: "year", 7: "month"}.get(len(d), "day") for d in dates],
        when=[f"{when(d)} (the day is not printed)" if guess else when(d) for d, guess in zip(dates, inferred)],
    )


def point_labels(points: pd.DataFrame, width: int, height: int, few: int = FEW_POINTS) -> pd.DataFrame:
    """The labels of a price line chart `width` × `height` px (of `dated` points, x `mid`, y `value`): every
    point of a material with at most `few` points, else its latest only; each with its price as printed
    without the unit (`label`: 'about 2,000') and its place (`charts.label_places`: the latest reading of each
    material placed first, then the newest), a label that finds no free place left out (its tooltip keeps
    the figure). Columns material, mid, price, label, place."""
    counts = points.groupby("material")["value"].transform("size")
    position = points.groupby("material").cumcount()
    shown = points[((counts <= few) | (position == counts - 1)).to_numpy()]
    labels = shown.assign(price=shown["value"], label=[figure(v, "", q) for v, q in zip(shown["value"], shown["qualifier"])])
    if labels.empty:
        return labels.assign(place="")[["material", "mid", "price", "label", "place"]]
    latest = (position[labels.index] == counts[labels.index] - 1).to_numpy()
    x = [milliseconds(t) for t in labels["mid"]]
    order = sorted(range(len(labels)), key=lambda i: (not latest[i], -x[i]))
    places = label_places(x, labels["value"].tolist(), labels["label"].tolist(), width, height,
                          (milliseconds(points["start"].min()), milliseconds(points["end"].max())), order=order)
    return labels.assign(place=places)[lambda f: f["place"] != ""][["material", "mid", "price", "label", "place"]]


def milliseconds(day) -> int:
    """A day as Vega's time scale counts it, in milliseconds since 1970 (years 1 to 9999 alike)."""
    return int(pd.Timestamp(day).to_datetime64().astype("datetime64[ms]").astype("int64"))


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
                 "price", "anchor", "unit", "direction", "source_id"]


def range_bars(readings: pd.DataFrame) -> pd.DataFrame:
    """The readings for a range chart: `series` ('material · basis'), where a bar starts and ends
    (`low_or_value`, `high_or_value`: the range, else the value), the `label` printed with its qualifier (the
    value, else 'low–high'), the `price` as printed and where the label sits (`anchor`: the value, else the
    middle of the range)."""
    value, low, high, qualifier = readings["value"], readings["low"], readings["high"], readings["qualifier"]
    return readings.assign(
        series=[f"{m} · {b}" for m, b in zip(readings["material"], readings["basis"])],
        low_or_value=low.fillna(value),
        high_or_value=high.fillna(value),
        label=[figure(v, "", q) if pd.notna(v) else figure(lo, "", q, hi) for v, lo, hi, q in zip(value, low, high, qualifier)],
        price=as_printed(readings),
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
            f"{figure(peak['value'], peak['unit'], peak['qualifier'])}" + ("" if every else ", the highest in the sources") + ".")
