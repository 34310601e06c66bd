from decimal import Decimal as D

import plotly.graph_objects as go

from options.charts import weighted_score_figure


def test_the_stacked_bar_has_a_segment_per_criterion_and_the_leader_on_top():
    figure = weighted_score_figure(
        options=[("a", "Option A"), ("b", "Option B")],
        criteria=[("x", "Pace"), ("y", "Cost")],
        parts={"a": {"x": D(15), "y": D(2)}, "b": {"x": D(6), "y": D(8)}},
        totals={"a": D(17), "b": D(14)},
    )
    go.Figure(figure)
    assert [t["name"] for t in figure["data"]] == ["Pace", "Cost"]
    assert figure["data"][0]["y"] == ["Option B", "Option A"]  # Plotly draws the first at the bottom
    assert figure["data"][0]["x"] == [6.0, 15.0]
    assert figure["layout"]["barmode"] == "stack"
    assert [a["text"] for a in figure["layout"]["annotations"]] == ["<b>14</b>", "<b>17</b>"]
