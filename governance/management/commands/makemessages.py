from django.core.management.commands import makemessages

# Never read for strings: the virtualenv, run-time files, collected static files, JS packages, the tests.
IGNORED = [".venv", "var", "staticfiles", "node_modules", "tests"]


class Command(makemessages.Command):
    """Django's makemessages with the project's ignore list, so `makemessages -l zh_Hans` needs no flags.

    Locations name the file but not the line: the one catalogue is shared by every branch, and line numbers
    would make it conflict whenever anyone edits code above a string.
    """

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(add_location="file")

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options["ignore_patterns"], *IGNORED]
        return super().handle(*args, **options)
