"""Synthetic weeks for the benchmark: weekly editions after the shipped ones, every source and row
marked SYNTHETIC. Written only into temporary copies of the project; never published."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from ssbook import data as d
from ssbook import evidence
from ssbook.newweek import new_week

PRICED = [("lithium sulphide", "specialised", "yuan/kg", 2000), ("oxide electrolyte (LATP)", "specialised", "yuan/kg", 145),
          ("battery-grade lithium carbonate", "traditional", "yuan/t", 120000)]
DIRECTION_ONLY = [("cathode materials", "traditional"), ("lithium metal anode", "specialised"),
                  ("silicon-carbon anode", "traditional"), ("solid electrolytes", "specialised")]
SEGMENTS = ["cathode", "electrolyte", "anode", "cell", "energy storage"]
STAGES = ["pilot", "construction", "sampling", "mass production", "design"]
DIRECTIONS = ["up", "slightly up", "stable", "slightly down", "down"]
VEHICLES = ["hongqi-tiangong-06", "verge-ts-pro"]
PROVINCES = ["Jiangsu", "Henan", "Sichuan", "Guangdong", "Hubei"]


def _append(path: Path, rows: list[dict]) -> None:
    with open(path, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    with open(path, "a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, header, lineterminator="\n").writerows({k: row.get(k, "") for k in header} for row in rows)


def next_weeks(data_dir: Path, count: int) -> list[str]:
    last = date.fromisoformat(d.weeks(data_dir)[-1])
    return [(last + timedelta(weeks=i + 1)).isoformat() for i in range(count)]


def add_weeks(data_dir: Path, count: int, seed: int = 1) -> list[str]:
    """Add `count` synthetic weeks after the latest one, each through `ssbook new-week`."""
    rng = random.Random(seed)
    added = next_weeks(data_dir, count)
    sources = []
    for week in added:
        folder = new_week(data_dir, week)
        source = f"X{week.replace('-', '')}"
        text = f"SYNTHETIC benchmark text, week {week}.\n".encode()
        (evidence.archive_dir(data_dir) / f"synthetic-{week}.txt").write_bytes(text)
        sources.append({"source_id": source, "publisher": "SYNTHETIC", "title": f"SYNTHETIC benchmark source, week {week}",
                        "url": f"https://example.org/synthetic/{week}", "published": week, "grade": "C",
                        "language": "en", "file": f"synthetic-{week}.txt", "sha256": evidence.sha256(text)})
        common = {"date": week, "source_id": source, "quote": "SYNTHETIC"}
        tables = {
            "events": [{**common, "event_id": f"{week}-synthetic-{k}", "timing": "actual", "company": f"Synthetic Co {rng.randrange(60)}",
                        "segment": rng.choice(SEGMENTS), "stage": rng.choice(STAGES), "summary": f"SYNTHETIC development {k}.",
                        "status": "reported"} for k in range(3)]
            + [{**common, "event_id": f"{week}-synthetic-milestone", "timing": "actual", "company": "SYNTHETIC", "segment": "vehicle",
                "stage": "testing", "vehicle_id": rng.choice(VEHICLES), "summary": "SYNTHETIC milestone.", "status": "claimed"}],
            "prices": [{**common, "material": m, "category": c, "basis": "average", "direction": rng.choice(DIRECTIONS),
                        "value": round(base * rng.uniform(0.7, 1.3), 1), "unit": u} for m, c, u, base in PRICED]
            + [{**common, "material": m, "category": c, "basis": "direction", "direction": rng.choice(DIRECTIONS)} for m, c in DIRECTION_ONLY],
            "projects": [{**common, "project_id": f"synthetic-project-{rng.randrange(200)}", "company": f"Synthetic Co {rng.randrange(60)}",
                          "product": "SYNTHETIC cells", "segment": rng.choice(SEGMENTS), "capacity_value": rng.choice([1, 2, 5, 10]),
                          "capacity_unit": "GWh", "investment_value": rng.choice([2e8, 6e8, 1.12e9]), "stage": rng.choice(STAGES),
                          "province": rng.choice(PROVINCES)}],
            "vehicle_claims": [{**common, "vehicle_id": rng.choice(VEHICLES), "attribute": "energy density",
                                "value": 380 + rng.randrange(40), "unit": "Wh/kg", "status": "claimed"}],
            "forecasts": [{"forecast_id": f"synthetic-{week}", "forecaster": "SYNTHETIC", "metric": "shipments", "scope": "all-solid-state batteries",
                           "year": 2030, "value": 10 + rng.randrange(100), "unit": "GWh", "source_id": source, "quote": "SYNTHETIC"}],
            "statistics": [{**common, "metric": "production", "scope": "SYNTHETIC lithium sulphide output", "value": round(3 + rng.random(), 2), "unit": "t"}],
        }
        for table, rows in tables.items():
            _append(folder / f"{table}.csv", rows)
    _append(data_dir / "sources.csv", sources)
    return added
