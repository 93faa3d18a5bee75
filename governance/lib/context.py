"""What every page's frame needs: the street's name, the user's scope, the menu and the unread count."""

from django.conf import settings

from governance.lib.registry import visible_nav


def portal(request):
    user = getattr(request, "user", None)
    ctx = {"street_name": settings.JIEDAO_STREET_NAME}
    if user is None or not user.is_authenticated:
        return ctx
    from governance.models import Assignment, Notification

    def scope_label():
        assignments = Assignment.objects.filter(user=user).select_related("area")
        return "、".join(f"{a.area.name}·{a.get_role_display()}" for a in assignments) or (
            "全部" if user.is_superuser else ""
        )

    ctx.update(
        nav_sections=lambda: visible_nav(user),
        unread_count=lambda: Notification.objects.for_user(user).unread().count(),
        scope_label=scope_label,
    )
    return ctx
