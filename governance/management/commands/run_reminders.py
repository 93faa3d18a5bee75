import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from governance.lib.reminders import RULES
from governance.portal.selectors import outbox_summary
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
        # Reminders and their outbox rows are committed by now; delivery does not need the broker to be up.
        waiting = outbox_summary()
        if waiting["pending"] or waiting["sending"]:
            self.stdout.write(
                f"outbox: {waiting['pending'] + waiting['sending']} messages waiting; delivery will follow "
                f"(a worker, or the outbox sweep every {settings.JIEDAO_OUTBOX_SWEEP_SECONDS} s once the broker "
                "answers)"
            )
