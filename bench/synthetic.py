"""Synthetic data for tests and the benchmark: a whole data package of N weekly editions, every
source marked SYNTHETIC. It is written into a temporary project copy and never published."""

from __future__ import annotations

import csv
import json
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from ssbook import data as d
from ssbook.newweek import add_week_resources, resource

MATERIALS = [
    ("lithium sulphide", "specialised", "yuan/kg", 2000),
    ("oxide electrolyte (LATP)", "specialised", "yuan/kg", 145),
    ("battery-grade lithium carbonate", "traditional", "yuan/t", 120000),
    ("cathode materials", "traditional", "", 0),
    ("lithium metal anode", "specialised", "", 0),
    ("silicon-carbon anode", "traditional", "", 0),
]
SEGMENTS = ["cathode", "electrolyte", "anode", "cell", "energy storage"]
STAGES = ["pilot", "construction", "sampling", "mass production", "design"]
DIRECTIONS = ["up", "slightly up", "stable", "slightly down", "down"]
VEHICLES = ["hongqi-tiangong-06", "verge-ts-pro"]


def _write(path: Path, table: str, rows: list[dict], data_dir: Path) -> None:
    fields = [f["name"] for f in d.schema(data_dir, table)["fields"]]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: row.get(k, "") for k in fields} for row in rows)


def weeks_ending(last: date, count: int) -> list[str]:
    return [(last - timedelta(weeks=count - 1 - i)).isoformat() for i in range(count)]


def write(data_dir: Path, weeks: list[str], seed: int = 1) -> None:
    """Replace the data package at `data_dir` (schemas kept) with synthetic data for `weeks`."""
    rng = random.Random(seed)
    for stale in ("weeks", "sources.csv", "vehicles.csv"):
        target = data_dir / stale
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    sources = [
        {"source_id": f"X{i}", "publisher": "SYNTHETIC", "title": f"SYNTHETIC source for week {week}",
         "url": f"https://example.org/synthetic/{week}", "published": week, "grade": "ABC"[i % 3],
         "language": "en", "file": "synthetic.txt"}
        for i, week in enumerate(weeks)
    ]
    _write(data_dir / "sources.csv", "sources", sources, data_dir)
    vehicles = [
        {"vehicle_id": v, "name": f"Synthetic vehicle {n}", "maker": "SYNTHETIC", "battery_maker": "SYNTHETIC",
         "vehicle_type": "car", "country": "Nowhere", "source_id": "X0", "quote": "synthetic"}
        for n, v in enumerate(VEHICLES)
    ]
    _write(data_dir / "vehicles.csv", "vehicles", vehicles, data_dir)
    descriptor = json.loads((data_dir / d.DESCRIPTOR).read_text(encoding="utf-8"))
    descriptor["resources"] = [resource("sources"), resource("vehicles")]
    (data_dir / d.DESCRIPTOR).write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    for i, week in enumerate(weeks):
        source = f"X{i}"
        folder = data_dir / "weeks" / week
        events = [
            {"event_id": f"{week}-synthetic-{k}", "date": week, "timing": "actual", "company": f"Company {rng.randrange(40)}",
             "segment": rng.choice(SEGMENTS), "stage": rng.choice(STAGES), "summary": f"Synthetic development {k} of {week}.",
             "status": "reported", "source_id": source, "quote": "synthetic"}
            for k in range(3)
        ]
        events.append({"event_id": f"{week}-synthetic-vehicle", "date": week, "timing": "actual", "company": "SYNTHETIC",
                       "segment": "vehicle", "stage": "testing", "vehicle_id": VEHICLES[i % 2],
                       "summary": "Synthetic milestone.", "status": "claimed", "source_id": source, "quote": "synthetic"})
        prices = []
        for material, category, unit, base in MATERIALS:
            row = {"material": material, "category": category, "date": week, "direction": rng.choice(DIRECTIONS),
                   "source_id": source, "quote": "synthetic"}
            if unit:
                row.update(basis="average", value=round(base * (1 + rng.uniform(-0.2, 0.2)), 1), unit=unit)
            else:
                row.update(basis="direction")
            prices.append(row)
        projects = [{"project_id": f"project-{rng.randrange(60)}", "date": week, "company": f"Company {rng.randrange(40)}",
                     "product": "synthetic cells", "segment": rng.choice(SEGMENTS), "capacity_value": rng.choice([1, 2, 5, 10]),
                     "capacity_unit": "GWh", "investment_value": rng.choice([2e8, 6e8, 1.12e9]), "stage": rng.choice(STAGES),
                     "place": "Somewhere", "province": rng.choice(["Jiangsu", "Henan", "Sichuan"]), "source_id": source, "quote": "synthetic"}]
        claims = [{"vehicle_id": VEHICLES[i % 2], "attribute": f"energy density {week}", "value": 380 + rng.randrange(40),
                   "unit": "Wh/kg", "status": "claimed", "date": week, "source_id": source, "quote": "synthetic"}]
        forecasts = [{"forecast_id": f"synthetic-{week}", "forecaster": "SYNTHETIC", "metric": "shipments",
                      "scope": "all-solid-state", "year": 2030, "value": 10 + i, "unit": "GWh", "source_id": source, "quote": "synthetic"}]
        statistics = [{"metric": "production", "scope": "lithium sulphide", "date": week, "value": 3 + rng.random(),
                       "unit": "t", "source_id": source, "quote": "synthetic"}]
        tables = {"events": events, "projects": projects, "prices": prices, "vehicle_claims": claims,
                  "forecasts": forecasts, "statistics": statistics}
        for table in d.WEEKLY_TABLES:
            _write(folder / f"{table}.csv", table, tables[table], data_dir)
        add_week_resources(data_dir, week)
