import random

from django.core.management.base import BaseCommand
from django.db import transaction

from governance.lib.registry import SEEDERS
from governance.lib.roles import roles_sync
from governance.portal.services import settings_ensure_declared


class Command(BaseCommand):
    help = "Build the demo street 梁家屯路街道 with every app's demo data; running it twice changes nothing."

    def handle(self, *args, **options):
        roles_sync()
        settings_ensure_declared()
        # A fixed seed: the demo is the same on every machine, and a second run finds what the first made.
        ctx = {"rng": random.Random(2017)}
        with transaction.atomic():
            for seeder in SEEDERS:
                seeder.run(ctx)
                self.stdout.write(f"seeded {seeder.key}")
        self.stdout.write(self.style.SUCCESS("Demo street ready."))
