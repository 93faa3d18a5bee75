from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The governance app is laid out by domain; each folder has the same file set as the other apps.
DOMAINS = ("territory", "residents", "staff", "enforcement", "portal", "reports", "dataimport")


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Territory, residents and street staff")

    def ready(self):
        from governance.lib import authz, dashcache
        from governance.lib.health import register_check
        from governance.lib.masking import register_showing_logger
        from governance.lib.registry import autoload
        from governance.lib.scope import register_scope_loader
        from governance.portal.selectors import outbox_health
        from governance.portal.services import platform_sync_after_migrate
        from governance.residents.services import personal_data_reveal
        from governance.territory.selectors import assigned_paths

        register_scope_loader(lambda user: authz.cached_for(user, "paths", lambda: assigned_paths(user)))
        authz.connect()
        dashcache.connect()
        register_check("pending-emails", outbox_health)
        register_showing_logger(personal_data_reveal)
        for domain in DOMAINS:
            autoload(f"{self.name}.{domain}")
        # Groups and their permissions are infrastructure, rebuilt like Django's own permissions after every
        # migrate (and after a test flush), so a role can never lack a permission that a model gained.
        # Connected for every app, acting only after the last one: by then every app's permissions exist.
        post_migrate.connect(platform_sync_after_migrate, dispatch_uid="jiedao_platform_sync")
