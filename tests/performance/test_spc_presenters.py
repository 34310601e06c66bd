"""SPC presenters and the chart's SPC layer: pure functions, tested without a database."""

import datetime as dt
from decimal import Decimal as D

import plotly.graph_objects as go
import pytest

from core.display import NO_FIGURE
from performance.judgement.commentary import Sentence
from performance.measures.charts import trend_figure
from performance.spc import (
    Assurance,
    Observation,
    RebaseAt,
    SpcResult,
    ThreadResult,
    ThreadVerdict,
    Variation,
    analyse,
)
from performance.spc.charts import with_spc
from performance.spc.presenters import (
    ATTENTION_EXPLAINED,
    DRAFTED_LABEL,
    OFFICER_LABEL,
    assurance_icon,
    attention_rank,
    commentary_lines,
    limits_basis,
    point_word,
    signal_counts,
    sort_by_attention,
    spc_cells,
    spc_summary,
    thread_row,
    variation_icon,
)


def months(n: int, start: dt.date = dt.date(2014, 4, 1)) -> list[dt.date]:
    return [
        dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1) for i in range(n)
    ]


# 12 months wobbling round 20, then 12 round 30: a shift, and (rebased at month 13) a step.
WOBBLE = [20, 21, 19, 20, 22, 18, 20, 21, 19, 20, 21, 19]
STEPPED = [Observation(p, D(v)) for p, v in zip(months(24), WOBBLE + [v + 10 for v in WOBBLE], strict=True)]
REBASE = RebaseAt(on=dt.date(2015, 4, 1), label="New operating model launched")


def fmt(value):
    return NO_FIGURE if value is None else f"{value:.1f}"


def result(variation=None, assurance=None, reason="") -> SpcResult:
    return SpcResult(chart="xmr", points=(), variation=variation, assurance=assurance, reason=reason)


@pytest.mark.parametrize(
    ("variation", "word", "css", "letter"),
    [
        (Variation.COMMON_CAUSE, "Common cause", "spc--common", "~"),
        (Variation.IMPROVEMENT_HIGH, "Improvement", "spc--improvement", "H"),
        (Variation.IMPROVEMENT_LOW, "Improvement", "spc--improvement", "L"),
        (Variation.CONCERN_HIGH, "Concern", "spc--concern", "H"),
        (Variation.CONCERN_LOW, "Concern", "spc--concern", "L"),
        (Variation.NEITHER_HIGH, "Higher", "spc--neither", "H"),
        (Variation.NEITHER_LOW, "Lower", "spc--neither", "L"),
    ],
)
def test_each_variation_icon_has_a_word_a_colour_class_and_a_letter(variation, word, css, letter):
    icon = variation_icon(result(variation=variation))
    assert (icon.word, icon.css, icon.letter, icon.label) == (word, css, letter, variation.label)


@pytest.mark.parametrize(
    ("assurance", "word", "letter"),
    [
        (Assurance.CONSISTENTLY_MET, "Consistently met", "P"),
        (Assurance.HIT_AND_MISS, "Hit and miss", "?"),
        (Assurance.CONSISTENTLY_MISSED, "Consistently missed", "F"),
    ],
)
def test_each_assurance_icon_has_a_word_and_a_letter(assurance, word, letter):
    icon = assurance_icon(result(variation=Variation.COMMON_CAUSE, assurance=assurance))
    assert (icon.word, icon.letter, icon.label) == (word, letter, assurance.label)


def test_too_few_points_says_so_in_words_with_the_reason():
    unready = result(reason="Only 5 points: at least 12 are needed for process limits.")
    assert variation_icon(unready).word == "Not enough data"
    assert variation_icon(unready).label == unready.reason
    assert assurance_icon(unready).word == "Not enough data"
    assert variation_icon(None).word == "Not enough data"


def test_a_measure_without_a_target_says_no_target_for_assurance():
    icon = assurance_icon(result(variation=Variation.NEITHER_HIGH), has_target=False)
    assert (icon.word, icon.css) == ("No target", "spc--none")


def test_attention_puts_concern_first_then_missed_then_hit_and_miss_then_the_rest_in_order():
    rows = ["met", "hit", "concern", "missed", "none", "concern-and-met"]
    results = [
        result(Variation.COMMON_CAUSE, Assurance.CONSISTENTLY_MET),
        result(Variation.COMMON_CAUSE, Assurance.HIT_AND_MISS),
        result(Variation.CONCERN_LOW, Assurance.HIT_AND_MISS),
        result(Variation.IMPROVEMENT_HIGH, Assurance.CONSISTENTLY_MISSED),
        None,
        result(Variation.CONCERN_HIGH, Assurance.CONSISTENTLY_MET),
    ]
    assert [attention_rank(r) for r in results] == [3, 2, 0, 1, 3, 0]
    assert sort_by_attention(rows, results) == ["concern", "concern-and-met", "missed", "hit", "met", "none"]
    assert "special cause of concern" in ATTENTION_EXPLAINED
    assert "consistently missed" in ATTENTION_EXPLAINED


def test_each_month_reads_as_its_class_and_the_rule_that_decided_it():
    analysed = analyse(STEPPED, polarity="higher")
    words = [point_word(p) for p in analysed.points]
    # Every month is in a run on its side of the average; a month beyond a limit says so first.
    assert words[:2] == ["Concern (beyond a limit)", "Concern (shift)"]
    assert words[-1] == "Improvement (shift)"
    assert point_word(None) == "Not enough data"
    calm = analyse([Observation(p, D(v)) for p, v in zip(months(12), WOBBLE, strict=True)], polarity="higher")
    assert {point_word(p) for p in calm.points} == {"Common cause"}


def test_the_data_table_cells_give_the_average_and_the_limits_of_the_month():
    rebased = analyse(STEPPED, polarity="higher", rebase_at=[REBASE])
    first, last = spc_cells(rebased.points[0], fmt), spc_cells(rebased.points[-1], fmt)
    assert first.average == "20.0"
    assert last.average == "30.0"
    assert first.limits == "15.4 to 24.6"  # 20 +/- 2.66 x mean moving range (19 / 11)
    assert spc_cells(None, fmt).limits == NO_FIGURE


def test_the_summary_names_the_chart_the_verdicts_and_the_rebase():
    rebased = analyse(STEPPED, polarity="higher", rebase_at=[REBASE], target=D("10"))
    assert spc_summary(rebased) == (
        "SPC on an XmR chart: the latest month shows common cause variation only, no significant change;"
        " target consistently met; limits recalculated from April 2015"
    )
    shifted = analyse(STEPPED, polarity="lower", target=D("25"))
    assert spc_summary(shifted) == (
        "SPC on an XmR chart: the latest month is a special cause of concern"
        " (shift: 7 points in a row on one side of the average); target met or missed by chance"
    )
    assert spc_summary(result(reason="Only 3 points: at least 12 are needed.")) == (
        "Only 3 points: at least 12 are needed"
    )


def test_commentary_says_who_wrote_each_sentence_and_never_calls_a_draft_an_officers():
    lines = commentary_lines(
        [Sentence("latest", "The latest figure is 20%."), Sentence("officer-1", "We did X.", drafted=False)]
    )
    assert [(line.author, line.text) for line in lines] == [
        (DRAFTED_LABEL, "The latest figure is 20%."),
        (OFFICER_LABEL, "We did X."),
    ]
    assert lines[0].css == "author--drafted"
    assert lines[1].css == "author--officer"


def test_a_golden_thread_row_gives_the_verdict_in_words_and_the_small_print():
    signal = ThreadResult(
        ThreadVerdict.IMPROVEMENT,
        signal_period=dt.date(2016, 9, 1),
        baseline_mean=D("74.08"),
        points_after=31,
    )
    row = thread_row("a1", "Launch the model", "September 2015", signal, fmt)
    assert (row.verdict, row.css) == ("Improvement signal after completion", "spc--improvement")
    assert row.detail == "Latest signal in September 2016; average before completion 74.1; 31 months since"
    quiet = thread_row(
        "a2", "Train staff", "May 2017", ThreadResult(ThreadVerdict.NO_CHANGE, points_after=1), fmt
    )
    assert (quiet.verdict, quiet.detail) == ("No detectable change yet", "1 month since")
    pending = thread_row("a3", "Plan", "", ThreadResult(ThreadVerdict.NOT_COMPLETE), fmt)
    assert (pending.verdict, pending.detail, pending.css) == ("Not complete yet", "", "spc--none")


def test_signal_counts_count_the_latest_months_variation():
    counts = signal_counts(
        {
            1: result(Variation.CONCERN_HIGH),
            2: result(Variation.CONCERN_LOW),
            3: result(Variation.IMPROVEMENT_LOW),
            4: result(Variation.NEITHER_HIGH),
            5: result(Variation.COMMON_CAUSE),
            6: result(reason="Too few."),
        }
    )
    assert (counts.concern, counts.improvement, counts.neither, counts.common, counts.unjudged) == (
        2,
        1,
        1,
        1,
        1,
    )
    assert counts.total == 6


def _figure():
    return trend_figure(series=[], targets=[], polarity="higher", annual={}, year_basis="financial")


def test_the_spc_layer_draws_average_limits_signals_and_the_rebase_as_a_step():
    rebased = analyse(STEPPED, polarity="higher", rebase_at=[REBASE])
    figure = with_spc(_figure(), rebased, "%")
    go.Figure(figure)  # Plotly accepts it
    by_name = {t["name"]: t for t in figure["data"]}
    average = by_name["Average"]
    assert average["line"]["shape"] == "hv"
    assert average["y"][0] == pytest.approx(20)
    assert average["y"][-1] == pytest.approx(30)
    assert by_name["Process limits"]["line"]["dash"] == "dash"
    assert by_name["Lower process limit"]["showlegend"] is False
    [line] = [s for s in figure["layout"]["shapes"] if s["x0"] == "2015-04-01"]
    assert line["type"] == "line"
    assert figure["layout"]["annotations"][-1]["text"] == "Limits recalculated"
    assert figure["layout"]["yaxis"]["rangemode"] == "normal"


def test_signals_have_a_legend_entry_and_a_shape_of_their_own_per_class():
    shifted = analyse(STEPPED, polarity="higher")
    figure = with_spc(_figure(), shifted)
    markers = {t["name"]: t["marker"]["symbol"] for t in figure["data"] if t["mode"] == "markers"}
    assert markers == {"Special cause: improvement": "circle", "Special cause: concern": "square"}
    context = with_spc(_figure(), analyse(STEPPED, polarity="context"))
    symbols = {t["name"]: t["marker"]["symbol"] for t in context["data"] if t["mode"] == "markers"}
    assert symbols == {"Special cause: higher": "triangle-up", "Special cause: lower": "triangle-down"}


def test_p_chart_limits_vary_with_the_denominator():
    observations = [
        Observation(p, D(n) * 100 / D(d), D(n), D(d))
        for p, n, d in zip(months(12), [20] * 12, [100, 400] * 6, strict=True)
    ]
    figure = with_spc(_figure(), analyse(observations, polarity="higher", is_percentage=True))
    upper = next(t for t in figure["data"] if t["name"] == "Process limits")["y"]
    assert upper[0] > upper[1]
    assert upper[0] == upper[2]


def test_too_few_points_leave_the_figure_as_it_was():
    few = analyse(STEPPED[:5], polarity="higher")
    figure = _figure()
    assert with_spc(figure, few) is figure
    assert with_spc(figure, None) is figure


def test_the_limits_basis_names_the_screening_the_baseline_and_each_rebase_with_its_reason():
    values = [Observation(p, D(v)) for p, v in zip(months(36), WOBBLE * 3, strict=True)]
    reason = RebaseAt(
        on=months(36)[12], label="New operating model launched", reason="The way of working changed."
    )
    result = analyse(values, polarity="higher", fix_after=12, rebase_at=[reason])
    assert limits_basis(result) == [
        "Moving ranges screened as NHSRplotthedots does: a moving range of 3.267 times the mean moving"
        " range or more is left out of the limits.",
        "Limits fixed on April 2014 to March 2015 (12 months).",
        "Recalculated from April 2015 after New operating model launched: limits fixed on April 2015 to"
        " March 2016 (12 months). Reason: The way of working changed.",
    ]
    assert "limits fixed on April 2014 to March 2015, then on April 2015 to March 2016" in spc_summary(result)


def test_the_limits_basis_of_a_short_series_counts_the_months_to_come():
    short = analyse(
        [Observation(p, D(v)) for p, v in zip(months(3), WOBBLE, strict=False)], polarity="higher"
    )
    assert limits_basis(short) == [
        "Not enough months yet: 9 more months needed before process limits are drawn."
    ]
    assert limits_basis(short, "quarter")[0].startswith("Not enough quarters yet: 9 more quarters")
    assert limits_basis(None) == []


def test_the_limits_basis_says_when_moving_ranges_are_screened_out_and_a_rebase_was_refused():
    values = [Observation(p, D(v)) for p, v in zip(months(13), [*WOBBLE, 60], strict=True)]
    result = analyse(values, polarity="higher", rebase_at=[months(13)[6]])
    lines = limits_basis(result)
    assert lines[1] == "Limits from all 13 months, April 2014 to April 2015; 1 moving range screened out."
    assert lines[2].startswith("A rebase asked for October 2014 was not applied: Only 6 points before")
