"""Create the demo reports to Council: one published, the next a draft. Safe to re-run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports import services
from reports.models import ALL_SECTIONS, CouncilReport

TITLE = "Children's social care improvement: six-monthly report to Council"
START, END = dt.date(2015, 5, 1), dt.date(2016, 4, 1)
NEXT_START, NEXT_END = dt.date(2016, 5, 1), dt.date(2016, 10, 1)
# The cover and opening sections, in the words of the 2016 report to Council.
REPORT_OF = (
    "The Improvement Quartet: Councillor John Clancy, Councillor Brigid Jones, Mark Rogers and Peter Hay"
)
PURPOSE = (
    "At the meeting of the Council on 1 December 2015 it was agreed that, in addition to routine "
    "performance reports to Cabinet and the work of the scrutiny function, there would be a six-monthly "
    "report to Council on progress in children's social care. This report sets out that progress, the "
    "performance of the service and the proposed next steps."
)
RECOMMENDATIONS = (
    "Welcome and note the progress in children's social care and the proposed next steps.\n"
    "Note the intention to explore and develop a voluntary trust arrangement for children's services."
)


class Command(BaseCommand):
    help = (
        "Create the demo reports to Council: May 2015 to April 2016, published, and May to October 2016 "
        "as a draft. Meeting dates and the contact officer are left 'not stated', as in the source."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--export", default="", help="Also export the published report in every format into this folder."
        )

    def _pack(self, title: str, start: dt.date, end: dt.date) -> CouncilReport:
        report, created = CouncilReport.objects.get_or_create(
            title=title,
            period_start=start,
            period_end=end,
            # The source report gives no meeting date: leave it blank rather than invent one.
            defaults={
                "meeting": "Full Council",
                "meeting_date": None,
                "sections": list(ALL_SECTIONS),
                "report_of": REPORT_OF,
                "wards_affected": "All wards",
                "purpose": PURPOSE,
                "recommendations": RECOMMENDATIONS,
            },
        )
        self.stdout.write(f"{'Created' if created else 'Found'} report {report.pk}: {report}")
        return report

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_USERS:
            raise CommandError("seed_report_pack makes demo data and does not run in production.")
        report = self._pack(TITLE, START, END)
        if not report.is_published:
            data = services.report_data(report)
            if data["coverage"]["message"]:
                self.stdout.write(self.style.WARNING(data["coverage"]["message"]))
            services.report_publish(report=report, user=None)
            self.stdout.write(self.style.SUCCESS(f"Published report {report.pk}: it is now public."))
        draft = self._pack(TITLE, NEXT_START, NEXT_END)
        self.stdout.write(f"Report {draft.pk} is {draft.get_status_display().lower()}.")
        if options["export"]:
            call_command("report_export", report.pk, format="all", out=options["export"], stdout=self.stdout)
