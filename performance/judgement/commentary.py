"""Commentary drafted in plain English from a measure's judgement, by fixed templates.

Pure functions: the same judgement always gives the same sentences, and every fact a sentence
states is a field of the judgement (``performance.judgement.judgement``), printed with the same
rounding, so a sentence can never contradict a badge. Where two verdicts look at odds (the
target met while the process is a concern), one sentence says why both hold. Each sentence
carries a key (what it is about) and ``drafted=True``; only an officer's edit (see
``performance.judgement.services``) makes a sentence ``drafted=False``, so drafted text is never
shown as an officer's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from performance.judgement.basis import WORKFORCE, shown, year_words
from performance.judgement.judgement import MET, MISSED, Comparison, Judgement
from performance.spc import Assurance, PointClass, Rule, polarity_sign

DRAFTED_NOTE = "Drafted automatically from the figures"
OFFICER_NOTE = "Written by an officer"
KEYS = (
    "latest",
    "rolling",
    "target",
    "england",
    "neighbours",
    "variation",
    "assurance",
    "tension",
    "rebase",
    "illustrative",
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of commentary; ``drafted`` is False only for an officer's own words."""

    key: str
    text: str
    drafted: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "text": self.text, "drafted": self.drafted}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sentence:
        return cls(key=str(data["key"]), text=str(data["text"]), drafted=bool(data["drafted"]))


def _number(value: Decimal, places: int) -> str:
    return f"{shown(value, places):,.{places}f}"


def format_value(value: Decimal, unit: str, places: int) -> str:
    """Return ``value`` as a councillor reads it: "19.3%", "64.0 per 10,000 children", "1,234"."""
    if unit == "count":
        return _number(value, 0 if value == value.to_integral_value() else places)
    text = _number(value, places)
    return {
        "percentage": f"{text}%",
        "rate_per_10k": f"{text} per 10,000 children",
        "days": f"{text} days",
    }.get(unit, text)


def format_difference(difference: Decimal, unit: str, places: int) -> str:
    """Return the size of a gap between two figures: "2.1 percentage points", "3 days"..."""
    size = abs(difference)
    if unit == "percentage":
        return f"{_number(size, places)} percentage points"
    return format_value(size, unit, places)


def ordinal(number: int) -> str:
    """Return 1st, 2nd, 3rd, 4th... 11th, 12th, 13th... 21st."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _fmt(j: Judgement, value: Decimal) -> str:
    return format_value(value, j.unit, j.places)


def _latest(j: Judgement, word: str) -> str | None:
    return f"The latest figure, for {j.period:%B %Y}, is {_fmt(j, j.value)}."


def _rolling(j: Judgement, word: str) -> str | None:
    if j.comparable is None or not j.comparable.rolling:
        return None
    return (
        f"Over the {j.comparable.label}, the figure comparable with the published year, it is"
        f" {_fmt(j, j.comparable.value)}."
    )


def _target(j: Judgement, word: str) -> str | None:
    target = j.target
    if target is None:
        return None
    goal = _fmt(j, target.value)
    if target.basis == "year":
        subject, kind = f"The figure for the {target.figure_label}", "yearly target"
    else:
        subject, kind = "This", "target"
    if target.standing == MET:
        return f"{subject} meets the {kind} of {goal}."
    gap = format_difference(target.gap, j.unit, j.places)
    if target.standing == MISSED:
        return f"{subject} misses the {kind} of {goal} by {gap}."
    side = "below" if polarity_sign(j.polarity) > 0 else "above"
    tolerance = format_difference(target.tolerance, j.unit, j.places)
    return f"{subject} is {gap} {side} the {kind} of {goal}, within the tolerance of {tolerance}."


VERDICT_WORDS = {
    "better": "better than",
    "worse": "worse than",
    "same": "the same as",
    "higher": "higher than",
    "lower": "lower than",
}


def _comparison(j: Judgement, comparison: Comparison, whose: str) -> str | None:
    if comparison.verdict not in VERDICT_WORDS or comparison.year is None:
        return None
    when = year_words(comparison.year, j.year_basis)
    opening = f"At {when}" if j.year_basis == WORKFORCE else f"In {when}"
    council, other = _fmt(j, comparison.council), _fmt(j, comparison.other)
    return f"{opening}, the council's {council} was {VERDICT_WORDS[comparison.verdict]} {whose} {other}."


def _england(j: Judgement, word: str) -> str | None:
    if j.england.verdict == "not_compared":
        return "A count is not compared with England or the neighbours: the areas differ in size."
    return _comparison(j, j.england, "England's")


def _neighbours(j: Judgement, word: str) -> str | None:
    return _comparison(j, j.neighbours, "its statistical neighbours' average of")


_MEANING = {PointClass.IMPROVEMENT: ", and an improvement", PointClass.CONCERN: ", and a concern"}


def _variation(j: Judgement, word: str) -> str | None:
    if not j.spc_min_points:
        return None
    if not j.spc_ready:
        return (
            f"There are only {j.spc_points} {word}s of figures so far: at least {j.spc_min_points} are"
            " needed to tell a real change from the usual ups and downs."
        )
    point = j.point
    if point is None or point.rule is None or point.limits is None:
        return "This is within the usual range: no sign of real change."
    meaning = _MEANING.get(point.klass, "") if point.klass else ""
    high = point.direction > 0
    if point.rule is Rule.TREND:
        step = "rise" if high else "fall"
        return f"This is the {ordinal(point.trend - 1)} {step} in a row: a real trend, not chance{meaning}."
    if point.rule is Rule.SHIFT:
        side = "above" if high else "below"
        return (
            f"This is the {ordinal(point.run)} {word} in a row {side} the average:"
            f" a real shift, not chance{meaning}."
        )
    limit_name = "upper" if high else "lower"
    if point.rule is Rule.TWO_OF_THREE:
        how_many = "All 3" if j.close_to_limit == 3 else f"{j.close_to_limit}"
        return (
            f"{how_many} of the last 3 {word}s are close to the {limit_name} process limit:"
            f" unlikely to be chance{meaning}."
        )
    limit = _fmt(j, point.limits.upper if high else point.limits.lower)
    return (
        f"This is {'above' if high else 'below'} the {limit_name} process limit of {limit}:"
        f" too {'high' if high else 'low'} to be chance{meaning}."
    )


def _assurance(j: Judgement, word: str) -> str | None:
    if j.assurance is None:
        if j.assurance_reason.startswith("Not judged"):
            return (
                "Whether the process will meet the target is not judged: the target is for the year,"
                f" and a {word} is a twelfth of it."
            )
        return None
    return {
        Assurance.CONSISTENTLY_MET: (
            f"The target lies outside the process limits, on the good side: it will be met every {word}"
            " unless something changes."
        ),
        Assurance.CONSISTENTLY_MISSED: (
            f"The target lies outside the process limits, on the wrong side: it will be missed every {word}"
            " unless the way the service works changes."
        ),
        Assurance.HIT_AND_MISS: (
            f"The target lies within the process limits: it will be met in some {word}s and missed in others,"
            " by chance."
        ),
    }[j.assurance]


def _tension(j: Judgement, word: str) -> str | None:
    return {
        "met_but_consistently_missed": (
            f"Both hold: this {word} meets the target, but the process limits lie on the wrong side of it,"
            f" so a usual {word}, as the service now runs, would miss it."
        ),
        "missed_but_consistently_met": (
            f"Both hold: this {word} misses the target, but the process limits lie on the good side of it,"
            f" so a usual {word}, as the service now runs, would meet it."
        ),
        "met_but_concern": (
            "Both hold: the target is met, but the figure has moved the wrong way by more than chance"
            " would explain, so it is a concern even while the target is met."
        ),
        "missed_but_improvement": (
            "Both hold: the target is missed, but the figure has moved the right way by more than chance"
            " would explain, so it is an improvement even while the target is missed."
        ),
    }.get(j.tension or "")


def _rebase(j: Judgement, word: str) -> str | None:
    if j.rebased_from is None:
        return None
    why = f" ({j.rebase_label})" if j.rebase_label else ""
    return f"The average and limits were recalculated from {j.rebased_from:%B %Y}{why}."


def _illustrative(j: Judgement, word: str) -> str | None:
    if not j.illustrative:
        return None
    return f"These {word}ly figures are illustrative: reconstructed, not the council's own."


_TEMPLATES = {
    "latest": _latest,
    "rolling": _rolling,
    "target": _target,
    "england": _england,
    "neighbours": _neighbours,
    "variation": _variation,
    "assurance": _assurance,
    "tension": _tension,
    "rebase": _rebase,
    "illustrative": _illustrative,
}


def tension_sentence(judgement: Judgement, period_word: str = "month") -> str:
    """Return the sentence that says why two verdicts that look at odds both hold, or ""."""
    return _tension(judgement, period_word) or ""


def draft(judgement: Judgement, period_word: str = "month") -> list[Sentence]:
    """Return the drafted sentences for ``judgement``, in a fixed order, each ``drafted=True``.

    ``period_word`` names the measure's period: "month", "quarter" or "year".
    """
    sentences = []
    for key in KEYS:
        text = _TEMPLATES[key](judgement, period_word)
        if text:
            sentences.append(Sentence(key=key, text=text))
    return sentences
