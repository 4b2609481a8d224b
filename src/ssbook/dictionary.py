"""The data dictionary: each table's purpose and fields, written as markdown from its schema."""

from __future__ import annotations

from pathlib import Path

from .data import REFERENCE_TABLES, WEEKLY_TABLES, schema
from .report import text

PURPOSE = {
    "sources": "One row per source text: who published it, when, and how reliable it is.",
    "vehicles": "One row per vehicle the book follows.",
    "events": "Developments and vehicle milestones, one row per fact.",
    "projects": "The capacity and investment pipeline: one row per project and stage.",
    "prices": "Prices and price directions of materials.",
    "vehicle_claims": "Each figure about a vehicle, with its status.",
    "forecasts": "Forecasts as their forecasters published them.",
    "statistics": "Published statistics: production, usage, penetration.",
    "claim_checks": "Disputes and verdicts on the vehicle claims: who disputes, verifies, refutes or retracts a claimed attribute, one row per source and attribute.",
    "promises": "Promised vehicle milestones: one row per source that states, restates or moves a promise, or says it was met, against the promise's id.",
}


def entry(data_dir: Path, name: str) -> str:
    """One table's entry: its name, file and purpose, then a markdown table of its fields (type, whether
    required, meaning, and the allowed values of a field that has a list of them)."""
    where = f"data/{name}.csv" if name in REFERENCE_TABLES else f"data/weeks/<date>/{name}.csv"
    lines = [
        f"**{name}** ({text(where)}). {text(PURPOSE.get(name, ''))}",
        "",
        "| Field | Type | Required | Meaning |",
        "|---|---|---|---|",
    ]
    for field in schema(data_dir, name)["fields"]:
        constraints = field.get("constraints", {})
        meaning = text(field.get("description", ""))
        if constraints.get("enum"):
            meaning += " One of: " + ", ".join(text(v) for v in constraints["enum"]) + "."
        lines.append(f"| `{field['name']}` | {field['type']} | {'yes' if constraints.get('required') else ''} | {meaning} |")
    return "\n".join(lines)


def entries(data_dir: Path) -> list[str]:
    """The entry of every table, the reference tables first."""
    return [entry(data_dir, name) for name in (*REFERENCE_TABLES, *WEEKLY_TABLES)]
