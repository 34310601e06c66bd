"""Weighted totals, ranking and weight sensitivity of an options appraisal: pure functions.

A total is the weighted sum of an option's scores: sum over criteria of weight x score.
Changing one criterion's weight by ``d`` changes the gap between two options by
``d x (difference of their scores on that criterion)``, so the weight at which the leading
two options tie can be solved exactly. Weights stay at zero or above.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

Scores = Mapping[str, Mapping[str, Decimal]]  # option code -> criterion code -> score


def contributions(scores: Scores, weights: Mapping[str, Decimal]) -> dict[str, dict[str, Decimal]]:
    """Return each option's weighted score per criterion (weight x score; a missing score is 0)."""
    return {
        option: {
            criterion: weight * by_criterion.get(criterion, Decimal(0))
            for criterion, weight in weights.items()
        }
        for option, by_criterion in scores.items()
    }


def totals(scores: Scores, weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Return each option's total: the sum of its weighted scores."""
    return {
        option: sum(parts.values(), Decimal(0)) for option, parts in contributions(scores, weights).items()
    }


def ranking(totals_by_option: Mapping[str, Decimal], order: Sequence[str] = ()) -> list[str]:
    """Return option codes by total, highest first; ties keep ``order`` (then code) as the tie-break."""
    position = {code: i for i, code in enumerate(order)}
    return sorted(totals_by_option, key=lambda c: (-totals_by_option[c], position.get(c, len(position)), c))


@dataclass(frozen=True)
class WeightSensitivity:
    """How far one criterion's weight must move before the leading two options swap places.

    ``tie_weight`` is the weight at which the two would tie; ``change`` is ``tie_weight``
    minus the current weight (negative: the weight must fall). Both are None when no weight
    of zero or more makes them tie, and the ranking holds whatever this weight is.
    """

    criterion: str
    weight: Decimal
    tie_weight: Decimal | None
    change: Decimal | None

    @property
    def swaps(self) -> bool:
        return self.change is not None

    @property
    def direction(self) -> str:
        """Return "up", "down" or "none": which way the weight must move for the swap."""
        if self.change is None:
            return "none"
        return "up" if self.change > 0 else "down"

    @property
    def relative_change(self) -> Decimal | None:
        """Return the change as a fraction of the current weight (None for a zero weight or no swap)."""
        if self.change is None or self.weight == 0:
            return None
        return self.change / self.weight


def sensitivity(
    scores: Scores, weights: Mapping[str, Decimal], leader: str, runner_up: str
) -> list[WeightSensitivity]:
    """Return, for each criterion, the weight at which ``leader`` and ``runner_up`` would tie.

    With every other weight fixed, the gap ``leader - runner_up`` is ``gap + d x s`` where ``s``
    is the leader's score minus the runner-up's on the criterion and ``d`` the change of its
    weight. It reaches zero at ``d = -gap / s``; beyond that the runner-up leads. A criterion
    on which both score the same (``s = 0``) can never swap them, nor can one whose tie weight
    would be below zero. If the two already tie, the change is zero when ``s != 0``.
    """
    total = totals(scores, weights)
    gap = total[leader] - total[runner_up]
    results = []
    for criterion, weight in weights.items():
        difference = scores[leader].get(criterion, Decimal(0)) - scores[runner_up].get(criterion, Decimal(0))
        if difference == 0:
            results.append(WeightSensitivity(criterion, weight, None, None))
            continue
        change = -gap / difference
        tie_weight = weight + change
        if tie_weight < 0:
            results.append(WeightSensitivity(criterion, weight, None, None))
        else:
            results.append(WeightSensitivity(criterion, weight, tie_weight, change))
    return results
