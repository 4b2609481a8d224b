"""Drafting a week's rows from a source's archived text: proposals for the editor in
data/weeks/<week>/draft/, never data (not validated, not loaded by the chapters, never published)."""

from __future__ import annotations

import csv
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import cells, evidence
from .data import DRAFT
from .extract import Quantity, clause, dates, quantities, sentences

TABLES = ("prices", "projects", "forecasts", "statistics", "vehicle_claims")
CAPACITY_UNITS = ("t", "t/yr", "GWh", "MWh")


class DraftError(Exception):
    """A source that cannot be drafted: the message names it and says why."""


def archived_text(root: Path, file: str) -> Path:
    """Where a source's text is kept: data/sources/texts/<file> under the project's root."""
    return evidence.archive_dir(root / "data") / file


def _words(*words: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)


FORECAST = re.compile(r"\bby\s(?:the\s)?(?:end\sof\s)?20\d\d\b|" + _words(
    r"expect\w*", r"project(?:ed|s|ion|ions)", r"forecast\w*", r"predict\w*", r"anticipat\w*", r"estimat\w*", "outlook",
    r"(?:will|would|could|may|might|should)\s(?:reach|rise|hit|exceed|surpass|top|climb|grow|approach)", r"(?:is|are)\sset\sto", r"prognos\w*", r"erwart\w*", r"previst\w*").pattern, re.IGNORECASE)
PROJECT = _words(r"capacit\w*", r"projects?", r"(?:production|pilot|mass\sproduction|assembly)\slines?", r"lines?", r"plants?",
                 r"factor(?:y|ies)", r"bases?", r"facilit(?:y|ies)", "construction", r"pilot", r"invest\w*", r"parks?", r"expansion",
                 r"gigafactor(?:y|ies)", r"Werk", r"stabiliment\w*", r"产能", r"项目")
ANNUAL = _words("annual", "annually", "per year", "a year", "per annum", "yearly", "/yr", "/year", "jährlich", "annu[ae]", "年产")
CHANGE = re.compile(r"(?:\b(?:up|down|by|rose|fell|gain(?:ed|s)?|lost|drop(?:ped|s)?|climb(?:ed|s)?|jump(?:ed|s)?|plunged?|"
                    r"increase\sof|decrease\sof|change\sof|plus|minus)|[+±])\s*$", re.IGNORECASE)
UP = _words("rose", "rise", "rises", "risen", "rising", "up", r"increas\w*", r"rebound\w*", r"climb\w*", r"gain\w*", r"surg\w*",
            "higher", "jumped", r"rall(?:y|ied)", r"stieg\w*", r"gestiegen", r"aument\w*", "上涨", "上升")
DOWN = _words("fell", "fall", "falls", "fallen", "falling", "down", r"declin\w*", r"decreas\w*", r"pulled\sback", r"pull\w*\sback",
              r"drop\w*", "lower", "slid", r"eas(?:ed|ing)", "weakened", r"gesunken", r"gefallen", r"calat\w*", r"diminu\w*", "下跌", "下降")
STABLE = _words("stable", r"stabili[sz]\w*", "flat", "unchanged", "steady", "remained steady", "stabil", "stabile", "持平", "稳定")
SLIGHT = _words("slight", "slightly", "marginal", "marginally", "modest", "modestly", "mild", "mildly", "leicht", "lieve", "lievemente")
CLAIMED = _words(r"claim\w*", "says", "said", r"promis\w*", r"assert\w*", r"announc\w*", r"verspricht", r"dichiar\w*", "声称", "披露")
REPORTED = _words("according to", r"report\w*", "per", r"media", r"据")
VEHICLE = _words(r"vehicles?", "cars?", "EVs?", r"motorcycles?", r"motorbikes?", r"sedans?", "SUVs?", r"bikes?", r"Motorr[aä]d\w*",
                 "moto", r"Fahrzeug\w*", r"auto\w*", "车", "汽车", "样车")
PRICE_WORD = _words(r"prices?", r"priced", r"costs?", r"Preis\w*", r"prezz\w*", "价格")
METRIC_WORDS = {  # the words that name a metric of forecasts and statistics
    "shipments": (r"shipments?", r"shipped", "出货量"), "demand": ("demand", "需求"), "usage": ("usage", r"install\w*", "装机量"),
    "penetration": (r"penetration", "渗透率"), "share": ("share", r"accounting\sfor", r"account\sfor", r"makes?\sup"),
    "cagr": ("CAGR", r"compound\sannual\sgrowth"), "market size": (r"market\ssize", r"market\svalue", "市场规模"),
    "energy density": (r"energy\sdensit\w*", "能量密度"), "production": (r"production", "output", "produced", "产量"),
    "change month on month": ("MoM", r"m-o-m", r"month[-\s]on[-\s]month", r"month[-\s]over[-\s]month", "环比"),
    "change year on year": ("YoY", r"y-o-y", r"year[-\s]on[-\s]year", r"year[-\s]over[-\s]year", "同比"),
}


@dataclass
class Known:
    """What the data already names, to fill the fields a sentence can be matched against: materials
    (with their category), vehicles (with the names they go by), forecasters, the units of each
    quantity (data/schemas/units.json) and the allowed values of each table's fields."""

    materials: dict[str, str]
    vehicles: dict[str, list[str]]
    forecasters: list[str]
    units: dict
    enums: dict[str, dict[str, list[str]]]
    columns: dict[str, list[str]]


def known(data_dir: Path) -> Known:
    """What `data_dir` names today (every week's tables and the reference tables)."""
    def rows(path: Path) -> list[dict]:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return list(csv.DictReader(handle))

    weeks = sorted(p for p in (data_dir / "weeks").glob("*") if p.is_dir())
    materials, forecasters = {}, []
    for week in weeks:
        if (week / "prices.csv").is_file():
            materials.update({r["material"]: r["category"] for r in rows(week / "prices.csv") if r.get("material")})
        if (week / "forecasts.csv").is_file():
            forecasters += [r["forecaster"] for r in rows(week / "forecasts.csv") if r.get("forecaster")]
    vehicles = {}
    for row in rows(data_dir / "vehicles.csv"):
        names = [row["name"], row["maker"], row["battery_maker"], " ".join(row["name"].split()[1:])]
        vehicles[row["vehicle_id"]] = [_bare(n) for n in names if n and len(n.strip()) > 2]
    schemas = {t: json.loads((data_dir / "schemas" / f"{t}.json").read_text(encoding="utf-8")) for t in TABLES}
    enums = {t: {f["name"]: f["constraints"]["enum"] for f in s["fields"] if "enum" in f.get("constraints", {})} for t, s in schemas.items()}
    columns = {t: [f["name"] for f in s["fields"]] for t, s in schemas.items()}
    units = json.loads((data_dir / "schemas" / "units.json").read_text(encoding="utf-8"))
    return Known(materials, vehicles, list(dict.fromkeys(forecasters)), units, enums, columns)


def _plain(text: str) -> str:
    """Lower case, hyphens as spaces: for matching names (each character where it was)."""
    return re.sub(r"[-‐–]", " ", text.lower())


def _mentions(name: str, text: str, fuzzy: bool = False) -> list[int]:
    """Where `name` occurs in `text`; `fuzzy` also finds a proper name misspelt by a letter or two
    ('Hongqui' for 'Hongqi'; never for materials, where 'sulphate' is not 'sulphide')."""
    plain, wanted = _plain(text), _plain(name)
    pattern = re.sub(r"sul(?:ph|f)", "sul(?:ph|f)", re.escape(wanted))  # sulphide and sulfide are one word
    found = [m.start() for m in re.finditer(r"(?<!\w)" + pattern + r"(?!\w)", plain)]
    if fuzzy and not found and len(wanted) >= 5:
        size = len(wanted.split())
        words = list(re.finditer(r"[^\W_]+", plain))
        for i in range(len(words) - size + 1):
            passage = plain[words[i].start():words[i + size - 1].end()]
            if difflib.SequenceMatcher(None, passage, wanted).ratio() >= 0.85:
                found.append(words[i].start())
    return found


def _bare(name: str) -> str:
    """A name without its bracketed note: 'oxide electrolyte (LATP)' is named 'oxide electrolyte'."""
    return re.sub(r"\s*\(.*?\)", "", name).strip()


def _nearest(sentence: str, names, position: int) -> str:
    """Of `names`, the one named nearest before `position` in the sentence (or nearest after it)."""
    best, distance = "", None
    for name in names:
        for at in _mentions(name, sentence):
            d = position - at if at <= position else 10_000 + at - position
            if distance is None or d < distance or (d == distance and len(name) > len(best)):
                best, distance = name, d
    return best


def _direction(sentence: str, position: int) -> str:
    """'up', 'slightly down', 'stable' … from the direction word nearest before the figure."""
    found = [(m.start(), word) for pattern, word in ((UP, "up"), (DOWN, "down"), (STABLE, "stable")) for m in pattern.finditer(sentence)]
    if not found:
        return ""
    before = [f for f in found if f[0] < position]
    at, word = max(before) if before else min(found)
    if word != "stable" and SLIGHT.search(sentence[max(0, at - 25):at + 25]):
        return f"slightly {word}"
    return word


def _metric(sentence: str, position: int, allowed) -> str:
    """The metric named nearest before the figure, among those `allowed` (for its unit)."""
    best, distance = "", None
    for metric in allowed:
        for pattern in METRIC_WORDS.get(metric, ()):
            for m in re.finditer(r"(?<!\w)(?:" + pattern + r")(?!\w)", sentence, re.IGNORECASE):
                d = position - m.start() if m.start() <= position else 10_000 + m.start() - position
                if distance is None or d < distance:
                    best, distance = metric, d
    return best


def _date(sentence: str, q: Quantity) -> str:
    """The date printed nearest to the figure in its sentence, or ''."""
    found = dates(sentence)
    return min(found, key=lambda f: abs(f[0] - q.start))[1] if found else ""


def _years(sentence: str, q: Quantity) -> tuple[str, str]:
    """A forecast's year (the year printed after the figure, or else before it) and its base year
    ('from 2024 to 2030', '2024–2030')."""
    years = [(m.start(), m.group(1)) for m in re.finditer(r"(?<![\w.,/-])(20\d\d)(?![\w%]|\.\d|,\d)", sentence)]
    after = [y for y in years if y[0] >= q.end]
    before = [y for y in years if y[0] < q.start]
    if not after and not before:
        return "", ""
    at, year = after[0] if after else before[-1]
    span = re.match(r"(20\d\d)\s?(?:–|-|to|and|through)\s?(20\d\d)\b", sentence[at:])
    if span and span.group(1) < span.group(2):
        return span.group(2), span.group(1)
    span = re.search(r"(20\d\d)\s?(?:–|-|to|and|through)\s?$", sentence[:at])
    return year, span.group(1) if span and span.group(1) < year else ""


def _units(known: Known, table: str) -> dict[str, list[str]]:
    """For each unit, the quantities of `table` that may be given in it (units.json)."""
    found: dict[str, list[str]] = {}
    for quantity, units in known.units.get(table, {}).get("units", {}).items():
        for unit in units:
            found.setdefault(unit, []).append(quantity)
    return found


def _vehicle(known: Known, sentence: str, previous: str, text: str) -> str:
    """The known vehicle the sentence names (or the one before it, or the only one the text names)."""
    for passage in (sentence, previous):
        counts = {v: sum(len(_mentions(n, passage, fuzzy=True)) for n in names) for v, names in known.vehicles.items()}
        named = [v for v, c in counts.items() if c]
        if len(named) == 1:
            return named[0]
    named = [v for v, names in known.vehicles.items() if any(_mentions(n, text, fuzzy=True) for n in names)]
    return named[0] if len(named) == 1 else ""


def propose(text: str, source_id: str, language: str, known: Known) -> dict[str, list[dict]]:
    """The rows the text lets one propose, per table: every figure with a unit that belongs to a
    table, with its sentence as the quote; fields the sentence does not tell are left empty."""
    rows: dict[str, list[dict]] = {table: [] for table in TABLES}
    vehicle_text = bool(VEHICLE.search(text)) or any(_mentions(n, text, fuzzy=True) for names in known.vehicles.values() for n in names)
    forecasters = [f for f in known.forecasters if _mentions(_bare(f), text, fuzzy=True)]
    listed = sentences(text)
    for index, sentence in enumerate(listed):
        found = _pairs(sentence, quantities(sentence, language))
        context = Sentence(sentence, listed[index - 1] if index else "", text, source_id, known, vehicle_text, forecasters)
        for table, row in [*context.rows(found), *(("prices", r) for r in context.directions(found))]:
            if all(_figure(row) != _figure(other) for other in rows[table]):
                rows[table].append(row)
    return {table: [{c: _cell(r.get(c)) for c in known.columns[table]} for r in found] for table, found in rows.items()}


def _figure(row: dict) -> dict:
    """What a row says, apart from its quote and date: a figure given twice in a text is proposed once."""
    return {k: v for k, v in row.items() if k not in ("quote", "date")}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return cells.number_text(value)
    return str(value)


def _pairs(sentence: str, found: list[Quantity]) -> list[Quantity]:
    """'between A and B unit' and 'from A unit to B unit' read as one range (low to high); a figure
    in brackets right after one in another unit is that figure converted, and left out."""
    merged: list[Quantity] = []
    for q in found:
        if merged and re.fullmatch(r"\s?\(\s?(?:or\s|about\s|ca\.\s|~)?", sentence[merged[-1].end:q.start]) and q.unit != merged[-1].unit:
            continue  # '200℃ (392°F)': the same figure in another unit
        if merged and merged[-1].unit == q.unit and merged[-1].high is None and q.high is None:
            first = merged[-1]
            gap = sentence[first.end:q.start]
            lead = sentence[max(0, first.start - 9):first.start]
            if (re.fullmatch(r"\s*and\s*", gap) and re.search(r"between\s*$", lead, re.IGNORECASE)) or (
                    re.fullmatch(r"\s*to\s*", gap) and re.search(r"from\s*$", lead, re.IGNORECASE)):
                low, high = sorted((first.value, q.value))
                merged[-1] = Quantity(low, q.unit, first.start, q.end, high, first.qualifier, sentence[first.start:q.end],
                                      "fell to" if first.value > q.value else "to")
                continue
        merged.append(q)
    return merged


@dataclass
class Sentence:
    """One sentence of a source, with what is needed to read its figures into rows."""

    text: str
    previous: str
    whole: str
    source_id: str
    known: Known
    vehicle_text: bool
    forecasters: list[str]

    def rows(self, found: list[Quantity]):
        """(table, row) for each figure of the sentence that belongs to a table."""
        prices = [q for q in found if q.unit in ("yuan/t", "yuan/kg") and not CHANGE.search(self.text[max(0, q.start - 25):q.start])]
        yield from (("prices", row) for row in self.prices(prices, found))
        projects = []
        for q in found:
            table = self.table(q)
            if table == "projects":
                projects.append(q)
            elif table:
                yield table, {"forecasts": self.forecast, "statistics": self.statistic, "vehicle_claims": self.vehicle_claim}[table](q)
        yield from (("projects", row) for row in self.projects(projects))

    def table(self, q: Quantity) -> str:
        """The table a figure belongs to, by its unit and the sentence's words; '' for none."""
        s, u = self.text, q.unit
        forecast_units, statistic_units = _units(self.known, "forecasts"), _units(self.known, "statistics")
        if u in ("yuan/t", "yuan/kg", "MW", "speed"):
            return ""
        if u == "yuan":
            if FORECAST.search(s) and re.search(r"market", s, re.IGNORECASE) and q.value >= 1e8:
                return "forecasts"
            if PROJECT.search(s) and not PRICE_WORD.search(s[max(0, q.start - 30):q.start]):
                return "projects"
            return "vehicle_claims" if self.vehicle_text and PRICE_WORD.search(s) and q.value < 1e6 else ""
        if u == "%":
            if _metric(s, q.start, ["change month on month", "change year on year"]):
                return "statistics"
            if FORECAST.search(s) and _metric(s, q.start, forecast_units["%"]):
                return "forecasts"
            if _metric(s, q.start, statistic_units["%"]) and dates(s):
                return "statistics"
            if self.vehicle_text and _metric(clause(s, q), 0, ["energy density"]):
                return "vehicle_claims"
            return ""
        if u in forecast_units and FORECAST.search(s):
            return "forecasts"
        if u in CAPACITY_UNITS and PROJECT.search(s):
            return "projects"
        if _metric(s, q.start, statistic_units.get(u, []) or (["usage"] if u == "MWh" else [])):
            return "statistics"  # in the unit printed: the editor converts '532.9 MWh' to the series' GWh
        if u in ("USD", "EUR") and q.value >= 1e6:
            return ""  # a company's money, not a vehicle's price
        if u in _units(self.known, "vehicle_claims") and self.vehicle_text:
            return "vehicle_claims"
        return ""

    def prices(self, prices: list[Quantity], found: list[Quantity]) -> list[dict]:
        """A price row per price; a range followed by 'an average price of' X is one row (X, low, high)."""
        rows, used = [], set()
        for i, q in enumerate(prices):
            if i in used:
                continue
            row = self.price(q)
            nxt = prices[i + 1] if i + 1 < len(prices) else None
            if q.high is not None and nxt and nxt.high is None and nxt.unit == q.unit and re.search(
                    r"averag\w*", self.text[q.end:nxt.start], re.IGNORECASE):
                row.update(value=nxt.value, low=q.value, high=q.high, basis="average", qualifier=nxt.qualifier)
                used.add(i + 1)
            for change in found:
                if change.unit == q.unit and change.start > q.end and CHANGE.search(self.text[max(0, change.start - 25):change.start]):
                    word = CHANGE.search(self.text[max(0, change.start - 25):change.start]).group(0).strip().lower()
                    row["direction"] = row["direction"] or {"up": "up", "rose": "up", "down": "down", "fell": "down"}.get(word, "")
            rows.append(row)
        return rows

    def price(self, q: Quantity) -> dict:
        s = self.text
        named = _nearest(s, self.known.materials, q.start) or _nearest(s, [_bare(m) for m in self.known.materials], q.start)
        material = next((m for m in self.known.materials if named in (m, _bare(m))), "") if named else ""
        part = clause(s, q)
        lead = part[:part.find(q.text)]
        basis = ("index" if re.search(r"index", lead, re.IGNORECASE) else "average" if re.search(r"averag\w*", lead, re.IGNORECASE)
                 else "range" if q.high is not None else "")
        row = {"material": material, "category": self.known.materials.get(material, ""), "date": _date(s, q), "basis": basis,
               "direction": _direction(s, q.start), "unit": q.unit, "qualifier": q.qualifier, "source_id": self.source_id, "quote": s}
        if q.high is not None:
            row.update(low=q.value, high=q.high)
            if q.connector in ("to", "fell to") and re.search(r"from\s*$", s[max(0, q.start - 9):q.start], re.IGNORECASE):
                row["direction"] = "down" if q.connector == "fell to" else "up"
        else:
            row["value"] = q.value
        return row

    def directions(self, found: list[Quantity]) -> list[dict]:
        """A direction row per known material of a sentence about prices that gives a direction and no price."""
        s = self.text
        if any(q.unit in ("yuan/t", "yuan/kg") for q in found) or not PRICE_WORD.search(s):
            return []
        rows = []
        for material, category in self.known.materials.items():
            names = [material, _bare(material)]
            places = [at for n in names for at in _mentions(n, s)]
            if not places:
                continue
            clause_end = re.search(r"[,;]|\bwhile\b|\bbut\b|$", s[places[0]:]).start() + places[0]
            direction = _direction(s[places[0]:clause_end], 10_000) or _direction(s, places[0])
            if direction:
                rows.append({"material": material, "category": category, "date": "", "basis": "direction",
                             "direction": direction, "source_id": self.source_id, "quote": s})
        return rows

    def projects(self, found: list[Quantity]) -> list[dict]:
        """A row per capacity; an investment joins the capacity row of its sentence (or is one of its own)."""
        capacities = [q for q in found if q.unit in CAPACITY_UNITS]
        investments = [q for q in found if q.unit == "yuan"]
        rows = [self.project(q) for q in capacities]
        for q in investments:
            if len(rows) == 1 and not rows[0].get("investment_value"):
                rows[0].update(investment_value=q.value, investment_qualifier=q.qualifier)
            else:
                row = self.project(None, q.start)
                row.update(investment_value=q.value, investment_qualifier=q.qualifier)
                rows.append(row)
        return rows

    def project(self, q: Quantity | None, position: int = 0) -> dict:
        s, enums = self.text, self.known.enums["projects"]
        position = q.start if q else position
        row = {"date": (_date(s, q) if q else ""), "segment": _nearest(s, enums["segment"], position),
               "route": _nearest(s, enums["route"], position), "stage": self._stage(enums["stage"]),
               "source_id": self.source_id, "quote": s}
        if q:
            unit = "t/yr" if q.unit == "t" and ANNUAL.search(clause(s, q)) else q.unit
            row.update(capacity_value=q.value, capacity_unit=unit, capacity_qualifier=q.qualifier)
        return row

    def _stage(self, stages: list[str]) -> str:
        words = {"environmental review": r"environmental\s(?:impact\s)?(?:assessment|review|approval)", "tender": r"tender\w*",
                 "construction": r"construction|broke\sground|groundbreaking"}
        found = [st for st in stages if re.search(words.get(st, r"(?<!\w)" + re.escape(st) + r"(?!\w)"), self.text, re.IGNORECASE)]
        return found[-1] if len(found) == 1 else ""

    def forecast(self, q: Quantity) -> dict:
        s = self.text
        year, base_year = _years(s, q)
        if not year and FORECAST.search(self.previous):  # 'By 2030, shipments … . The market size is expected to …'
            year, base_year = _years(self.previous, Quantity(0, "", len(self.previous), len(self.previous)))
        allowed = _units(self.known, "forecasts").get("billion yuan" if q.unit == "yuan" else q.unit, [])
        metric = allowed[0] if len(allowed) == 1 else _metric(s, q.start, allowed)
        named = [f for f in self.forecasters if _mentions(_bare(f), s, fuzzy=True)] or self.forecasters
        value, high, unit = q.value, q.high, q.unit
        if unit == "yuan":
            value, high, unit = value / 1e9, (high / 1e9 if high is not None else None), "billion yuan"
        return {"forecaster": named[0] if len(named) == 1 else "", "metric": metric, "year": year, "base_year": base_year,
                "value": value, "value_high": high, "unit": unit, "qualifier": q.qualifier, "source_id": self.source_id, "quote": s}

    def statistic(self, q: Quantity) -> dict:
        s = self.text
        allowed = _units(self.known, "statistics").get(q.unit, []) or ["usage"]
        metric = allowed[0] if len(allowed) == 1 else _metric(s, q.start, allowed)
        value = q.value
        if metric.startswith("change") and _direction(s[max(0, q.start - 40):q.start], q.start).endswith("down") and value > 0:
            value = -value
        return {"metric": metric, "date": _date(s, q), "value": value, "unit": q.unit, "qualifier": q.qualifier,
                "source_id": self.source_id, "quote": s}

    def vehicle_claim(self, q: Quantity) -> dict:
        s = self.text
        attributes = _units(self.known, "vehicle_claims").get(q.unit, [])
        if len(attributes) > 1:
            hints = {"thermal test": r"test\w*|abuse|heat|thermal|测试", "operating temperature": r"operat\w*|temperature\srange|toleran\w*|Betrieb",
                     "energy density": r"energy\sdensit\w*|能量密度", "price": r"price\w*|cost\w*|Preis|prezzo"}
            attributes = [a for a in attributes if re.search(hints.get(a, re.escape(a)), s, re.IGNORECASE)]
            if q.unit in ("°C", "°F") and q.high is not None and "operating temperature" in _units(self.known, "vehicle_claims")[q.unit]:
                attributes = ["operating temperature"]
        value, high = q.value, q.high
        if high is not None and q.connector == "to" and re.search(r"from\s*$", s[max(0, q.start - 9):q.start], re.IGNORECASE) and \
                re.search(r"increas\w*|rais\w*|boost\w*|extend\w*|improv\w*|grow\w*", s, re.IGNORECASE):
            value, high = high, None  # 'extends the range from 300 km to 370 km': the new figure
        if q.connector == "fell to":  # 'reduces the weight from 245 kg to 230 kg': the new, lower figure
            high = None
        status = "claimed" if CLAIMED.search(s) else "reported" if REPORTED.search(s) else ""
        return {"vehicle_id": _vehicle(self.known, s, self.previous, self.whole), "attribute": attributes[0] if len(attributes) == 1 else "",
                "value": value, "value_high": high, "unit": q.unit, "value_text": q.text, "qualifier": q.qualifier, "status": status,
                "date": _date(s, q), "source_id": self.source_id, "quote": s}


# The source, its week and the draft files.

def source_row(data_dir: Path, source_id: str) -> dict:
    """The source's row of data/sources.csv; an unknown id is an error naming it."""
    with open(data_dir / "sources.csv", newline="", encoding="utf-8-sig") as handle:
        sources = {row["source_id"]: row for row in csv.DictReader(handle)}
    if source_id not in sources:
        guess = cells.did_you_mean(source_id, list(sources))
        raise DraftError(f"{source_id!r} is not a source in data/sources.csv" + (f"; did you mean {guess}?" if guess else "")
                         + " (add it first: one row per text)")
    return sources[source_id]


def week_of(published: str, weeks: list[str]) -> str:
    """The week a source published on `published` belongs to: the latest week whose dates (after the
    week before it, up to its end date) overlap the publication date, day, month or year; the latest
    week for a source without a date. A date after the latest week is an error: open its week first."""
    if not weeks:
        raise DraftError("data/weeks has no week: open one with `ssbook new-week DATE` first")
    period = cells.period_of(published) if published else None
    if not period:
        return weeks[-1]
    first, last = period
    fitting = [w for i, w in enumerate(weeks) if first <= w and (i == 0 or last > weeks[i - 1])]
    if not fitting:
        raise DraftError(f"published {published}, after the latest week {weeks[-1]}: open its week with `ssbook new-week DATE` first")
    return fitting[-1]


def draft(root: Path, source_id: str, out: Path | None = None) -> dict[Path, int]:
    """Write the rows proposed from the source's archived text into the draft folder of its week
    (or `out`): one CSV per table with the table's columns. The source's earlier proposals there are
    replaced, other sources' kept. Returns each file written and how many rows it holds from the source."""
    data_dir = root / "data"
    source = source_row(data_dir, source_id)
    path = archived_text(root, source.get("file", ""))
    if not source.get("file") or not path.is_file():
        shown = path.relative_to(root).as_posix() if source.get("file") else "its file column"
        raise DraftError(f"{source_id}: no archived text at {shown} (add the text to the archive first)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DraftError(f"{path.relative_to(root).as_posix()}: the text of {source_id} is not UTF-8") from None
    if out is None:
        weeks = sorted(p.name for p in (data_dir / "weeks").glob("*") if p.is_dir() and cells.day_of(p.name))
        out = data_dir / "weeks" / week_of(source.get("published", ""), weeks) / DRAFT
    names = known(data_dir)
    proposed = propose(text, source_id, source.get("language", "en"), names)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for table, rows in proposed.items():
        file = out / f"{table}.csv"
        kept = []
        if file.is_file():
            with open(file, newline="", encoding="utf-8-sig") as handle:
                kept = [r for r in csv.DictReader(handle) if r.get("source_id") != source_id]
        if not rows and not kept:
            if file.is_file():
                file.unlink()
            continue
        with open(file, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=names.columns[table], extrasaction="ignore")
            writer.writeheader()
            writer.writerows(kept + rows)
        written[file] = len(rows)
    return written


def pending(data_dir: Path) -> list[str]:
    """A line per draft file of a week that still holds rows: they are not in the book."""
    lines = []
    for file in sorted((data_dir / "weeks").glob(f"*/{DRAFT}/*.csv")):
        with open(file, newline="", encoding="utf-8-sig", errors="replace") as handle:
            count = sum(1 for row in csv.reader(handle) if any(cell.strip() for cell in row)) - 1
        if count > 0:
            shown = f"data/{file.relative_to(data_dir).as_posix()}"
            lines.append(f"{shown}: {count} draft row{'s' if count != 1 else ''} not in the book "
                         f"(move {'them' if count != 1 else 'it'} into the week's tables or delete the draft)")
    return lines
