"""Read the claims back out of drafted sentences, to check them against the judgement and badges."""

from __future__ import annotations

import re

from core.choices import Rag
from performance.judgement.commentary import Sentence, format_value
from performance.judgement.judgement import MET, MISSED, WITHIN_TOLERANCE, Judgement
from performance.measures.presenters import VERDICT_LABELS, ScorecardRow
from performance.measures.presenters import format_value as page_value
from performance.spc import Assurance, PointClass, Rule

TARGET = re.compile(r"(meets|misses) the (?:yearly )?target of (.+?)(?: by .+)?\.$")
WITHIN = re.compile(r" is .+ (?:below|above) the (?:yearly )?target of (.+?), within the tolerance")
COMPARED = re.compile(
    r"^(?:In the year to 31 March|At 30 September) (\d{4}), the council's (.+) was "
    r"(better than|worse than|the same as|higher than|lower than) (?:England's|its statistical "
    r"neighbours' average of) (.+)\.$"
)
WORDS = {"better than": "better", "worse than": "worse", "the same as": "same", "higher than": "higher"}
WORDS["lower than"] = "lower"
RUN = re.compile(r"the (\d+)(?:st|nd|rd|th) (?:month|quarter|year) in a row (above|below) the average")
LIMIT = re.compile(r"(above|below) the (upper|lower) process limit of (.+?):")
RAG_OF = {MET: Rag.GREEN, WITHIN_TOLERANCE: Rag.AMBER, MISSED: Rag.RED}


def check(sentences: list[Sentence], j: Judgement, row: ScorecardRow) -> int:
    """Assert every claim of ``sentences`` equals ``j``'s fields and ``row``'s badges; return how
    many claims were checked."""
    fmt = lambda v: format_value(v, j.unit, j.places)  # noqa: E731
    by_key = {s.key: s.text for s in sentences}
    checked = 0
    target = by_key.get("target")
    if target is not None:
        met = TARGET.search(target)
        within = WITHIN.search(target)
        standing = (MET if met.group(1) == "meets" else MISSED) if met else WITHIN_TOLERANCE
        assert met or within, target
        shown = met.group(2) if met else within.group(1)
        assert j.target is not None, target
        assert standing == j.target.standing, (target, j.target)
        assert shown == fmt(j.target.value), (shown, target)
        assert row.rag.text == RAG_OF[standing].label, (target, row.rag)
        checked += 1
    else:
        assert j.target is None, j
        assert row.rag.text.startswith("No RAG"), row.rag
    for key, comparison, cell in (
        ("england", j.england, row.england),
        ("neighbours", j.neighbours, row.neighbours),
    ):
        text = by_key.get(key, "")
        found = COMPARED.match(text)
        if not found:
            assert comparison.verdict in ("unknown", "not_compared"), (text, comparison)
            assert cell.verdict.text in ("Not known", "Not compared"), cell
            continue
        year, council, verdict, other = found.groups()
        assert int(year) == comparison.year, (text, comparison)
        assert WORDS[verdict] == comparison.verdict, (text, comparison)
        assert (council, other) == (fmt(comparison.council), fmt(comparison.other)), text
        assert cell.verdict.text == VERDICT_LABELS[comparison.verdict], (text, cell)
        ours, theirs = (page_value(v, j.unit, j.places) for v in (comparison.council, comparison.other))
        pair = f"{ours} against {theirs}"
        assert cell.detail.startswith(pair), (cell, pair)
        assert str(comparison.year) in cell.detail, (cell, pair)
        checked += 1
    variation = by_key.get("variation", "")
    point = j.point
    run = RUN.search(variation)
    if run:
        assert point.rule is Rule.SHIFT, (variation, point)
        assert int(run.group(1)) == point.run, (variation, point)
        assert (run.group(2) == "above") == (point.direction > 0)
        checked += 1
    limit = LIMIT.search(variation)
    if limit:
        high = limit.group(1) == "above"
        assert point.rule is Rule.BEYOND_LIMIT, (variation, point)
        assert (point.direction > 0) == high, (variation, point)
        assert limit.group(3) == fmt(point.limits.upper if high else point.limits.lower)
        checked += 1
    if variation.endswith("and an improvement."):
        assert point.klass is PointClass.IMPROVEMENT
        assert row.variation.word == "Improvement"
    if variation.endswith("and a concern."):
        assert point.klass is PointClass.CONCERN
        assert row.variation.word == "Concern"
    assurance = by_key.get("assurance", "")
    expected = {
        "will be met every": Assurance.CONSISTENTLY_MET,
        "will be missed every": Assurance.CONSISTENTLY_MISSED,
        "met in some": Assurance.HIT_AND_MISS,
    }
    said = next((a for phrase, a in expected.items() if phrase in assurance), None)
    assert said == j.assurance, (assurance, j.assurance)
    if said is not None:
        assert row.assurance.label == said.label
        checked += 1
    assert ("tension" in by_key) == (j.tension is not None), (by_key, j.tension)
    assert row.tension == by_key.get("tension", "")
    return checked
