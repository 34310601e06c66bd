"""How many illustrative figures a pack prints, counted from its snapshot, place by place.

The PDF and the Word file print the same figures in the same places: the measure's facts line and
the scorecard (latest value, target), the monthly values appendix (value, target), the overview
table, and the appraisal's totals, acceptability ranks, weighted scores and weights.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

MARK = "\N{DAGGER}"
MARKED_FIGURE = re.compile(r"(?:\d|%|\))" + MARK)


def _numeric_cells(table: Mapping[str, Any]) -> int:
    return sum(1 for row in table["rows"] for i, _cell in enumerate(row) if i in set(table["numeric"]))


def expected_marks(pack: Mapping[str, Any]) -> int:
    """Return how many figures the pack must print with the illustrative mark."""
    count = 0
    measures = pack["measures"]
    for m in measures:
        latest, target = m["latest"], m["target"]
        count += 2 * bool(latest and latest.get("illustrative") and not latest.get("suppressed"))
        count += 2 * bool(target and target.get("illustrative"))
        for v in m["values"]:
            count += bool(v["illustrative"] and not v["suppressed"])
            count += bool(v["target_display"] and v["target_illustrative"])
    if pack.get("overview") and any(m["illustrative"] for m in measures):
        count += _numeric_cells(pack["overview"]["table"])
    options = pack.get("options")
    if options:
        if options["scores_illustrative"]:
            count += len(options["ranked"]) + _numeric_cells(options["chart"]["table"])
        if options["acceptability_illustrative"]:
            count += sum(1 for r in options["ranked"] if r["acceptability"].isdigit())
        if options["criteria_illustrative"]:
            count += _numeric_cells(options["criteria"])
    return count


def marked_figures(text: str) -> int:
    """Return how many figures in ``text`` carry the illustrative mark."""
    return len(MARKED_FIGURE.findall(text))
