import datetime as dt

import plotly.graph_objects as go

from improvement.charts import TimelinePoint, timeline_figure

EVENTS = [
    TimelinePoint(dt.date(2001, 1, 1), "Inspection", "SSI inspection", "2001", "Zero stars", "inadequate"),
    TimelinePoint(dt.date(2004, 1, 1), "Review", "Serious case review", "2004", "", ""),
    TimelinePoint(dt.date(2005, 1, 1), "Inspection", "SSI re-inspection", "2005", "One star", "adequate"),
]


def test_ratings_are_coloured_shaped_and_named_beside_the_marker():
    figure = timeline_figure(EVENTS, ["Inspection", "Review"])
    go.Figure(figure)
    traces = {t["name"]: t for t in figure["data"]}
    assert set(traces) == {"Inadequate", "Adequate", "No rating given"}
    assert traces["Inadequate"]["text"] == ["Inadequate"]
    assert traces["Inadequate"]["marker"]["symbol"] != traces["Adequate"]["marker"]["symbol"]
    assert traces["Inadequate"]["marker"]["color"] != traces["Adequate"]["marker"]["color"]
    assert traces["No rating given"]["text"] is None
    assert traces["Adequate"]["textposition"] == ["bottom center"]
    assert traces["Inadequate"]["customdata"] == [["2001", "SSI inspection", "Zero stars"]]


def test_kinds_are_rows_in_the_given_order_from_the_top():
    figure = timeline_figure(EVENTS, ["Inspection", "Review"])
    assert figure["layout"]["yaxis"]["categoryarray"] == ["Review", "Inspection"]
