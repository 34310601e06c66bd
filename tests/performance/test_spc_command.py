"""``manage.py spc``: any series in, the dashboard's SPC out in NHSRplotthedots' vocabulary."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError

from performance.models import Measure, MeasureRebase, Polarity
from performance.spc import PointClass
from performance.spc.selectors import spc_for_measures
from tests.performance.spc_series import month

# vignettes/deviations.Rmd: 18 points, one of them 10; monthly here.
VIGNETTE = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
DIRECTION = {
    Polarity.HIGHER_IS_BETTER: "increase",
    Polarity.LOWER_IS_BETTER: "decrease",
    Polarity.CONTEXT: "neutral",
}
CLASSES = {
    PointClass.COMMON_CAUSE: "common_cause",
    PointClass.IMPROVEMENT: "special_cause_improvement",
    PointClass.CONCERN: "special_cause_concern",
    PointClass.NEITHER_HIGH: "special_cause_neutral_high",
    PointClass.NEITHER_LOW: "special_cause_neutral_low",
}


def write(tmp_path: Path, rows: list[str], header: str = "date,value") -> Path:
    path = tmp_path / "series.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def monthly(values) -> list[str]:
    return [f"{month(i).isoformat()},{'' if v is None else v}" for i, v in enumerate(values)]


def run(path: Path, *flags: str) -> dict:
    out = StringIO()
    call_command("spc", str(path), *flags, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_it_prints_the_vignettes_limits_and_classes_in_the_packages_words(tmp_path):
    result = run(write(tmp_path, monthly(VIGNETTE)))
    first = result["points"][0]
    assert set(first) == {"date", "value", "mean", "upper", "lower", "class"}
    assert (first["date"], first["value"]) == ("2015-01-01", 1.0)
    assert (round(first["upper"], 2), round(first["mean"], 2), round(first["lower"], 2)) == (4.6, 1.94, -0.72)
    assert [p["class"] for p in result["points"]] == ["common_cause"] * 4 + ["special_cause_improvement"] + [
        "common_cause"
    ] * 13
    assert result["assurance"] is None


def test_no_screen_outliers_gives_the_excel_tools_limits(tmp_path):
    first = run(write(tmp_path, monthly(VIGNETTE)), "--no-screen-outliers")["points"][0]
    assert (round(first["upper"], 2), round(first["lower"], 2)) == (6.95, -3.06)
    assert run(write(tmp_path, monthly(VIGNETTE)), "--screen-outliers")["points"][0]["upper"] < first["upper"]


def test_rows_in_any_order_come_out_in_date_order(tmp_path):
    rows = monthly(VIGNETTE)
    result = run(write(tmp_path, rows[::-1]))
    assert [p["date"] for p in result["points"]] == sorted(p["date"] for p in result["points"])
    assert result["points"][4]["class"] == "special_cause_improvement"


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        ("increase", "special_cause_improvement"),
        ("decrease", "special_cause_concern"),
        ("neutral", "special_cause_neutral_high"),
    ],
)
def test_the_direction_decides_what_a_signal_means(tmp_path, direction, expected):
    result = run(write(tmp_path, monthly(VIGNETTE)), "--direction", direction)
    assert result["points"][4]["class"] == expected


@pytest.mark.parametrize(
    ("direction", "target", "assurance"),
    [
        ("increase", "-2", "consistent_pass"),
        ("increase", "8", "consistent_fail"),
        ("increase", "2", "inconsistent"),
        ("decrease", "-2", "consistent_fail"),
        ("decrease", "8", "consistent_pass"),
        ("neutral", "8", None),
    ],
)
def test_the_target_gives_the_assurance_in_the_packages_words(tmp_path, direction, target, assurance):
    result = run(write(tmp_path, monthly(VIGNETTE)), "--direction", direction, "--target", target)
    assert result["assurance"] == assurance


def test_a_blank_value_is_a_missing_month_with_no_limits_or_class(tmp_path):
    values = [*VIGNETTE[:8], None, *VIGNETTE[8:]]
    gap = run(write(tmp_path, monthly(values)))["points"][8]
    assert gap == {
        "date": "2015-09-01",
        "value": None,
        "mean": None,
        "upper": None,
        "lower": None,
        "class": None,
    }


def test_a_rebase_starts_a_new_segment_with_its_own_mean(tmp_path):
    values = [10, 12] * 8 + [20, 22] * 8
    result = run(write(tmp_path, monthly(values)), "--rebase", month(16).isoformat())
    assert {p["mean"] for p in result["points"][:16]} == {11.0}
    assert {p["mean"] for p in result["points"][16:]} == {21.0}
    assert {p["class"] for p in result["points"]} == {"common_cause"}


def test_fix_after_holds_the_limits_of_the_first_points(tmp_path):
    values = [10, 12] * 6 + [17, 19] * 6
    result = run(write(tmp_path, monthly(values)), "--fix-after", "12")
    assert {p["mean"] for p in result["points"]} == {11.0}
    assert [p["class"] for p in result["points"][12:]] == ["special_cause_improvement"] * 12


def test_a_short_series_has_null_limits_and_classes(tmp_path):
    out, err = StringIO(), StringIO()
    call_command("spc", str(write(tmp_path, monthly([10, 12, 11]))), stdout=out, stderr=err)
    result = json.loads(out.getvalue())
    assert all(p["upper"] is None and p["class"] is None for p in result["points"])
    assert "9 more are needed" in err.getvalue()
    assert run(write(tmp_path, monthly([10, 12, 11, 13, 12])), "--min-points", "5")["points"][0]["upper"]


def test_numerator_and_denominator_columns_give_a_p_chart(tmp_path):
    rows = [f"{month(i).isoformat()},20,20,100" for i in range(11)] + [f"{month(11).isoformat()},30,300,1000"]
    result = run(write(tmp_path, rows, header="date,value,numerator,denominator"), "--direction", "decrease")
    latest = result["points"][-1]
    assert latest["class"] == "special_cause_concern"
    assert result["points"][0]["upper"] != latest["upper"]


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        ([], "when,amount", "Row 1 (the header) reads 'when,amount': expected the columns date,value"),
        ([], "date,value", "The file has a header but no rows."),
        (["2016-13-01,4"], "date,value", "Row 2, date: '2016-13-01' is not an ISO date such as 2016-04-01."),
        (["2016-04-01,lots"], "date,value", "Row 2, value: 'lots' is not a number."),
        (
            ["2016-04-01,4", "2016-04-15,5"],
            "date,value",
            "Row 3, date: April 2016 appears twice (first in row 2).",
        ),
        (["2016-04-01,4,5"], "date,value", "Row 2: 3 columns where the header has 2."),
        (["2016-04-01,20,20,"], "date,value,numerator,denominator", "Row 2: give both the numerator"),
    ],
)
def test_it_refuses_a_bad_file_naming_the_row_and_column(tmp_path, rows, header, message):
    path = write(tmp_path, rows, header=header)
    with pytest.raises(CommandError) as refused:
        call_command("spc", str(path), stdout=StringIO())
    assert str(refused.value).startswith(f"{path}: {message}")
    assert refused.value.returncode == 2


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--direction", "up"], "--direction 'up': expected increase, decrease or neutral."),
        (["--target", "high"], "--target 'high' is not a number."),
        (["--rebase", "April 2016"], "--rebase 'April 2016' is not an ISO date such as 2016-04-01."),
        (["--fix-after", "11"], "--fix-after 11: the limits are fixed on at least 12 points."),
        (["--min-points", "x"], "--min-points 'x' is not a whole number."),
        (["--chart", "p"], "a p-chart needs the columns numerator and denominator."),
    ],
)
def test_it_refuses_bad_options_clearly(tmp_path, flags, message):
    with pytest.raises(CommandError) as refused:
        call_command("spc", str(write(tmp_path, monthly(VIGNETTE))), *flags, stdout=StringIO())
    assert str(refused.value).endswith(message)
    assert refused.value.returncode == 2


def test_from_the_shell_a_bad_file_exits_with_status_2_and_a_message_on_stderr(tmp_path):
    path = write(tmp_path, ["2016-04-01,lots"])
    manage = Path(django_settings.BASE_DIR) / "manage.py"
    done = subprocess.run([sys.executable, manage, "spc", path], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Row 2, value: 'lots' is not a number." in done.stderr
    missing = subprocess.run(
        [sys.executable, manage, "spc", tmp_path / "none.csv"], capture_output=True, text=True
    )
    assert missing.returncode == 2
    assert "no such file" in missing.stderr


def test_for_every_fixture_measure_the_command_gives_the_limits_and_classes_of_its_page(
    report_content, tmp_path
):
    measures = list(Measure.objects.order_by("code"))
    pages = spc_for_measures(measures)
    for measure in measures:
        values = measure.values.approved().order_by("period")
        parts = (
            all(v.numerator is not None and v.denominator is not None for v in values)
            and measure.is_percentage
        )
        header = "date,value,numerator,denominator" if parts else "date,value"
        rows = [
            f"{v.period.isoformat()},{v.value}" + (f",{v.numerator},{v.denominator}" if parts else "")
            for v in values
        ]
        flags = ["--direction", DIRECTION[measure.polarity]]
        page = pages[measure.pk]
        if page.target is not None:
            flags += ["--target", str(page.target)]
        for rebase in MeasureRebase.objects.filter(measure=measure):
            flags += ["--rebase", rebase.starts_on.isoformat()]
        flags.append("--screen-outliers" if measure.screens_moving_ranges else "--no-screen-outliers")
        if measure.baseline_points:
            flags += ["--fix-after", str(measure.baseline_points)]
        result = run(write(tmp_path, rows, header=header), *flags)
        shown = [
            (
                p.period.isoformat(),
                float(p.limits.mean),
                float(p.limits.upper),
                float(p.limits.lower),
                CLASSES[p.klass],
            )
            for p in page.points
        ]
        printed = [(p["date"], p["mean"], p["upper"], p["lower"], p["class"]) for p in result["points"]]
        assert printed == shown, measure.code
        assert result["assurance"] == {
            "met": "consistent_pass",
            "missed": "consistent_fail",
            "hit_and_miss": "inconsistent",
        }.get(page.assurance), measure.code
