from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PropertyConfig(AppConfig):
    name = "property"
    verbose_name = _("Property management")

    def ready(self):
        from governance.lib.registry import autoload
        from governance.lib.roles import sync_roles_after_migrate

        autoload(self)
        # governance syncs the roles after *its* post_migrate, which runs before this app's permissions
        # exist (it is listed first): sync again once they do, or no role could see a property record.
        post_migrate.connect(sync_roles_after_migrate, sender=self)
