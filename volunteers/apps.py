from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Services, needs and volunteers")

    def ready(self):
        from django.db.models.signals import post_migrate

        from governance.lib.registry import autoload
        from governance.lib.roles import sync_roles_after_migrate
        from partybuilding.feedback import SERVICE_PROVIDERS, register_service_provider
        from volunteers.selectors import service_by_party_member

        autoload(self)
        # Confirmed hours feed the party-member feedback report (partybuilding declares the hook).
        if service_by_party_member not in SERVICE_PROVIDERS:
            register_service_provider(service_by_party_member)
        # governance syncs the role groups on its own post_migrate, before this app's permissions exist;
        # syncing again once ours are created gives the roles their grants here (idempotent).
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="volunteers_roles_sync")
