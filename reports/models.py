"""Six-monthly Council report packs, their frozen snapshots and the files rendered from them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q


class Section(models.TextChoices):
    """The parts a pack can contain, in the order the pack prints them."""

    CHANGES = "changes", "What changed since the last report"
    MEASURES = "measures", "Performance measures"
    ACTIONS = "actions", "Improvement actions"
    TIMELINE = "timeline", "Timeline of events"
    PRIORITIES = "priorities", "Priorities"
    OPTIONS = "options", "Options appraisal"


ALL_SECTIONS = list(Section.values)


def all_sections() -> list[str]:
    return list(ALL_SECTIONS)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishedReportError(ValidationError):
    """Raised when something tries to change a published pack."""


class CouncilReport(models.Model):
    """A pack for one meeting of full Council covering a span of months.

    Once published it never changes: see ``reports.services.report_publish``.
    """

    meeting = models.CharField(max_length=200, help_text="The meeting the pack is for, e.g. 'Full Council'.")
    meeting_date = models.DateField(
        null=True, blank=True, help_text="Leave blank when the date is not known: the pack says 'not stated'."
    )
    title = models.CharField(max_length=250)
    period_start = models.DateField(help_text="First month covered, as its first day.")
    period_end = models.DateField(help_text="Last month covered, as its first day.")
    sections = models.JSONField(default=all_sections, help_text="The sections the pack contains.")
    report_of = models.CharField(
        max_length=200,
        blank=True,
        help_text="Whose report it is, e.g. 'Director of Children's Services'; blank prints 'not stated'.",
    )
    wards_affected = models.CharField(max_length=200, default="All wards")
    key_decision = models.BooleanField(
        default=False, help_text="Whether the report asks for a key decision (it is for noting when not)."
    )
    exempt = models.BooleanField(
        default=False,
        help_text="Tick only if the report is exempt from publication; a report to full Council is open.",
    )
    contact_name = models.CharField("contact officer", max_length=200, blank=True)
    contact_role = models.CharField("contact officer's job title", max_length=200, blank=True)
    contact_details = models.CharField("contact officer's email or telephone", max_length=200, blank=True)
    purpose = models.TextField(blank=True, help_text="Section 1: why the report comes to the meeting.")
    recommendations = models.TextField(
        blank=True,
        help_text="Section 2: one recommendation a line; the pack numbers them 2.1, 2.2 and so on.",
    )
    summary = models.TextField(
        blank=True,
        help_text="Section 3: the executive summary in the officers' words, one paragraph a line. "
        "Left blank, the pack prints the summary drafted from the figures, marked as drafted.",
    )
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_period_ordered"
            ),
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="report_status_valid"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="report_published_has_time"
            ),
        ]
        permissions = [
            ("view_draft_councilreport", "Can see draft Council reports"),
            ("publish_councilreport", "Can publish a Council report"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_label})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A guard, not behaviour: a published pack is a public record and no code path may alter it.
        if (
            self.pk is not None
            and CouncilReport.objects.filter(pk=self.pk, status=ReportStatus.PUBLISHED).exists()
        ):
            raise PublishedReportError("This pack is published and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.is_published:
            raise PublishedReportError("This pack is published and cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%B %Y} to {self.period_end:%B %Y}"

    @property
    def recommendation_lines(self) -> list[str]:
        return [line.strip() for line in self.recommendations.splitlines() if line.strip()]

    @property
    def meeting_date_label(self) -> str:
        return f"{self.meeting_date.day} {self.meeting_date:%B %Y}" if self.meeting_date else "not stated"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        for name in ("period_start", "period_end"):
            day = getattr(self, name)
            if day is not None and day.day != 1:
                errors[name] = "Give the month as its first day."
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = "The period must end on or after its first month."
        unknown = [s for s in (self.sections or []) if s not in ALL_SECTIONS]
        if not isinstance(self.sections, list) or unknown or not self.sections:
            errors["sections"] = f"Choose one or more of: {', '.join(ALL_SECTIONS)}."
        if errors:
            raise ValidationError(errors)


class ReportSnapshot(models.Model):
    """Everything a published pack shows, as JSON; the pack renders from this alone."""

    report = models.OneToOneField(CouncilReport, on_delete=models.PROTECT, related_name="snapshot")
    data = models.JSONField()
    schema = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Snapshot of {self.report}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PublishedReportError("A snapshot is written once and never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PublishedReportError("A snapshot is never deleted.")


class ExportFormat(models.TextChoices):
    PDF = "pdf", "PDF (agenda)"
    DOCX = "docx", "Word (.docx)"
    XLSX = "xlsx", "Excel data annex (.xlsx)"


def export_path(instance: ReportFile, filename: str) -> str:
    return f"reports/{instance.snapshot.report_id}/{filename}"


class ReportFile(models.Model):
    """A file rendered from a snapshot; rendering the same snapshot again gives the same content."""

    snapshot = models.ForeignKey(ReportSnapshot, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(max_length=4, choices=ExportFormat.choices)
    file = models.FileField(upload_to=export_path)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["snapshot", "format"]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "format"], name="report_file_one_per_format"),
            models.CheckConstraint(
                condition=Q(format__in=ExportFormat.values), name="report_file_format_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot.report} ({self.format})"
