"""ssbook.roadmaps: the vehicles' energy-density figures against the published roadmaps, on small hand-made
frames (no book build): revisions, ranges, qualifiers, figures below, within and beyond a roadmap, ties."""

from __future__ import annotations

import math

import pandas as pd

from ssbook.roadmaps import against, chart_points, density_claims, density_points, energy_density, target


def forecast(forecaster="F", year=2027, value=400.0, high=None, qualifier="", week="2026-01-08", metric="energy density",
             unit="Wh/kg", scope="cells", source="S1") -> dict:
    return {"forecaster": forecaster, "metric": metric, "scope": scope, "year": year, "value": value,
            "value_high": math.nan if high is None else high, "unit": unit, "qualifier": qualifier, "week": week,
            "source_id": source}


def plans(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows)).astype({"value": float, "value_high": float})


def test_energy_density_keeps_the_latest_revision_in_wh_per_kg_by_forecaster_and_year():
    forecasts = plans(
        forecast("B", 2030, 500), forecast("A", 2030, 450, week="2025-12-06"), forecast("A", 2030, 480),
        forecast("A", 2027, 350, 400), forecast("A", 2027, 350, 400, scope="packs"), forecast("A", 2028, 1, unit="%"),
        forecast("A", 2028, 900, metric="shipments"),
    )
    roadmaps = energy_density(forecasts)
    assert list(zip(roadmaps["forecaster"], roadmaps["year"], roadmaps["value"])) == [("A", 2027, 350), ("A", 2030, 480), ("B", 2030, 500)]
    assert energy_density(forecasts.iloc[0:0]).empty


def test_target_as_printed():
    assert target(forecast(value=350.0, high=400.0)) == "350–400 Wh/kg"
    assert target(forecast(value=500.0, qualifier="over")) == "over 500 Wh/kg"
    assert target(forecast(value=400.0)) == "400 Wh/kg"


ROADMAPS = plans(forecast("F", 2026, 300), forecast("F", 2027, 350, 400), forecast("F", 2030, 500), forecast("G", 2028, 450))


def test_against_each_forecaster_within_a_range_at_a_level_below_and_beyond():
    assert against(380, ROADMAPS) == "within the 2027 range of F (350–400 Wh/kg); below the first target of G (450 Wh/kg for 2028)"
    assert against(300, ROADMAPS).startswith("the level F sets for 2026 (300 Wh/kg)")
    assert against(420, ROADMAPS).startswith("beyond the 2027 target of F (350–400 Wh/kg) but short of its 2030 target (500 Wh/kg)")
    assert against(600, ROADMAPS) == "beyond the 2030 target of F (500 Wh/kg); beyond the 2028 target of G (450 Wh/kg)"
    assert against(400, ROADMAPS).startswith("within the 2027 range of F")  # a range includes its ends
    assert against(380, ROADMAPS.iloc[0:0]) == ""


def claim(vehicle="v1", value=400.0, status="claimed", source="S1", unit="Wh/kg", attribute="energy density") -> dict:
    return {"vehicle_id": vehicle, "name": vehicle.upper(), "attribute": attribute, "value": value, "unit": unit,
            "status": status, "source_id": source}


def claims(*rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=["vehicle_id", "name", "attribute", "value", "unit", "status", "source_id"])
    return frame.astype({"value": float}).assign(row=range(len(frame)))


def test_density_claims_numbers_in_wh_per_kg_and_in_other_units():
    given = claims(claim(), claim(value=30.0, unit="%"), claim(value=math.nan, unit="", status="not disclosed"),
                   claim(attribute="range", value=600.0, unit="km"))
    charted, other = density_claims(given)
    assert list(charted["value"]) == [400] and list(other["unit"]) == ["%"]
    assert all(frame.empty for frame in density_claims(claims()))


def test_density_points_one_per_figure_and_status_the_most_recent_and_the_earlier_counted():
    given = claims(claim(value=300.0, source="A"), claim(value=400.0, source="B"), claim(value=400.0, source="C"),
                   claim(value=400.0, source="B"), claim(value=400.0, status="reported", source="D"), claim("v2", 380.0, source="E"),
                   claim(value=300.0, source="F"))
    points, earlier = density_points(given, 2, 1)
    assert list(zip(points["vehicle_id"], points["value"], points["status"], points["n"], points["sources"])) == [
        ("v1", 300, "claimed", 2, "F and 1 earlier"), ("v1", 400, "reported", 1, "D"), ("v2", 380, "claimed", 1, "E")]
    assert list(points.columns) == ["vehicle_id", "name", "value", "status", "sources", "n"]
    assert earlier.to_dict() == {"v1": 1}
    points, earlier = density_points(given, 0, 8)
    assert points.empty and earlier.to_dict() == {"v1": 3, "v2": 1}
    points, earlier = density_points(claims(), 3, 8)
    assert points.empty and earlier.empty


def test_chart_points_rows_for_figures_then_targets():
    given = claims(claim(value=400.0), claim(value=380.0, source="B"), claim(value=380.0, status="reported"), claim("v2", 380.0))
    points, _ = density_points(given, 3, 8)
    rows = chart_points(points, ROADMAPS)
    assert list(rows["row"]) == ["V1 · claimed · 380", "V1 · reported", "V1 · claimed · 400", "V2 · claimed",
                                 "F · 2026", "F · 2027", "F · 2030", "G · 2028"]
    assert list(rows["group"]) == ["vehicle figure"] * 4 + ["roadmap"] * 4
    assert list(rows["high"]) == [380, 380, 400, 380, 300, 400, 500, 450]  # a target's range ends at its high
    assert list(rows["label"])[3:6] == ["380", "300", "350–400"]
    assert list(rows["order"]) == [0, 1, 2, 3, 100, 101, 102, 103]
    assert chart_points(points.iloc[0:0], ROADMAPS.iloc[0:0]).empty
