from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Territory, residents and street staff")

    def ready(self):
        from governance.lib.registry import autoload
        from governance.lib.roles import sync_roles_after_migrate

        autoload(self)
        # Groups and their permissions are infrastructure, rebuilt like Django's own permissions after every
        # migrate (and after a test flush), so a role can never lack a permission that a model gained.
        post_migrate.connect(sync_roles_after_migrate, sender=self)
