"""The chart number format every measure's figure shares."""

from __future__ import annotations

from core.display import with_number_format


def test_ticks_separate_thousands_and_hover_labels_take_the_measures_places():
    figure = {
        "data": [
            {"type": "scatter", "y": [1921.4], "hovertemplate": "%{x|%B %Y}: %{y}%<extra></extra>"},
            {"type": "scatter", "y": [1], "text": ["1. An event"], "hovertemplate": "%{text}"},
            {"type": "scatter", "y": [2]},
        ],
        "layout": {"yaxis": {"ticksuffix": "%"}},
    }
    shown = with_number_format(figure, 1)
    assert shown["layout"]["yaxis"] == {"ticksuffix": "%", "tickformat": ","}
    assert shown["data"][0]["hovertemplate"] == "%{x|%B %Y}: %{y:,.1f}%<extra></extra>"
    assert shown["data"][1]["hovertemplate"] == "%{text}"
    assert "tickformat" not in figure["layout"]["yaxis"]  # the figure given is left as it was
