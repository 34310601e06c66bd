"""Display values for the options appraisal page (no database access)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from core.choices import ILLUSTRATIVE_PROVENANCES, Provenance
from core.display import NO_FIGURE, Chart, Table
from options import analysis
from options.charts import weighted_score_figure
from options.models import Criterion, Score

if TYPE_CHECKING:
    from options.selectors import OptionWithTotal


def fmt(value: Decimal | None) -> str:
    """Return a score or weight without trailing zeros: 3, 2.5, 82."""
    if value is None:
        return NO_FIGURE
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class RankedOption:
    rank: int
    name: str
    description: str
    total: str
    published: str
    matches: bool | None
    acceptability: str


@dataclass(frozen=True)
class SensitivityRow:
    criterion: str
    weight: str
    result: str


@dataclass(frozen=True)
class AppraisalPage:
    ranked: list[RankedOption]
    chart: Chart
    criteria: Table
    acceptability: list[tuple[int, str]]
    acceptability_illustrative: bool
    sensitivity: list[SensitivityRow]
    sensitivity_summary: str
    leader: str
    runner_up: str
    published_items: list[str]
    reconstructed_items: list[str]
    all_match: bool


def _illustrative(provenances: set[str]) -> bool:
    return bool(provenances & ILLUSTRATIVE_PROVENANCES)


def sensitivity_text(item: analysis.WeightSensitivity) -> str:
    if not item.swaps or item.change is None or item.tie_weight is None:
        return "No change of this weight swaps them."
    verb = "rises" if item.change > 0 else "falls"
    text = f"They tie when the weight {verb} to {item.tie_weight:.2f} ({item.change:+.2f}"
    if item.relative_change is not None:
        text += f", {item.relative_change:+.0%}"
    return text + "); beyond that the order swaps."


def appraisal_page(
    options: Sequence[OptionWithTotal], criteria: Sequence[Criterion], scores: dict[int, dict[int, Score]]
) -> AppraisalPage:
    """Return the page's content from options (ranked, with ``total``), criteria and scores."""
    weights = {c.code: c.weight for c in criteria}
    matrix = {
        o.code: {c.code: scores.get(o.id, {})[c.id].score for c in criteria if c.id in scores.get(o.id, {})}
        for o in options
    }
    parts = analysis.contributions(matrix, weights)
    totals = {o.code: o.total for o in options}
    ranked = [
        RankedOption(
            rank=i,
            name=o.name,
            description=o.description,
            total=fmt(o.total),
            published=fmt(Decimal(o.published_total)) if o.published_total is not None else "Not published",
            matches=None if o.published_total is None else Decimal(o.published_total) == o.total,
            acceptability=str(o.acceptability_rank) if o.acceptability_rank else NO_FIGURE,
        )
        for i, o in enumerate(options, 1)
    ]
    criterion_pairs = [(c.code, c.name) for c in criteria]
    table_rows = [[o.name] + [fmt(parts[o.code][c.code]) for c in criteria] + [fmt(o.total)] for o in options]
    score_provenances = {s.provenance for by in scores.values() for s in by.values()}
    chart = Chart(
        id="chart-weighted-scores",
        title="Weighted score of each option, by criterion",
        summary=_chart_summary(options),
        figure=weighted_score_figure(
            options=[(o.code, o.name) for o in options], criteria=criterion_pairs, parts=parts, totals=totals
        ),
        table=Table(
            caption="Weighted score (weight \u00d7 score) of each option on each criterion",
            headers=["Option"] + [c.name for c in criteria] + ["Total"],
            rows=table_rows,
            numeric=frozenset(range(1, len(criteria) + 2)),
        ),
        height=120 + 60 * len(options),
        illustrative=_illustrative(score_provenances),
    )
    criteria_table = Table(
        caption="Criteria and their weights",
        headers=["Criterion", "Weight", "What it judges", "Source"],
        rows=[[c.name, fmt(c.weight), c.description, Provenance(c.provenance).label] for c in criteria],
        numeric=frozenset({1}),
    )
    by_acceptability = sorted(
        (o for o in options if o.acceptability_rank), key=lambda o: o.acceptability_rank or 0
    )
    rows, summary, leader, runner_up = [], "", "", ""
    if len(options) >= 2 and criteria:
        first, second = options[0], options[1]
        leader, runner_up = first.name, second.name
        results = analysis.sensitivity(matrix, weights, first.code, second.code)
        names = {c.code: c.name for c in criteria}
        rows = [SensitivityRow(names[r.criterion], fmt(r.weight), sensitivity_text(r)) for r in results]
        summary = _sensitivity_summary(results, names, first.name, second.name)
    published = [
        "The five options and their total scores"
        if any(o.published_total is not None for o in options)
        else ""
    ]
    reconstructed = []
    if _illustrative({c.provenance for c in criteria}):
        reconstructed.append("The criteria and their weights")
    if _illustrative(score_provenances):
        reconstructed.append("Each option's score on each criterion")
    acceptability_illustrative = _illustrative({o.acceptability_provenance for o in options})
    if acceptability_illustrative:
        reconstructed.append("The acceptability ranking")
    return AppraisalPage(
        ranked=ranked,
        chart=chart,
        criteria=criteria_table,
        acceptability=[(o.acceptability_rank or 0, o.name) for o in by_acceptability],
        acceptability_illustrative=acceptability_illustrative,
        sensitivity=rows,
        sensitivity_summary=summary,
        leader=leader,
        runner_up=runner_up,
        published_items=[p for p in published if p],
        reconstructed_items=reconstructed,
        all_match=all(r.matches is not False for r in ranked),
    )


def _chart_summary(options: Sequence[OptionWithTotal]) -> str:
    if not options:
        return "No options have been appraised."
    ordered = ", ".join(f"{o.name} ({fmt(o.total)})" for o in options)
    return f"Ranked by weighted total, highest first: {ordered}."


def _sensitivity_summary(
    results: Sequence[analysis.WeightSensitivity], names: dict[str, str], leader: str, runner_up: str
) -> str:
    swapping = [r for r in results if r.swaps and r.change is not None]
    if not swapping:
        return f"No change to any single weight puts {runner_up} ahead of {leader}."
    nearest = min(swapping, key=lambda r: abs(r.change or Decimal(0)))
    return (
        f"{leader} stays ahead of {runner_up} unless a single weight moves a long way: the smallest move "
        f"is {names[nearest.criterion]}, from {fmt(nearest.weight)} to {nearest.tie_weight:.2f}; "
        f"{len(results) - len(swapping)} of {len(results)} weights cannot swap them at all."
    )
