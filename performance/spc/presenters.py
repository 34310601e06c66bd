"""Display values for SPC on the pages: icons with words, signals, commentary, golden thread.

Pure functions from ``performance.spc`` results (and a few model instances already fetched) to
plain dataclasses the templates print as they are; nothing here touches the database.
Icons follow NHS England's Making Data Count: a circle with a letter, coloured, and always a
word beside it, so the meaning never rests on colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from core.display import NO_FIGURE
from performance.judgement.commentary import Sentence
from performance.spc import (
    Assurance,
    Chart,
    PointClass,
    Segment,
    SpcPoint,
    SpcResult,
    ThreadResult,
    ThreadVerdict,
    Variation,
)

NO_SPC = "Not enough data"
Formatter = Callable[[Decimal | None], str]  # prints a value in the measure's units


@dataclass(frozen=True)
class SpcIcon:
    """An icon (``css`` picks its colour, ``letter`` is drawn in it) with its word and full label."""

    word: str
    label: str
    css: str
    letter: str


VARIATION_ICONS = {
    # variation: (word, css modifier, letter in the circle)
    Variation.COMMON_CAUSE: ("Common cause", "common", "~"),
    Variation.IMPROVEMENT_HIGH: ("Improvement", "improvement", "H"),
    Variation.IMPROVEMENT_LOW: ("Improvement", "improvement", "L"),
    Variation.CONCERN_HIGH: ("Concern", "concern", "H"),
    Variation.CONCERN_LOW: ("Concern", "concern", "L"),
    Variation.NEITHER_HIGH: ("Higher", "neither", "H"),
    Variation.NEITHER_LOW: ("Lower", "neither", "L"),
}
ASSURANCE_ICONS = {
    Assurance.CONSISTENTLY_MET: ("Consistently met", "met", "P"),
    Assurance.HIT_AND_MISS: ("Hit and miss", "hit-and-miss", "?"),
    Assurance.CONSISTENTLY_MISSED: ("Consistently missed", "missed", "F"),
}


def variation_icon(result: SpcResult | None) -> SpcIcon:
    """Return the variation icon of the latest point, or a "not enough data" one."""
    if result is None or result.variation is None:
        reason = result.reason if result is not None and result.reason else "No SPC for this measure."
        return SpcIcon(NO_SPC, reason, "spc--none", NO_FIGURE)
    word, css, letter = VARIATION_ICONS[result.variation]
    return SpcIcon(word, result.variation.label, f"spc--{css}", letter)


def assurance_icon(result: SpcResult | None, *, has_target: bool = True) -> SpcIcon:
    """Return the assurance icon; without one, say why (no target, context only, too few points)."""
    if result is not None and result.assurance is not None:
        word, css, letter = ASSURANCE_ICONS[result.assurance]
        return SpcIcon(word, result.assurance.label, f"spc--{css}", letter)
    if result is not None and not result.ready:
        return SpcIcon(NO_SPC, result.reason, "spc--none", NO_FIGURE)
    why = "No target" if not has_target else "Not judged"
    return SpcIcon(why, f"{why}: assurance needs a target and a good direction.", "spc--none", NO_FIGURE)


# What needs attention first: a concerning signal, then a target that will be missed, then one
# met by chance; the rest keep the usual order.
ATTENTION_EXPLAINED = (
    "Sorted by what needs attention: first measures whose latest month is a special cause of concern, "
    "then those whose target will be consistently missed, then those whose target is met or missed "
    "by chance, then the rest. Within each group, measures keep their usual order."
)


def attention_rank(result: SpcResult | None) -> int:
    """Return 0 for a concerning signal, 1 for a target consistently missed, 2 hit and miss, 3 else."""
    if result is None:
        return 3
    if result.variation is not None and result.variation.needs_attention:
        return 0
    return {Assurance.CONSISTENTLY_MISSED: 1, Assurance.HIT_AND_MISS: 2}.get(result.assurance, 3)


T = TypeVar("T")


def sort_by_attention(rows: Sequence[T], results: Sequence[SpcResult | None]) -> list[T]:
    """Return ``rows`` sorted by ``attention_rank`` of the matching result; ties keep their order."""
    ranked = sorted(enumerate(rows), key=lambda pair: (attention_rank(results[pair[0]]), pair[0]))
    return [row for _, row in ranked]


POINT_WORDS = {
    PointClass.COMMON_CAUSE: "Common cause",
    PointClass.IMPROVEMENT: "Improvement",
    PointClass.CONCERN: "Concern",
    PointClass.NEITHER_HIGH: "Higher",
    PointClass.NEITHER_LOW: "Lower",
}
RULE_WORDS = {
    "trend": "trend",
    "shift": "shift",
    "two_of_three": "2 of 3 near a limit",
    "beyond_limit": "beyond a limit",
}


def point_word(point: SpcPoint | None) -> str:
    """Return a month's variation in words: "Concern (shift)", "Common cause", or why it has none."""
    if point is None or point.klass is None:
        return point.excluded if point is not None and point.excluded else "Not enough data"
    word = POINT_WORDS[point.klass]
    return f"{word} ({RULE_WORDS[point.rule.value]})" if point.rule is not None else word


CHART_NAMES = {"xmr": "an XmR chart", "p": "a p-chart"}
LATEST_VERDICT = {
    Variation.COMMON_CAUSE: "shows common cause variation only, no significant change",
    Variation.IMPROVEMENT_HIGH: "is a special cause of improvement",
    Variation.IMPROVEMENT_LOW: "is a special cause of improvement",
    Variation.CONCERN_HIGH: "is a special cause of concern",
    Variation.CONCERN_LOW: "is a special cause of concern",
    Variation.NEITHER_HIGH: "is a special cause, higher (neither better nor worse)",
    Variation.NEITHER_LOW: "is a special cause, lower (neither better nor worse)",
}


def spc_summary(result: SpcResult | None, *, has_target: bool = True) -> str:
    """Return the SPC part of a chart's one-line summary, e.g. "SPC: special cause: concern ..."."""
    if result is None or not result.ready:
        return "There are too few months to judge variation" if result is None else result.reason.rstrip(".")
    latest = result.latest
    verdict = LATEST_VERDICT[result.variation] if result.variation else "cannot be judged"
    text = f"SPC on {CHART_NAMES[result.chart]}: the latest month {verdict}"
    if latest is not None and latest.rule is not None:
        text += f" ({latest.rule.label[0].lower()}{latest.rule.label[1:]})"
    if result.assurance is not None:
        text += f"; {result.assurance.label[0].lower()}{result.assurance.label[1:]}"
    elif has_target:
        text += "; no assurance verdict"
    fixed = [baseline_words(s) for s in result.segments if s.fixed]
    if fixed:
        text += "; limits fixed on " + ", then on ".join(fixed)
    rebased = [r for r in result.rebases if r.applied and r.start]
    if rebased:
        text += "; limits recalculated from " + ", ".join(f"{r.start:%B %Y}" for r in rebased if r.start)
    return text


def baseline_words(segment: Segment) -> str:
    """Return a segment's baseline as a span of months: "April 2014 to March 2015"."""
    start, end = segment.baseline_start or segment.start, segment.baseline_end or segment.end
    return f"{start:%B %Y}" if start == end else f"{start:%B %Y} to {end:%B %Y}"


P_CHART_BASIS = (
    "The p-chart's limits come from the proportion and each month's denominator, not moving ranges."
)


def limits_basis(result: SpcResult | None, period_word: str = "month") -> list[str]:
    """Return, in sentences, how the limits were set: screening, baseline and each rebase's reason.

    For a series too short for limits, one sentence saying how many more periods are needed.
    """
    if result is None:
        return []
    if not result.ready:
        more = result.points_to_come
        if not more:
            return [result.reason]
        plural = period_word if more == 1 else f"{period_word}s"
        return [
            f"Not enough {period_word}s yet: {more} more {plural} needed before process limits are drawn."
        ]
    lines = [result.moving_ranges.sentence if result.chart is Chart.XMR else P_CHART_BASIS]
    for number, segment in enumerate(result.segments):
        if segment.fixed:
            basis = f"Limits fixed on {baseline_words(segment)} ({segment.baseline_points} {period_word}s)"
        else:
            basis = f"Limits from all {segment.points} {period_word}s, {baseline_words(segment)}"
        if number:
            after = f" after {segment.label}" if segment.label else ""
            basis = f"Recalculated from {segment.start:%B %Y}{after}: {basis[0].lower()}{basis[1:]}"
        if segment.screened and result.chart is Chart.XMR:
            ranges = "range" if segment.screened == 1 else "ranges"
            basis += f"; {segment.screened} moving {ranges} screened out"
        reason = segment.reason.strip()
        if number and reason:
            basis += f". Reason: {reason}" + ("" if reason.endswith((".", "!", "?")) else ".")
        lines.append(basis if basis.endswith(".") else basis + ".")
        if segment.note:
            lines.append(segment.note)
    lines += [
        f"A rebase asked for {r.requested:%B %Y} was not applied: {r.reason}"
        for r in result.rebases
        if not r.applied
    ]
    return lines


@dataclass(frozen=True)
class SpcCells:
    """The SPC columns of one month in the data table."""

    variation: str
    average: str
    limits: str


def spc_cells(point: SpcPoint | None, fmt: Formatter) -> SpcCells:
    """Return a month's Variation, Average and Limits cells; ``fmt`` formats a value for the page."""
    if point is None or point.limits is None:
        return SpcCells(point_word(point), NO_FIGURE, NO_FIGURE)
    lim = point.limits
    return SpcCells(point_word(point), fmt(lim.mean), f"{fmt(lim.lower)} to {fmt(lim.upper)}")


@dataclass(frozen=True)
class CommentaryLine:
    text: str
    author: str
    css: str


DRAFTED_LABEL = "Drafted from the figures"
OFFICER_LABEL = "Written by an officer"


def commentary_lines(sentences: Iterable[Sentence]) -> list[CommentaryLine]:
    """Return each sentence with who wrote it; drafted text is never labelled as an officer's."""
    return [
        CommentaryLine(s.text, DRAFTED_LABEL, "author--drafted")
        if s.drafted
        else CommentaryLine(s.text, OFFICER_LABEL, "author--officer")
        for s in sentences
    ]


COMMENTARY_STATUS = {
    "approved": "Approved commentary.",
    "draft": "Commentary awaiting approval.",
    "not_saved": "Drafted from the figures; no officer has edited or approved it yet.",
}


@dataclass(frozen=True)
class ThreadRow:
    """One action and measure of the golden thread, with the verdict in words."""

    code: str
    title: str
    completed: str
    verdict: str
    css: str
    detail: str


THREAD_CSS = {
    ThreadVerdict.IMPROVEMENT: "spc--improvement",
    ThreadVerdict.CONCERN: "spc--concern",
    ThreadVerdict.HIGHER: "spc--neither",
    ThreadVerdict.LOWER: "spc--neither",
}


def thread_detail(result: ThreadResult, fmt: Formatter) -> str:
    """Return the small print of a verdict: the signal's month, the baseline and months after."""
    parts = []
    if result.signal_period is not None:
        parts.append(f"latest signal in {result.signal_period:%B %Y}")
    if result.baseline_mean is not None:
        parts.append(f"average before completion {fmt(result.baseline_mean)}")
    if result.verdict is not ThreadVerdict.NOT_COMPLETE:
        parts.append(f"{result.points_after} month{'s' if result.points_after != 1 else ''} since")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def thread_row(code: str, title: str, completed: str, result: ThreadResult, fmt: Formatter) -> ThreadRow:
    """Return a golden-thread row: ``code``/``title`` name the other end (a measure or an action)."""
    return ThreadRow(
        code=code,
        title=title,
        completed=completed,
        verdict=result.verdict.label,
        css=THREAD_CSS.get(result.verdict, "spc--none"),
        detail=thread_detail(result, fmt),
    )


def action_thread_rows(
    action: Any,
    measures: Iterable[Any],
    verdicts: Mapping[tuple[int, int], ThreadResult],
    formatter: Callable[[Any], Formatter],
) -> list[ThreadRow]:
    """Return the golden-thread rows of an action page: one per measure it names that has a verdict.

    ``verdicts`` is ``spc_selectors.golden_thread``'s answer; ``formatter(measure)`` returns the
    function that prints that measure's values.
    """
    completed = f"{action.completed_on:%B %Y}" if action.completed_on else ""
    rows = []
    for measure in measures:
        result = verdicts.get((action.pk, measure.pk))
        if result is not None:
            rows.append(thread_row(measure.code, measure.name, completed, result, formatter(measure)))
    return rows


@dataclass(frozen=True)
class SignalCounts:
    """How many measures' latest month is a concern, an improvement, or a neutral signal."""

    concern: int
    improvement: int
    neither: int
    common: int
    unjudged: int

    @property
    def total(self) -> int:
        return self.concern + self.improvement + self.neither + self.common + self.unjudged


def signal_counts(results: Mapping[int, SpcResult] | Iterable[SpcResult]) -> SignalCounts:
    """Return the count of each kind of latest-month variation across ``results``."""
    found = list(results.values()) if isinstance(results, Mapping) else list(results)
    kinds = [r.variation for r in found]
    concern = sum(1 for v in kinds if v in (Variation.CONCERN_HIGH, Variation.CONCERN_LOW))
    improvement = sum(1 for v in kinds if v in (Variation.IMPROVEMENT_HIGH, Variation.IMPROVEMENT_LOW))
    neither = sum(1 for v in kinds if v in (Variation.NEITHER_HIGH, Variation.NEITHER_LOW))
    common = sum(1 for v in kinds if v is Variation.COMMON_CAUSE)
    return SignalCounts(
        concern, improvement, neither, common, len(kinds) - concern - improvement - neither - common
    )
