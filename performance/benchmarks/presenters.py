"""Display values for the statistical neighbours: who they are and how many each average covers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from core.display import Table
from performance.benchmarks.areas import LIST_SOURCE


def coverage_label(averaged: Sequence[str], neighbours: Mapping[str, str]) -> str:
    """Return how much of the neighbour list an average covers: "average of 8 of 10 neighbours".

    An average loaded before the codes it covered were recorded says only that it is an average.
    """
    if not averaged:
        return "average (which neighbours it covers is not recorded)"
    covered = sum(1 for code in averaged if code in neighbours)
    return f"average of {covered} of {len(neighbours)} neighbours"


@dataclass(frozen=True)
class NeighboursNote:
    names: str
    source: str
    coverage: Table


def neighbours_note(
    averaged: Mapping[int, Sequence[str]],
    neighbours: Mapping[str, str],
    year_label: Callable[[int], str],
) -> NeighboursNote:
    """Return the note beside the annual figures: the neighbours by name, where the list comes
    from, and for each year which of them the average covers and which have no figure."""
    rows = []
    for year in sorted(averaged, reverse=True):
        codes = averaged[year]
        missing = [name for code, name in neighbours.items() if codes and code not in codes]
        rows.append(
            [
                year_label(year),
                coverage_label(codes, neighbours).capitalize(),
                ", ".join(missing) if missing else ("None" if codes else "Not recorded"),
            ]
        )
    return NeighboursNote(
        names=", ".join(neighbours.values()),
        source=LIST_SOURCE,
        coverage=Table(
            caption="Statistical neighbours: how many of them each year's average covers",
            headers=["Year", "Average", "Neighbours with no published figure"],
            rows=rows,
        ),
    )
