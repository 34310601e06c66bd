"""The improvement programme: timeline, Le Grand themes and actions, yearly priorities."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.choices import DatePrecision, Provenance, Rag, Status
from core.periods import precise_date_label


class EventKind(models.TextChoices):
    INSPECTION = "inspection", "Inspection"
    REVIEW = "review", "Review"
    SERIOUS_CASE_REVIEW = "scr", "Serious case review"
    INTERVENTION = "intervention", "Intervention or appointment"
    LEGISLATION = "legislation", "Legislation"
    PLAN = "plan", "Plan"
    OTHER = "other", "Other"


class RatingLevel(models.TextChoices):
    """A common scale for ratings given under different inspection regimes, for colour and sorting."""

    INADEQUATE = "inadequate", "Inadequate"
    POOR = "poor", "Poor"
    ADEQUATE = "adequate", "Adequate"
    GOOD = "good", "Good"
    OUTSTANDING = "outstanding", "Outstanding"


class TimelineEvent(models.Model):
    """A dated event in the council's history of inspection and intervention."""

    slug = models.SlugField(max_length=80, unique=True)
    date = models.DateField(help_text="For a year-only date, 1 January of that year (see precision).")
    date_precision = models.CharField(max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY)
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    title = models.CharField(max_length=200)
    body = models.CharField(
        max_length=120, blank=True, help_text="Who acted: Ofsted, SSI, DfE, the Council..."
    )
    rating = models.CharField(
        max_length=200, blank=True, help_text="The rating in the inspectors' own words."
    )
    rating_level = models.CharField(max_length=12, choices=RatingLevel.choices, blank=True)
    summary = models.TextField()
    source = models.CharField(
        max_length=200, help_text="Where this is recorded, e.g. 'Council report 2016, section 2'."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating_level="") | ~Q(rating=""), name="event_rating_level_needs_rating"
            ),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.display_date}: {self.title}"

    @property
    def display_date(self) -> str:
        """Return the date only as precisely as the source gives it."""
        return precise_date_label(self.date, self.date_precision)


class Theme(models.Model):
    """A theme of the Le Grand review under which improvement actions sit."""

    code = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    provenance = models.CharField(max_length=20, choices=Provenance.choices, default=Provenance.SOURCE_REPORT)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    """An improvement action under a theme."""

    code = models.SlugField(max_length=80, unique=True)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    owner = models.CharField(max_length=120, blank=True, help_text="Blank when the source names no owner.")
    due_date = models.DateField(null=True, blank=True)
    completed_on = models.DateField(
        null=True, blank=True, help_text="The first day of the span the precision names (a month: its 1st)."
    )
    completed_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    source_status = models.CharField(
        max_length=12,
        choices=Status.choices,
        blank=True,
        help_text="The status as the source states it, the start of the status history; blank when "
        "an officer entered the action.",
    )
    provenance = models.CharField(max_length=20, choices=Provenance.choices, default=Provenance.SOURCE_REPORT)
    source = models.CharField(max_length=200, blank=True)
    measures = models.ManyToManyField(
        "performance.Measure",
        blank=True,
        related_name="actions",
        help_text="The measures this action should move.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(
        m2m_fields=[measures], history_change_reason_field=models.TextField(null=True)
    )

    class Meta:
        ordering = ["theme__order", "order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="action_status_valid"),
            # An officer who completes an action gives the date; a source may say an action is
            # done without saying when, and that is recorded as undated rather than invented.
            models.CheckConstraint(
                condition=~Q(status="complete")
                | Q(completed_on__isnull=False)
                | ~Q(provenance=Provenance.OFFICER),
                name="action_complete_has_date",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status="complete"),
                name="action_completed_only_when_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(models.Model):
    """A dated progress report on an action, with its RAG rating."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(help_text="The first day of the span the precision names.")
    date_precision = models.CharField(max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY)
    date_note = models.CharField(
        max_length=200, blank=True, help_text="How the date was arrived at, when the source states none."
    )
    rag = models.CharField(
        "RAG",
        max_length=5,
        choices=Rag.choices,
        blank=True,
        help_text="Blank when the source gives no rating.",
    )
    commentary = models.TextField()
    author = models.CharField(max_length=120, blank=True)
    provenance = models.CharField(max_length=20, choices=Provenance.choices, default=Provenance.SOURCE_REPORT)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["action", "date"], name="update_one_per_action_day"),
            models.CheckConstraint(condition=Q(rag__in=[*Rag.values, ""]), name="update_rag_valid"),
        ]

    def __str__(self) -> str:
        rating = self.get_rag_display() if self.rag else "no rating"
        return f"{self.action}, {precise_date_label(self.date, self.date_precision)} ({rating})"


class Priority(models.Model):
    """A priority for a financial year (Appendix C), with a lead and linked measures."""

    code = models.SlugField(max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(
        help_text="Financial year by its first calendar year: 2016 is 2016/17."
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    lead = models.CharField(max_length=120)
    provenance = models.CharField(max_length=20, choices=Provenance.choices, default=Provenance.DERIVED)
    source = models.CharField(max_length=200, blank=True)
    measures = models.ManyToManyField("performance.Measure", blank=True, related_name="priorities")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["year", "order", "code"]
        verbose_name_plural = "priorities"
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="priority_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.financial_year}: {self.title}"

    @property
    def financial_year(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"


class Milestone(models.Model):
    """A dated step towards a priority."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=250)
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["priority", "due_date", "order"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="milestone_status_valid"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status="complete"),
                name="milestone_completed_only_when_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title
