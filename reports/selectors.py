"""Reads for the pack pages."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from reports.models import CouncilReport, ReportFile, ReportStatus


def reports_visible(*, drafts: bool) -> QuerySet[CouncilReport]:
    """Return the packs a reader may see (drafts only when ``drafts``), with stored files. Two queries."""
    packs = CouncilReport.objects.select_related("snapshot").prefetch_related(
        Prefetch("snapshot__files", queryset=ReportFile.objects.order_by("format"))
    )
    if not drafts:
        packs = packs.filter(status=ReportStatus.PUBLISHED)
    return packs.order_by("-period_end", "-id")
