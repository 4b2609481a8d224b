"""The rules across rows and files that a schema cannot say, checked on the rows without a bad cell."""

from __future__ import annotations

import json
import statistics

from . import cells
from . import data as d
from . import sources as s
from .datafiles import Files, read_json
from .promises import due_period

OUTLIER_RATIO = 100  # a value this many times above or below its series' median is a warning
CHANGES = ("cagr", "change month on month", "change year on year")  # percentages that may leave 0–100


class Rules:
    """Each week's facts fall in that week, keys are unique across weeks, units belong to their quantity,
    one unit per series, no row contradicts itself, a source's date and language follow the sources
    table's rules (`ssbook.sources`). Warnings (they do not block the build): a number more than 100
    times above or below the median of its series (a price's material and unit, a statistic's metric,
    scope and unit; at least 3 values), as a yuan/t figure typed into a yuan/kg series is."""

    def __init__(self, files: Files, report):
        self.files = files
        self.report = report
        self.data_dir, self.weeks, self.kinds, self.clean = files.data_dir, files.weeks, files.kinds, files.clean
        self.series: dict[tuple, list[tuple[float, str, int, str]]] = {}  # for the outlier warnings

    def run(self) -> None:
        sources = self.clean.get("sources.csv", []) if "sources.csv" in self.kinds else []
        for line, row in sources:
            self._source(line, row)
        self._facts(sources)
        self._claim_checks()
        self._promises()
        self._outliers()

    def _source(self, line: int, row: dict) -> None:
        """The date rule and the language of one source."""
        note = row.get("published_note") or ""
        if not row.get("published") and not note.startswith(s.NOT_PRINTED):
            self.report("sources.csv", f"published is empty: published_note must start with {s.NOT_PRINTED!r} and say what is known "
                        "of the date", line, "published_note")
        problem = s.language_problem(row.get("language", ""))
        if problem:
            self.report("sources.csv", problem, line, "language")

    def _facts(self, sources: list[tuple[int, dict]]) -> None:
        """Each weekly row in its week, keys unique across weeks, no contradiction inside a row, units
        that belong to their quantity, one unit per series."""
        published = {row.get("source_id"): row.get("published") for _, row in sources}
        units = self._units()
        series_units: dict[tuple, tuple[str, str]] = {}  # series -> (its unit, where it was first given)
        for table in d.WEEKLY_TABLES:
            seen: dict[str, str] = {}
            for index, week in enumerate(self.weeks):
                previous = self.weeks[index - 1] if index else None
                path = d.resource_path(table, week)
                if self.kinds.get(path) != table:
                    continue
                for line, row in self.clean.get(path, []):
                    self._in_week(path, line, row, week, previous, published.get(row.get("source_id")))
                    for key in ("event_id", "forecast_id"):
                        if row.get(key):
                            if row[key] in seen:
                                self.report(path, f"duplicate {key} {row[key]!r}: already used in {seen[row[key]]}", line, key)
                            seen[row[key]] = path
                    self._contradictions(path, line, row, table)
                    if table in units:
                        self._unit(path, line, row, **units[table])
                    self._series(path, line, row, table, series_units)

    def _weekly_rows(self, table: str):
        """(week, path, line, row) of every good row of a weekly table, oldest week first."""
        for week in self.weeks:
            path = d.resource_path(table, week)
            if self.kinds.get(path) == table:
                for line, row in self.clean.get(path, []):
                    yield week, path, line, row

    def _claim_checks(self) -> None:
        """A dispute or verdict points at a claim: an attribute of the vehicle's claims in its week or an earlier one."""
        claimed: dict[str, set] = {}  # week -> (vehicle_id, attribute) claimed up to it
        so_far: set = set()
        for week, _, _, row in self._weekly_rows("vehicle_claims"):
            so_far.add((row.get("vehicle_id"), row.get("attribute")))
            claimed[week] = set(so_far)
        for week, path, line, row in self._weekly_rows("claim_checks"):
            known = set().union(*(c for w, c in claimed.items() if w <= week)) if claimed else set()
            if (row.get("vehicle_id"), row.get("attribute")) not in known:
                attributes = sorted({a for v, a in known if v == row.get("vehicle_id")})
                hint = cells.hint_for(row.get("attribute"), cells.did_you_mean(row.get("attribute"), attributes))
                claimed_words = f" (claimed: {', '.join(attributes) or 'none'})"
                self.report(path, f"{row.get('vehicle_id')} has no claim on {cells.shown_cell(row.get('attribute'))} in vehicle_claims up to "
                            f"week {week}: a finding points at a claimed attribute{hint or claimed_words}", line, "attribute")

    def _promises(self) -> None:
        """A promise is about one vehicle and one milestone in every row; a promise met is met by its week."""
        first: dict[str, tuple] = {}  # promise_id -> (vehicle_id, milestone, where)
        for week, path, line, row in self._weekly_rows("promises"):
            vehicle, milestone, where = first.setdefault(row["promise_id"], (row.get("vehicle_id"), row.get("milestone"), f"data/{path}:{line}"))
            for column, expected in (("vehicle_id", vehicle), ("milestone", milestone)):
                if row.get(column) != expected:
                    self.report(path, f"promise {row['promise_id']} is about {column} {expected!r} at {where}: "
                                f"a restatement keeps it (another {column} is another promise, with its own promise_id)", line, column)
            due = due_period(row.get("due", ""))
            if row.get("state") == "met" and due and due[0] > week:
                self.report(path, f"due {row['due']} is after the week's end {week}: a promise met is met by then (mark it planned)", line, "due")

    def _units(self) -> dict:
        """data/schemas/units.json: for each table, the column naming the quantity and each quantity's units."""
        path = "schemas/units.json"
        try:
            units = read_json((self.data_dir / path).read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            self.report(path, "missing: the units each quantity may be given in are required")
            return {}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            self.report(path, f"cannot be read as JSON: {getattr(error, 'msg', None) or error}", row=getattr(error, "lineno", 0))
            return {}
        if not isinstance(units, dict):
            self.report(path, "must be a JSON object: for each table, `by` (a column) and `units` (quantity -> list of units)")
            return {}
        good = {}
        for table, entry in units.items():
            if table == "description":
                continue
            shape = (
                table in d.WEEKLY_TABLES and isinstance(entry, dict) and isinstance(entry.get("by"), str)
                and isinstance(entry.get("units"), dict)
                and all(isinstance(u, list) and all(isinstance(x, str) for x in u) for u in entry["units"].values())
            )
            schema = self.files.schema(f"schemas/{table}.json") if table in d.WEEKLY_TABLES else None
            if not shape or (schema and entry["by"] not in [f["name"] for f in schema[0]["fields"]]):
                self.report(path, f"{table}: needs `by` (a column of the {table} table) and `units` (quantity -> list of units)")
                continue
            good[table] = {"by": entry["by"], "units": entry["units"]}
        return good

    def _in_week(self, path: str, line: int, row: dict, week: str, previous: str | None, published: str | None) -> None:
        """A week holds the facts of sources published in that week (a month or year of publication must
        overlap the week); an actual datum is not after the week; an event_id starts with a day of the week."""
        window = f"after {previous} and on or before {week}" if previous else f"on or before {week}"
        period = cells.period_of(published) if published else None
        if period:
            first, last = period
            if first > week or (previous and last <= previous):
                self.report(
                    path,
                    f"source {row['source_id']} was published {published}, outside week {week} (which holds sources published {window})",
                    line,
                    "source_id",
                )
        if row.get("date") and row.get("timing", "actual") == "actual" and cells.period_of(row["date"]):
            if cells.period_of(row["date"])[0] > week:
                self.report(path, f"date {row['date']} is after the week's end {week} (mark future events planned)", line, "date")
        day = cells.day_of((row.get("event_id") or "")[:10])
        if day and (day > week or (previous and day <= previous)):
            self.report(path, f"event_id starts with {day}, outside week {week} ({window}): an event_id is <week>-<slug>",
                        line, "event_id")

    def _contradictions(self, path: str, line: int, row: dict, table: str) -> None:
        """Fields of one row that contradict each other, or a figure without the field that gives its meaning."""
        def say(message: str, column: str) -> None:
            self.report(path, message, line, column)

        value, high = row.get("value"), row.get("value_high")
        if value is not None and high is not None and high < value:
            say(f"value_high {cells.number_text(high)} is below value {cells.number_text(value)} (a range runs from value to value_high)", "value_high")
        if high is not None and value is None:
            say(f"value_high {cells.number_text(high)} without value: a range needs both ends", "value")
        if row.get("unit") == "%" and value is not None and not 0 <= value <= 100 and row.get("metric") not in CHANGES:
            say(f"share of {cells.number_text(value)}% is outside 0–100", "value")
        for qualifier, numbers in (("qualifier", ("value", "low", "high")), ("capacity_qualifier", ("capacity_value",)),
                                   ("investment_qualifier", ("investment_value",))):
            if row.get(qualifier) and all(row.get(n) is None for n in numbers):
                say(f"{qualifier} {row[qualifier]!r} qualifies no number: give {numbers[0]} or leave {qualifier} empty", qualifier)
        if table == "forecasts":
            base, year, metric = row.get("base_year"), row.get("year"), row.get("metric")
            if base is not None and year is not None and base >= year:
                say(f"base_year {base} is not before year {year} (a CAGR runs from base_year to year)", "base_year")
            if metric == "cagr" and base is None:
                say("a CAGR needs its base_year, the year it runs from", "base_year")
            if metric != "cagr" and base is not None:
                say(f"base_year is the start of a CAGR, and this row's metric is {metric}: leave base_year empty", "base_year")
        elif table == "prices":
            self._price(row, say)
        elif table == "projects":
            capacity, unit = row.get("capacity_value"), row.get("capacity_unit")
            if capacity is not None and not unit:
                say(f"capacity_value {cells.number_text(capacity)} needs its capacity_unit", "capacity_unit")
            if unit and capacity is None:
                say(f"capacity_unit {unit} has no capacity_value", "capacity_value")
        elif table == "vehicle_claims" and row.get("status") == "not disclosed" and value is not None:
            say(f"status is 'not disclosed', but the row has value {cells.number_text(value)}", "status")

    @staticmethod
    def _price(row: dict, say) -> None:
        basis, value, low, high = row.get("basis"), row.get("value"), row.get("low"), row.get("high")
        if basis == "range":
            for name, number in (("low", low), ("high", high)):
                if number is None:
                    say("a range price needs low and high", name)
        elif basis in ("average", "index") and value is None:
            say(f"an {basis} price needs its value (basis direction is for a direction only)", "value")
        elif basis == "direction":
            given = [name for name, number in (("value", value), ("low", low), ("high", high)) if number is not None]
            if given:
                say(f"basis direction is for a direction only, but the row has {given[0]}: "
                    "set basis to average, index or range", given[0])
            if not row.get("direction"):
                say("basis direction needs its direction", "direction")
        if basis != "range" and (low is None) != (high is None):
            given, lacking = ("low", "high") if high is None else ("high", "low")
            say(f"{given} without {lacking}: a printed range has both ends", lacking)
        if None not in (value, low, high) and low <= high and not low <= value <= high:
            say(f"value {cells.number_text(value)} is outside its range {cells.number_text(low)}–{cells.number_text(high)}", "value")
        if low is not None and high is not None and low > high:
            say(f"low {cells.number_text(low)} is above high {cells.number_text(high)}", "low")
        if any(n is not None for n in (value, low, high)) and not row.get("unit"):
            say("a price needs its unit", "unit")

    def _unit(self, path: str, line: int, row: dict, by: str, units: dict) -> None:
        """The unit belongs to the quantity (data/schemas/units.json); a number has a unit."""
        quantity, unit = row.get(by), row.get("unit")
        if quantity not in units:
            hint = cells.hint_for(quantity, cells.did_you_mean(quantity, list(units))) or ": add it with its units to data/schemas/units.json"
            self.report(path, f"unknown {by} {cells.shown_cell(quantity)}{hint}", line, by)
        elif unit and unit not in units[quantity]:
            allowed = ", ".join(units[quantity]) or "none: give it in words"
            hint = cells.hint_for(unit, cells.did_you_mean(unit, units[quantity]))
            self.report(path, f"unit {cells.shown_cell(unit)} does not belong to {quantity} (allowed: {allowed}){hint}", line, "unit")
        elif row.get("value") is not None and not unit:
            self.report(path, f"a {quantity} value needs its unit", line, "unit")

    def _series(self, path: str, line: int, row: dict, table: str, seen: dict) -> None:
        """One unit per series, across all weeks: a price's material, a statistic's metric and scope.
        Its numbers are kept for the outlier warnings."""
        keys = {"prices": ("material",), "statistics": ("metric", "scope")}.get(table)
        if not keys or not row.get("unit"):
            return
        series = (table, *(row.get(k) for k in keys))
        unit, first = seen.setdefault(series, (row["unit"], f"{path}:{line}"))
        if row["unit"] != unit:
            self.report(path, f"unit {row['unit']!r} mixes units in one series: {' / '.join(series[1:])} is in {unit!r} at {first}",
                        line, "unit")
        elif unit != "%":
            for column in ("value", "low", "high"):
                if row.get(column):
                    self.series.setdefault((*series, unit), []).append((row[column], path, line, column))

    def _outliers(self) -> None:
        """A warning for a number far from the median of its series: typed in another unit?"""
        for (table, *names, unit), values in self.series.items():
            if len(values) < 3:
                continue
            median = statistics.median(abs(v) for v, *_ in values)
            for value, path, line, column in values:
                ratio = abs(value) / median
                if ratio > OUTLIER_RATIO or ratio < 1 / OUTLIER_RATIO:
                    size = f"{ratio:.0f} times" if ratio > 1 else f"1/{1 / ratio:.0f} of"
                    self.report(
                        path, f"{cells.number_text(value)} is {size} the median {cells.number_text(median)} of its series ({' / '.join(names)} in {unit}, "
                        f"{len(values)} values): check its unit and its digits", line, column, warning=True,
                    )

