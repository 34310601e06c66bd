"""Writes for Council report packs: publish (freeze), export, and the published-month check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from reports.models import CouncilReport, ExportFormat, ReportFile, ReportSnapshot, ReportStatus
from reports.snapshot import COVER_FIELDS, build_snapshot

Progress = Callable[[str], None]
Steps = Callable[[int, int, str], None]
FORMAT_NAMES: dict[str, str] = {
    ExportFormat.PDF: "PDF",
    ExportFormat.DOCX: "Word file",
    ExportFormat.XLSX: "Excel annex",
}


def _quiet(message: str) -> None:
    return None


def previous_published(report: CouncilReport) -> ReportSnapshot | None:
    """Return the snapshot of the last pack published before ``report`` (by its period), or None."""
    return (
        ReportSnapshot.objects.select_related("report")
        .filter(report__status=ReportStatus.PUBLISHED, report__period_end__lt=report.period_end)
        .exclude(report_id=report.pk)
        .order_by("-report__period_end", "-report__published_at")
        .first()
    )


def report_data(report: CouncilReport, *, public: bool = False) -> dict[str, Any]:
    """Return what the pack shows: the frozen snapshot once published, else a fresh build (no write).

    ``public`` builds it as it will be published, with disclosure control applied.
    """
    if report.is_published:
        return report.snapshot.data
    data = build_snapshot(
        title=report.title,
        meeting=report.meeting,
        meeting_date=report.meeting_date,
        period_start=report.period_start,
        period_end=report.period_end,
        sections=report.sections,
        previous=previous_published(report),
        cover={name: getattr(report, name) for name in COVER_FIELDS},
        purpose=report.purpose,
        recommendations=report.recommendation_lines,
        summary=report.summary,
        public=public,
    )
    return {**data, "draft": True}


def report_summary_draft(report: CouncilReport) -> list[dict[str, Any]]:
    """Return the executive summary drafted from ``report``'s figures, sentence by sentence. Reads only."""
    from reports.summary import drafted_summary

    data = report.snapshot.data if report.is_published else report_data(report)
    return drafted_summary(data)


def report_publish(*, report: CouncilReport, user: AbstractBaseUser | None) -> ReportSnapshot:
    """Freeze ``report``: store its snapshot and mark it published, all or nothing.

    Refuses a pack already published and one whose period has no approved figures.
    """
    with transaction.atomic():
        locked = CouncilReport.objects.select_for_update().get(pk=report.pk)
        if locked.is_published:
            raise ValidationError(f"{locked} is already published.")
        locked.full_clean()
        data = report_data(locked, public=True)
        data.pop("draft")
        if data["coverage"]["state"] == "empty":
            raise ValidationError(data["coverage"]["message"])
        snapshot = ReportSnapshot(report=locked, data=data)
        snapshot.full_clean(exclude=["report"])
        snapshot.save()
        locked.status = ReportStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_by = user if user is not None and user.pk else None
        locked.save()
    report.refresh_from_db()
    return snapshot


def render_bytes(
    data: dict[str, Any], fmt: str, *, session: Any = None, progress: Progress = _quiet
) -> bytes:
    """Return the file of format ``fmt`` rendered from ``data``; charts drawn in ``session``'s browser."""
    from reports.render import docx, pdf, xlsx

    if fmt == ExportFormat.PDF:
        return pdf.render(data, session=session, progress=progress)
    if fmt == ExportFormat.DOCX:
        return docx.render(data, images=session.png if session else None, progress=progress)
    if fmt == ExportFormat.XLSX:
        return xlsx.render(data, progress=progress)
    raise ValidationError(f"Unknown format {fmt!r}: choose pdf, docx or xlsx.")


def file_name(report: CouncilReport, fmt: str) -> str:
    """Return the download's file name; a draft's says DRAFT."""
    name = f"council-report-{report.period_start:%Y-%m}-to-{report.period_end:%Y-%m}.{fmt}"
    return name if report.is_published else f"DRAFT-{name}"


def report_export(
    *,
    report: CouncilReport,
    formats: Iterable[str],
    progress: Progress = _quiet,
    session: Any = None,
    steps: Steps | None = None,
) -> dict[str, bytes]:
    """Render ``report`` in each format, from its snapshot once published.

    A published pack's files are stored (through Django's default storage) the first time and
    read back after; a draft's are rendered afresh and never stored here. Returns
    ``{format: bytes}``. One browser is started for all formats that need one, unless
    ``session`` is given; each chart is drawn once and serves the PDF and the Word file.
    ``steps(done, total, words)`` hears of each step: each chart drawn, each file written, the
    storing.
    """
    from reports.render.browser import ChromiumSession
    from reports.render.html import chart_count

    wanted = list(dict.fromkeys(formats))
    data = report_data(report)
    stored = {}
    if report.is_published:
        stored = {f.format: f for f in ReportFile.objects.filter(snapshot__report=report)}
    out: dict[str, bytes] = {}
    for fmt in wanted:
        if fmt in stored:
            progress(f"{fmt}: already stored, reading it back")
            with stored[fmt].file.open("rb") as handle:
                out[fmt] = handle.read()
    missing = [f for f in wanted if f not in out]
    needs_browser = any(f in (ExportFormat.PDF, ExportFormat.DOCX) for f in missing)
    charts = chart_count(data) if needs_browser else 0
    total = charts + len(missing) + (1 if report.is_published and missing else 0)
    done = 0

    def step(words: str) -> None:
        nonlocal done
        done += 1
        if steps is not None:
            steps(done, total, words)

    own = session is None and needs_browser
    if own:
        progress("Starting the browser (once, for every chart)...")
        session = ChromiumSession().start()
    if session is not None:
        drawn = 0

        def on_draw() -> None:
            nonlocal drawn
            drawn += 1
            step(f"Drawing the charts: {min(drawn, charts)} of {charts} drawn")

        session.on_draw = on_draw
    try:
        for fmt in missing:
            progress(f"{fmt}: rendering...")
            out[fmt] = render_bytes(data, fmt, session=session, progress=progress)
            progress(f"{fmt}: done ({len(out[fmt]):,} bytes)")
            step(f"{FORMAT_NAMES[fmt]} written ({len(out[fmt]) / 1024:,.0f} KB)")
    finally:
        if session is not None:
            session.on_draw = None
        if own and session is not None:
            session.close()
    if report.is_published and missing:
        for fmt in missing:
            _store(report, fmt, out[fmt])
            progress(f"{fmt}: stored")
        step("Files stored: every later download reads them back")
    return {fmt: out[fmt] for fmt in wanted}


def draft_file_path(report: CouncilReport, key: str, fmt: str) -> str:
    """Return where a draft's exported file is kept, under the export's ``key`` (its job)."""
    return f"reports/drafts/{report.pk}/{key}/{file_name(report, fmt)}"


def report_store_draft(*, report: CouncilReport, key: str, files: dict[str, bytes]) -> list[str]:
    """Keep a draft's exported files under ``key`` so they can be downloaded; return the formats kept.

    A draft's files are never the pack's: each export keeps its own, named DRAFT.
    """
    for fmt, content in files.items():
        path = draft_file_path(report, key, fmt)
        if default_storage.exists(path):
            default_storage.delete(path)
        default_storage.save(path, ContentFile(content))
    return list(files)


def _store(report: CouncilReport, fmt: str, content: bytes) -> None:
    """Store a published pack's file; if another process stored it first, keep theirs (same content)."""
    try:
        with transaction.atomic():
            ReportFile.objects.create(
                snapshot=report.snapshot,
                format=fmt,
                file=ContentFile(content, name=file_name(report, fmt)),
                size=len(content),
            )
    except IntegrityError:
        return


def check_published_month_change(measure_id: int, month: dt.date, reason: str) -> list[str]:
    """Return the titles of published packs that printed ``measure_id``'s value for ``month``.

    Raises ValidationError when such a pack exists and ``reason`` is blank: a published month
    may be changed only with a reason, which the caller records on the value (``change_reason``).
    Reads only.
    """
    month = month.replace(day=1)
    titles, labels = [], []
    packs = ReportSnapshot.objects.select_related("report").filter(
        report__status=ReportStatus.PUBLISHED, report__period_start__lte=month, report__period_end__gte=month
    )
    for snapshot in packs.order_by("report__published_at"):
        if any(m["id"] == measure_id for m in snapshot.data.get("measures", [])):
            titles.append(snapshot.report.title)
            labels.append(f"{snapshot.report.title} ({snapshot.report.period_label})")
    if titles and not (reason or "").strip():
        where = "; ".join(labels)
        raise ValidationError(
            {"change_reason": f"{month:%B %Y} was published in {where}: give a reason for the change."}
        )
    return titles
