"""The performance chart builders: what each figure contains, and that Plotly accepts it."""

import datetime as dt
from decimal import Decimal as D

import plotly.graph_objects as go

from performance.judgement.analysis import Point, TargetSpan
from performance.measures.charts import (
    EventMark,
    rag_direction_figure,
    sparkline_points,
    status_figure,
    trend_figure,
    year_end,
)

SERIES = [Point(dt.date(2015, m, 1), D(v)) for m, v in [(4, "20"), (5, "21.5"), (6, "19")]]
TARGETS = [
    TargetSpan(D("22"), D("2"), dt.date(2015, 4, 1), dt.date(2015, 5, 1)),
    TargetSpan(D("20"), D("1"), dt.date(2015, 6, 1)),
]


def _trend(**overrides):
    args = {
        "series": SERIES,
        "targets": TARGETS,
        "polarity": "lower",
        "annual": {"england": {2016: D("22.5"), 2010: D("30")}, "council": {2016: D("19.3")}},
        "year_basis": "financial",
        "events": [
            EventMark(dt.date(2015, 5, 15), 1, "May 2015: something"),
            EventMark(dt.date(2015, 6, 1), 2, "x"),
        ],
        "value_suffix": "%",
    }
    args.update(overrides)
    return trend_figure(**args)


def test_the_trend_figure_is_a_valid_plotly_figure():
    go.Figure(_trend())


def test_the_trend_has_the_monthly_values_target_steps_and_tolerance_edge_on_the_bad_side():
    traces = {t["name"]: t for t in _trend()["data"]}
    assert traces["Monthly value"]["x"] == ["2015-04-01", "2015-05-01", "2015-06-01"]
    assert traces["Monthly value"]["y"] == [20.0, 21.5, 19.0]
    assert traces["Target"]["y"] == [22.0, 22.0, 20.0]
    band = traces["Amber: within tolerance of the target"]
    assert band["y"] == [24.0, 24.0, 21.0]  # lower is better: amber lies above the target
    assert band["fill"] == "tonexty"
    higher = {t["name"]: t for t in _trend(polarity="higher")["data"]}
    assert higher["Amber: within tolerance of the target"]["y"] == [20.0, 20.0, 19.0]


def test_context_measures_and_measures_without_targets_have_no_band():
    names = [t["name"] for t in _trend(polarity="context")["data"]]
    assert "Target" in names
    assert not any(n.startswith("Amber") for n in names)
    names = [t["name"] for t in _trend(targets=[])["data"]]
    assert "Target" not in names


def test_annual_figures_sit_at_the_year_end_and_far_years_are_left_to_the_table():
    traces = {t["name"]: t for t in _trend()["data"]}
    assert traces["England"]["x"] == ["2016-03-31"]  # 2010 is outside the months plus a year
    assert traces["England"]["y"] == [22.5]
    assert traces["Council annual outturn"]["y"] == [19.3]
    assert year_end(2016, "workforce") == dt.date(2016, 9, 30)


def test_events_are_dotted_lines_with_hover_markers_numbered_as_in_the_list_and_no_printed_numbers():
    figure = _trend()
    layout = figure["layout"]
    assert [s["x0"] for s in layout["shapes"]] == ["2015-05-15", "2015-06-01"]
    assert "annotations" not in layout
    (events,) = [t for t in figure["data"] if t.get("yaxis") == "y3"]
    assert events["x"] == ["2015-05-15", "2015-06-01"]
    assert events["text"][0] == "1. May 2015: something"
    assert layout["yaxis3"]["visible"] is False


def test_an_empty_series_still_gives_a_valid_figure():
    go.Figure(_trend(series=[], events=[]))


def test_rag_direction_figure_stacks_directions_on_rag_rows():
    figure = rag_direction_figure({"Red": {"Improving": 2, "Worsening": 1}, "Green": {"No change": 4}})
    go.Figure(figure)
    improving = next(t for t in figure["data"] if t["name"] == "Improving")
    assert improving["y"] == ["No RAG", "Green", "Amber", "Red"]
    assert improving["x"] == [0, 0, 0, 2]
    assert figure["layout"]["barmode"] == "stack"


def test_status_figure_labels_each_bar_with_its_count():
    figure = status_figure({"On track": 7, "Complete": 15, "At risk": 0})
    go.Figure(figure)
    bar = figure["data"][0]
    assert bar["x"] == ["On track", "At risk", "Complete"]
    assert bar["text"] == ["7", "0", "15"]


def test_sparkline_points_span_the_box_and_a_flat_line_sits_in_the_middle():
    points = sparkline_points([D(1), D(3), D(2)], width=100, height=20, pad=0)
    assert points == "0.0,20.0 50.0,0.0 100.0,10.0"
    assert sparkline_points([D(5), D(5)], width=10, height=20, pad=0) == "0.0,10.0 10.0,10.0"
    assert sparkline_points([D(5)]) == ""
