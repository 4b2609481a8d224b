"""The cross-checks of the published forecasts as a page shows them: one row per check, its result rounded for display."""

from __future__ import annotations

import pandas as pd

NONE = "No forecasts in this edition's data can be set against each other yet."


def result(check: dict) -> str:
    """A check's result rounded for display: '3.21×', '19.0% a year', '112.0 GWh'."""
    if check["unit"] == "times":
        return f"{check['result']:,.2f}×"
    return f"{check['result']:,.1f} {check['unit']}".replace(" %", "%")


def table(checks: list[dict]) -> pd.DataFrame:
    """The checks (`scenarios.published_checks`, `scenario_checks`) as a table: Check, Published figures
    used, Result, How; with no check, one row that says so."""
    if not checks:
        return pd.DataFrame([{"Check": NONE}])
    return pd.DataFrame([
        {"Check": c["check"], "Published figures used": c["inputs"], "Result": result(c), "How": c["reading"]}
        for c in checks
    ])


def first_starting(checks: dict[str, dict], words: str) -> dict | None:
    """The first check whose name starts with `words` ('Lowest', 'Highest'), or None."""
    return next((check for name, check in checks.items() if name.startswith(words)), None)
