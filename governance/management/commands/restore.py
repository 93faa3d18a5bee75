from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from governance.lib.backup import BackupError, Target, backup_restore, backups_list


class Command(BaseCommand):
    help = (
        "Restore a backup written by `backup` into the database (its tables are replaced) and MEDIA_ROOT, "
        "then compare every table's row count and checksum with the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", nargs="?", type=Path, help="the backup folder (default: the newest)")
        parser.add_argument("--database-url", help="restore into this database instead of DATABASE_URL")
        parser.add_argument("--media-root", type=Path, help="unpack the files here instead of MEDIA_ROOT")
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing the data")

    def handle(self, *args, **options):
        source = options["backup"]
        if source is None:
            backups = backups_list(Path(settings.BACKUP_DIR))
            if not backups:
                raise CommandError(f"no backup under {settings.BACKUP_DIR}")
            source = backups[-1]
        db = (
            dj_database_url.parse(options["database_url"])
            if options["database_url"]
            else settings.DATABASES["default"]
        )
        media_root = options["media_root"] or Path(settings.MEDIA_ROOT)
        try:
            target = Target.from_settings(db)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not options["yes"]:
            answer = input(
                f"Replace database {target.name!r} and files in {media_root} with {source}? [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("not restored")
        try:
            differences = backup_restore(source=source, target=target, media_root=media_root)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if differences:
            for table, (expected, restored) in differences.items():
                self.stderr.write(f"{table}: backup {expected}, restored {restored}")
            raise CommandError(f"{len(differences)} tables differ from the backup's manifest")
        self.stdout.write(f"restored {source} into {target.name}; every table matches the manifest")
