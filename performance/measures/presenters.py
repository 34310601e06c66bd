"""Display values for the performance pages: plain dataclasses the templates print as they are.

Built from selector output and ``performance.judgement.analysis`` results; no database access here, so
templates stay free of queries and arithmetic.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from core.choices import ILLUSTRATIVE_PROVENANCES
from core.display import NO_FIGURE, Chart, Table, with_number_format
from performance.judgement.analysis import Point, TargetSpan
from performance.judgement.basis import ROLLING_BASES, WORKFORCE
from performance.judgement.commentary import tension_sentence
from performance.judgement.judgement import Comparison, Judgement, TargetCheck, Travel
from performance.measures import charts
from performance.measures.charts import DIRECTION_STYLE, RAG_ROWS, rag_direction_figure
from performance.models import Measure, Unit
from performance.spc import SpcResult
from performance.spc import presenters as spc_presenters
from performance.spc.charts import with_spc

TRAVEL_ARROWS = {"improving": "▲", "worsening": "▼", "unchanged": "▶", "up": "▲", "down": "▼", "unknown": ""}
VERDICT_LABELS = {
    "better": "Better",
    "worse": "Worse",
    "same": "Same",
    "higher": "Higher",
    "lower": "Lower",
    "unknown": "Not known",
    "not_compared": "Not compared",
}
SPARKLINE_MONTHS = 24


def format_value(value: Decimal | None, unit: str, places: int) -> str:
    """Return a value as the page prints it: "19.3%", "1,204", "12.5 days"; a dash when missing."""
    if value is None:
        return NO_FIGURE
    text = f"{value:,.{places}f}"
    if unit == Unit.PERCENTAGE:
        return text + "%"
    if unit == Unit.DAYS:
        return text + " days"
    return text


def value_formatter(measure: Measure) -> Callable[[Decimal | None], str]:
    """Return the function that prints ``measure``'s values as the page does."""

    def fmt(value: Decimal | None) -> str:
        return format_value(value, measure.unit, measure.decimal_places)

    return fmt


def value_suffix(unit: str) -> str:
    return "%" if unit == Unit.PERCENTAGE else ""


def year_label(year: int, year_basis: str) -> str:
    """Return a DfE time period as people say it: 2016 is "2015/16", or "Sep 2016" for workforce."""
    if year_basis == WORKFORCE:
        return f"Sep {year}"
    return f"{year - 1}/{year % 100:02d}"


def year_in_words(year: int, year_basis: str) -> str:
    """Return a DfE year in words for a badge: "year to March 2016", or "September 2016"."""
    return f"September {year}" if year_basis == WORKFORCE else f"year to March {year}"


def month_label(period: dt.date | None) -> str:
    return f"{period:%B %Y}" if period else ""


@dataclass(frozen=True)
class Badge:
    """A word with the CSS modifier that colours it (the word carries the meaning)."""

    text: str
    css: str


def rag_badge(judgement: Judgement | None) -> Badge:
    """Return the RAG badge of a judgement: the rating, or why there is none, in words."""
    if judgement is None:
        return Badge("No RAG: no figure", "rag--none")
    if judgement.rag is not None:
        return Badge(judgement.rag.label, f"rag--{judgement.rag.value}")
    reason = judgement.rag_reason
    short = "No RAG: year not complete" if "not all in" in reason else reason or "No RAG"
    return Badge(short, "rag--none")


def travel_badge(travel: Travel) -> Badge:
    return Badge(travel.label, f"travel--{travel.direction}")


@dataclass(frozen=True)
class ComparisonCell:
    verdict: Badge
    detail: str


def comparison_cell(comparison: Comparison, unit: str, places: int, year_basis: str) -> ComparisonCell:
    """Return a comparison as a badge and its detail: the two figures compared and their year."""
    label = VERDICT_LABELS[comparison.verdict]
    if comparison.verdict == "not_compared":
        return ComparisonCell(Badge(label, "verdict--unknown"), "A count: sizes differ")
    if comparison.year is None:
        return ComparisonCell(Badge(label, "verdict--unknown"), comparison.reason)
    council = format_value(comparison.council, unit, places)
    other = format_value(comparison.other, unit, places)
    detail = f"{council} against {other}, {year_in_words(comparison.year, year_basis)}"
    return ComparisonCell(Badge(label, f"verdict--{comparison.verdict}"), detail)


def assurance_icon(judgement: Judgement | None) -> spc_presenters.SpcIcon:
    """Return the assurance icon of a judgement, or one that says why there is none."""
    if judgement is not None and judgement.assurance is not None:
        word, css, letter = spc_presenters.ASSURANCE_ICONS[judgement.assurance]
        return spc_presenters.SpcIcon(word, judgement.assurance.label, f"spc--{css}", letter)
    reason = judgement.assurance_reason if judgement is not None else "No figure"
    word = reason.split(":")[0] if reason else "Not judged"
    return spc_presenters.SpcIcon(word, reason or word, "spc--none", NO_FIGURE)


@dataclass(frozen=True)
class ScorecardRow:
    code: str
    name: str
    topic: str
    latest: str
    latest_month: str
    target: str
    rag: Badge
    travel: Badge
    arrow: str
    compared_month: str
    england: ComparisonCell
    neighbours: ComparisonCell
    sparkline: str
    illustrative: bool
    trend: str = ""
    variation: spc_presenters.SpcIcon | None = None
    assurance: spc_presenters.SpcIcon | None = None
    target_basis: str = ""
    judged: str = ""
    judged_label: str = ""
    tension: str = ""


def trend_words(series: Sequence[Point], fmt: Callable[[Decimal | None], str]) -> str:
    """Return the sparkline in words: "Rising from 18.1% in April 2016 to 20.7% in March 2018
    (lowest 17.0%, highest 25.5%)"; "" for fewer than two months, as no line is drawn then."""
    if len(series) < 2:
        return ""
    first, last = series[0], series[-1]
    values = [p.value for p in series]
    if last.value > first.value:
        movement = "Rising from"
    elif last.value < first.value:
        movement = "Falling from"
    else:
        movement = "Level, from"
    return (
        f"{movement} {fmt(first.value)} in {month_label(first.period)} to {fmt(last.value)} in "
        f"{month_label(last.period)} (lowest {fmt(min(values))}, highest {fmt(max(values))})"
    )


def is_illustrative(provenances: set[str]) -> bool:
    return bool(provenances & ILLUSTRATIVE_PROVENANCES)


def scorecard_row(
    measure: Measure,
    judgement: Judgement | None,
    series: Sequence[Point],
    illustrative: bool,
    spc: SpcResult | None = None,
) -> ScorecardRow:
    """Return one scorecard row from a measure's latest judgement and its approved series; given
    its SPC, with the variation and assurance icons."""
    unit, places, basis = measure.unit, measure.decimal_places, measure.year_basis
    j = judgement
    target = j.target if j else None
    no_comparison = Comparison("england", "unknown", reason="No approved figure")
    judged = ""
    if target is not None and target.basis == "year":
        judged = format_value(target.figure, unit, places)
    elif j is not None and j.comparable is not None and j.comparable.rolling:
        judged = format_value(j.comparable.value, unit, places)
    return ScorecardRow(
        code=measure.code,
        name=measure.short_name or measure.name,
        topic=measure.topic,
        latest=format_value(j.value if j else None, unit, places),
        latest_month=month_label(j.period if j else None),
        target=format_value(target.value, unit, places) if target else _no_target(j),
        rag=rag_badge(j),
        travel=travel_badge(j.travel if j else Travel("unknown")),
        arrow=TRAVEL_ARROWS[j.travel.direction if j else "unknown"],
        compared_month=month_label(j.travel.compared_with if j else None),
        england=comparison_cell(j.england if j else no_comparison, unit, places, basis),
        neighbours=comparison_cell(j.neighbours if j else no_comparison, unit, places, basis),
        sparkline=charts.sparkline_points([p.value for p in series[-SPARKLINE_MONTHS:]]),
        trend=trend_words(series[-SPARKLINE_MONTHS:], value_formatter(measure)),
        illustrative=illustrative,
        variation=spc_presenters.variation_icon(spc) if spc is not None else None,
        assurance=assurance_icon(j) if spc is not None else None,
        target_basis=_target_hint(target, judged),
        judged=judged,
        judged_label=j.comparable.label if j is not None and j.comparable and j.comparable.rolling else "",
        tension=tension_sentence(j) if j is not None else "",
    )


def _target_hint(target: TargetCheck | None, judged: str) -> str:
    if target is None:
        return ""
    if target.basis == "year":
        return f"For the year: {judged} over the {target.figure_label}"
    return "For each month"


def _no_target(judgement: Judgement | None) -> str:
    if judgement is not None and "not all in" in judgement.rag_reason:
        return "Yearly: 12 months not all in"
    return "No target"


def trend_summary(measure: Measure, series: Sequence[Point], judgement: Judgement | None) -> str:
    """Return the one-sentence summary of a measure's trend chart, from its latest judgement."""
    if not series or judgement is None:
        return f"No approved monthly values of {measure.name.lower()} have been published yet."
    unit, places = measure.unit, measure.decimal_places
    first, last = series[0], series[-1]
    sentence = (
        f"From {month_label(first.period)} to {month_label(last.period)} the monthly value moved from "
        f"{format_value(first.value, unit, places)} to {format_value(judgement.value, unit, places)}"
    )
    if judgement.comparable is not None and judgement.comparable.rolling:
        sentence += (
            f"; over the {judgement.comparable.label} it is "
            f"{format_value(judgement.comparable.value, unit, places)}"
        )
    target = judgement.target
    if target is not None:
        kind = "a yearly target" if target.basis == "year" else "a target"
        sentence += (
            f", against {kind} of {format_value(target.value, unit, places)} "
            f"({judgement.rag.label if judgement.rag else 'no RAG'} in {month_label(last.period)})"
        )
    england = judgement.england
    if england.year is not None:
        verdict = VERDICT_LABELS[england.verdict].lower()
        verdict = "the same as" if verdict == "same" else f"{verdict} than"
        sentence += (
            f"; in the {year_in_words(england.year, measure.year_basis)} the council's "
            f"{format_value(england.council, unit, places)} was {verdict} England's "
            f"{format_value(england.other, unit, places)}"
        )
    return sentence + "."


def monthly_table(measure: Measure, judgements: Sequence[Judgement], spc: SpcResult | None = None) -> Table:
    """Return the measure page's data table: every approved month with, for a measure whose months
    add up to the year, its 12-month figure, then its target and RAG and, given the measure's SPC,
    each month's variation, average and process limits."""
    unit, places = measure.unit, measure.decimal_places
    rolling = measure.basis in ROLLING_BASES
    spc_points = {p.period: p for p in spc.points} if spc is not None else {}
    rows = []
    for j in reversed(judgements):
        row = [month_label(j.period), format_value(j.value, unit, places)]
        if rolling:
            row.append(format_value(j.comparable.value, unit, places) if j.comparable else NO_FIGURE)
        row += [
            format_value(j.target.value, unit, places) if j.target else NO_FIGURE,
            rag_badge(j).text,
        ]
        if spc is not None:
            cells = spc_presenters.spc_cells(
                spc_points.get(j.period), lambda v: format_value(v, unit, places)
            )
            row += [cells.variation, cells.average, cells.limits]
        rows.append(row)
    headers = ["Month", "Value"] + (["12 months to the month"] if rolling else []) + ["Target", "RAG"]
    numeric = set(range(1, len(headers) - 1))
    if spc is not None:
        numeric.add(len(headers) + 1)
        headers += ["Variation", "Average", "Limits"]
    return Table(
        caption=f"{measure.name}: approved monthly values, latest first",
        headers=headers,
        rows=rows,
        numeric=frozenset(numeric),
    )


def annual_table(
    measure: Measure,
    annual: Mapping[str, Mapping[int, Decimal]],
    standings: Mapping[int, object] | None = None,
) -> Table:
    """Return the table of annual figures: one row per year, one column per comparator present.

    With ``standings`` (year to performance.benchmarks.services.Standing), a last column gives the
    council's rank and quartile among local authorities.
    """
    present = [c for c in charts.COMPARATOR_STYLE if annual.get(c)]
    years = sorted({year for c in present for year in annual[c]}, reverse=True)
    rows = [
        [year_label(year, measure.year_basis)]
        + [format_value(annual[c].get(year), measure.unit, measure.decimal_places) for c in present]
        + ([standings[year].label if year in standings else "—"] if standings else [])
        for year in years
    ]
    return Table(
        caption=f"{measure.name}: published annual figures",
        headers=["Year"]
        + [charts.COMPARATOR_STYLE[c][0] for c in present]
        + (["Rank among local authorities (1 = best)"] if standings else []),
        rows=rows,
        numeric=frozenset(range(1, len(present) + 1)),
    )


def trend_chart(
    measure: Measure,
    series: Sequence[Point],
    judgements: Sequence[Judgement],
    targets: Sequence[TargetSpan],
    annual: Mapping[str, Mapping[int, Decimal]],
    events: Sequence[charts.EventMark],
    illustrative: bool,
    spc: SpcResult | None = None,
) -> Chart:
    """Return the measure's trend chart; given its SPC, with average, limits, signals and rebases.

    A measure whose months add up to the year gets a second panel: the rolling 12-month figure,
    the yearly target and the published years, all on the year's basis.
    """
    latest = judgements[-1] if judgements else None
    summary = trend_summary(measure, series, latest)
    if spc is not None and series:
        has_target = latest is not None and latest.target is not None
        summary = f"{summary} {spc_presenters.spc_summary(spc, has_target=has_target)}."
    rolling = None
    if measure.basis in ROLLING_BASES:
        rolling = [Point(j.period, j.comparable.value) for j in judgements if j.comparable is not None]
    figure = charts.trend_figure(
        series=series,
        targets=targets,
        polarity=measure.polarity,
        annual={"council": annual.get("council", {})} if measure.unit == Unit.COUNT else annual,
        year_basis=measure.year_basis,
        events=events,
        value_suffix=value_suffix(measure.unit),
        rolling=rolling,
    )
    what = "Monthly values, average, process limits" if spc is not None and spc.ready else "Monthly values"
    what += (
        ", target and published years"
        if rolling is None
        else "; the 12 months to each month and published years"
    )
    return Chart(
        id=f"chart-{measure.code}",
        title=what,
        summary=summary,
        figure=with_number_format(with_spc(figure, spc, value_suffix(measure.unit)), measure.decimal_places),
        table=monthly_table(measure, judgements, spc),
        height=460 if rolling is None else 620,
        illustrative=illustrative,
    )


DIRECTION_GROUPS = {
    "improving": "Improving",
    "unchanged": "No change",
    "worsening": "Worsening",
    "up": "Not judged",
    "down": "Not judged",
    "unknown": "Not judged",
}


def rag_direction_counts(
    measures: Sequence[Measure], latest: Mapping[int, Judgement | None]
) -> dict[str, Counter[str]]:
    """Return ``{RAG label or "No RAG": Counter(direction group)}`` over the measures' latest
    judgements."""
    counts: dict[str, Counter[str]] = {rag: Counter() for rag in RAG_ROWS}
    for measure in measures:
        j = latest.get(measure.id)
        rag = j.rag.label if j is not None and j.rag else "No RAG"
        counts[rag][DIRECTION_GROUPS[j.travel.direction if j is not None else "unknown"]] += 1
    return counts


def rag_chart(counts: Mapping[str, Counter[str]], total: int) -> Chart:
    directions = list(DIRECTION_STYLE)
    rows = [
        [rag] + [str(counts[rag][d]) for d in directions] + [str(sum(counts[rag].values()))]
        for rag in RAG_ROWS
    ]
    parts = [f"{sum(counts[rag].values())} {rag.lower()}" for rag in RAG_ROWS if sum(counts[rag].values())]
    improving = sum(c["Improving"] for c in counts.values())
    worsening = sum(c["Worsening"] for c in counts.values())
    summary = (
        f"Of {total} measures, {', '.join(parts) or 'none rated'}; {improving} improving and {worsening} "
        "worsening on the month before."
    )
    return Chart(
        id="chart-rag",
        title="Measures by RAG rating and direction of travel",
        summary=summary,
        figure=rag_direction_figure({rag: dict(c) for rag, c in counts.items()}),
        table=Table(
            caption="Number of measures by RAG rating (rows) and direction of travel (columns)",
            headers=["RAG", *directions, "Total"],
            rows=rows,
            numeric=frozenset(range(1, len(directions) + 2)),
        ),
        height=300,
    )
