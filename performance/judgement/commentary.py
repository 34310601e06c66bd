"""Commentary drafted in plain English from a measure's facts, by fixed templates.

Pure functions: the same facts always give the same sentences. Each sentence carries a key
(what it is about) and ``drafted=True``; only an officer's edit (see commentary_services) makes
a sentence ``drafted=False``, so drafted text is never shown as an officer's words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from performance.spc import Assurance, PointClass, Rule, SpcResult, polarity_sign

DRAFTED_NOTE = "Drafted automatically from the figures"
OFFICER_NOTE = "Written by an officer"
KEYS = ("latest", "target", "england", "variation", "assurance", "rebase", "illustrative")


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


@dataclass(frozen=True)
class CommentaryFacts:
    """What the templates need. ``unit`` and ``polarity`` take the Measure's choice values."""

    unit: str
    polarity: str
    decimal_places: int
    period: dt.date
    value: Decimal
    target: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    england: Decimal | None = None
    england_label: str = ""
    spc: SpcResult | None = None
    illustrative: bool = False
    period_word: str = "month"


def _rounded(value: Decimal, places: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _number(value: Decimal, places: int) -> str:
    return f"{_rounded(value, places):,.{places}f}"


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


def target_standing(value: Decimal, target: Decimal, tolerance: Decimal, polarity: str) -> str:
    """Return "met", "within_tolerance" or "missed" (compare values already rounded for display)."""
    shortfall = (target - value) * polarity_sign(polarity)
    if shortfall <= 0:
        return "met"
    return "within_tolerance" if shortfall <= tolerance else "missed"


def _latest(facts: CommentaryFacts) -> str:
    shown = format_value(facts.value, facts.unit, facts.decimal_places)
    return f"The latest figure, for {facts.period:%B %Y}, is {shown}."


def _target(facts: CommentaryFacts) -> str | None:
    if facts.target is None or polarity_sign(facts.polarity) == 0:
        return None
    places = facts.decimal_places
    value, target = _rounded(facts.value, places), _rounded(facts.target, places)
    shown = format_value(target, facts.unit, places)
    standing = target_standing(value, target, facts.tolerance, facts.polarity)
    if standing == "met":
        return f"This meets the target of {shown}."
    gap = format_difference(value - target, facts.unit, places)
    if standing == "missed":
        return f"This misses the target of {shown} by {gap}."
    side = "below" if polarity_sign(facts.polarity) > 0 else "above"
    tolerance = format_difference(facts.tolerance, facts.unit, places)
    return f"This is {gap} {side} the target of {shown}, within the tolerance of {tolerance}."


def _england(facts: CommentaryFacts) -> str | None:
    if facts.england is None:
        return None
    places = facts.decimal_places
    value, england = _rounded(facts.value, places), _rounded(facts.england, places)
    shown = format_value(england, facts.unit, places)
    when = f" for {facts.england_label}" if facts.england_label else ""
    sign = polarity_sign(facts.polarity)
    if value == england:
        verdict = "the same as"
    elif sign == 0:
        verdict = "higher than" if value > england else "lower than"
    else:
        verdict = "better than" if (value - england) * sign > 0 else "worse than"
    return f"This is {verdict} England's figure of {shown}{when}."


_MEANING = {PointClass.IMPROVEMENT: ", and an improvement", PointClass.CONCERN: ", and a concern"}


def _variation(facts: CommentaryFacts) -> str | None:
    spc, word = facts.spc, facts.period_word
    if spc is None:
        return None
    if not spc.ready:
        count = sum(1 for p in spc.points if p.value is not None)
        return (
            f"There are only {count} {word}s of figures so far: at least {spc.min_points} are needed"
            " to tell a real change from the usual ups and downs."
        )
    point = spc.latest
    if point is None or point.rule is None or point.limits is None:
        return "This is within the usual range: no sign of real change."
    meaning = _MEANING.get(point.klass, "")
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
        recent = [p for p in spc.points if p.limits is not None][-3:]
        close = sum(1 for p in recent if dict(p.rules).get(Rule.TWO_OF_THREE) == point.direction)
        how_many = "All 3" if close == 3 else f"{close}"
        return (
            f"{how_many} of the last 3 {word}s are close to the {limit_name} process limit:"
            f" unlikely to be chance{meaning}."
        )
    limit = format_value(point.limits.upper if high else point.limits.lower, facts.unit, facts.decimal_places)
    return (
        f"This is {'above' if high else 'below'} the {limit_name} process limit of {limit}:"
        f" too {'high' if high else 'low'} to be chance{meaning}."
    )


def _assurance(facts: CommentaryFacts) -> str | None:
    spc, word = facts.spc, facts.period_word
    if spc is None or spc.assurance is None:
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
    }[spc.assurance]


def _rebase(facts: CommentaryFacts) -> str | None:
    applied = [r for r in facts.spc.rebases if r.applied] if facts.spc else []
    if not applied or applied[-1].start is None:
        return None
    last = applied[-1]
    why = f" ({last.label})" if last.label else ""
    return f"The average and limits were recalculated from {last.start:%B %Y}{why}."


def _illustrative(facts: CommentaryFacts) -> str | None:
    if not facts.illustrative:
        return None
    return f"These {facts.period_word}ly figures are illustrative: reconstructed, not the council's own."


_TEMPLATES = {
    "latest": _latest,
    "target": _target,
    "england": _england,
    "variation": _variation,
    "assurance": _assurance,
    "rebase": _rebase,
    "illustrative": _illustrative,
}


def draft(facts: CommentaryFacts) -> list[Sentence]:
    """Return the drafted sentences for ``facts``, in a fixed order, each ``drafted=True``."""
    sentences = []
    for key in KEYS:
        text = _TEMPLATES[key](facts)
        if text:
            sentences.append(Sentence(key=key, text=text))
    return sentences
