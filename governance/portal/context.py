"""What every page's frame needs: the street's name, the user's scope, the menu and the unread count."""

from functools import cached_property

from django.conf import settings

from governance.lib.registry import visible_nav
from governance.portal.selectors import unread_count
from governance.territory.selectors import user_assignments, user_roles


class Frame:
    """Computed on first use and once per request, so a page that never shows the menu pays nothing."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def nav_sections(self):
        return visible_nav(self.user, user_roles(self.user))

    @cached_property
    def unread_count(self) -> int:
        return unread_count(self.user)

    @cached_property
    def scope_label(self) -> str:
        assignments = user_assignments(self.user)
        label = "、".join(f"{a.area.name}·{a.get_role_display()}" for a in assignments)
        return label or ("全部" if self.user.is_superuser else "")


def portal(request):
    user = getattr(request, "user", None)
    ctx = {"street_name": settings.JIEDAO_STREET_NAME}
    if user is not None and user.is_authenticated:
        ctx["frame"] = Frame(user)
    return ctx
