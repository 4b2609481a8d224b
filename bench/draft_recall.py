"""The draft's recall and precision over the shipped weeks: `ssbook draft`'s proposals for every
source the weeks cite, against the rows the editor entered by hand.

A numeric fact is a figure of an entered row: a price (its value, or its low and high), a project's
capacity or investment, a forecast, a statistic, a vehicle figure with a value. The draft recalls it
when it proposes the same figure in the same table, for the same source, in the same unit. Precision
is the share of proposed rows with a figure that match an entered one (the others are figures the
editor left out, or misread). The rules were written looking at the
texts of the first two weeks only (DEVELOPED); the other weeks are held out, and both are reported.

Run alone: `python bench/draft_recall.py` (prints the figures and the misses; about a second).
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from ssbook import draft

ROOT = Path(__file__).resolve().parents[1]
DEVELOPED = ("2025-11-20", "2025-12-06")  # the weeks whose texts the rules were written on
GOAL = 0.70


def facts(table: str, row: dict) -> list[tuple]:
    """The numeric facts of one row: (table, source, what, value, unit)."""
    source = row.get("source_id", "")

    def number(cell: str | None) -> float | None:
        return float(cell) if cell not in (None, "") else None

    if table == "prices":
        value = number(row.get("value"))
        if value is not None:
            return [(table, source, "price", value, row.get("unit", ""))]
        low, high = number(row.get("low")), number(row.get("high"))
        return [(table, source, "price range", (low, high), row.get("unit", ""))] if low is not None else []
    if table == "projects":
        found = []
        if number(row.get("capacity_value")) is not None:
            found.append((table, source, "capacity", number(row["capacity_value"]), row.get("capacity_unit", "")))
        if number(row.get("investment_value")) is not None:
            found.append((table, source, "investment", number(row["investment_value"]), "yuan"))
        return found
    value = number(row.get("value"))
    what = {"forecasts": "forecast", "statistics": "statistic", "vehicle_claims": "vehicle figure"}[table]
    return [(table, source, what, value, row.get("unit", ""))] if value is not None else []


def _rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def measure(root: Path = ROOT, weeks: tuple[str, ...] | None = None) -> dict:
    """Recall and precision of the draft over `weeks` (default: every shipped week) of the project at `root`."""
    data_dir = root / "data"
    known = draft.known(data_dir)
    all_weeks = sorted(p.name for p in (data_dir / "weeks").iterdir() if p.is_dir())
    entered, sources = [], []
    for week in weeks or all_weeks:
        for table in draft.TABLES:
            for row in _rows(data_dir / "weeks" / week / f"{table}.csv"):
                entered += [(fact, row.get("quote", "")) for fact in facts(table, row)]
                sources += [row["source_id"]] if row["source_id"] not in sources else []
    proposed = []  # the facts of each proposed row with a figure
    for source_id in sources:
        source = draft.source_row(data_dir, source_id)
        text = draft.archived_text(root, source["file"]).read_text(encoding="utf-8-sig")
        for table, rows in draft.propose(text, source_id, source.get("language", "en"), known).items():
            proposed += [found for found in (facts(table, row) for row in rows) if found]
    wanted = {fact for fact, _ in entered}
    figures = {fact for row in proposed for fact in row}
    misses = [(fact, quote) for fact, quote in entered if fact not in figures]
    hits, matching = len(entered) - len(misses), sum(1 for row in proposed if set(row) & wanted)
    return {
        "weeks": list(weeks or all_weeks), "sources": len(sources), "entered": len(entered), "recalled": hits,
        "recall": hits / len(entered) if entered else 0.0, "proposed": len(proposed),
        "proposed_matching": matching, "precision": matching / len(proposed) if proposed else 0.0,
        "misses_by_kind": dict(Counter(f"{fact[0]} ({fact[2]}, {fact[4] or 'no unit'})" for fact, _ in misses)),
        "misses": [{"table": f[0], "source_id": f[1], "kind": f[2], "value": f[3], "unit": f[4], "quote": q} for f, q in misses],
        "unmatched": sorted((f[0], f[1], f[2], str(f[3]), f[4]) for row in proposed if not set(row) & wanted for f in row),
    }


def lines(result: dict, name: str) -> list[str]:
    return [f"{name}: weeks {', '.join(result['weeks'])}; {result['sources']} sources",
            f"  recall {result['recall']:.0%} ({result['recalled']} of {result['entered']} hand-entered numeric facts)",
            f"  precision {result['precision']:.0%} ({result['proposed_matching']} of {result['proposed']} proposed rows with a figure match an entered one;"
            f" {result['proposed'] - result['proposed_matching']} match none)"]


def main(argv: list[str]) -> int:
    every = measure()
    developed = measure(weeks=DEVELOPED)
    held_out = measure(weeks=tuple(w for w in every["weeks"] if w not in DEVELOPED))
    out = lines(developed, "developed on") + lines(held_out, "held out") + lines(every, "all shipped weeks")
    out.append("misses by kind (all weeks):")
    out += [f"  {count}  {kind}" for kind, count in sorted(every["misses_by_kind"].items(), key=lambda kv: -kv[1])] or ["  none"]
    if "-v" in argv:
        out.append("misses:")
        out += [f"  {m['source_id']} {m['table']} {m['kind']} {m['value']} {m['unit']}: {m['quote'][:110]}" for m in every["misses"]]
        out.append("proposed, matching no entered row:")
        out += [f"  {' '.join(u)}" for u in every["unmatched"]]
    out.append(f"goal: recall ≥ {GOAL:.0%} over all shipped weeks: {'PASS' if every['recall'] >= GOAL else 'FAIL'}")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
