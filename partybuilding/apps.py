from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartybuildingConfig(AppConfig):
    name = "partybuilding"
    verbose_name = _("Party building")

    def ready(self):
        from governance.lib.registry import autoload
        from governance.lib.roles import sync_roles_after_migrate

        autoload(self)
        # governance syncs the role groups after its own migrations, before this app's permissions
        # exist; sync again once they do, so that roles carry the party-building grants.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="partybuilding_roles")
