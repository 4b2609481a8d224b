"""The vehicle pages' views of the claims: figures as printed, grouped, ranked and compared; what is withheld; claims per status."""

from __future__ import annotations

import re

import pandas as pd

from .facts import KEY_ATTRIBUTES, STATUS_LABEL, STATUS_TABLE
from .report import provenance
from .text import DATASET, latest, plural, series, stated, when


def with_figures(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims with `figure` (as the source prints it: `text.stated`), `numeric` (a number, not words)
    and `row` (their order in the sources)."""
    return claims.assign(
        figure=[stated(*r) for r in zip(claims["value"], claims["unit"], claims["qualifier"], claims["value_high"],
                                         claims["status"], claims["value_text"])],
        numeric=claims["value"].notna(),
        row=range(len(claims)),
    )


def figure_keys(claims: pd.DataFrame) -> pd.Series:
    """Which figure each claim gives: the same value, high and unit is one figure whatever the qualifier
    ('up to 370 mi' and '370 mi'); a claim in words is its wording."""
    return pd.Series([f"{v}|{h}|{u}" if pd.notna(v) else t for v, h, u, t in
                      zip(claims["value"], claims["value_high"], claims["unit"], claims["value_text"])],
                     index=claims.index, dtype=object)


def most_given(groups: list, limit: int) -> tuple[list, int]:
    """Of some figures, as (key, rows) pairs in the order the sources give them: all while there are at
    most `limit`, else the `limit` given by the most rows (the most recently given first on a tie: the
    highest `row`), still in their order; and how many are left out."""
    if len(groups) <= limit:
        return list(groups), 0
    ranked = sorted(range(len(groups)), key=lambda i: (-len(groups[i][1]), -groups[i][1]["row"].max()))
    return [groups[i] for i in sorted(ranked[:limit])], len(groups) - limit


def main_figures(rows: pd.DataFrame, limit: int) -> tuple[list, int]:
    """One attribute's figures as printed (`most_given` of (figure, rows) pairs) and how many are left out."""
    return most_given(list(rows.groupby("figure", sort=False)), limit)


def other_figures(left_out: int) -> str:
    """What a list of the figures given by the most sources says about the others."""
    return f"{plural(left_out, 'other figure')}, each given by fewer sources, in {DATASET}"


def recent_sources(rows: pd.DataFrame, limit: int, label=str) -> str:
    """The distinct sources of some rows, each as `label` makes it, the `limit` most recent: 'D3, D5 and 2 earlier'."""
    return latest(dict.fromkeys(map(label, rows["source_id"])), limit)


def ordered_attributes(claims: pd.DataFrame, every_key: bool = False) -> list[str]:
    """The attributes of some claims, KEY_ATTRIBUTES first in their order (all of them if `every_key`),
    then the others alphabetically."""
    present = set(claims["attribute"])
    return [a for a in KEY_ATTRIBUTES if every_key or a in present] + sorted(present - set(KEY_ATTRIBUTES))


def status_counts(claims: pd.DataFrame) -> dict[str, int]:
    """How many claims have each status, in STATUS_LABEL's order, the statuses no claim has left out."""
    counts = claims["status"].value_counts()
    return {status: int(counts[status]) for status in STATUS_LABEL if counts.get(status, 0)}


def status_line(claims: pd.DataFrame) -> str:
    """The claims per status in words: '30 claimed by the company, 2 reported by a third party'."""
    return ", ".join(f"{n} {STATUS_LABEL[status]}" for status, n in status_counts(claims).items())


def headline(rows: pd.DataFrame) -> tuple[str, str]:
    """One attribute's key figure (of `with_figures` rows): the figure given by the most rows (one
    `agreeing_groups` group: '370 mi' and 'up to 600 km' are one figure; the first given on a tie), printed
    as most of them print it, and a note on its status, its sources and whether other sources differ
    (`differs`: another figure, words, or not disclosed)."""
    if rows.empty:
        return "no figure", "not in the sources so far"
    given = rows[rows["status"] != "not disclosed"]
    if given.empty:
        return "not disclosed", f"according to {', '.join(rows['source_id'])}"
    keys = agreeing_groups(given)
    top = given[keys == keys.groupby(keys, sort=False).size().sort_values(ascending=False, kind="stable").index[0]]
    note = f"{' and '.join(dict.fromkeys(top['status']))}, {plural(top['source_id'].nunique(), 'source')}"
    if differs(rows) or keys.nunique() > 1:
        note += "; other sources differ"
    return top["figure"].value_counts().index[0], note


FIGURE = ["value", "value_high", "unit", "qualifier"]  # what makes a figure, for `agree`


def differs(rows: pd.DataFrame) -> bool:
    """Whether the sources differ on one attribute: numbers in one unit or units that convert that do not
    give the same figure (`agreeing_groups`, or qualifiers that exclude each other: `agree`), a figure
    given by some and said to be not disclosed by others, or a wording the data marks as conflicting."""
    numbers = rows[rows["value"].notna() & (rows["status"] != "not disclosed")]
    groups = agreeing_groups(numbers)
    heads = numbers.groupby(groups, sort=False).head(1)
    if any(comparable(a, b) for i, a in enumerate(heads["unit"]) for b in heads["unit"].iloc[i + 1:]):
        return True
    for _, group in numbers.groupby(groups, sort=False):
        figures = group.drop_duplicates(FIGURE).to_dict("records")  # `agree` reads only these: each pair of figures once
        if not all(agree(a, b) for i, a in enumerate(figures) for b in figures[i + 1:]):
            return True
    statuses = set(rows["status"])
    if "not disclosed" in statuses and len(statuses) > 1:
        return True
    return bool(rows["value_text"].str.contains("conflict", case=False).any())


def withheld(claims: pd.DataFrame, attributes: list[str]) -> tuple[list[str], list[str]]:
    """Of `attributes`, in their order, those the sources say are not disclosed: those no source gives
    a figure for, and those other sources give one for."""
    said = set(claims[claims["status"] == "not disclosed"]["attribute"])
    only = [a for a in attributes if a in said and (claims[claims["attribute"] == a]["status"] == "not disclosed").all()]
    return only, [a for a in attributes if a in said and a not in only]


def withheld_terms(rows: pd.DataFrame) -> list[str]:
    """What some not-disclosed rows say is withheld, beyond 'not disclosed' ('battery capacity'), sorted."""
    return sorted({t for t in rows["value_text"] if t and t != "not disclosed"})


def unmentioned(claims: pd.DataFrame) -> list[str]:
    """The KEY_ATTRIBUTES no claim gives a figure for or says are withheld."""
    return [a for a in KEY_ATTRIBUTES if a not in set(claims["attribute"])]


def status_cell(rows: pd.DataFrame, limit: int, companies: list[str] = ()) -> str:
    """One attribute's status in a table: 'claimed by Donut Lab' (who claims: `claimed_by`, of the vehicle's
    `companies`), or with several, each with its `limit` most recent sources: 'claimed by Donut Lab: D1, D5;
    not disclosed: H4'."""
    statuses = list(dict.fromkeys(rows["status"]))
    label = {**STATUS_TABLE, "claimed": claimed_by(rows[rows["status"] == "claimed"], list(companies))}
    if len(statuses) == 1:
        return label[statuses[0]]
    return "; ".join(f"{label[s]}: {recent_sources(rows[rows['status'] == s], limit)}" for s in statuses)


def given_by(rows: pd.DataFrame, limit: int, label=str) -> str:
    """Who gives one figure, per status, the `limit` most recent sources each: 'claimed: D1, D3'; the
    sources that say it is not disclosed without a status."""
    return "; ".join(
        recent_sources(by_status, limit, label) if status == "not disclosed" else f"{status}: {recent_sources(by_status, limit, label)}"
        for status, by_status in rows.groupby("status", sort=False)
    )


def compare_cell(rows: pd.DataFrame, limit: int, wordings: int = 2) -> str:
    """One vehicle's attribute in the side-by-side table (of `with_figures` rows): each figure as printed
    with its status and how many sources give it; of the numbers (one per figure and status) those given
    by the most sources (`most_given`), the others counted; the first `wordings` wordings, the others
    counted; '' when there is none. Unlike `main_figures`, a figure with two statuses counts twice and
    words are never ranked against numbers."""
    if rows.empty:
        return ""
    groups = list(rows.groupby(["figure", "status"], sort=False))
    kept, left_out = most_given([(key, group) for key, group in groups if group["numeric"].iloc[0]], limit)
    kept = {key for key, _ in kept}
    parts, worded = [], 0
    for (given, status), group in groups:
        if group["numeric"].iloc[0] and (given, status) not in kept:
            continue
        if not group["numeric"].iloc[0] and status != "not disclosed":
            worded += 1
            if worded > wordings:
                continue
        parts.append(given if status == "not disclosed" else f"{given} ({status}, {plural(len(group), 'source')})")
    if worded > wordings:
        parts.append(f"{worded - wordings} more wordings on the vehicle's page")
    if left_out:
        parts.append(f"{left_out} other figures, each given by fewer sources, in {DATASET}")
    return "; ".join(parts)


def side_by_side(claims: pd.DataFrame, vehicles: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The side-by-side table (of `with_figures` claims): one row per attribute (every key attribute,
    then the others), one column per vehicle (by `name`), each cell its `compare_cell`."""
    return pd.DataFrame([{"Attribute": a, **{
        name: compare_cell(claims[(claims["vehicle_id"] == v) & (claims["attribute"] == a)], limit)
        for v, name in zip(vehicles["vehicle_id"], vehicles["name"])}} for a in ordered_attributes(claims, every_key=True)])


def specification(claims: pd.DataFrame, figures: int, sources: int, label=str, checks: pd.DataFrame | None = None,
                  grade=lambda source_id: "", companies: list[str] = ()) -> pd.DataFrame:
    """A vehicle's specification table (of `with_figures` claims): one row per attribute (`ordered_attributes`)
    with its `main_figures`, each followed by its `sources` most recent sources (as `label` makes them),
    and its `status_cell`, or with the disputes and verdicts of `checks` on it, its `status_with_findings`
    (each finding's source graded by `grade`; who claims, of the vehicle's `companies`)."""
    rows = []
    for attribute in ordered_attributes(claims):
        group = claims[claims["attribute"] == attribute]
        found = findings_on(checks, group["vehicle_id"].iloc[0], attribute) if checks is not None else pd.DataFrame()
        kept, left_out = main_figures(group, figures)
        shown = [f"{figure} [{recent_sources(by_figure, sources, label)}]" for figure, by_figure in kept]
        rows.append({
            "Attribute": attribute,
            "Figures as the sources give them [source (grade)]": " · ".join(shown + ([other_figures(left_out)] if left_out else [])),
            "Status": status_with_findings(group, found, sources, grade, companies),
        })
    return pd.DataFrame(rows)


def conflict_table(claims: pd.DataFrame, attributes: list[str], limit: int) -> tuple[pd.DataFrame, bool]:
    """The table of differing figures (of `with_figures` claims with `publisher` and `source_grade`): the
    `limit` most recent rows of each of `attributes`, in their order, each with its figure (numbers and
    'not disclosed'; a wording is in the last column), status, source and the source's words; and whether
    rows were left out."""
    table = claims[claims["attribute"].isin(attributes)].groupby("attribute", sort=False).tail(limit)
    table = table.sort_values("attribute", key=lambda a: a.map(attributes.index), kind="stable")
    withheld = table["status"] == "not disclosed"
    return pd.DataFrame({
        "Attribute": table["attribute"],
        "Figure": table["figure"].where(table["numeric"] | withheld, ""),
        "Status": table["status"],
        "Source": [provenance(*r) for r in zip(table["source_id"], table["publisher"], table["source_grade"])],
        "In the source's words": table["quote"].where(withheld, table["value_text"].where(table["value_text"] != "", table["quote"])),
    }), bool(claims["attribute"].isin(attributes).sum() > len(table))


# Same figure, different words: when two figures of one attribute agree.

TO_BASE = {"mi": ("km", lambda v: v * 1.609344), "°F": ("°C", lambda v: (v - 32) * 5 / 9)}  # a unit and its conversion to its base unit
FROM_BASE = {"mi": lambda v: v / 1.609344, "°F": lambda v: v * 9 / 5 + 32}
OPPOSITE = {"over": {"under", "up to"}, "under": {"over"}, "up to": {"over"}}  # qualifiers that exclude each other at one value


def significant(value: float) -> int:
    """The significant digits of a number as printed: 370 → 2, 600 → 1, 33.3 → 3, 0.05 → 1 (the zeros
    ending a whole number are taken as not significant)."""
    printed = f"{abs(value):.12g}".split("e")[0]
    digits = printed.replace(".", "").lstrip("0") if "." in printed else printed.rstrip("0")
    return max(len(digits), 1)


def rounded(value: float, digits: int) -> float:
    """`value` to `digits` significant digits."""
    return float(f"{value:.{digits}g}")


def converted(value: float, unit: str, to: str) -> float | None:
    """`value` in `unit` expressed in `to` (km and mi, °C and °F), None when they do not convert."""
    if unit == to:
        return value
    base, to_base = TO_BASE.get(unit, (unit, lambda v: v))
    if to != base and TO_BASE.get(to, (to,))[0] != base:
        return None
    value = to_base(value)
    return FROM_BASE[to](value) if to in FROM_BASE else value


def comparable(a: str, b: str) -> bool:
    """Whether figures in units `a` and `b` measure one thing (the same unit, or one converts to the other)."""
    return bool(a) and bool(b) and converted(1.0, a, b) is not None


def same_number(a: float, unit_a: str, b: float, unit_b: str) -> bool:
    """Two numbers agree: equal in one unit; across units, each converted rounds to the other as printed
    (370 mi is 595.5 km, 600 km at its 1 significant digit; 600 km is 372.8 mi, 370 mi at 2)."""
    if pd.isna(a) and pd.isna(b):
        return True
    if pd.isna(a) or pd.isna(b):
        return False
    if unit_a == unit_b:
        return a == b
    there, back = converted(a, unit_a, unit_b), converted(b, unit_b, unit_a)
    return rounded(there, significant(b)) == b and rounded(back, significant(a)) == a


def agree(a, b) -> bool:
    """Two figures (rows with value, value_high, unit, qualifier) give the same figure: the same value and
    high in one unit or converted (`same_number`), and qualifiers that do not exclude each other ('up to
    370 mi' and '370 mi' agree; 'over 600 km' and 'up to 370 mi' do not)."""
    if not comparable(a["unit"], b["unit"]):
        return False
    if not (same_number(a["value"], a["unit"], b["value"], b["unit"]) and same_number(a["value_high"], a["unit"], b["value_high"], b["unit"])):
        return False
    return (b["qualifier"] or "") not in OPPOSITE.get(a["qualifier"] or "", set())


def agreeing_groups(rows: pd.DataFrame) -> pd.Series:
    """For some claims of one attribute, which figure each gives (0, 1, …, in the order first given): a
    number joins the first group whose first number is the same (`same_number`, its high too, in a unit
    that converts), whatever the qualifiers ('up to 370 mi', '370 mi' and '600 km' are one figure; `agree`
    says whether their qualifiers allow it); a wording or 'not disclosed' is a group of its own."""
    groups, heads, known = [], [], {}  # heads: the first row of each group; known: the group of each figure met
    for _, row in rows.iterrows():
        numeric = pd.notna(row["value"]) and row["status"] != "not disclosed"
        figure = (True, row["value"], _none(row["value_high"]), row["unit"]) if numeric else (False, row["value_text"], row["status"])
        if figure in known:  # the same figure again joins the same group
            groups.append(known[figure])
            continue
        for key, head in enumerate(heads):
            head_numeric = pd.notna(head["value"]) and head["status"] != "not disclosed"
            if numeric and head_numeric and comparable(head["unit"], row["unit"]) and same_number(
                    head["value"], head["unit"], row["value"], row["unit"]) and same_number(
                    head["value_high"], head["unit"], row["value_high"], row["unit"]):
                break
            if not numeric and not head_numeric and head["value_text"] == row["value_text"] and head["status"] == row["status"]:
                break
        else:
            heads.append(row)
            key = len(heads) - 1
        known[figure] = key
        groups.append(key)
    return pd.Series(groups, index=rows.index, dtype=int)


def _none(value):
    """None for a missing value (NaN is not equal to itself, so it cannot be a key)."""
    return None if pd.isna(value) else value


# A claim's status as of an edition: its own status and the disputes and verdicts that point at it.

FINDING_WORDS = {"disputed": "disputed by", "unverified": "not verified independently, says", "verified": "verified by",
                 "refuted": "refuted by", "retracted": "retracted by"}
DERIVED_LABEL = {"refuted": "refuted", "retracted": "retracted", "verified": "verified", "disputed": "disputed",
                 "reported": "reported by a third party", "claimed": "only the company's claim", "not disclosed": "not disclosed"}


def findings_on(checks: pd.DataFrame, vehicle_id: str, attribute: str) -> pd.DataFrame:
    """The disputes and verdicts (claim_checks rows) on one claimed attribute, by date (the sources' order on a tie)."""
    rows = checks[(checks["vehicle_id"] == vehicle_id) & (checks["attribute"] == attribute)]
    return rows.assign(order=range(len(rows))).sort_values(["date", "order"], kind="stable").drop(columns="order")


def derived_status(statuses, findings: pd.DataFrame) -> str:
    """One attribute's status as of the edition (a DERIVED_LABEL key): refuted or retracted once any source
    says so; else the latest of a verification and a dispute; else verified, reported or claimed by its
    own claims' statuses (the strongest given); 'not disclosed' when that is all the sources say."""
    said = list(findings["finding"])
    for final in ("refuted", "retracted"):
        if final in said:
            return final
    decisive = [f for f in said if f in ("verified", "disputed")]
    if decisive:
        return decisive[-1]
    statuses = set(statuses)
    return next((s for s in ("verified", "reported", "claimed") if s in statuses), "not disclosed")


def finding_words(row, grade: str) -> str:
    """One finding in words: 'disputed by CATL (12 January 2026, grade C source D20)'."""
    return f"{FINDING_WORDS[row['finding']]} {row['by']} ({when(row['date'])}, grade {grade} source {row['source_id']})"


def status_with_findings(rows: pd.DataFrame, findings: pd.DataFrame, limit: int, grade=lambda source_id: "",
                         companies: list[str] = ()) -> str:
    """One attribute's status in words, never overwritten by what came later: its own `status_cell` (who
    claims, of `companies`) and each finding after it (its source graded by `grade`): 'claimed by Donut Lab;
    disputed by CATL (12 January 2026, grade C source T20)'."""
    return "; ".join([status_cell(rows, limit, companies)] + [finding_words(r, grade(r["source_id"])) for _, r in findings.iterrows()])


def findings_table(checks: pd.DataFrame) -> pd.DataFrame:
    """The disputes and verdicts (claim_checks rows with `publisher` and `source_grade`) as a table, by
    attribute in the order they come and by date: the finding, who, when, what they say, the source."""
    rows = checks.assign(order=range(len(checks))).sort_values(["date", "order"], kind="stable")
    rows = rows.sort_values("attribute", key=lambda a: a.map({x: i for i, x in enumerate(dict.fromkeys(checks["attribute"]))}), kind="stable")
    return pd.DataFrame({
        "Attribute": rows["attribute"], "Finding": rows["finding"], "By": rows["by"], "Date": rows["date"],
        "What they say": rows["summary"],
        "Source": [provenance(*r) for r in zip(rows["source_id"], rows["publisher"], rows["source_grade"])],
        "In the source's words": rows["quote"],
    })


def scoreboard_counts(claims: pd.DataFrame, checks: pd.DataFrame) -> dict[str, int]:
    """How many of a vehicle's claimed attributes have each `derived_status`, in DERIVED_LABEL's order (all keys)."""
    counts = dict.fromkeys(DERIVED_LABEL, 0)
    for (vehicle, attribute), rows in claims.groupby(["vehicle_id", "attribute"], sort=False):
        counts[derived_status(rows["status"], findings_on(checks, vehicle, attribute))] += 1
    return counts


def agreeing_sets(rows: pd.DataFrame, kept: list) -> list[list]:
    """Some (figure, rows) pairs of one attribute's `rows` (`main_figures`) in sets that give the same
    figure (`agreeing_groups`), in the order first given: what a list of differences sets against each
    other. Where one number is given both as a floor ('over') and as a ceiling ('under', 'up to'), the
    ceilings are a set of their own, against the rest."""
    groups = agreeing_groups(rows)
    floors = set(groups[rows["qualifier"] == "over"])
    sets: dict[tuple, list] = {}
    for figure, by_figure in kept:
        group, qualifier = groups[by_figure.index[0]], by_figure["qualifier"].iloc[0]
        sets.setdefault((group, group in floors and qualifier in ("under", "up to")), []).append((figure, by_figure))
    return list(sets.values())


def latest_findings(checks: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The `limit` most recent disputes and verdicts (claim_checks rows) by date, in date order (the sources' order on a tie)."""
    ordered = checks.assign(order=range(len(checks))).sort_values(["date", "order"], kind="stable").drop(columns="order")
    return ordered.tail(limit)


def scoreboard(claims: pd.DataFrame, checks: pd.DataFrame, promised: pd.DataFrame, vehicles: pd.DataFrame) -> pd.DataFrame:
    """The claims scoreboard: one row per vehicle (by `name`), how many of its claimed attributes are only
    the company's claim, disputed, reported by a third party, verified, refuted or retracted, or not
    disclosed (`scoreboard_counts`), and of its promises (`promises.standing` rows) how many were met, are
    pending or overdue, and how many slipped at least once."""
    rows = []
    for vehicle_id, name in zip(vehicles["vehicle_id"], vehicles["name"]):
        counts = scoreboard_counts(claims[claims["vehicle_id"] == vehicle_id], checks)
        mine = promised[promised["vehicle_id"] == vehicle_id]
        rows.append({
            "Vehicle": name, "Only the company's claim": counts["claimed"], "Disputed": counts["disputed"],
            "Reported by a third party": counts["reported"], "Verified": counts["verified"],
            "Refuted or retracted": counts["refuted"] + counts["retracted"], "Not disclosed": counts["not disclosed"],
            "Promises met": int((mine["state"] == "met").sum()), "pending": int((mine["state"] == "pending").sum()),
            "overdue": int((mine["state"] == "overdue").sum()), "slipped": int((mine["slips"] > 0).sum()),
        })
    return pd.DataFrame(rows)


# Who claims: of a vehicle's maker and battery maker, the one a claim's own row names.

def company_names(name: str) -> list[str]:
    """The words a text may name a company by, longest first: its name, the name without a bracketed part,
    that part, and the first word ('Hongqi (FAW R&D Institute)': that, 'Hongqi', 'FAW R&D Institute')."""
    bare, _, inside = name.partition("(")
    names = [name, bare.strip(), inside.rstrip(")").strip(), (name.split() or [""])[0]]
    return sorted({n for n in names if len(n) > 2}, key=len, reverse=True)


def claimant(row, companies: list[str]) -> str:
    """Who makes one claim (a row with `quote` and `value_text`): of `companies` (the vehicle's maker and
    battery maker), the one the source's words name first (the longer name on a tie), else the one the
    editor's wording names; '' when neither names one."""
    for words in (row["quote"], row["value_text"]):
        words = re.sub(r"['’]s\b", "", words or "")  # "FAW's R&D Institute" names FAW R&D Institute
        found = [(match.start(), -len(n), company) for company in companies for n in company_names(company)
                 for match in [re.search(rf"(?<!\w){re.escape(n)}(?!\w)", words, re.IGNORECASE)] if match]
        if found:
            return min(found)[2]
    return ""


def claimed_by(rows: pd.DataFrame, companies: list[str]) -> str:
    """Whose claims some 'claimed' rows are, in a status: 'claimed by Donut Lab', 'claimed by Donut Lab and
    Verge Motorcycles' (`claimant` of each row, in the order first named); 'company claim (no source names
    the company)' when no row names one; 'company claim' when the `companies` are not known."""
    if not companies:
        return STATUS_TABLE["claimed"]
    named = list(dict.fromkeys(c for c in (claimant(r, companies) for _, r in rows.iterrows()) if c))
    return f"claimed by {series(named)}" if named else f"{STATUS_TABLE['claimed']} (no source names the company)"
