"""Reads for the pack pages."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from core.models import ACTIVE_STATES, Job
from reports.models import CouncilReport, ExportFormat, ReportFile, ReportStatus


def reports_visible(*, drafts: bool) -> QuerySet[CouncilReport]:
    """Return the packs a reader may see (drafts only when ``drafts``), with stored files. Two queries."""
    packs = CouncilReport.objects.select_related("snapshot").prefetch_related(
        Prefetch("snapshot__files", queryset=ReportFile.objects.order_by("format"))
    )
    if not drafts:
        packs = packs.filter(status=ReportStatus.PUBLISHED)
    return packs.order_by("-period_end", "-id")


def exports_under_way(packs: list[CouncilReport]) -> dict[int, Job]:
    """Return the waiting or running export job of each of ``packs`` that has one, by pack id. One query."""
    from reports.tasks import EXPORT_KIND, export_target

    targets = {export_target(pack): pack.pk for pack in packs}
    jobs = Job.objects.filter(kind=EXPORT_KIND, target__in=targets, state__in=ACTIVE_STATES)
    return {targets[job.target]: job for job in jobs}


def stored_formats(report: CouncilReport) -> set[str]:
    """Return the formats a published pack has stored (none for a draft), from prefetched files."""
    if not report.is_published:
        return set()
    return {f.format for f in report.snapshot.files.all()}


def all_stored(report: CouncilReport) -> bool:
    """Return True when a published pack has every format stored, so downloads are instant."""
    return stored_formats(report) >= set(ExportFormat.values)
