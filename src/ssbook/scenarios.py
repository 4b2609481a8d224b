"""The arithmetic of the forecasts chapter and its scenario pages: a small demand-and-penetration scenario model, the
provenance of its assumptions, the tables of a scenario page, and checks that set the published forecasts against each other.

The model (a what-if tool, not a forecast of the book's own):

* Lithium-ion demand by segment grows at a constant rate (the segment CAGRs) from the base year to
  the end year; the end-year total is given, so the base-year total follows from the base-year split:
  ``total_end = base_total * sum(split[s] * (1 + cagr[s]) ** years)``.
* A penetration path gives solid-state (or all-solid-state) batteries by year as anchors, each
  either a share of that year's demand ("4%") or a volume ("13.5 GWh"). Between two anchors the
  volume grows at a constant rate; outside the anchors nothing is modelled.

Nothing here reads files: the notebook hands in the forecasts frame of an edition.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from .report import number
from .text import gwh, pct

SEGMENTS = ("EV", "ESS", "consumer electronics")
SPLIT_TOLERANCE = 1e-9

# Which published figure each scalar assumption corresponds to: (metric, start of the scope).
PARAMETER_FIGURES = {
    "total_end_gwh": ("demand", "global lithium-ion"),
    "ev_cagr": ("cagr", "EV "),
    "ess_cagr": ("cagr", "ESS "),
    "ce_cagr": ("cagr", "consumer electronics"),
}

# The published figures the cross-checks use, by forecast id (data/weeks/*/forecasts.csv).
FIGURES = {
    "smm_total_2030": "smm-li-ion-demand-2030",
    "smm_ass_share_2030": "smm-all-solid-state-penetration-2030",
    "smm_ass_2028": "smm-all-solid-state-shipments-2028",
    "smm_semi_2028": "smm-semi-solid-shipments-2028",
    "smm_ss_share_2025": "smm-solid-state-penetration-2025",
    "smm_ev_cagr": "smm-ev-li-ion-demand-cagr-2024-2030",
    "smm_ess_cagr": "smm-ess-li-ion-demand-cagr-2024-2030",
    "smm_ce_cagr": "smm-consumer-li-ion-demand-cagr-2024-2030",
    "evtank_volume_2030": "evtank-c9-shipments-2030",
    "evtank_share_2030": "evtank-c9-penetration-2030",
    "evtank_market_2030": "evtank-c9-market-size-2030",
    "bluebook_volume_2030": "blue-book-2025-shipments-2030",
    "bluebook_semi_share_2030": "blue-book-2025-semi-solid-share-2030",
    "bluebook_market_2030": "blue-book-2025-market-size-2030",
}

PATH_KINDS = {
    "all-solid-state": "all-solid-state batteries",
    "solid-state": "solid-state batteries of every kind (semi-solid and all-solid-state)",
}


class ScenarioError(ValueError):
    """Assumptions that do not make a scenario (a split that does not add up, an unreadable anchor)."""


# The model.

def growth_factor(cagr: float, years: int) -> float:
    return (1 + cagr) ** years


def implied_cagr(start: float, end: float, years: float) -> float:
    """The constant annual growth rate that takes `start` to `end` in `years`."""
    if start <= 0 or end <= 0 or years <= 0:
        raise ScenarioError("a growth rate needs two positive values and a positive span of years")
    return (end / start) ** (1 / years) - 1


def check_split(split: dict[str, float]) -> None:
    if set(split) != set(SEGMENTS):
        raise ScenarioError(f"the base-year split needs exactly {', '.join(SEGMENTS)}")
    if any(v < 0 for v in split.values()):
        raise ScenarioError("a base-year share cannot be negative")
    if abs(sum(split.values()) - 1) > SPLIT_TOLERANCE:
        raise ScenarioError(f"the base-year split adds up to {sum(split.values()):.6g}, not 1")


def base_year_total(total_end: float, cagrs: dict[str, float], split: dict[str, float], years: int) -> float:
    """The base-year total that grows into `total_end` after `years` with these segment shares and CAGRs."""
    check_split(split)
    return total_end / sum(split[s] * growth_factor(cagrs[s], years) for s in SEGMENTS)


def base_year_bounds(total_end: float, cagrs: dict[str, float], years: int) -> tuple[float, float]:
    """The lowest and highest base-year total any split allows: all demand in the fastest-growing
    segment, or all in the slowest."""
    factors = [growth_factor(cagrs[s], years) for s in SEGMENTS]
    return total_end / max(factors), total_end / min(factors)


def segment_demand(total_end: float, cagrs: dict[str, float], split: dict[str, float], base_year: int, end_year: int) -> pd.DataFrame:
    """Demand in GWh by year and segment, base year to end year: columns year, segment, gwh."""
    base = base_year_total(total_end, cagrs, split, end_year - base_year)
    rows = [
        {"year": year, "segment": s, "gwh": base * split[s] * growth_factor(cagrs[s], year - base_year)}
        for year in range(base_year, end_year + 1)
        for s in SEGMENTS
    ]
    return pd.DataFrame(rows)


_ANCHOR = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(%|GWh)\s*$")


def anchor_terms(text: str) -> list[tuple[float, str]]:
    """'4%' -> [(4.0, '%')]; '160 GWh + 13.5 GWh' -> [(160.0, 'GWh'), (13.5, 'GWh')]."""
    terms = []
    for part in str(text).split("+"):
        match = _ANCHOR.match(part)
        if not match:
            raise ScenarioError(f"an anchor is a share ('4%'), a volume ('13.5 GWh') or a sum of them, not {text!r}")
        terms.append((float(match.group(1)), match.group(2)))
    if len({unit for _, unit in terms}) > 1:
        raise ScenarioError(f"the terms of {text!r} have different units")
    return terms


def parse_anchor(text: str) -> tuple[float, str]:
    """'4%' -> (4.0, '%'); '13.5 GWh' -> (13.5, 'GWh'); a sum adds its terms: '160 GWh + 13.5 GWh' -> (173.5, 'GWh')."""
    terms = anchor_terms(text)
    return sum(value for value, _ in terms), terms[0][1]


def penetration_path(anchors: dict, totals: dict[int, float]) -> pd.DataFrame:
    """Volumes and shares of demand by year from `anchors` ({year: '4%' or '13.5 GWh'}) and the year's
    total demand (`totals`). Anchor years carry basis 'anchor'; years between two anchors basis
    'interpolated' (constant growth of the volume); years outside the anchors are left out."""
    points = {}
    for year, text in anchors.items():
        year = int(year)
        if year not in totals:
            raise ScenarioError(f"anchor year {year} is outside the modelled years {min(totals)}–{max(totals)}")
        value, unit = parse_anchor(text)
        gwh = value / 100 * totals[year] if unit == "%" else value
        points[year] = gwh
    rows = []
    years = sorted(points)
    for year in years:
        rows.append({"year": year, "gwh": points[year], "basis": "anchor"})
    for start, end in zip(years, years[1:]):
        for year in range(start + 1, end):
            if points[start] <= 0 or points[end] <= 0:
                raise ScenarioError("constant growth between anchors needs positive volumes")
            gwh = points[start] * (points[end] / points[start]) ** ((year - start) / (end - start))
            rows.append({"year": year, "gwh": gwh, "basis": "interpolated"})
    frame = pd.DataFrame(rows, columns=["year", "gwh", "basis"]).sort_values("year", ignore_index=True)
    frame["share"] = [row.gwh / totals[row.year] for row in frame.itertuples()]
    return frame


# Provenance: does an assumption equal a published figure of the edition's data?

@dataclass(frozen=True)
class Provenance:
    sourced: bool
    text: str  # for the assumptions table: 'SMM (S0, published 2026-01-08), forecast smm-…' or 'scenario assumption …'
    source_id: str = ""


def _published(row) -> str:
    return f"{row.forecaster} ({row.source_id}, published {row.source_published or 'date not printed'})"


def figure_text(row) -> str:
    """A published figure as printed: 'about 2,800 GWh'."""
    prefix = f"{row.qualifier} " if isinstance(row.qualifier, str) and row.qualifier else ""
    value = number(row.value)
    unit = "%" if row.unit == "%" else f" {row.unit}"
    return f"{prefix}{value}{unit}"


def parameter_provenance(forecasts: pd.DataFrame, name: str, value: float) -> Provenance:
    """Whether scalar assumption `name` (see PARAMETER_FIGURES; CAGRs as fractions) equals a published
    figure in `forecasts`."""
    metric, scope = PARAMETER_FIGURES[name]
    candidates = forecasts[(forecasts["metric"] == metric) & forecasts["scope"].str.startswith(scope)]
    for row in candidates.itertuples():
        published = row.value / 100 if row.unit == "%" else row.value
        if math.isclose(published, value, rel_tol=1e-12):
            return Provenance(True, f"{_published(row)}: {figure_text(row)}", row.source_id)
    if candidates.empty:
        return Provenance(False, "scenario assumption (no published figure in this edition's data)")
    shown = "; ".join(f"{figure_text(r)} ({r.source_id})" for r in candidates.itertuples())
    return Provenance(False, f"scenario assumption (published: {shown})")


def _path_scope(scope: str, kind: str) -> bool:
    text = scope.lower()
    if "in evs" in text or "semi-solid" in text.split("(")[0]:
        return False
    is_all = text.startswith("all-solid-state")
    return is_all if kind == "all-solid-state" else not is_all and "solid-state" in text


def _part_of(scope: str, kind: str) -> bool:
    """Scopes whose volumes add up to `kind`: for solid-state, semi-solid and all-solid-state volumes."""
    text = scope.lower()
    if "in evs" in text:
        return False
    if kind == "solid-state":
        return text.startswith(("semi-solid", "all-solid-state"))
    return _path_scope(scope, kind)


def anchor_provenance(forecasts: pd.DataFrame, kind: str, year: int, text: str) -> Provenance:
    """Whether a penetration anchor equals a published shipments or penetration figure of that kind and
    year; a sum of terms is sourced when each term is a published figure for a part of that kind."""
    terms = anchor_terms(text)
    matches = []
    for value, unit in terms:
        scope_test = (lambda s: _path_scope(s, kind)) if len(terms) == 1 else (lambda s: _part_of(s, kind))
        candidates = forecasts[
            forecasts["metric"].isin(["shipments", "penetration"])
            & (forecasts["year"] == int(year))
            & (forecasts["unit"] == unit)
            & forecasts["scope"].map(scope_test)
        ]
        found = [row for row in candidates.itertuples() if math.isclose(row.value, value, rel_tol=1e-12)]
        if not found:
            return Provenance(False, "scenario assumption")
        matches.append(found[0])
    if len(matches) == 1:
        row = matches[0]
        return Provenance(True, f"{_published(row)}: {figure_text(row)}", row.source_id)
    parts = " + ".join(f"{figure_text(r)} {r.scope.split(' (')[0]} ({r.forecaster}, {r.source_id}, published {r.source_published})" for r in matches)
    return Provenance(True, f"sum of published figures: {parts}", ",".join(sorted({r.source_id for r in matches})))


def outlook_available(forecasts: pd.DataFrame) -> bool:
    """Whether the data hold what the demand model is built on: an end-year demand total and a CAGR for
    each segment."""
    for metric, scope in PARAMETER_FIGURES.values():
        if forecasts[(forecasts["metric"] == metric) & forecasts["scope"].str.startswith(scope)].empty:
            return False
    return True


# Cross-checks of the published figures.

def figure(forecasts: pd.DataFrame, key: str):
    """The row of published figure `key` (see FIGURES), or None when this edition's data lack it."""
    rows = forecasts[forecasts["forecast_id"] == FIGURES[key]]
    return None if rows.empty else rows.iloc[0]


def _cite(row) -> str:
    return f"{figure_text(row)} {row.metric} {int(row.year)} ({row.forecaster}, {row.source_id})"


def published_checks(forecasts: pd.DataFrame) -> list[dict]:
    """Checks that need only published figures. Each: check, inputs (the figures with their sources),
    result (a number), unit, reading. A check whose figures are not all in the data is left out."""
    f = {key: figure(forecasts, key) for key in FIGURES}
    checks = []

    def add(keys, check, result, unit, reading):
        if all(f[k] is not None for k in keys):
            checks.append({
                "check": check,
                "inputs": "; ".join(_cite(f[k]) for k in keys),
                "result": result(),
                "unit": unit,
                "reading": reading,
                "sources": sorted({f[k].source_id for k in keys}),
            })

    ass_2030 = lambda: f["smm_ass_share_2030"].value / 100 * f["smm_total_2030"].value  # noqa: E731
    add(["smm_ass_share_2030", "smm_total_2030"], "All-solid-state volume in 2030 implied by SMM",
        ass_2030, "GWh", "share of 2030 demand times 2030 demand")
    add(["smm_ass_2028", "smm_ass_share_2030", "smm_total_2030"], "Growth rate of all-solid-state shipments 2028–2030 implied by SMM",
        lambda: 100 * implied_cagr(f["smm_ass_2028"].value, ass_2030(), 2030 - int(f["smm_ass_2028"].year)), "% a year",
        "constant annual growth from the 2028 volume to the implied 2030 volume")
    add(["smm_semi_2028", "smm_ass_2028"], "Solid-state shipments of every kind in 2028 (SMM)",
        lambda: f["smm_semi_2028"].value + f["smm_ass_2028"].value, "GWh", "semi-solid plus all-solid-state")
    add(["smm_semi_2028", "smm_ass_2028"], "All-solid-state share of SMM's 2028 solid-state shipments",
        lambda: 100 * f["smm_ass_2028"].value / (f["smm_semi_2028"].value + f["smm_ass_2028"].value), "%",
        "all-solid-state over semi-solid plus all-solid-state")
    keys = ["smm_total_2030", "smm_ev_cagr", "smm_ess_cagr", "smm_ce_cagr"]
    if all(f[k] is not None for k in keys):
        cagrs = {"EV": f["smm_ev_cagr"].value / 100, "ESS": f["smm_ess_cagr"].value / 100, "consumer electronics": f["smm_ce_cagr"].value / 100}
        years = int(f["smm_ev_cagr"].year) - int(f["smm_ev_cagr"].base_year)
        low, high = base_year_bounds(f["smm_total_2030"].value, cagrs, years)
        add(keys, f"Lowest {int(f['smm_ev_cagr'].base_year)} demand consistent with SMM's 2030 total and CAGRs",
            lambda: low, "GWh", "if all base-year demand were in the fastest-growing segment (ESS)")
        add(keys, f"Highest {int(f['smm_ev_cagr'].base_year)} demand consistent with SMM's 2030 total and CAGRs",
            lambda: high, "GWh", "if all base-year demand were in the slowest-growing segment")
    add(["evtank_volume_2030", "evtank_share_2030"], "Lithium battery market in 2030 implied by EVTank",
        lambda: f["evtank_volume_2030"].value / (f["evtank_share_2030"].value / 100), "GWh",
        "solid-state volume divided by its share of the market")
    add(["evtank_volume_2030", "evtank_share_2030", "smm_total_2030"], "EVTank's implied market against SMM's 2030 demand",
        lambda: f["evtank_volume_2030"].value / (f["evtank_share_2030"].value / 100) / f["smm_total_2030"].value, "times",
        "the two forecasters' totals for 2030 differ by this factor (or count different things)")
    add(["evtank_volume_2030", "smm_total_2030"], "EVTank's solid-state volume as a share of SMM's 2030 demand",
        lambda: 100 * f["evtank_volume_2030"].value / f["smm_total_2030"].value, "%",
        "against EVTank's own share of about 10% and SMM's all-solid-state 4%")
    add(["bluebook_volume_2030", "bluebook_semi_share_2030"], "Semi-solid volume in 2030 if the Blue Book's share applied to its volume",
        lambda: f["bluebook_volume_2030"].value * f["bluebook_semi_share_2030"].value / 100, "GWh",
        "the Blue Book gives the share of the 'market', which may be value, not volume")
    add(["bluebook_volume_2030", "bluebook_semi_share_2030"], "Other (not semi-solid) volume in 2030 on the same reading",
        lambda: f["bluebook_volume_2030"].value * (1 - f["bluebook_semi_share_2030"].value / 100), "GWh",
        "compare SMM's implied all-solid-state volume for 2030")
    add(["evtank_market_2030", "evtank_volume_2030"], "Average value per kWh implied by EVTank's 2030 market size and volume",
        lambda: f["evtank_market_2030"].value * 1e9 / (f["evtank_volume_2030"].value * 1e6), "yuan/kWh",
        "billion yuan over GWh (1 GWh = 1,000,000 kWh)")
    add(["bluebook_market_2030", "bluebook_volume_2030"], "Average value per kWh implied by the Blue Book's 2030 market size and volume",
        lambda: f["bluebook_market_2030"].value * 1e9 / (f["bluebook_volume_2030"].value * 1e6), "yuan/kWh",
        "the same volume with a lower market size: the two sources conflict")
    return checks


def scenario_checks(forecasts: pd.DataFrame, totals: dict[int, float]) -> list[dict]:
    """Checks that need the scenario's modelled demand by year (`totals`, GWh)."""
    f = {key: figure(forecasts, key) for key in FIGURES}
    checks = []
    ass, semi, share25 = f["smm_ass_2028"], f["smm_semi_2028"], f["smm_ss_share_2025"]
    if ass is not None and int(ass.year) in totals:
        year = int(ass.year)
        checks.append({
            "check": f"SMM's {year} all-solid-state shipments as a share of this scenario's {year} demand",
            "inputs": f"{_cite(ass)}; modelled {year} demand {totals[year]:,.1f} GWh",
            "result": 100 * ass.value / totals[year], "unit": "%", "reading": "shipments over modelled demand",
            "sources": [ass.source_id],
        })
    if share25 is not None and int(share25.year) in totals:
        year = int(share25.year)
        ss_start = share25.value / 100 * totals[year]
        checks.append({
            "check": f"Solid-state volume in {year} implied by SMM's penetration and this scenario's demand",
            "inputs": f"{_cite(share25)}; modelled {year} demand {totals[year]:,.1f} GWh",
            "result": ss_start, "unit": "GWh", "reading": "share times modelled demand",
            "sources": [share25.source_id],
        })
        if ass is not None and semi is not None and int(ass.year) == int(semi.year) and int(ass.year) > year:
            end = ass.value + semi.value
            checks.append({
                "check": f"Growth rate of solid-state volume {year}–{int(ass.year)} implied by SMM and this scenario",
                "inputs": f"{ss_start:,.2f} GWh in {year} (above); {_cite(semi)} + {_cite(ass)}",
                "result": 100 * implied_cagr(ss_start, end, int(ass.year) - year), "unit": "% a year",
                "reading": "constant annual growth between the two volumes",
                "sources": sorted({share25.source_id, semi.source_id, ass.source_id}),
            })
    return checks


# The scenarios of the book.

def scenario_sets(root, template: str = "chapters/scenario.md") -> list[dict]:
    """Each scenario page's full parameters: the template's defaults updated with its parameter set in
    book.yml, and its `output`, in book.yml's order."""
    from pathlib import Path

    from .project import Project

    return Project(Path(root)).pages_of(template)


def summary(forecasts: pd.DataFrame, parameters: dict) -> dict:
    """A scenario's headline results (for the forecasts chapter's overview): base-year and end-year
    demand, ESS share in the end year, and the last anchor of each penetration path."""
    cagrs = {"EV": parameters["ev_cagr"], "ESS": parameters["ess_cagr"], "consumer electronics": parameters["ce_cagr"]}
    weights = {"EV": parameters["split_ev"], "ESS": parameters["split_ess"], "consumer electronics": parameters["split_ce"]}
    paths = {"all-solid-state": parameters["all_solid_state_path"], "solid-state": parameters["solid_state_path"]}
    scenario = model(parameters["total_end_gwh"], cagrs, weights, parameters["base_year"], parameters["end_year"], paths)
    result = {
        "base_total": scenario.totals[parameters["base_year"]],
        "end_total": scenario.totals[parameters["end_year"]],
        "ess_share_end": scenario.share_end("ESS"),
    }
    for kind, path in scenario.paths.items():
        result[kind] = path.iloc[-1].to_dict() if not path.empty else None
    return result


# A scenario worked through, and the tables of its page.

NO_OUTLOOK = "its data hold no published lithium-ion demand outlook (an end-year total and a CAGR for each segment)"
SEGMENT_LABEL = {"EV": "EV", "ESS": "ESS", "consumer electronics": "Consumer electronics"}
PATH_COLUMN = {"all-solid-state": "All-solid-state", "solid-state": "Solid-state (all kinds)"}


def shares(weights: dict[str, float]) -> dict[str, float]:
    """Relative weights normalised to shares that add up to 1: {'EV': 1, 'ESS': 3} -> {'EV': 0.25, 'ESS': 0.75}."""
    total = sum(weights.values())
    if total <= 0:
        raise ScenarioError("the base-year split needs weights that add up to more than zero")
    return {segment: weight / total for segment, weight in weights.items()}


@dataclass(frozen=True)
class Scenario:
    """A scenario worked through: demand by year and segment, its totals by year, and each penetration path."""

    demand: pd.DataFrame
    totals: dict[int, float]
    paths: dict[str, pd.DataFrame]

    def share_end(self, segment: str) -> float:
        """The segment's share of demand in the last modelled year."""
        end = max(self.totals)
        rows = self.demand[(self.demand["year"] == end) & (self.demand["segment"] == segment)]
        return rows["gwh"].iloc[0] / self.totals[end]


def model(total_end: float, cagrs: dict[str, float], weights: dict[str, float], base_year: int, end_year: int,
          paths: dict[str, dict]) -> Scenario:
    """The scenario of these assumptions: `weights` the base-year split (relative weights), `paths`
    each kind's anchors ({'2030': '4%'})."""
    demand = segment_demand(total_end, cagrs, shares(weights), base_year, end_year)
    totals = demand.groupby("year")["gwh"].sum().to_dict()
    return Scenario(demand, totals, {kind: penetration_path(anchors, totals) for kind, anchors in paths.items()})


def assumptions(forecasts: pd.DataFrame, total_end: float, cagrs: dict[str, float], weights: dict[str, float],
                paths: dict[str, dict], base_year: int, end_year: int, computed: bool = True) -> pd.DataFrame:
    """The scenario's assumptions (Assumption, Value, Basis): each published figure with its source, the
    others marked as the scenario's or the model's. Not `computed`: only the model's values are shown."""
    period = f"{base_year}–{end_year}"
    rows = [{"Assumption": f"Global lithium-ion demand in {end_year}", "Value": gwh(total_end),
             "Basis": parameter_provenance(forecasts, "total_end_gwh", total_end).text}]
    for name, segment, label in (("ev_cagr", "EV", "EV"), ("ess_cagr", "ESS", "ESS"), ("ce_cagr", "consumer electronics", "Consumer-electronics")):
        rows.append({"Assumption": f"{label} demand growth (CAGR {period})", "Value": pct(cagrs[segment]),
                     "Basis": parameter_provenance(forecasts, name, cagrs[segment]).text})
    split = shares(weights)
    rows.append({"Assumption": f"Base-year split of {base_year} demand (EV / ESS / consumer electronics)",
                 "Value": " / ".join(pct(split[s]) for s in SEGMENTS),
                 "Basis": "scenario assumption: no source in the data gives the base-year demand or its split"})
    for kind, anchors in paths.items():
        for year, text in sorted(anchors.items()):
            value, unit = parse_anchor(text)
            shown = f"{value:,.15g}% of demand" if unit == "%" else f"{value:,.15g} GWh"
            terms = anchor_terms(text)
            if len(terms) > 1:
                shown = " + ".join(f"{v:,.15g}" for v, _ in terms) + " = " + shown
            rows.append({"Assumption": f"{PATH_KINDS[kind].capitalize()}, {year}", "Value": shown,
                         "Basis": anchor_provenance(forecasts, kind, int(year), text).text})
    rows.append({"Assumption": "Between two anchors", "Value": "constant annual growth of the volume",
                 "Basis": "model assumption; years outside the anchors are not modelled"})
    rows.append({"Assumption": "Shares of demand", "Value": "of total lithium-ion demand in the same year",
                 "Basis": "model assumption: the sources do not state the base of their penetration rates"})
    table = pd.DataFrame(rows)
    if not computed:  # values the edition's data cannot back are not shown
        table["Value"] = table["Value"].where(table["Basis"].str.startswith("model assumption"), "not used in this edition")
    return table


def demand_table(scenario: Scenario) -> pd.DataFrame:
    """Demand by year (rows) and segment, with the total and each path's volume and share of demand where
    the path defines it ('*' marks a year between two anchors), rounded for display."""
    wide = scenario.demand.pivot(index="year", columns="segment", values="gwh")[list(SEGMENTS)].rename(columns=SEGMENT_LABEL)
    wide["Total"] = wide.sum(axis=1)
    for kind, frame in scenario.paths.items():
        path = frame.set_index("year")
        wide[PATH_COLUMN[kind]] = [
            "" if year not in path.index else
            f"{path.loc[year, 'gwh']:,.1f} ({pct(path.loc[year, 'share'], 2)})" + ("*" if path.loc[year, "basis"] == "interpolated" else "")
            for year in wide.index
        ]
    table = wide.reset_index().rename(columns={"year": "Year"})
    for column in [*SEGMENT_LABEL.values(), "Total"]:
        table[column] = table[column].map(lambda x: f"{x:,.1f}")
    return table


def path_points(scenario: Scenario) -> pd.DataFrame:
    """Every path's years for a chart: year, gwh (to 2 decimals), basis, share (% of demand, to 3 decimals)
    and kind (its short name, 'solid-state batteries of every kind')."""
    points = pd.concat([frame.assign(kind=PATH_KINDS[kind].split(" (")[0]) for kind, frame in scenario.paths.items()], ignore_index=True)
    return points.assign(gwh=points["gwh"].round(2), share=(100 * points["share"]).round(3))


def anchor_span(path: pd.DataFrame) -> tuple[pd.Series, pd.Series, float | None] | None:
    """A path's first and last anchors and the constant growth a year between them (None with one anchor);
    None when the path has no anchor."""
    anchors = path[path["basis"] == "anchor"]
    if anchors.empty:
        return None
    first, last = anchors.iloc[0], anchors.iloc[-1]
    growth = implied_cagr(first.gwh, last.gwh, int(last.year - first.year)) if len(anchors) > 1 else None
    return first, last, growth
