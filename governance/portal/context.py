"""What every page's frame needs: the street's name, the user's scope, the menu and the unread count."""

from functools import cached_property

from django.conf import settings
from django.utils.functional import SimpleLazyObject

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
    def street_name(self) -> str:
        """The user's own street when all their assignments lie in one (an installation may serve several);
        the installation's name for a superuser or a district-wide user."""
        streets = {a.street_name for a in self._assignments}
        if not self.user.is_superuser and len(streets) == 1 and None not in streets:
            return streets.pop()
        return settings.JIEDAO_STREET_NAME

    @cached_property
    def _assignments(self):
        return user_assignments(self.user)

    @cached_property
    def scope_label(self) -> str:
        label = "、".join(f"{a.area.name}·{a.get_role_display()}" for a in self._assignments)
        return label or ("全部" if self.user.is_superuser else "")


def portal(request):
    user = getattr(request, "user", None)
    ctx = {"street_name": settings.JIEDAO_STREET_NAME}
    if user is not None and user.is_authenticated:
        frame = ctx["frame"] = Frame(user)
        ctx["street_name"] = SimpleLazyObject(lambda: frame.street_name)
    return ctx
