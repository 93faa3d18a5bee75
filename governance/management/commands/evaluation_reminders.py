import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from governance.lib.reminders import reminders_run
from governance.reminders.staff import EVALUATION_RULES


class Command(BaseCommand):
    help = "Run the quarterly-evaluation reminder rules by hand for a date (default today); safe to repeat."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (default: today in Asia/Shanghai)")

    def handle(self, *args, **options):
        try:
            today = datetime.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--date must be YYYY-MM-DD") from exc
        report = reminders_run(today=today, rule_keys=EVALUATION_RULES)
        for key in EVALUATION_RULES:
            self.stdout.write(f"{key}: {report.sent[key]} sent, {report.skipped[key]} already sent")
