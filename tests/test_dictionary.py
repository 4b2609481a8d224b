"""ssbook.dictionary: the data dictionary written from the schemas."""

from __future__ import annotations

import json

from ssbook import dictionary
from ssbook.data import REFERENCE_TABLES, WEEKLY_TABLES, default_data_dir


def test_entry_from_a_schema(tmp_path):
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "events.json").write_text(json.dumps({"fields": [
        {"name": "event_id", "type": "string", "description": "Id <of> the_event", "constraints": {"required": True}},
        {"name": "timing", "type": "string", "constraints": {"enum": ["actual", "planned"]}},
        {"name": "note", "type": "string"},
    ]}), encoding="utf-8")
    lines = dictionary.entry(tmp_path, "events").splitlines()
    assert lines[0] == "**events** (data/weeks/&lt;date&gt;/events.csv). Developments and vehicle milestones, one row per fact."
    assert lines[2:4] == ["| Field | Type | Required | Meaning |", "|---|---|---|---|"]
    assert lines[4] == "| `event_id` | string | yes | Id &lt;of&gt; the\\_event |"
    assert lines[5] == "| `timing` | string |  |  One of: actual, planned. |"
    assert lines[6] == "| `note` | string |  |  |"
    assert len(lines) == 7


def test_every_shipped_table_has_an_entry_and_a_purpose():
    entries = dictionary.entries(default_data_dir())
    names = [*REFERENCE_TABLES, *WEEKLY_TABLES]
    assert [e.split("**")[1] for e in entries] == names
    assert set(dictionary.PURPOSE) == set(names)
    assert entries[0].startswith("**sources** (data/sources.csv). One row per source text")
