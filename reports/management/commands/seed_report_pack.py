"""Create the demo pack for May 2015 to April 2016 from the loaded fixtures. Safe to re-run."""

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


class Command(BaseCommand):
    help = (
        "Create the demo Council report pack (May 2015 to April 2016); the meeting date is left 'not stated'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--publish", action="store_true", help="Publish (freeze) the pack as well.")
        parser.add_argument("--export", default="", help="Also export it in every format into this folder.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_USERS:
            raise CommandError("seed_report_pack makes demo data and does not run in production.")
        report, created = CouncilReport.objects.get_or_create(
            title=TITLE,
            period_start=START,
            period_end=END,
            # The source report gives no meeting date: leave it blank rather than invent one.
            defaults={"meeting": "Full Council", "meeting_date": None, "sections": list(ALL_SECTIONS)},
        )
        self.stdout.write(f"{'Created' if created else 'Found'} pack {report.pk}: {report}")
        data = services.report_data(report)
        if data["coverage"]["message"]:
            self.stdout.write(self.style.WARNING(data["coverage"]["message"]))
        if options["publish"] and not report.is_published:
            services.report_publish(report=report, user=None)
            self.stdout.write(self.style.SUCCESS(f"Published pack {report.pk}."))
        if options["export"]:
            call_command("report_export", report.pk, format="all", out=options["export"], stdout=self.stdout)
