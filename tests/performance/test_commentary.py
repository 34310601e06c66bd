"""The drafted commentary, sentence by sentence, for hand-built facts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from performance.judgement.commentary import (
    CommentaryFacts,
    Sentence,
    draft,
    format_difference,
    format_value,
    ordinal,
)
from performance.spc import RebaseAt, analyse
from tests.performance.spc_series import series

D = Decimal
APRIL = dt.date(2016, 4, 1)


def facts(**changes) -> CommentaryFacts:
    base = {
        "unit": "percentage",
        "polarity": "lower",
        "decimal_places": 1,
        "period": APRIL,
        "value": D("19.3"),
    }
    return CommentaryFacts(**(base | changes))


def text(sentences: list[Sentence], key: str) -> str | None:
    return next((s.text for s in sentences if s.key == key), None)


@pytest.mark.parametrize(
    ("value", "unit", "places", "shown"),
    [
        (D("19.3"), "percentage", 1, "19.3%"),
        (D("19.25"), "percentage", 1, "19.3%"),
        (D("64"), "rate_per_10k", 1, "64.0 per 10,000 children"),
        (D("1234"), "count", 1, "1,234"),
        (D("1234.5"), "count", 1, "1,234.5"),
        (D("23.45"), "days", 1, "23.5 days"),
        (D("0.5"), "ratio", 2, "0.50"),
    ],
)
def test_values_are_shown_in_the_measures_unit(value, unit, places, shown):
    assert format_value(value, unit, places) == shown


def test_differences_of_percentages_are_in_percentage_points():
    assert format_difference(D("-2.14"), "percentage", 1) == "2.1 percentage points"
    assert format_difference(D("-3"), "rate_per_10k", 1) == "3.0 per 10,000 children"
    assert format_difference(D("12"), "count", 0) == "12"


@pytest.mark.parametrize(
    ("number", "text_"),
    [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"), (21, "21st")],
)
def test_ordinals(number, text_):
    assert ordinal(number) == text_


def test_the_latest_value_is_stated_with_its_month():
    assert text(draft(facts()), "latest") == "The latest figure, for April 2016, is 19.3%."


@pytest.mark.parametrize(
    ("polarity", "value", "sentence"),
    [
        ("lower", "19.3", "This meets the target of 20.0%."),
        ("lower", "20.0", "This meets the target of 20.0%."),
        ("lower", "22.1", "This is 2.1 percentage points above the target of 20.0%, within the"
                          " tolerance of 2.5 percentage points."),
        ("lower", "23.04", "This misses the target of 20.0% by 3.0 percentage points."),
        ("higher", "19.3", "This is 0.7 percentage points below the target of 20.0%, within the"
                           " tolerance of 2.5 percentage points."),
        ("higher", "12.0", "This misses the target of 20.0% by 8.0 percentage points."),
        ("higher", "20.04", "This meets the target of 20.0%."),
    ],
)  # fmt: skip
def test_the_target_sentence_respects_polarity_and_tolerance(polarity, value, sentence):
    drafted = draft(facts(polarity=polarity, value=D(value), target=D(20), tolerance=D("2.5")))
    assert text(drafted, "target") == sentence


def test_a_context_measure_or_one_without_a_target_has_no_target_sentence():
    assert text(draft(facts(polarity="context", target=D(20))), "target") is None
    assert text(draft(facts()), "target") is None


@pytest.mark.parametrize(
    ("polarity", "england", "sentence"),
    [
        ("lower", "22.5", "This is better than England's figure of 22.5% for 2015/16."),
        ("higher", "22.5", "This is worse than England's figure of 22.5% for 2015/16."),
        ("higher", "19.31", "This is the same as England's figure of 19.3% for 2015/16."),
        ("context", "22.5", "This is lower than England's figure of 22.5% for 2015/16."),
        ("context", "17.9", "This is higher than England's figure of 17.9% for 2015/16."),
    ],
)
def test_the_england_sentence_uses_polarity_or_says_higher_and_lower(polarity, england, sentence):
    drafted = draft(facts(polarity=polarity, england=D(england), england_label="2015/16"))
    assert text(drafted, "england") == sentence


def test_a_rate_is_compared_with_england_in_its_own_unit():
    drafted = draft(
        facts(unit="rate_per_10k", polarity="context", value=D(64), england=D(60), england_label="2015/16")
    )
    assert text(drafted, "latest") == "The latest figure, for April 2016, is 64.0 per 10,000 children."
    assert (
        text(drafted, "england")
        == "This is higher than England's figure of 60.0 per 10,000 children for 2015/16."
    )


ALTERNATING = [14, 10] * 6


@pytest.mark.parametrize(
    ("values", "polarity", "sentence"),
    [
        ([10, 14] * 8, "lower", "This is within the usual range: no sign of real change."),
        (
            [*ALTERNATING, 13, 15, 13, 15, 13, 15, 13],
            "higher",
            "This is the 7th month in a row above the average: a real shift, not chance, and an improvement.",
        ),
        (
            [*ALTERNATING, 14, 15, 13, 15, 13, 15, 13, 14, 13],
            "lower",
            "This is the 9th month in a row above the average: a real shift, not chance, and a concern.",
        ),
        (
            [*ALTERNATING, 9, 10, 11, 12, 13, 14, 15],
            "context",
            "This is the 6th rise in a row: a real trend, not chance.",
        ),
        (
            [100 - v for v in [*ALTERNATING, 9, 10, 11, 12, 13, 14, 15]],
            "lower",
            "This is the 6th fall in a row: a real trend, not chance, and an improvement.",
        ),
        (
            [13, 11] * 10 + [19, 14, 19],
            "lower",
            "2 of the last 3 months are close to the upper process limit:"
            " unlikely to be chance, and a concern.",
        ),
        (
            [10, 14] * 8 + [40],
            "higher",
            # The jump to 40 is screened out of the moving ranges: limit 13.65 + 2.66 x 4.
            "This is above the upper process limit of 24.3%: too high to be chance, and an improvement.",
        ),
        (
            [90, 86] * 8 + [60],
            "higher",
            "This is below the lower process limit of 75.7%: too low to be chance, and a concern.",
        ),
    ],
)
def test_the_variation_sentence_says_what_the_signal_is_and_what_it_means(values, polarity, sentence):
    spc = analyse(series(values), polarity=polarity)
    assert text(draft(facts(polarity=polarity, spc=spc)), "variation") == sentence


def test_a_short_series_says_how_many_months_more_are_needed():
    spc = analyse(series([10, 14] * 4), polarity="higher")
    assert text(draft(facts(spc=spc)), "variation") == (
        "There are only 8 months of figures so far: at least 12 are needed"
        " to tell a real change from the usual ups and downs."
    )
    assert text(draft(facts(spc=spc)), "assurance") is None


@pytest.mark.parametrize(
    ("target", "sentence"),
    [
        (
            40,
            "The target lies outside the process limits, on the good side:"
            " it will be met every month unless something changes.",
        ),
        (
            0,
            "The target lies outside the process limits, on the wrong side:"
            " it will be missed every month unless the way the service works changes.",
        ),
        (
            12,
            "The target lies within the process limits:"
            " it will be met in some months and missed in others, by chance.",
        ),
    ],
)
def test_the_assurance_sentence_follows_the_verdict(target, sentence):
    spc = analyse(series([10, 14] * 8), polarity="lower", target=target)
    assert text(draft(facts(spc=spc)), "assurance") == sentence


def test_a_rebase_is_mentioned_with_its_event():
    event = RebaseAt(on=dt.date(2016, 1, 1), label="Commissioner appointed")
    spc = analyse(series([10, 12] * 6 + [20, 22] * 6), polarity="higher", rebase_at=[event])
    assert text(draft(facts(spc=spc)), "rebase") == (
        "The average and limits were recalculated from January 2016 (Commissioner appointed)."
    )


def test_illustrative_figures_are_said_to_be_illustrative():
    assert text(draft(facts(illustrative=True)), "illustrative") == (
        "These monthly figures are illustrative: reconstructed, not the council's own."
    )
    assert text(draft(facts()), "illustrative") is None


def test_the_whole_draft_reads_in_order_and_every_sentence_is_marked_drafted():
    spc = analyse(series([*ALTERNATING, 13, 15, 13, 15, 13, 15, 13]), polarity="lower", target=25)
    drafted = draft(
        facts(
            value=D("19.3"),
            target=D(25),
            tolerance=D(2),
            england=D("22.5"),
            england_label="2015/16",
            spc=spc,
            illustrative=True,
        )
    )
    assert [(s.key, s.drafted) for s in drafted] == [
        ("latest", True),
        ("target", True),
        ("england", True),
        ("variation", True),
        ("assurance", True),
        ("illustrative", True),
    ]
    assert " ".join(s.text for s in drafted) == (
        "The latest figure, for April 2016, is 19.3%. This meets the target of 25.0%."
        " This is better than England's figure of 22.5% for 2015/16."
        " This is the 7th month in a row above the average: a real shift, not chance, and a concern."
        " The target lies outside the process limits, on the good side: it will be met every month"
        " unless something changes."
        " These monthly figures are illustrative: reconstructed, not the council's own."
    )


def test_a_sentence_survives_a_round_trip_through_json():
    sentence = Sentence(key="officer-1", text="Staff returned.", drafted=False)
    assert Sentence.from_dict(sentence.as_dict()) == sentence
