"""`manage.py work_report --period 2026 --area 2 --format docx --out report.docx`: the work report from a script."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance.lib.figures import Period
from governance.reports import services
from governance.reports.choices import ReportFormat
from governance.territory.choices import AreaLevel
from governance.territory.models import Area


class Command(BaseCommand):
    help = "Write the work report of a street or community for a year or quarter to a .docx or .pdf file."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="a year (2026) or a quarter (2026Q3)")
        parser.add_argument("--area", required=True, type=int, help="id of the street or community")
        parser.add_argument("--format", required=True, choices=ReportFormat.values)
        parser.add_argument("--out", required=True, help="the file to write")

    def handle(self, *args, period, area, format, out, **options):
        try:
            parsed = Period.parse(period)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        place = Area.objects.filter(pk=area, depth__in=[AreaLevel.STREET, AreaLevel.COMMUNITY]).first()
        if place is None:
            raise CommandError(f"No street or community with id {area}.")
        content = services.build_document(area=place, period=parsed, fmt=format)
        Path(out).write_bytes(content)
        self.stdout.write(f"{out}: {place.name} {parsed.code}, {len(content)} bytes")
