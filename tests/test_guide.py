"""The week's GUIDE.md, written by `ssbook new-week` from the schemas: every allowed value with its
meaning, the id scheme, the date rules and the routine."""

from __future__ import annotations

import json

import pytest

from ssbook.data import REFERENCE_TABLES, WEEKLY_TABLES, schema, weeks
from ssbook.newweek import guide, new_week
from ssbook.sources import PREFIXES
from ssbook.validate import validate

UNITS = ("unit", "capacity_unit")  # their values need no meaning; units.json says which quantity takes which


def enum_fields(data_dir):
    for table in (*REFERENCE_TABLES, *WEEKLY_TABLES):
        for field in schema(data_dir, table)["fields"]:
            if field.get("constraints", {}).get("enum"):
                yield table, field


def test_every_allowed_value_has_one_meaning_in_the_schemas(data_dir):
    meanings: dict[tuple[str, str], str] = {}
    for table, field in enum_fields(data_dir):
        if field["name"] in UNITS:
            continue
        described = field.get("enumDescriptions", {})
        assert list(described) == field["constraints"]["enum"], f"{table}.{field['name']}: a meaning for each allowed value, in order"
        for value, meaning in described.items():
            assert meaning.strip(), f"{table}.{field['name']}: {value!r} has no meaning"
            key = (field["name"].removeprefix("capacity_").removeprefix("investment_"), value)
            assert meanings.setdefault(key, meaning) == meaning, f"{table}.{field['name']}: {value!r} means something else elsewhere"


def test_the_guide_gives_every_allowed_value_with_its_meaning(data_dir):
    text = guide(data_dir, "2026-01-15", "2026-01-08")
    blocks = text.split("## Allowed values")[1].split("### ")[1:]
    for table, field in enum_fields(data_dir):
        block = next(b for b in blocks if f"`{field['name']}` (" in b.splitlines()[0] and table in b.splitlines()[0])
        for value in field["constraints"]["enum"]:
            meaning = field.get("enumDescriptions", {}).get(value)
            line = next((line for line in block.splitlines() if line.startswith(f"- `{value}`")), None)
            assert line, f"{table}.{field['name']}: {value!r} is not in the guide"
            if meaning:
                assert line.endswith(f": {meaning}")
    assert "- `small-batch production` (events only): " in text
    assert "- `not disclosed` (vehicle_claims only): " in text
    assert "### `capacity_qualifier` (projects), `investment_qualifier` (projects), `qualifier` (prices, vehicle_claims, forecasts, statistics)" in text


def test_the_guide_follows_the_schemas(data_dir):
    path = data_dir / "schemas" / "prices.json"
    prices = json.loads(path.read_text(encoding="utf-8"))
    basis = next(f for f in prices["fields"] if f["name"] == "basis")
    basis["constraints"]["enum"].append("quote")
    basis["enumDescriptions"]["quote"] = "a dealer's quotation"
    basis["enumDescriptions"]["range"] = "a printed low and high"
    path.write_text(json.dumps(prices), encoding="utf-8")
    text = guide(data_dir, "2026-01-15", "2026-01-08")
    assert "- `quote`: a dealer's quotation" in text and "- `range`: a printed low and high" in text


def test_the_guide_gives_the_id_scheme_the_dates_and_the_routine(data_dir):
    text = guide(data_dir, "2026-01-15", "2026-01-08")
    for letter, meaning in PREFIXES.items():
        assert f"- `{letter}`: {meaning}" in text
    published = next(f for f in schema(data_dir, "sources")["fields"] if f["name"] == "published")["description"]
    assert f"- `published` (the source's date): {published}" in text
    assert "published after 2026-01-08 and on or before 2026-01-15" in text
    assert "rose from 148,500 to 155,500 over the week" in text and "two readings with the same" in text
    assert "split first, one file and one source each" in text
    steps = ["ssbook add-source", "ssbook draft", "Review", "make validate", "make book"]
    assert [text.index(step) for step in steps] == sorted(text.index(step) for step in steps)


@pytest.mark.parametrize("existing", [True, False])
def test_new_week_writes_the_guide(data_dir, existing):
    if not existing:
        for week in weeks(data_dir):
            for path in (data_dir / "weeks" / week).iterdir():
                path.unlink()
            (data_dir / "weeks" / week).rmdir()
    folder = new_week(data_dir, "2026-01-15")
    previous = weeks(data_dir)[-2] if existing else None
    assert (folder / "GUIDE.md").read_text(encoding="utf-8") == guide(data_dir, "2026-01-15", previous)
    assert ("after any earlier date" in (folder / "GUIDE.md").read_text(encoding="utf-8")) is not existing


def test_new_week_has_the_disputes_and_promises_tables_and_their_values(data_dir):
    folder = new_week(data_dir, "2026-01-15")
    for table in ("claim_checks", "promises"):
        fields = [f["name"] for f in schema(data_dir, table)["fields"]]
        assert (folder / f"{table}.csv").read_text(encoding="utf-8") == ",".join(fields) + "\n"
    text = (folder / "GUIDE.md").read_text(encoding="utf-8")
    assert "- `disputed`: a party other than the claimant contests or doubts the claim" in text
    assert "- `met`: the source says the milestone was reached (on due)" in text
    assert validate(data_dir) == []
