from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from governance.lib.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database (pg_dump, custom format) and the uploaded files into one folder "
        "under BACKUP_DIR, then keep only the newest BACKUP_KEEP backups."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="where backups are kept (default: BACKUP_DIR)")
        parser.add_argument("--keep", type=int, help="how many backups to keep (default: BACKUP_KEEP)")

    def handle(self, *args, **options):
        keep = options["keep"] if options["keep"] is not None else settings.BACKUP_KEEP
        if keep < 1:
            raise CommandError("--keep must be at least 1")
        try:
            path = backup_create(
                directory=options["dir"] or settings.BACKUP_DIR,
                media_root=Path(settings.MEDIA_ROOT),
                keep=keep,
                now=timezone.localtime(),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"backup written: {path}")
