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

from core.choices import ILLUSTRATIVE_PROVENANCES, Rag
from core.display import NO_FIGURE, Chart, Table, with_number_format
from performance.judgement import analysis
from performance.judgement.analysis import Comparison, MeasureStatus, Point, TargetSpan, Travel
from performance.measures import charts
from performance.measures.charts import DIRECTION_STYLE, RAG_ROWS, rag_direction_figure
from performance.models import Measure, Polarity, Unit
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
    if year_basis == "workforce":
        return f"Sep {year}"
    return f"{year - 1}/{year % 100:02d}"


def month_label(period: dt.date | None) -> str:
    return f"{period:%B %Y}" if period else ""


@dataclass(frozen=True)
class Badge:
    """A word with the CSS modifier that colours it (the word carries the meaning)."""

    text: str
    css: str


def rag_badge(rag: Rag | None, polarity: str, has_target: bool) -> Badge:
    if rag is not None:
        return Badge(rag.label, f"rag--{rag.value}")
    if polarity == Polarity.CONTEXT:
        return Badge("No RAG: context only", "rag--none")
    return Badge("No RAG: no target" if not has_target else "No RAG", "rag--none")


def travel_badge(travel: Travel) -> Badge:
    return Badge(travel.label, f"travel--{travel.direction}")


@dataclass(frozen=True)
class ComparisonCell:
    verdict: Badge
    detail: str


def comparison_cell(
    comparison: Comparison, unit: str, places: int, year_basis: str, who: str
) -> ComparisonCell:
    label = VERDICT_LABELS[comparison.verdict]
    if unit == Unit.COUNT:
        return ComparisonCell(Badge("Not compared", "verdict--unknown"), "A count: sizes differ")
    if comparison.year is None:
        return ComparisonCell(Badge(label, "verdict--unknown"), f"No {who} figure to compare")
    council = format_value(comparison.council, unit, places)
    other = format_value(comparison.comparator, unit, places)
    detail = f"{council} against {other} ({year_label(comparison.year, year_basis)})"
    return ComparisonCell(Badge(label, f"verdict--{comparison.verdict}"), detail)


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
    status: MeasureStatus,
    series: Sequence[Point],
    provenances: set[str],
    spc: SpcResult | None = None,
) -> ScorecardRow:
    """Return one scorecard row from a measure, its status and its approved series; given its
    SPC, with the variation and assurance icons."""
    unit, places, basis = measure.unit, measure.decimal_places, measure.year_basis
    return ScorecardRow(
        code=measure.code,
        name=measure.short_name or measure.name,
        topic=measure.topic,
        latest=format_value(status.latest.value if status.latest else None, unit, places),
        latest_month=month_label(status.latest.period if status.latest else None),
        target=format_value(status.target.value, unit, places) if status.target else "No target",
        rag=rag_badge(status.rag, measure.polarity, status.target is not None),
        travel=travel_badge(status.travel),
        arrow=TRAVEL_ARROWS[status.travel.direction],
        compared_month=month_label(status.travel.compared_with),
        england=comparison_cell(status.england, unit, places, basis, "England"),
        neighbours=comparison_cell(status.neighbours, unit, places, basis, "neighbours'"),
        sparkline=charts.sparkline_points([p.value for p in series[-SPARKLINE_MONTHS:]]),
        trend=trend_words(series[-SPARKLINE_MONTHS:], value_formatter(measure)),
        illustrative=is_illustrative(provenances),
        variation=spc_presenters.variation_icon(spc) if spc is not None else None,
        assurance=spc_presenters.assurance_icon(spc, has_target=status.target is not None)
        if spc is not None
        else None,
    )


def status_for(
    measure: Measure,
    series: Sequence[Point],
    targets: Sequence[TargetSpan],
    annual: Mapping[str, Mapping[int, Decimal]],
) -> MeasureStatus:
    """Return the analysis of one measure from the selectors' plain data.

    A count is never compared with England or neighbours: their totals are of other sizes.
    """
    if measure.unit == Unit.COUNT:
        annual = {"council": annual.get("council", {})}
    return analysis.measure_status(
        series=series,
        targets=targets,
        polarity=measure.polarity,
        places=measure.decimal_places,
        council_annual=annual.get("council"),
        england=annual.get("england"),
        neighbours=annual.get("neighbours"),
    )


def trend_summary(measure: Measure, series: Sequence[Point], status: MeasureStatus) -> str:
    """Return the one-sentence summary of a measure's trend chart."""
    if not series:
        return f"No approved monthly values of {measure.name.lower()} have been published yet."
    unit, places = measure.unit, measure.decimal_places
    first, last = series[0], series[-1]
    sentence = (
        f"From {month_label(first.period)} to {month_label(last.period)} the monthly value moved from "
        f"{format_value(first.value, unit, places)} to {format_value(last.value, unit, places)}"
    )
    if status.target:
        sentence += (
            f", against a target of {format_value(status.target.value, unit, places)} "
            f"({status.rag.label if status.rag else 'no RAG'} in {month_label(last.period)})"
        )
    if status.england.year is not None:
        sentence += (
            f"; in {year_label(status.england.year, measure.year_basis)} the council's "
            f"{format_value(status.england.council, unit, places)} was "
            f"{VERDICT_LABELS[status.england.verdict].lower()} than England's "
            f"{format_value(status.england.comparator, unit, places)}"
        )
    return sentence.replace("same than", "the same as") + "."


def monthly_table(
    measure: Measure, series: Sequence[Point], targets: Sequence[TargetSpan], spc: SpcResult | None = None
) -> Table:
    """Return the measure page's data table: every approved month with its target and RAG and,
    given the measure's SPC, each month's variation, average and process limits."""
    unit, places = measure.unit, measure.decimal_places
    spc_points = {p.period: p for p in spc.points} if spc is not None else {}
    rows = []
    for point in reversed(series):
        target = analysis.target_for(targets, point.period)
        rag = analysis.rag_rating(point.value, target, measure.polarity)
        row = [
            month_label(point.period),
            format_value(point.value, unit, places),
            format_value(target.value, unit, places) if target else NO_FIGURE,
            rag.label if rag else "No RAG",
        ]
        if spc is not None:
            cells = spc_presenters.spc_cells(
                spc_points.get(point.period), lambda v: format_value(v, unit, places)
            )
            row += [cells.variation, cells.average, cells.limits]
        rows.append(row)
    spc_headers = ["Variation", "Average", "Limits"] if spc is not None else []
    return Table(
        caption=f"{measure.name}: approved monthly values, latest first",
        headers=["Month", "Value", "Target", "RAG", *spc_headers],
        rows=rows,
        numeric=frozenset({1, 2, 5} if spc is not None else {1, 2}),
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
    targets: Sequence[TargetSpan],
    annual: Mapping[str, Mapping[int, Decimal]],
    status: MeasureStatus,
    events: Sequence[charts.EventMark],
    illustrative: bool,
    spc: SpcResult | None = None,
) -> Chart:
    """Return the measure's trend chart; given its SPC, with average, limits, signals and rebases."""
    summary = trend_summary(measure, series, status)
    if spc is not None and series:
        summary = f"{summary} {spc_presenters.spc_summary(spc, has_target=status.target is not None)}."
    figure = charts.trend_figure(
        series=series,
        targets=targets,
        polarity=measure.polarity,
        annual={"council": annual.get("council", {})} if measure.unit == Unit.COUNT else annual,
        year_basis=measure.year_basis,
        events=events,
        value_suffix=value_suffix(measure.unit),
    )
    return Chart(
        id=f"chart-{measure.code}",
        title="Monthly values, average, process limits, target and benchmarks"
        if spc is not None and spc.ready
        else "Monthly values, target and benchmarks",
        summary=summary,
        figure=with_number_format(with_spc(figure, spc, value_suffix(measure.unit)), measure.decimal_places),
        table=monthly_table(measure, series, targets, spc),
        height=460,
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
    measures: Sequence[Measure], statuses: Mapping[int, analysis.MeasureStatus]
) -> dict[str, Counter[str]]:
    """Return ``{RAG label or "No RAG": Counter(direction group)}`` over the measures."""
    counts: dict[str, Counter[str]] = {rag: Counter() for rag in RAG_ROWS}
    for measure in measures:
        status = statuses[measure.id]
        rag = status.rag.label if status.rag else "No RAG"
        counts[rag][DIRECTION_GROUPS[status.travel.direction]] += 1
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
