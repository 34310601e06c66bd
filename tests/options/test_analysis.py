"""Options totals, ranking and weight sensitivity, checked against hand-worked examples."""

from decimal import Decimal as D

from options.analysis import contributions, ranking, sensitivity, totals

# Two criteria. A: 5 and 1; B: 2 and 4. Weights 3 and 2.
# Totals: A = 15 + 2 = 17; B = 6 + 8 = 14. Gap 3.
SCORES = {"a": {"x": D(5), "y": D(1)}, "b": {"x": D(2), "y": D(4)}, "c": {"x": D(1), "y": D(1)}}
WEIGHTS = {"x": D(3), "y": D(2)}


def test_totals_are_weighted_sums():
    assert totals(SCORES, WEIGHTS) == {"a": D(17), "b": D(14), "c": D(5)}
    assert contributions(SCORES, WEIGHTS)["b"] == {"x": D(6), "y": D(8)}


def test_ranking_is_by_total_and_ties_keep_the_given_order():
    assert ranking({"a": D(17), "b": D(14), "c": D(5)}) == ["a", "b", "c"]
    assert ranking({"p": D(10), "q": D(10)}, order=["q", "p"]) == ["q", "p"]


def test_raising_a_weight_the_runner_up_leads_on_swaps_them_at_the_worked_point():
    # y: A - B = 1 - 4 = -3 per unit of weight. Gap 3 closes when y's weight rises by 1, to 3.
    by_criterion = {r.criterion: r for r in sensitivity(SCORES, WEIGHTS, "a", "b")}
    y = by_criterion["y"]
    assert (y.tie_weight, y.change, y.direction) == (D(3), D(1), "up")
    assert y.relative_change == D("0.5")


def test_lowering_a_weight_the_leader_leads_on_swaps_them_when_it_stays_at_zero_or_above():
    # x: A - B = 5 - 2 = 3 per unit. Gap 3 closes when x's weight falls by 1, to 2.
    x = {r.criterion: r for r in sensitivity(SCORES, WEIGHTS, "a", "b")}["x"]
    assert (x.tie_weight, x.change, x.direction) == (D(2), D(-1), "down")


def test_no_weight_change_swaps_them_when_the_tie_would_need_a_negative_weight():
    # A 5/1 and B 4/1 with weights 3 and 2: gap 3 + 0 = 3.
    scores = {"a": {"x": D(5), "y": D(1)}, "b": {"x": D(4), "y": D(1)}}
    result = sensitivity(scores, {"x": D(3), "y": D(2)}, "a", "b")
    # x: gap 3, difference 1, tie at 3 - 3 = 0: reachable (a tie at weight zero).
    assert result[0].tie_weight == D(0)
    # y: both score 1: no weight of y can swap them.
    assert not result[1].swaps
    assert result[1].direction == "none"
    wide = sensitivity(
        {"a": {"x": D(5), "y": D(5)}, "b": {"x": D(4), "y": D(1)}}, {"x": D(1), "y": D(2)}, "a", "b"
    )
    # x: gap 1 + 8 = 9, difference 1: tie at 1 - 9 = -8 < 0, so no swap.
    assert not wide[0].swaps
    assert wide[0].tie_weight is None


def test_already_tied_options_swap_with_any_move_of_a_weight_they_differ_on():
    scores = {"a": {"x": D(4), "y": D(2)}, "b": {"x": D(2), "y": D(4)}}
    result = sensitivity(scores, {"x": D(1), "y": D(1)}, "a", "b")
    assert [r.change for r in result] == [D(0), D(0)]


def test_the_source_reports_published_totals_come_out_of_the_reconstructed_scores():
    # The reconstructed Appendix D: weights 3,3,3,3,2,2,2,2; totals 46, 57, 64, 74, 82.
    weights = dict(zip("abcdefgh", [D(3)] * 4 + [D(2)] * 4, strict=True))
    rows = {
        "break-up": [2, 2, 2, 2, 2, 2, 2, 5],
        "outsource": [3, 3, 1, 4, 2, 3, 2, 5],
        "trust-dfe": [3, 4, 3, 4, 2, 2, 2, 5],
        "trust-bcc": [3, 4, 4, 5, 3, 3, 3, 4],
        "integrated": [5, 4, 5, 4, 4, 4, 5, 1],
    }
    scores = {o: dict(zip("abcdefgh", map(D, s), strict=True)) for o, s in rows.items()}
    assert totals(scores, weights) == {
        "break-up": 46,
        "outsource": 57,
        "trust-dfe": 64,
        "trust-bcc": 74,
        "integrated": 82,
    }
    swaps = {r.criterion: r for r in sensitivity(scores, weights, "integrated", "trust-bcc")}
    # h (clean break): 1 - 4 = -3; gap 8: tie at 2 + 8/3.
    assert swaps["h"].tie_weight == D(2) + D(8) / D(3)
    # a (pace): 5 - 3 = 2; tie at 3 - 4 = -1: impossible.
    assert not swaps["a"].swaps
