"""Export a Council report pack as PDF, Word and/or Excel, printing progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports import services
from reports.models import CouncilReport, ExportFormat


class Command(BaseCommand):
    help = "Render a pack (from its snapshot once published) as pdf, docx, xlsx or all three."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("report_id", type=int)
        parser.add_argument("--format", default="all", choices=[*ExportFormat.values, "all"])
        parser.add_argument("--out", default="", help="Also write the files into this folder.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = CouncilReport.objects.filter(pk=options["report_id"]).first()
        if report is None:
            raise CommandError(f"No Council report with id {options['report_id']}.")
        formats = ExportFormat.values if options["format"] == "all" else [options["format"]]
        self.stdout.write(f"{report} ({report.get_status_display().lower()}): exporting {', '.join(formats)}")
        files = services.report_export(report=report, formats=formats, progress=self.stdout.write)
        if options["out"]:
            folder = Path(options["out"])
            folder.mkdir(parents=True, exist_ok=True)
            for fmt, content in files.items():
                target = folder / services.file_name(report, fmt)
                target.write_bytes(content)
                self.stdout.write(f"Wrote {target}")
        self.stdout.write(self.style.SUCCESS("Done."))
