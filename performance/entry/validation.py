"""The rules every monthly value must pass, however it arrives (admin form, month grid, import).

``ValueValidator`` is built once per batch. It preloads the measures, the (measure, month)
pairs already in the database and each measure's recent approved values (for its process
limits) in four queries, then ``check`` tests one value without touching the database. It
remembers the values it has accepted, so a file with the same measure and month twice is
refused on the second row.

Decisions:
- Negative values are refused for every unit we have (count, percentage, rate per 10,000, days,
  ratio): none of them can be below zero. A unit that can (a change, a difference) would go in
  ``SIGNED_UNITS``, which is empty today.
- A month later than the current one is refused; the current month is allowed (a month's
  figure may be keyed in on its last day).
- A value is checked against its numerator and denominator for percentages (100 n / d), rates
  per 10,000 (10,000 n / d) and ratios (n / d); counts and days have no such relation. The
  tolerance is half a unit in the measure's last decimal place, so 19.3 for 193/1000 passes on a
  one-decimal measure and 19.4 does not.
- Process limits come from the measure's latest ``RECENT_POINTS`` approved values since its
  latest rebase, its moving ranges screened or not as the measure says: a p-chart (at the new
  value's own denominator) for a percentage whose every point has a numerator and denominator,
  an XmR chart otherwise (performance.spc).
  With fewer than ``SPC_MIN_POINTS`` points there are no limits and nothing is flagged.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone

from performance.models import Measure, MeasureRebase, MeasureValue, Unit, ValueStatus
from performance.spc import Chart, Limits, Observation, choose_chart, p_point_limits, xmr_limits
from performance.spc.limits import p_bar_of

RECENT_POINTS = 24
SIGNED_UNITS: frozenset[str] = frozenset()
RATIO_FACTORS = {Unit.PERCENTAGE: Decimal(100), Unit.RATE_PER_10K: Decimal(10000), Unit.RATIO: Decimal(1)}
FIELD_LABELS = {
    "measure": "measure",
    "period": "month",
    "value": "value",
    "numerator": "numerator",
    "denominator": "denominator",
    "outlier_reason": "reason",
}


@dataclass(frozen=True)
class Problem:
    """One broken rule: the field it concerns and a message naming measure, month and field.

    ``needs_reason`` marks a value that is allowed once a reason is given (an outlier).
    """

    field: str
    message: str
    needs_reason: bool = False


@functools.lru_cache(maxsize=4096)
def month_name(month: dt.date) -> str:
    """Return ``April 2016`` for any day of April 2016 (cached: a batch names few months)."""
    return f"{month:%B %Y}"


def as_decimal(value: object) -> Decimal | None:
    """Return ``value`` as a Decimal (floats through str), None for None; raise ValueError if not a number."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    try:
        return Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError) as error:
        raise ValueError(f"{value!r} is not a number") from error


@dataclass
class _MeasureState:
    measure: Measure
    taken: dict[dt.date, int | None]  # month -> pk of the value there (None: accepted in this batch)
    recent: list[Observation]
    limits: Limits | None = None
    p_bar: Decimal | None = None
    chart: Chart | None = None


class ValueValidator:
    """Check monthly values against every rule; built once per batch (see the module docstring).

    ``measures``: the measures the batch may touch (Measure instances, a queryset, or None for
    every measure). A measure outside them is loaded on first use (two more queries).
    ``today``: the date that decides "future" (defaults to today).
    """

    def __init__(self, measures: Iterable[Measure] | None = None, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self.min_points: int = settings.SPC_MIN_POINTS
        chosen = list(Measure.objects.all() if measures is None else measures)
        self._states: dict[int, _MeasureState] = {}
        self._load(chosen)

    # Loading -------------------------------------------------------------------------------------

    def _load(self, measures: list[Measure]) -> None:
        """Preload existing months, rebase dates and recent approved values: three queries."""
        ids = [m.pk for m in measures]
        if not ids:
            return
        taken: dict[int, dict[dt.date, int | None]] = defaultdict(dict)
        for pk, measure_id, period in MeasureValue.objects.filter(measure_id__in=ids).values_list(
            "pk", "measure_id", "period"
        ):
            taken[measure_id][period] = pk
        rebased: dict[int, dt.date] = {}
        for measure_id, on in MeasureRebase.objects.filter(measure_id__in=ids).values_list(
            "measure_id", "starts_on"
        ):
            rebased[measure_id] = max(on, rebased.get(measure_id, on))
        recent: dict[int, list[Observation]] = defaultdict(list)
        rows = (
            MeasureValue.objects.filter(measure_id__in=ids, status=ValueStatus.APPROVED)
            .order_by("measure_id", "-period")
            .values_list("measure_id", "period", "value", "numerator", "denominator")
        )
        for measure_id, period, value, numerator, denominator in rows.iterator(chunk_size=5000):
            kept = recent[measure_id]
            since = rebased.get(measure_id)
            if len(kept) < RECENT_POINTS and (since is None or period >= since):
                kept.append(Observation(period, value, numerator, denominator))
        for measure in measures:
            state = _MeasureState(measure, taken[measure.pk], recent[measure.pk][::-1])
            self._prepare_limits(state)
            self._states[measure.pk] = state

    def _prepare_limits(self, state: _MeasureState) -> None:
        points = state.recent
        if len(points) < self.min_points:
            return
        state.chart = choose_chart(is_percentage=state.measure.is_percentage, observations=points)
        if state.chart == Chart.P:
            state.p_bar = p_bar_of([p.numerator for p in points], [p.denominator for p in points])
        else:
            state.limits = xmr_limits(
                [p.value for p in points],
                min_points=self.min_points,
                screen_outliers=state.measure.screens_moving_ranges,
            )

    def _state(self, measure: Measure | int | str) -> _MeasureState:
        key = measure.pk if isinstance(measure, Measure) else measure
        if isinstance(key, int) and key in self._states:
            return self._states[key]
        for state in self._states.values():
            if key in (state.measure.code, state.measure.name):
                return state
        lookup = {"pk": key} if isinstance(key, int) else {"code": key}
        found = measure if isinstance(measure, Measure) else Measure.objects.get(**lookup)
        self._load([found])
        return self._states[found.pk]

    def measure(self, key: Measure | int | str) -> Measure:
        """Return the preloaded measure for a Measure, pk, code or name (loads it if new)."""
        return self._state(key).measure

    # Checking ------------------------------------------------------------------------------------

    def limits_for(self, measure: Measure | int | str, denominator: object = None) -> Limits | None:
        """Return the process limits a new value of ``measure`` is held to, or None if too few points."""
        state = self._state(measure)
        if state.chart == Chart.P:
            den = as_decimal(denominator)
            if state.p_bar is not None and den is not None and den > 0:
                return p_point_limits(state.p_bar, den)
            if state.limits is None:
                state.limits = xmr_limits(
                    [p.value for p in state.recent],
                    min_points=self.min_points,
                    screen_outliers=state.measure.screens_moving_ranges,
                )
        return state.limits

    def check(
        self,
        measure: Measure | int | str,
        month: dt.date,
        value: object,
        numerator: object = None,
        denominator: object = None,
        *,
        instance_pk: int | None = None,
        reason: str = "",
    ) -> list[Problem]:
        """Return every rule the value breaks (empty when it passes).

        A value that passes is remembered, so the same measure and month later in the batch is
        refused. Changes no database row.
        """
        state = self._state(measure)
        m = state.measure
        where = f"{m.code} ({m.name})" + (f", {month_name(month)}" if month else "")
        problems: list[Problem] = []

        def problem(field: str, text: str, *, needs_reason: bool = False) -> None:
            problems.append(Problem(field, f"{where}, {FIELD_LABELS[field]}: {text}", needs_reason))

        numbers: dict[str, Decimal | None] = {}
        for field, raw in (("value", value), ("numerator", numerator), ("denominator", denominator)):
            try:
                numbers[field] = as_decimal(raw)
            except ValueError:
                numbers[field] = None
                problem(field, f"{raw!r} is not a number.")
        val, num, den = numbers["value"], numbers["numerator"], numbers["denominator"]
        if val is None and value is None:
            problem("value", "a value is required.")

        if month is None:
            problem("period", "a month is required.")
        else:
            self._check_month(state, month, instance_pk, problem)
        if val is not None:
            self._check_range(m, val, problem)
        self._check_parts(m, val, num, den, problem)
        if not problems and val is not None and not reason.strip():
            limits = self.limits_for(m, den)
            if limits is not None and not (limits.lower <= val <= limits.upper):
                problem(
                    "outlier_reason",
                    f"{val} is outside the usual range ({limits.lower:.{m.decimal_places}f} to "
                    f"{limits.upper:.{m.decimal_places}f}); give a reason to keep it.",
                    needs_reason=True,
                )
        if not problems:
            state.taken[month] = instance_pk
        return problems

    def _check_month(self, state: _MeasureState, month: dt.date, instance_pk: int | None, problem) -> None:
        m = state.measure
        if month.day != 1:
            problem("period", "the month must be given as its first day.")
        if (month.year, month.month) > (self.today.year, self.today.month):
            problem("period", f"{month_name(month)} has not happened yet.")
        if m.started_on and (month.year, month.month) < (m.started_on.year, m.started_on.month):
            problem("period", f"the measure was first collected in {month_name(m.started_on)}.")
        if month in state.taken and (state.taken[month] is None or state.taken[month] != instance_pk):
            where = "earlier in this batch" if state.taken[month] is None else "already"
            problem("period", f"there is {where} a value for {month_name(month)}; edit that one instead.")

    def _check_range(self, m: Measure, val: Decimal, problem) -> None:
        if m.unit == Unit.PERCENTAGE and not (0 <= val <= 100):
            problem("value", f"a percentage must be between 0 and 100 (got {val}).")
        elif val < 0 and m.unit not in SIGNED_UNITS:
            problem("value", f"a {Unit(m.unit).label.lower()} cannot be negative (got {val}).")

    def _check_parts(
        self, m: Measure, val: Decimal | None, num: Decimal | None, den: Decimal | None, problem
    ) -> None:
        if num is not None and num < 0:
            problem("numerator", f"the numerator cannot be negative (got {num}).")
        if den is not None and den <= 0:
            problem("denominator", f"the denominator must be above zero (got {den}).")
        if (num is None) != (den is None):
            missing = "denominator" if den is None else "numerator"
            problem(missing, "give both the numerator and the denominator, or neither.")
        if num is None or den is None or num < 0 or den <= 0:
            return
        if num > den:
            problem("numerator", f"the numerator ({num}) is above the denominator ({den}).")
            return
        factor = RATIO_FACTORS.get(m.unit)
        if factor is None or val is None:
            return
        expected = factor * num / den
        tolerance = Decimal(5) / Decimal(10) ** (m.decimal_places + 1)
        if abs(val - expected) > tolerance:
            shown = f"{expected:.{m.decimal_places}f}"
            problem("value", f"{val} disagrees with {num} / {den}, which gives {shown}.")
