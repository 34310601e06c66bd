"""Choices shared by more than one app."""

from django.db import models


class Provenance(models.TextChoices):
    """Where a figure or a record comes from, shown beside it on every page and export."""

    PUBLISHED = "published", "Published statistic"
    SOURCE_REPORT = "source_report", "Stated in the 2016 Council report"
    DERIVED = "derived", "Derived from the report's text"
    OFFICER = "officer", "Officer entry"
    ILLUSTRATIVE = "illustrative", "Illustrative (reconstructed, not the council's figure)"


ILLUSTRATIVE_PROVENANCES = frozenset({Provenance.ILLUSTRATIVE, Provenance.DERIVED})


class Status(models.TextChoices):
    """Delivery status of an improvement action or a priority milestone.

    "In progress" says only that work is under way, as a source does when it gives no view on
    whether the work is on track; the three RAG-like statuses are someone's judgement.
    """

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"


class Rag(models.TextChoices):
    """Red, amber, green: always shown as a word as well as a colour."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class DatePrecision(models.TextChoices):
    """How precisely the source gives a date: a record dated to the year is never shown to the day."""

    YEAR = "year", "Year"
    SEASON = "season", "Season"
    MONTH = "month", "Month"
    BY_MONTH = "by_month", "By the end of a month"
    DAY = "day", "Day"
