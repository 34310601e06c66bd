"""Build fixtures/performance.json from the Department for Education's published files.

Run from the project root:  .venv/bin/python tools/build_performance_fixture.py --data-dir DIR
(DIR holds the DfE files; the default is ../shared/data/dfe beside the project)

Measures, definitions and polarity come from DfE's LAIT extract and indicator dictionary; annual
benchmarks are DfE's published figures (LAIT 2015-2018, and Explore Education Statistics where a
file covers the measure, EES winning where the two disagree). Targets and monthly values are
illustrative: Appendix B is not public, so the months are reconstructed (seeded, so the output is
identical on every run) to agree with the council's published outturn. Keys are explicit, so
loading the fixture twice changes nothing.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import json
import math
import random
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _areas():
    """Return the project's module of areas, read from its file so no settings are needed."""
    spec = importlib.util.spec_from_file_location("areas", ROOT / "performance" / "benchmarks" / "areas.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


AREA_LISTS = _areas()
LAIT_FILE = "birmingham_lait_csc_2015_2018.csv"
DICTIONARY_FILE = "lait_data_dictionary.csv"
DFE = "Department for Education"
AREAS = {"council": AREA_LISTS.COUNCIL, "england": ("E92000001", "England")}
AREAS |= {"region": AREA_LISTS.REGION, "neighbours": ("SN", "Statistical neighbours (average)")}
LAIT_COLUMNS = {"council": "birmingham", "england": "england", "region": "west_midlands"}
NEIGHBOURS = [code for code, _ in AREA_LISTS.NEIGHBOURS]
MONTHS = [dt.date(2014 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(48)]  # Apr 2014 - Mar 2018
POLARITY = {"High": "higher", "Low": "lower", "-": "context", "NA": "context"}
TARGET_NOTE = "Illustrative target: Appendix B's targets are not public."
# A target near England's yearly figure is a target for the year when the months add up to the year
# (their figure is a twelfth of its size); otherwise each month is on the year's scale.
TARGET_BASIS = {"count": "year", "rate": "year"}
POPULATION_CODES = ("CPP_Total_NumRef", "CPP_Total_Rateper10,000")  # referrals: a count and its rate
VALUE_FIELDS = {
    "status": "approved",
    "provenance": "illustrative",
    "note": "Illustrative monthly value reconstructed to agree with the published annual outturn; "
    "not the council's figure.",
    **dict.fromkeys(["outlier_reason", "return_reason", "change_reason"], ""),
    **dict.fromkeys(["entered_by", "approved_by"]),
    "version": 1,
}

# Two lines a measure: code|LAIT code|unit|polarity|basis|year basis|short name,
# then DfE's measure name, tidied.
MEASURE_TABLE = """
referrals-rate|CPP_Total_Rateper10,000|rate_per_10k|context|rate|financial|Referrals per 10,000
    Referrals to children's social care, rate per 10,000 children
referrals|CPP_Total_NumRef|count|context|count|financial|Referrals
    Number of referrals to children's social care
re-referrals|ReReferral|percentage|lower|percentage|financial|Re-referrals within 12 months
    Re-referrals to children's social care within 12 months (%)
referrals-nfa|CIN_Refferals_NFA|percentage|context|percentage|financial|No further action
    Referrals to children's social care closed with no further action (%)
assessments-45-days|Continue_Assess_Comp|percentage|higher|percentage|financial|Assessments in 45 days
    Continuous assessments completed within 45 working days (%)
section-47-rate|Section_47|rate_per_10k|context|rate|financial|Section 47 enquiries per 10,000
    Section 47 enquiries, rate per 10,000 children
icpc-15-days|CP_conf_15days|percentage|higher|percentage|financial|Conferences within 15 days
    Initial child protection conferences held within 15 working days (%)
cp-plans-rate|CPP_rate|rate_per_10k|context|position|financial|CP plans per 10,000
    Children subject to a child protection plan, rate per 10,000 children
cp-plans-starting-rate|CPP_Abuse_Rate|rate_per_10k|lower|rate|financial|Plans starting per 10,000
    Child protection plans starting during the year, rate per 10,000 children
cp-reviews-in-time|RevCP|percentage|higher|percentage|financial|CP reviews in time
    Child protection cases reviewed within the required timescales (%)
cp-second-plan|PrevRegCPR|percentage|lower|percentage|financial|Second or subsequent CP plans
    Children who became the subject of a child protection plan for a second or subsequent time (%)
cp-plans-2-years|CPPlans2yrs|percentage|lower|percentage|financial|CP plans lasting 2+ years
    Child protection plans lasting 2 years or more which ceased during the year (%)
cla-rate|LAC|rate_per_10k|context|position|financial|Looked after per 10,000
    Children looked after, rate per 10,000 children
cla-number|LACnum|count|context|position|financial|Children looked after
    Number of children looked after
cla-three-placements|LACStable_2016on|percentage|lower|percentage|financial|Three or more placements
    Children looked after with three or more placements during the year (%)
cla-placed-20-miles|LACDistance|percentage|lower|percentage|financial|Placed 20+ miles away
    Children looked after placed more than 20 miles from home, outside the local authority boundary (%)
care-leavers-accommodation|CareLeaverAcc|percentage|higher|percentage|financial|Care leavers housed
    Care leavers in suitable accommodation (%)
care-leavers-eet|CareLeaverEET|percentage|higher|percentage|financial|Care leavers in EET
    Care leavers in education, employment or training (%)
cla-adopted|%_of LAC Adopted|percentage|higher|percentage|financial|Adopted
    Children looked after who were adopted during the year (%)
cin-rate|CIN|rate_per_10k|context|position|financial|Children in need per 10,000
    Children in need, rate per 10,000 children
sw-vacancy-rate|Work_Force_Vac_Rate|percentage|lower|position|workforce|Vacancy rate
    Social worker vacancy rate (%)
sw-agency-rate|Work_Force_Agecy_Rate|percentage|lower|position|workforce|Agency rate
    Agency social workers (%)
sw-turnover-rate|Work_Force_TO_Rate|percentage|lower|position|workforce|Turnover rate
    Social worker turnover rate (%)
sw-caseload|Work_Force_AvgNumCase_SW|ratio|lower|average|workforce|Average caseload
    Average caseload per children and family social worker (FTE)
"""
MEASURE_KEYS = ("code", "lait_code", "unit", "polarity", "basis", "year_basis", "short_name")
# How a basis makes the year from its months: the sum, the pooled ratio, or the last month.
AGGREGATION = {"count": "sum", "rate": "sum", "percentage": "ratio", "position": "last", "average": "last"}

C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
D3 = "d3_cpps_subsequent_plan_2013_to_2025.csv"
CLA = "cla_number_and_rate_per_10k_children.csv"
CSWW = "csww_headline_measures_2017_to_2022.csv"
AT_31_MARCH = {"population_type": "Children looked after on 31 March each year"}
# measure -> (EES file, column, row filter, whether a neighbours' mean makes sense: not for counts)
EES_SOURCES: dict[str, tuple[str, str, dict[str, str], bool]] = {
    "referrals": (C1, "referral_count", {}, False),
    "re-referrals": (C1, "rereferral_percent", {}, True),
    "referrals-nfa": (C1, "no_further_action_percent", {}, True),
    "cp-second-plan": (D3, "CPP_subsequent_percent", {}, True),
    "cla-rate": (CLA, "rate_per_10000", AT_31_MARCH, True),
    "cla-number": (CLA, "children_count", AT_31_MARCH, False),
    "sw-vacancy-rate": (CSWW, "vacancy_rate_fte_%", {}, True),
    "sw-agency-rate": (CSWW, "agency_worker_rate_fte_%", {}, True),
    "sw-turnover-rate": (CSWW, "turnover_rate_fte_%", {}, True),
    "sw-caseload": (CSWW, "caseload_fte", {}, True),
}

Counts = dict[str, Decimal]
CountFn = Callable[[Counts], Decimal]
# Ratio measures: the council's 2016 numerator (None: from the outturn) and a denominator hint, from
# LAIT's and EES's published counts (keys: LAIT codes, "c1:"/"d3:" EES columns) wherever they exist.
RATIO_COUNTS: dict[str, tuple[CountFn | None, CountFn]] = {
    "re-referrals": (lambda k: k["c1:rereferral_count"], lambda k: k["c1:referral_count"]),
    "referrals-nfa": (lambda k: k["c1:no_further_action_count"], lambda k: k["c1:referral_count"]),
    "assessments-45-days": (None, lambda k: k["CPP_Total_NumRef"] * Decimal("0.9")),  # an estimate
    "icpc-15-days": (
        lambda k: k["10_ICPC"] + k["15_ICPC"],
        lambda k: k["10_ICPC"] + k["15_ICPC"] + k["20_ICPC"] + k["21_ICPC"],
    ),
    "cp-reviews-in-time": (lambda k: k["CPP_Reviewed_InReqTimeScl"], lambda k: k["CPP_31March_3MnthorMore"]),
    "cp-second-plan": (lambda k: k["d3:CPP_subsequent"], lambda k: k["d3:CPP_start"]),
    "cp-plans-2-years": (  # plans ceased = rate ceased x the population implied by referrals and their rate
        lambda k: k["CPRDuration"],
        lambda k: k["DeRegCPR"] * k["CPP_Total_NumRef"] / k["CPP_Total_Rateper10,000"],
    ),
    "cla-three-placements": (lambda k: k["LACStableNum_2016on"], lambda k: k["LACnum"]),
    "cla-placed-20-miles": (None, lambda k: k["LACnum"]),
    "care-leavers-accommodation": (None, lambda k: k["NoCareLeavers"]),
    "care-leavers-eet": (lambda k: k["CareLeaverEETNum"], lambda k: k["NoCareLeavers"]),
    "cla-adopted": (lambda k: k["No_of LAC Adopted"], lambda k: k["LACceased"]),
}
# Measures in a family share their seeded shape (referrals' months are the re-referral denominators).
FAMILY = dict.fromkeys(
    ["referrals-rate", "re-referrals", "referrals-nfa", "assessments-45-days"], "referrals"
)
FAMILY |= {"cla-rate": "cla-number"}
SEASON = [1.0, 1.04, 1.06, 1.08, 0.84, 0.98, 1.07, 1.05, 0.86, 1.03, 0.99, 1.02]  # Apr .. Mar

# DfE's dictionary text for these codes describes something else (a count, or the whole workforce
# collection), so a plain-English summary leads, marked as one, then DfE's paragraphs that still apply.
SUMMARY_MARK = "(Summary written for this dashboard: DfE's dictionary does not define this measure itself.)"
# fmt: off
SUMMARIES: dict[str, tuple[str, tuple[int, ...]]] = {
    "CPP_Abuse_Rate": ("Child protection plans that started during the year to 31 March, per 10,000 "
                       "children under 18.", (1,)),
    "CIN_Refferals_NFA": ("Referrals in the year to 31 March that ended in no further action, as a "
                          "percentage of all referrals.", (0,)),
    "Work_Force_Vac_Rate": ("Vacant children and family social worker posts at 30 September (full-time "
                            "equivalent), as a percentage of vacancies plus social workers in post.", (0, 1)),
    "Work_Force_Agecy_Rate": ("Agency children and family social workers at 30 September (full-time "
                              "equivalent), as a percentage of agency workers plus social workers in post.",
                              (0, 1)),
    "Work_Force_TO_Rate": ("Children and family social workers (full-time equivalent) who left in the year "
                           "to 30 September, as a percentage of social workers in post at 30 September.",
                           (0, 1)),
    "Work_Force_AvgNumCase_SW": ("Cases held by children and family social workers at 30 September, "
                                 "divided by the full-time equivalent number of social workers holding "
                                 "cases.", (0, 1)),
}
# fmt: on


def measure_table() -> list[dict[str, str]]:
    """Return the 24 measures of MEASURE_TABLE as dicts (code, lait_code, ..., short_name, name)."""
    lines = [line.strip() for line in MEASURE_TABLE.strip().splitlines()]
    return [
        dict(zip(MEASURE_KEYS, (f.strip() for f in head.split("|")), strict=True)) | {"name": name}
        for head, name in zip(lines[::2], lines[1::2], strict=True)
    ]


def read_csv(path: Path) -> list[dict[str, str]]:
    """Return the rows of a CSV file as dictionaries (a byte-order mark is ignored)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def parse_figure(raw: str) -> tuple[Decimal | None, str]:
    """Return (value, suppression marker); LAIT's float noise (17.899999999999999) becomes 17.9."""
    text = raw.strip()
    try:
        value = Decimal(repr(float(text))).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    except ValueError:
        return None, (text[:2] if text and text != "-" else ":")
    return value.normalize() + 0, ""  # "+ 0" undoes the exponent form normalize() gives 640


def fmt(value: Decimal | None) -> str | None:
    """Return a decimal as a plain string for the fixture (None stays None)."""
    return None if value is None else f"{value.normalize():f}"


def quantize(value: float | Decimal, places: int) -> Decimal:
    """Return value rounded half-up to the given number of decimal places."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def aggregate_months(aggregation: str, months: Sequence[dict]) -> Decimal:
    """Return the year's figure from its months (dicts with period, value, numerator, denominator).

    sum: the months added; ratio: 100 x sum of numerators / sum of denominators; mean: their mean;
    last: the latest month's value.
    """
    if aggregation == "sum":
        return sum((Decimal(m["value"]) for m in months), Decimal(0))
    if aggregation == "ratio":
        numerator = sum(Decimal(m["numerator"]) for m in months)
        return 100 * numerator / sum(Decimal(m["denominator"]) for m in months)
    if aggregation == "mean":
        return sum(Decimal(m["value"]) for m in months) / len(months)
    return Decimal(max(months, key=lambda m: m["period"])["value"])


def split_total(total: Decimal, weights: Sequence[float], places: int) -> list[Decimal]:
    """Return amounts at `places` decimals, proportional to weights, that add up exactly to total."""
    units = int(total.scaleb(places))
    raw = [units * w / sum(weights) for w in weights]
    parts = [math.floor(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))[: units - sum(parts)]:
        parts[i] += 1
    return [Decimal(p).scaleb(-places) for p in parts]


def solve_counts(outturn: Decimal, numerator: Decimal | None, hint: Decimal) -> tuple[int, int]:
    """Return integer (numerator, denominator) whose percentage rounds (1 dp) to the outturn.

    The denominator is the nearest to the hint that works; a given numerator is kept.
    """
    for step in range(5000):
        for den in sorted({int(hint) - step, int(hint) + step}):
            num = int(numerator) if numerator is not None else int(quantize(outturn * den / 100, 0))
            if den > 0 and quantize(Decimal(100 * num) / den, 1) == quantize(outturn, 1):
                return num, den
    raise ValueError(f"no counts reproduce {outturn}%")


def between(low: Decimal, high: Decimal | None, share: float) -> float:
    """Return the point `share` of the way from low to high (low itself if high is unknown)."""
    return float(low) + (float(high) - float(low)) * share if high is not None else float(low)


def year_of(period: dt.date) -> int:
    """Return the DfE financial year a month belongs to: April 2015 - March 2016 is 2016."""
    return period.year + 1 if period.month >= 4 else period.year


def level_at(outturn: dict[int, Decimal], year: float) -> float:
    """Return the outturn level at a (fractional) year: linear between published years, flat beyond."""
    known = sorted(outturn)
    if year <= known[0]:
        return float(outturn[known[0]])
    if year >= known[-1]:
        return float(outturn[known[-1]])
    low = max(y for y in known if y <= year)
    high = min(y for y in known if y > year)
    return between(outturn[low], outturn[high], (year - low) / (high - low))


def nearest(outturn: dict[int, Decimal], year: int) -> Decimal:
    """Return the outturn for ``year``, or the nearest published year's (earlier wins a tie)."""
    return outturn[min(outturn, key=lambda y: (abs(y - year), y))]


def monthly_series(measure: dict, outturn: dict[int, Decimal], counts: Counts) -> list[dict]:
    """Return the 48 illustrative months (period, value, numerator, denominator) of one measure.

    Each financial year (April 2014 - March 2015 is 2015, ... 2018) agrees with that year's
    published council outturn: sum: its 12 months share out the outturn; ratio: integer counts
    whose pooled percentage is the outturn; last: a walk through each 31 March outturn, or
    (workforce) through each 30 September one. A year without a published outturn takes the
    nearest year's level (and is not checked).
    """
    code, places, unit = measure["code"], measure["decimal_places"], measure["unit"]
    shape = random.Random(f"performance-fixture:{FAMILY.get(code, code)}")
    own = random.Random(f"performance-fixture:{code}:noise")
    upper = 100.0 if unit == "percentage" else math.inf
    rows = [{"period": p, "numerator": None, "denominator": None} for p in MONTHS]
    weights = [SEASON[i % 12] * (1 + shape.gauss(0, 0.05)) for i in range(len(MONTHS))]
    how = AGGREGATION[measure["basis"]]
    if how == "sum":
        for first in range(0, len(MONTHS), 12):
            total = nearest(outturn, year_of(MONTHS[first]))
            parts = split_total(total, weights[first : first + 12], places)
            for row, value in zip(rows[first : first + 12], parts, strict=True):
                row["value"] = value
    elif how == "ratio":
        num_fn, den_fn = RATIO_COUNTS[code]
        for first in range(0, len(MONTHS), 12):
            year = year_of(MONTHS[first])
            given = num_fn(counts) if num_fn and year == 2016 else None
            num_total, den_total = solve_counts(nearest(outturn, year), given, den_fn(counts))
            dens = [int(d) for d in split_total(Decimal(den_total), weights[first : first + 12], 0)]
            expected = []
            for m, den in enumerate(dens):
                p = level_at(outturn, year - 0.5 + (m + 0.5) / 12)
                sd = 100 * math.sqrt(max(p, 0.5) * max(100 - p, 0.5) / 1e4 / den)  # binomial, capped at 2 sd
                p += min(max(own.gauss(0, sd), -2 * sd), 2 * sd)
                expected.append(max(min(max(p, 0.0), 100.0) * den / 100, 1e-6))
            nums = [
                min(int(n), d)
                for n, d in zip(split_total(Decimal(num_total), expected, 0), dens, strict=True)
            ]
            for row, num, den in zip(rows[first : first + 12], nums, dens, strict=True):
                row |= {
                    "numerator": Decimal(num),
                    "denominator": Decimal(den),
                    "value": quantize(100 * num / den, 4),
                }
    elif measure["year_basis"] == "financial":  # last: Brownian bridges between the 31 March outturns
        step_sd = 0.012 * float(nearest(outturn, 2016))
        start = float(nearest(outturn, 2014)) if 2014 in outturn else float(nearest(outturn, 2015))
        for first in range(0, len(MONTHS), 12):
            year = year_of(MONTHS[first])
            walk = [0.0]
            for _ in range(12):
                walk.append(walk[-1] + shape.gauss(0, step_sd))
            end = float(nearest(outturn, year))
            for m, row in enumerate(rows[first : first + 12]):
                bridge = walk[m + 1] - (m + 1) / 12 * walk[12]
                level = start + (end - start) * (m + 1) / 12
                row["value"] = quantize(max(level + bridge, 0.0), places)
            rows[first + 11]["value"] = quantize(end, places)
            start = end
    else:  # last, workforce: through each 30 September outturn, with AR(1) noise pinned there
        sd = 0.5 if unit == "percentage" else 0.02 * float(nearest(outturn, 2016))
        noise = [0.0] * len(MONTHS)
        for m in range(len(MONTHS)):
            noise[m] = 0.6 * noise[m - 1] + shape.gauss(0, sd) if m else shape.gauss(0, sd)
        for m, row in enumerate(rows):
            period = row["period"]
            at = period.year + (period.month - 9) / 12  # years since 30 September of period.year
            anchor = period.month == 9 and period.year in outturn
            value = float(outturn[period.year]) if anchor else level_at(outturn, at) + noise[m]
            row["value"] = quantize(min(max(value, 0.0), upper), places)
    return rows


def check_months(measure: dict, months: list[dict], council: dict[int, Decimal]) -> None:
    """Return None if the months agree with each published outturn and stay in range, else raise."""
    how = AGGREGATION[measure["basis"]]
    places = 1 if how == "ratio" else measure["decimal_places"]
    for year, expected in sorted(council.items()):
        if measure["year_basis"] == "workforce":
            found = [m["value"] for m in months if m["period"] == dt.date(year, 9, 1)]
        else:
            in_year = [m for m in months if year_of(m["period"]) == year]
            found = [aggregate_months(how, in_year)] if len(in_year) == 12 else []
        if found and quantize(found[0], places) != quantize(expected, places):
            raise ValueError(
                f"{measure['code']} {year}: the months give {found[0]}, the outturn is {expected}"
            )
    if any(m["value"] < 0 or (measure["unit"] == "percentage" and m["value"] > 100) for m in months):
        raise ValueError(f"{measure['code']}: a month is out of range")


def definition(entry: dict[str, str] | None, lait_code: str, name: str) -> str:
    """Return the measure's definition: DfE's dictionary text, tidied, or a summary marked as one."""
    paragraphs = [" ".join(p.split()) for p in (entry or {}).get("Description", "").split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if lait_code in SUMMARIES:
        summary, keep = SUMMARIES[lait_code]
        return "\n\n".join([f"{summary} {SUMMARY_MARK}", *(paragraphs[i] for i in keep)])
    return "\n\n".join(paragraphs) if paragraphs else f"{name}. {SUMMARY_MARK}"


def council_counts(lait: list[dict], ees: dict[str, list[dict]]) -> Counts:
    """Return the council's published 2016 counts: LAIT codes, and "c1:"/"d3:" EES columns."""
    counts = {r["lait_code"]: parse_figure(r["birmingham"])[0] for r in lait if r["year"] == "2016"}
    for name, prefix in ((C1, "c1"), (D3, "d3")):
        row = next(
            r for r in ees[name] if r["new_la_code"] == AREAS["council"][0] and r["time_period"] == "2016"
        )
        counts |= {f"{prefix}:{column}": parse_figure(raw)[0] for column, raw in row.items()}
    return {k: v for k, v in counts.items() if v is not None}


Found = dict[tuple[str, int], tuple[Decimal | None, str, str]]  # (comparator, year) -> value, marker, source


def ees_benchmarks(
    code: str, ees: dict[str, list[dict]], lait_found: Found, notes: list[str], averaged: dict[int, list[str]]
) -> Found:
    """Return the measure's figures from its EES file, with the statistical neighbours' mean.

    EES wins over LAIT where both publish a figure (a disagreement is noted); the neighbours' mean
    is skipped in a year when fewer than 5 of the 10 neighbours have a published value. Fills
    ``averaged`` with each year's neighbours whose figures the mean covers.
    """
    name, column, where, with_neighbours = EES_SOURCES[code]
    source = f"{DFE}, Explore Education Statistics ({name})"
    rows = [r for r in ees[name] if all(r[k] == v for k, v in where.items())]
    found: Found = {}
    for row in rows:
        level, year = row["geographic_level"], int(row["time_period"])
        if level == "National":
            comparator = "england"
        elif level == "Regional" and row["region_code"] == AREAS["region"][0]:
            comparator = "region"
        elif level == "Local authority" and row["new_la_code"] == AREAS["council"][0]:
            comparator = "council"
        else:
            continue
        value, marker = parse_figure(row[column])
        earlier = lait_found.get((comparator, year), (None, "", ""))[0]
        if earlier is not None and value is None:
            continue  # EES withholds what LAIT publishes: keep LAIT's figure
        if earlier is not None and earlier != value:
            notes.append(
                f"{code} {AREAS[comparator][1]} {year}: LAIT {fmt(earlier)}, EES {fmt(value)}; EES used"
            )
        found[(comparator, year)] = (value, marker, source)
    for year in sorted({int(r["time_period"]) for r in rows} if with_neighbours else []):
        in_year = [r for r in rows if r["new_la_code"] in NEIGHBOURS and int(r["time_period"]) == year]
        published = {r["new_la_code"]: parse_figure(r[column])[0] for r in in_year}
        figures = {c: f for c, f in published.items() if f is not None}
        if len(figures) >= 5:
            mean = quantize(sum(figures.values()) / len(figures), 1)
            averaged[year] = [c for c in NEIGHBOURS if c in figures]
            found[("neighbours", year)] = (
                mean,
                "",
                f"Mean of {len(figures)} of the {len(NEIGHBOURS)} statistical neighbours' figures: {source}",
            )
    return found


def record(model: str, pk: int, **fields: object) -> dict:
    """Return one fixture object."""
    return {"model": f"performance.{model}", "pk": pk, "fields": fields}


def lait_benchmarks(rows: list[dict[str, str]]) -> Found:
    """Return the council's, England's and the region's figures from the measure's LAIT rows."""
    source = f"{DFE}, Local Authority Interactive Tool ({LAIT_FILE})"
    return {
        (comparator, int(row["year"])): (*parse_figure(row[column]), source)
        for row in rows
        for comparator, column in LAIT_COLUMNS.items()
    }


def target_fields(measure: dict, england_2016: Decimal) -> dict:
    """Return an illustrative target near England's 2016 figure, with a tolerance in the measure's units."""
    target = quantize(england_2016, 0)
    tolerance = 1 if target < 5 else 2 if target < 30 else 3  # percentage points
    tolerance = {"rate_per_10k": 5, "ratio": 2}.get(measure["unit"], tolerance)
    basis = TARGET_BASIS.get(measure["basis"], "month")
    # fmt: off
    return dict(measure=[measure["code"]], value=fmt(target), tolerance=str(tolerance), basis=basis,
                valid_from="2014-04-01", valid_to=None, provenance="illustrative", note=TARGET_NOTE)
    # fmt: on


def child_populations(lait: list[dict[str, str]]) -> list[dict]:
    """Return the council's and England's children under 18 in each year, derived from DfE's
    published count of referrals and their rate per 10,000 (population = count / rate x 10,000).

    DfE rounds the rate to one decimal place, so the population is known to within
    count / rate x 0.05 / rate x 10,000 children either way; the source says by how many.
    """
    rows = {(r["lait_code"], int(r["year"])): r for r in lait if r["lait_code"] in POPULATION_CODES}
    found = []
    for comparator in ("council", "england"):
        code, name = AREAS[comparator]
        for year in sorted({y for _, y in rows}):
            count = parse_figure(rows[(POPULATION_CODES[0], year)][LAIT_COLUMNS[comparator]])[0]
            rate = parse_figure(rows[(POPULATION_CODES[1], year)][LAIT_COLUMNS[comparator]])[0]
            if count is None or rate is None:
                continue
            children = count / rate * 10000
            margin = quantize(children * Decimal("0.05") / rate, 0)
            source = (
                f"Derived: DfE's {fmt(count)} referrals / their rate of {fmt(rate)} per 10,000 children"
                f" x 10,000, to within {margin} children (the rate is rounded), {DFE},"
                f" Local Authority Interactive Tool "
                f"({LAIT_FILE})"
            )
            # fmt: off
            found.append(record("childpopulation", len(found) + 1, area_code=code, area_name=name, year=year,
                                children=int(quantize(children, 0)), provenance="published", source=source))
            # fmt: on
    return found


def build(data_dir: Path) -> tuple[list[dict], list[str]]:
    """Return (the fixture's objects, notes on polarity and LAIT/EES disagreements)."""
    lait, dictionary = read_csv(data_dir / LAIT_FILE), read_csv(data_dir / DICTIONARY_FILE)
    ees = {name: read_csv(data_dir / name) for name in (C1, D3, CLA, CSWW)}
    counts, notes = council_counts(lait, ees), []
    measures, targets, benchmarks, values = [], [], [], []
    for order, measure in enumerate(measure_table(), 1):
        code, lait_code = measure["code"], measure["lait_code"]
        rows = [r for r in lait if r["lait_code"] == lait_code]
        entry = next((d for d in dictionary if d["Measure_short"] == lait_code), None)
        entry = entry or next(
            (d for d in dictionary if d["Measure"].lower() == rows[0]["measure"].lower()), None
        )
        polarity = POLARITY[rows[0]["polarity_lait"]]
        if entry and POLARITY.get(entry["Polarity"], "context") != polarity:
            notes.append(f"{code}: LAIT's polarity is {polarity}, the dictionary's {entry['Polarity']}")
        if polarity != measure["polarity"]:
            notes.append(f"{code}: the brief says {measure['polarity']}, DfE {polarity}; DfE followed")
        source = f"{DFE}: Local Authority Interactive Tool ({LAIT_FILE}; definitions {DICTIONARY_FILE})"
        if code in EES_SOURCES:
            source += f"; Explore Education Statistics ({EES_SOURCES[code][0]})"
        # fmt: off
        measure |= dict(definition=definition(entry, lait_code, measure["name"]), polarity=polarity,
                        decimal_places=0 if measure["unit"] == "count" else 1, frequency="monthly",
                        topic=rows[0]["topic"], source=source, started_on="2014-04-01", active=True,
                        order=order, disclosure_control=measure["unit"] == "count")
        # fmt: on
        measures.append(record("measure", order, **measure))

        found, averaged = lait_benchmarks(rows), {}
        if code in EES_SOURCES:
            found |= ees_benchmarks(code, ees, found, notes, averaged)
        for (comparator, year), (value, marker, src) in sorted(found.items(), key=lambda i: i[0][::-1]):
            # fmt: off
            benchmarks.append(record(
                "benchmarkvalue", len(benchmarks) + 1, measure=[code], comparator=comparator, year=year,
                area_code=AREAS[comparator][0], area_name=AREAS[comparator][1], value=fmt(value),
                suppressed=marker, provenance="published", source=src,
                **({"averaged_areas": averaged[year]} if comparator == "neighbours" else {}),
            ))
            # fmt: on
        if polarity != "context":
            targets.append(
                record("target", len(targets) + 1, **target_fields(measure, found[("england", 2016)][0]))
            )

        council = {year: v for (who, year), (v, _, _) in found.items() if who == "council" and v is not None}
        months = monthly_series(measure, council, counts)
        check_months(measure, months, council)
        for month in months:
            period: dt.date = month["period"]
            approved = f"{period.year + period.month // 12}-{period.month % 12 + 1:02d}-20T09:00:00Z"
            # fmt: off
            values.append(record(
                "measurevalue", len(values) + 1, measure=[code], period=period.isoformat(),
                value=fmt(month["value"]), numerator=fmt(month["numerator"]),
                denominator=fmt(month["denominator"]), approved_at=approved, updated_at=approved,
                **VALUE_FIELDS,
            ))
            # fmt: on
    return measures + targets + benchmarks + values + child_populations(lait), notes


def main() -> None:
    """Write fixtures/performance.json and print its row counts and notes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data" / "dfe")
    parser.add_argument("--output", type=Path, default=ROOT / "fixtures" / "performance.json")
    args = parser.parse_args()
    objects, notes = build(args.data_dir)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(objects, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for model in sorted({o["model"] for o in objects}):
        print(f"{model}: {sum(o['model'] == model for o in objects)}")
    for note in notes:
        print("note:", note)


if __name__ == "__main__":
    main()
