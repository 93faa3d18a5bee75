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
        # Connected for every app, acting only after the last one: by then every app's permissions exist.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="jiedao_roles_sync")
