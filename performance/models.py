"""Performance measures, their targets, monthly values and annual benchmarks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.choices import Provenance
from performance.spc.types import MovingRanges

MIN_BASELINE_POINTS = 12  # NHSRplotthedots refuses fix_after_n_points below 12


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    PERCENTAGE = "percentage", "Percentage"
    RATE_PER_10K = "rate_per_10k", "Rate per 10,000 children"
    DAYS = "days", "Days"
    RATIO = "ratio", "Ratio"


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Higher is better"
    LOWER_IS_BETTER = "lower", "Lower is better"
    CONTEXT = "context", "Context only (neither better nor worse)"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class Aggregation(models.TextChoices):
    """How twelve months make the year's outturn, so monthly and annual figures agree."""

    SUM = "sum", "Sum of the months"
    RATIO = "ratio", "Sum of numerators over sum of denominators"
    MEAN = "mean", "Mean of the months"
    LAST = "last", "Value at the end of the year"


class YearBasis(models.TextChoices):
    FINANCIAL = "financial", "Year to 31 March"
    WORKFORCE = "workforce", "At 30 September"


class MeasureManager(models.Manager["Measure"]):
    def get_by_natural_key(self, code: str) -> Measure:
        return self.get(code=code)


class Measure(models.Model):
    """A performance measure, as defined in the report's Appendix B and DfE's dictionary."""

    code = models.SlugField(max_length=60, unique=True, help_text="Stable identifier used in imports.")
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=80, blank=True)
    definition = models.TextField()
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    decimal_places = models.PositiveSmallIntegerField(default=1)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    aggregation = models.CharField(max_length=10, choices=Aggregation.choices, default=Aggregation.MEAN)
    year_basis = models.CharField(max_length=10, choices=YearBasis.choices, default=YearBasis.FINANCIAL)
    topic = models.CharField(max_length=80, blank=True)
    source = models.CharField(max_length=300, help_text="Where the definition and annual figures come from.")
    lait_code = models.CharField("DfE LAIT code", max_length=60, blank=True)
    started_on = models.DateField(
        null=True, blank=True, help_text="First month the measure was collected; earlier months are refused."
    )
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    moving_ranges = models.CharField(
        "moving ranges",
        max_length=10,
        choices=[(m.value, m.label) for m in MovingRanges],
        default=MovingRanges.SCREENED.value,
        help_text=(
            "Screened leaves out a moving range of 3.267 times the mean moving range or more, so one wild"
            " month does not widen the limits (NHSRplotthedots); all kept matches the Making Data Count"
            " Excel tool."
        ),
    )
    baseline_points = models.PositiveSmallIntegerField(
        "fix the limits after",
        null=True,
        blank=True,
        help_text="Fix the limits on the first this many months (at least 12) and hold them until a rebase.",
    )
    baseline_start = models.DateField(
        null=True, blank=True, help_text="Or fix the limits on a baseline period: its first month."
    )
    baseline_end = models.DateField(null=True, blank=True, help_text="The baseline period's last month.")
    history = HistoricalRecords()

    objects = MeasureManager()

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(decimal_places__lte=4), name="measure_decimal_places_lte_4"),
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="measure_unit_valid"),
            models.CheckConstraint(condition=Q(polarity__in=Polarity.values), name="measure_polarity_valid"),
            models.CheckConstraint(
                condition=Q(moving_ranges__in=[m.value for m in MovingRanges]),
                name="measure_moving_ranges_valid",
            ),
            models.CheckConstraint(
                condition=Q(baseline_points__isnull=True) | Q(baseline_points__gte=MIN_BASELINE_POINTS),
                name="measure_baseline_points_at_least_12",
            ),
            models.CheckConstraint(
                condition=Q(baseline_start__isnull=True, baseline_end__isnull=True)
                | Q(baseline_start__isnull=False, baseline_end__gte=F("baseline_start")),
                name="measure_baseline_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(baseline_points__isnull=True) | Q(baseline_start__isnull=True),
                name="measure_one_kind_of_baseline",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    @property
    def is_percentage(self) -> bool:
        return self.unit == Unit.PERCENTAGE

    @property
    def has_direction(self) -> bool:
        return self.polarity != Polarity.CONTEXT

    @property
    def uses_ratio(self) -> bool:
        """Whether officers enter a numerator and denominator as well as the value."""
        return self.aggregation == Aggregation.RATIO

    @property
    def screens_moving_ranges(self) -> bool:
        return self.moving_ranges == MovingRanges.SCREENED

    @property
    def baseline_period(self) -> tuple[dt.date, dt.date] | None:
        """The analyst's baseline period (first and last month), or None."""
        if self.baseline_start is None or self.baseline_end is None:
            return None
        return (self.baseline_start, self.baseline_end)

    def clean(self) -> None:
        super().clean()
        if self.baseline_points is not None and self.baseline_start is not None:
            raise ValidationError(
                "Fix the limits after a number of months or on a baseline period, not both."
            )
        if (self.baseline_start is None) != (self.baseline_end is None):
            field = "baseline_end" if self.baseline_end is None else "baseline_start"
            raise ValidationError({field: "A baseline period needs both its first and its last month."})
        period = self.baseline_period
        if period is not None:
            months = (period[1].year - period[0].year) * 12 + period[1].month - period[0].month + 1
            if months < MIN_BASELINE_POINTS:
                message = f"A baseline period needs at least {MIN_BASELINE_POINTS} months, not {months}."
                raise ValidationError({"baseline_end": message})


class MeasureRebase(models.Model):
    """A stated change after which a measure's process limits are recalculated, with its reason."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="rebases")
    starts_on = models.DateField(help_text="The first month of the new limits.")
    reason = models.TextField(help_text="Why the process changed here, so the limits are recalculated.")
    event = models.ForeignKey(
        "improvement.TimelineEvent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measure_rebases",
        help_text="The timeline event behind the change, if there is one.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "starts_on"], name="measure_rebase_once_a_month"),
            models.CheckConstraint(condition=~Q(reason=""), name="measure_rebase_has_a_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: limits recalculated from {self.starts_on:%B %Y}"


class Target(models.Model):
    """A target for a measure, with a tolerance band, valid for a span of months."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    value = models.DecimalField(max_digits=14, decimal_places=4)
    tolerance = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        default=Decimal("0"),
        help_text="Distance from the target, in the measure's units, still rated amber rather than red.",
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="Blank while the target is in force.")
    provenance = models.CharField(max_length=20, choices=Provenance.choices, default=Provenance.ILLUSTRATIVE)
    note = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every save; guards against lost updates."
    )
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["measure", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(tolerance__gte=0), name="target_tolerance_not_negative"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="target_valid_to_after_valid_from",
            ),
            models.UniqueConstraint(fields=["measure", "valid_from"], name="target_one_per_measure_start"),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} target {self.value} from {self.valid_from:%b %Y}"

    def clean(self) -> None:
        super().clean()
        if self.measure_id is None or self.valid_from is None:
            return
        overlapping = Target.objects.filter(measure_id=self.measure_id).exclude(pk=self.pk)
        if self.valid_to is not None:
            overlapping = overlapping.filter(valid_from__lte=self.valid_to)
        overlapping = overlapping.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
        if overlapping.exists():
            raise ValidationError(
                {"valid_from": f"{self.measure}: this target's months overlap another target's."}
            )
        if self.measure.is_percentage and not (0 <= self.value <= 100):
            raise ValidationError({"value": f"{self.measure}: a percentage target must be 0 to 100."})


class ValueStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for approval"
    RETURNED = "returned", "Returned for correction"
    APPROVED = "approved", "Approved"


class MeasureValueQuerySet(models.QuerySet):
    def approved(self) -> MeasureValueQuerySet:
        return self.filter(status=ValueStatus.APPROVED)


class MeasureValue(models.Model):
    """One month's value of a measure. Public only once approved."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    period = models.DateField(help_text="The month, as its first day.")
    value = models.DecimalField(max_digits=14, decimal_places=4)
    numerator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    status = models.CharField(max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT)
    provenance = models.CharField(max_length=20, choices=Provenance.choices, default=Provenance.OFFICER)
    note = models.TextField(blank=True)
    outlier_reason = models.TextField(
        blank=True, help_text="Why a value far outside the usual range is right."
    )
    return_reason = models.TextField(blank=True)
    change_reason = models.TextField(blank=True, help_text="Why an approved value was changed.")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every save; guards against lost updates."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    objects = MeasureValueQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="value_one_per_measure_month"),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0), name="value_numerator_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="value_denominator_positive",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=F("denominator")),
                name="value_numerator_within_denominator",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False), name="value_approved_has_time"
            ),
            models.CheckConstraint(condition=Q(status__in=ValueStatus.values), name="value_status_valid"),
            models.CheckConstraint(
                condition=Q(provenance__in=Provenance.values), name="value_provenance_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "period"], name="value_status_period")]
        permissions = [
            ("submit_measurevalue", "Can submit monthly values for approval"),
            ("approve_measurevalue", "Can approve or return monthly values"),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.period:%b %Y}: {self.value}"

    def clean(self) -> None:
        """Check the rules that need the measure's definition; messages name the month and field."""
        super().clean()
        if self.measure_id is None or self.period is None or self.value is None:
            return
        where = f"{self.measure.name}, {self.period:%B %Y}"
        errors: dict[str, str] = {}
        if self.period.day != 1:
            errors["period"] = f"{where}: the month must be given as its first day."
        if self.measure.is_percentage and not (0 <= self.value <= 100):
            errors["value"] = f"{where}: a percentage must be between 0 and 100 (got {self.value})."
        if self.measure.unit == Unit.COUNT and self.value < 0:
            errors["value"] = f"{where}: a count cannot be negative (got {self.value})."
        if self.value < 0 and self.measure.unit in {Unit.RATE_PER_10K, Unit.DAYS}:
            errors["value"] = f"{where}: this measure cannot be negative (got {self.value})."
        has_both = self.numerator is not None and self.denominator is not None
        if has_both and self.measure.is_percentage and self.numerator > self.denominator:
            errors["numerator"] = (
                f"{where}: the numerator ({self.numerator}) is above the denominator ({self.denominator})."
            )
        if errors:
            raise ValidationError(errors)


class Comparator(models.TextChoices):
    COUNCIL = "council", "This council"
    ENGLAND = "england", "England"
    REGION = "region", "Region"
    STATISTICAL_NEIGHBOURS = "neighbours", "Statistical neighbours (average)"
    LOCAL_AUTHORITY = "la", "Another local authority"


class BenchmarkValue(models.Model):
    """An annual published figure for the council or a comparator (England, region, neighbours, an LA)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="benchmarks")
    comparator = models.CharField(max_length=12, choices=Comparator.choices)
    area_code = models.CharField(max_length=12, help_text="ONS code, e.g. E92000001 for England.")
    area_name = models.CharField(max_length=100)
    year = models.PositiveSmallIntegerField(
        help_text="DfE time period: 2016 is the year to 31 March 2016 (workforce: at 30 September 2016)."
    )
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    suppressed = models.CharField(
        max_length=2, blank=True, help_text="DfE's marker (c, x, z, :) when the figure is withheld."
    )
    provenance = models.CharField(max_length=20, choices=Provenance.choices, default=Provenance.PUBLISHED)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["measure", "year", "comparator", "area_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "comparator", "area_code", "year"], name="benchmark_one_per_area_year"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(suppressed=""), name="benchmark_missing_says_why"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100), name="benchmark_year_range"
            ),
        ]
        indexes = [models.Index(fields=["measure", "comparator", "year"], name="benchmark_lookup")]

    def __str__(self) -> str:
        shown = self.value if self.value is not None else self.suppressed
        return f"{self.measure.code} {self.area_name} {self.year}: {shown}"


class CommentaryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


def _is_sentence(item: object) -> bool:
    return (
        isinstance(item, dict)
        and set(item) == {"key", "text", "drafted"}
        and isinstance(item["key"], str)
        and bool(item["key"])
        and isinstance(item["text"], str)
        and isinstance(item["drafted"], bool)
    )


class MeasureCommentary(models.Model):
    """The commentary on a measure for a month: drafted sentences and officers' edits, approved.

    ``sentences`` is a list of ``{"key", "text", "drafted"}``; ``drafted`` is True only for text
    exactly as the templates drafted it (see performance.judgement.services).
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="commentaries")
    period = models.DateField(help_text="The month, as its first day.")
    sentences = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=CommentaryStatus.choices, default=CommentaryStatus.DRAFT)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every save; guards against lost updates."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "period"]
        verbose_name_plural = "measure commentaries"
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="commentary_one_per_measure_month"),
            models.CheckConstraint(
                condition=Q(status__in=CommentaryStatus.values), name="commentary_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="commentary_approved_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.period:%b %Y} commentary"

    def clean(self) -> None:
        """Check the month and the shape of every sentence; messages name the month."""
        super().clean()
        if self.measure_id is None or self.period is None:
            return
        where = f"{self.measure.name}, {self.period:%B %Y}"
        errors: dict[str, str] = {}
        if self.period.day != 1:
            errors["period"] = f"{where}: the month must be given as its first day."
        if not isinstance(self.sentences, list) or not all(_is_sentence(s) for s in self.sentences):
            errors["sentences"] = f"{where}: each sentence needs a key, a text and whether it was drafted."
        elif len({s["key"] for s in self.sentences}) != len(self.sentences):
            errors["sentences"] = f"{where}: two sentences share a key."
        if errors:
            raise ValidationError(errors)
