import shutil
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation


class Command(BaseCommand):
    help = "Fail if a user-facing string of the project has no Chinese translation in locale/<topic>/."

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
        scratch = base / "locale" / "zh_Hans"
        if scratch.exists():
            raise CommandError(f"{scratch} exists; catalogues live in locale/<topic>/zh_Hans/")
        try:
            with tempfile.TemporaryDirectory():
                call_command(
                    "makemessages",
                    locale=["zh_Hans"],
                    verbosity=0,
                    ignore_patterns=[".venv/*", "var/*", "staticfiles/*", "static/vendor/*", "tests/*"],
                )
            extracted = polib.pofile(str(scratch / "LC_MESSAGES" / "django.po"))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        missing = []
        with translation.override("zh-hans"):
            for entry in extracted:
                if entry.msgid_plural:
                    ok = translation.ngettext(entry.msgid, entry.msgid_plural, 2) != entry.msgid_plural
                elif entry.msgctxt:
                    ok = translation.pgettext(entry.msgctxt, entry.msgid) != entry.msgid
                else:
                    ok = translation.gettext(entry.msgid) != entry.msgid
                if not ok:
                    where = entry.occurrences[0][0] if entry.occurrences else "?"
                    missing.append(f"{where}: {entry.msgid!r}")
        if missing:
            self.stdout.write("\n".join(missing))
            raise CommandError(f"{len(missing)} strings have no Chinese translation")
        self.stdout.write(f"all {len(extracted)} strings translated")
