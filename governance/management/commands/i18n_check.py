import contextlib
import os
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from governance.management.commands.makemessages import IGNORED

CATALOGUE = Path("locale") / "zh_Hans" / "LC_MESSAGES" / "django.po"
SOURCE_SUFFIXES = {".py", ".html", ".txt"}  # what makemessages reads for the "django" domain


class Command(BaseCommand):
    help = (
        "Fail unless locale/zh_Hans/LC_MESSAGES/django.po is the only catalogue and holds every string of the "
        "code, translated, with nothing fuzzy or obsolete (it runs makemessages on a temporary copy)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--catalogue", help="check this .po instead of the project's (the tests use it)")

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
        catalogue = Path(options["catalogue"] or base / CATALOGUE)
        before = polib.pofile(str(catalogue))
        problems = self.only_one_catalogue(base) + self.each_msgid_one_translation(base)
        if before.metadata_is_fuzzy:
            problems.append("the header is marked fuzzy: msgfmt would drop it, and the plural forms with it")
        problems += self.compare(before, self.remade(base, catalogue))
        problems += self.formats_match(catalogue)
        if problems:
            self.stdout.write("\n".join(problems))
            raise CommandError(f"{len(problems)} problems in the Chinese catalogue {catalogue}")
        count = len(before.translated_entries())
        self.stdout.write(f"all {count} strings translated, in one catalogue")

    def only_one_catalogue(self, base: Path) -> list[str]:
        """Django merges every catalogue it finds and the first one wins: a second one hides conflicts."""
        problems = []
        if [Path(p) for p in settings.LOCALE_PATHS] != [base / "locale"]:
            problems.append(
                f"settings.LOCALE_PATHS must be [BASE_DIR / 'locale'], not {settings.LOCALE_PATHS}"
            )
        allowed = {base / CATALOGUE, (base / CATALOGUE).with_name("djangojs.po")}
        problems += [
            f"second catalogue: {po.relative_to(base)} (merge it into {CATALOGUE})"
            for po in sorted(_project_files(base, ".po"))
            if po not in allowed
        ]
        return problems

    def each_msgid_one_translation(self, base: Path) -> list[str]:
        """The same English without a context must read the same in Chinese everywhere (else: pgettext)."""
        seen = defaultdict(set)
        for po in _project_files(base, ".po"):
            if po.name == "django.po":
                for entry in polib.pofile(str(po)).translated_entries():
                    if not entry.msgctxt:
                        seen[entry.msgid].add(entry.msgstr or " / ".join(entry.msgstr_plural.values()))
        return [
            f"two translations of {msgid!r} without a context: {' / '.join(sorted(msgstrs))} (use pgettext)"
            for msgid, msgstrs in sorted(seen.items())
            if len(msgstrs) > 1
        ]

    def remade(self, base: Path, catalogue: Path) -> polib.POFile:
        """The catalogue as makemessages leaves it after reading the code: run on a copy, never in place."""
        with tempfile.TemporaryDirectory(prefix="jiedao-i18n-") as tmp:
            copy = Path(tmp) / "src"
            shutil.copytree(base, copy, ignore=_not_sources)
            target = copy / CATALOGUE
            target.parent.mkdir(parents=True)
            shutil.copyfile(catalogue, target)
            with contextlib.chdir(copy), override_settings(LOCALE_PATHS=[copy / "locale"]):
                call_command("makemessages", locale=["zh_Hans"], verbosity=0)
            return polib.pofile(str(target))

    def compare(self, before: polib.POFile, after: polib.POFile) -> list[str]:
        """What makemessages added (missing), left flagged (fuzzy) or empty, or would retire (obsolete)."""

        def where(entry):
            return ", ".join(sorted({path for path, _line in entry.occurrences})) or "?"

        def key(entry):
            return (entry.msgctxt, entry.msgid)

        known = {key(e) for e in before if not e.obsolete}
        still_used = {key(e) for e in after if not e.obsolete}
        problems = []
        for entry in after:
            if entry.obsolete:
                continue
            if key(entry) not in known:
                problems.append(f"missing: {_name(entry)} ({where(entry)})")
            elif "fuzzy" in entry.flags:
                problems.append(f"fuzzy: {_name(entry)} ({where(entry)})")
            elif not entry.translated():
                problems.append(f"untranslated: {_name(entry)} ({where(entry)})")
        for entry in before:
            if entry.obsolete:
                problems.append(f"obsolete (#~): {_name(entry)}; remove it (makemessages --no-obsolete)")
            elif key(entry) not in still_used:
                problems.append(f"obsolete: {_name(entry)} is no longer in the code")
        return problems

    def formats_match(self, catalogue: Path) -> list[str]:
        """msgfmt's own check: placeholders such as %(name)s must survive translation."""
        result = subprocess.run(
            ["msgfmt", "--check-format", "-o", "/dev/null", str(catalogue)], capture_output=True, text=True
        )
        return [] if result.returncode == 0 else [f"msgfmt: {line}" for line in result.stderr.splitlines()]


def _name(entry) -> str:
    return f"{entry.msgctxt!r} | {entry.msgid!r}" if entry.msgctxt else repr(entry.msgid)


def _project_files(base: Path, suffix: str):
    for directory, dirnames, filenames in os.walk(base):
        dirnames[:] = [d for d in dirnames if d not in IGNORED and not d.startswith(".")]
        yield from (Path(directory) / name for name in filenames if name.endswith(suffix))


def _not_sources(directory: str, names: list[str]) -> list[str]:
    """copytree filter: keep the folders and the files makemessages reads, skip the rest and the catalogue."""
    skipped = []
    for name in names:
        path = Path(directory) / name
        if path.is_dir():
            if name in IGNORED or name.startswith(".") or name in ("locale", "__pycache__"):
                skipped.append(name)
        elif path.suffix not in SOURCE_SUFFIXES:
            skipped.append(name)
    return skipped
