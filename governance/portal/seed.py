"""The demo's last step: today's reminders are run, so the bell has items at first look."""

from django.utils import timezone

from governance.lib.registry import demo_seeder
from governance.portal.services import reminders_run


@demo_seeder("reminders", order=90)
def seed_reminders(ctx: dict) -> None:
    # Safe to repeat: the ledger sends each (record, stage) once, so a second seed adds nothing.
    reminders_run(today=timezone.localdate())
