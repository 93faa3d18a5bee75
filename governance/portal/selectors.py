"""Reads of the portal's own machinery: settings an administrator tuned, a user's inbox."""

from governance.lib.settings import DECLARED
from governance.portal.models import Notification, PortalSetting


def setting_value(key: str) -> int:
    """The admin's value for `key`, or its declared default."""
    value = PortalSetting.objects.filter(key=key).values_list("value", flat=True).first()
    return DECLARED[key].default if value is None else value


def unread_count(user) -> int:
    return Notification.objects.for_user(user).unread().count()
