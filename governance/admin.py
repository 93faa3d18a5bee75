"""The admin site's titles; each domain registers its models in its own `admin.py`."""

from importlib import import_module

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from governance.apps import DOMAINS

admin.site.site_header = _("Jiedao administration")
admin.site.site_title = _("Jiedao administration")
admin.site.index_title = _("Administration")

for _domain in DOMAINS:
    import_module(f"governance.{_domain}.admin")
