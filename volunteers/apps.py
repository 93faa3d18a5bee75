from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Services, needs and volunteers")

    def ready(self):
        from governance.lib.registry import autoload

        autoload(self.name)
