import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from governance.lib.reminders import RULES
from governance.portal.services import reminders_run


class Command(BaseCommand):
    help = "Run the daily reminder rules by hand for a date (default today); safe to repeat."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (default: today in Asia/Shanghai)")
        parser.add_argument("--rule", action="append", help="only this rule (repeatable); default all")

    def handle(self, *args, **options):
        try:
            today = datetime.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError("--date must be YYYY-MM-DD") from exc
        unknown = set(options["rule"] or []) - set(RULES)
        if unknown:
            raise CommandError(
                f"unknown rules: {', '.join(sorted(unknown))}; known: {', '.join(sorted(RULES))}"
            )
        report = reminders_run(today=today, rule_keys=options["rule"])
        for key, sent in report.sent.items():
            self.stdout.write(f"{key}: {sent} sent, {report.skipped[key]} already sent")
