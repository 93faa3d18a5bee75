from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PropertyConfig(AppConfig):
    name = "property"
    verbose_name = _("Property management")

    def ready(self):
        from governance.lib.registry import autoload

        autoload(self.name)
