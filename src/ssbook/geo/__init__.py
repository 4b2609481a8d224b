"""Reference geography for the book's maps: China's provinces (simplified boundaries that ship with
the package, see README.md in this folder) and the NBS economic region of each province.

Nothing here is data about the industry: it tells where a province is and which region it belongs to,
so a project the sources place in a province can be drawn there and grouped.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import altair as alt
import pandas as pd

FOLDER = Path(__file__).parent
TOPOJSON = FOLDER / "china-provinces.topojson"
PROVINCES = FOLDER / "provinces.csv"
OBJECT = "provinces"

REGIONS = ("Eastern", "Central", "Western", "Northeast")
REGION_BASIS = (
    "the National Bureau of Statistics of China's four economic regions "
    "(Eastern: the coastal provinces and municipalities from Beijing to Hainan; Central; Western; Northeast)"
)
REGION_COLOURS = {"Eastern": "#dbe5f1", "Central": "#f4e3d3", "Western": "#e2ecd9", "Northeast": "#ece6f2", "": "#eeeeee"}
GEOMETRY_CREDIT = "Boundaries: Apache ECharts 4.9.0 map data (Apache-2.0), simplified"


@lru_cache(maxsize=1)
def topology() -> dict:
    """The provinces as TopoJSON (one object, `provinces`), with each feature's code, Chinese name and
    label point, and, added here, its English name and region."""
    topo = json.loads(TOPOJSON.read_text(encoding="utf-8"))
    names = provinces().set_index("id")
    for geometry in topo["objects"][OBJECT]["geometries"]:
        props = geometry["properties"]
        row = names.loc[props["id"]]
        props["name_en"] = row["name_en"]
        props["region"] = row["region"] or "not classified"
    return topo


@lru_cache(maxsize=1)
def provinces() -> pd.DataFrame:
    """One row per province: id, name_zh, name_en, region ('' where the NBS division has none), and the
    label point (lon, lat) the map file gives for it."""
    frame = pd.read_csv(PROVINCES, dtype=str, keep_default_na=False)
    topo = json.loads(TOPOJSON.read_text(encoding="utf-8"))
    points = {g["properties"]["id"]: g["properties"]["cp"] for g in topo["objects"][OBJECT]["geometries"]}
    frame["lon"] = frame["id"].map(lambda i: points[i][0])
    frame["lat"] = frame["id"].map(lambda i: points[i][1])
    return frame


def locate(province: str) -> dict | None:
    """Where a province named in English (as the data name it) is, and its region; None outside China
    or when the name is not a province."""
    table = provinces()
    match = table[table["name_en"].str.casefold() == str(province).strip().casefold()]
    if match.empty:
        return None
    row = match.iloc[0]
    return {"province": row["name_en"], "region": row["region"], "lon": row["lon"], "lat": row["lat"]}


def base_map(width: int = 560, height: int = 440) -> alt.Chart:
    """China's provinces as a geoshape layer with its geometry inline in the spec (nothing to fetch),
    shaded by NBS region."""
    data = alt.InlineData(values=topology(), format=alt.DataFormat(type="topojson", feature=OBJECT))
    regions = [*REGIONS, "not classified"]
    colours = [REGION_COLOURS[r] for r in REGIONS] + [REGION_COLOURS[""]]
    return (
        alt.Chart(data)
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.8)
        .encode(
            color=alt.Color("properties.region:N", title="NBS region", scale=alt.Scale(domain=regions, range=colours)),
            tooltip=[alt.Tooltip("properties.name_en:N", title="Province"), alt.Tooltip("properties.region:N", title="Region")],
        )
        .project(type="mercator")
        .properties(width=width, height=height)
    )
