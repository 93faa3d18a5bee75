from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Services, needs and volunteers")

    def ready(self):
        from governance.lib.registry import autoload
        from partybuilding.feedback import SERVICE_PROVIDERS, register_service_provider
        from volunteers.selectors import service_by_party_member

        autoload(self.name)
        # Confirmed hours feed the party-member feedback report (partybuilding declares the hook).
        if service_by_party_member not in SERVICE_PROVIDERS:
            register_service_provider(service_by_party_member)
