"""Time limits of a summons by urgency: data an administrator may change (Pinggu's rule: urgent → 30 minutes)."""

import datetime

from governance.enforcement.choices import Urgency
from governance.lib.settings import declare_setting
from governance.portal.selectors import setting_value

DEFAULTS = {
    # urgency: (minutes to arrive on site, minutes to act)
    Urgency.URGENT: (30, 4 * 60),
    Urgency.HIGH: (2 * 60, 24 * 60),
    Urgency.NORMAL: (24 * 60, 5 * 24 * 60),
}

RESPOND_KEYS = {
    u: declare_setting(
        f"enforcement.{u.value}.arrive_minutes",
        DEFAULTS[u][0],
        f"Joint enforcement, {u.value} cases: minutes for a summoned department to arrive on site",
    )
    for u in Urgency
}
ACT_KEYS = {
    u: declare_setting(
        f"enforcement.{u.value}.act_minutes",
        DEFAULTS[u][1],
        f"Joint enforcement, {u.value} cases: minutes for a summoned department to act",
    )
    for u in Urgency
}
REMIND_HOURS_BEFORE = declare_setting(
    "enforcement.remind_hours_before",
    24,
    "Joint enforcement: remind a department's contacts this many hours before a deadline",
)


def summons_deadlines(
    urgency: str, summoned_at: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime]:
    """(arrive by, act by) for a summons sent at `summoned_at`."""
    arrive = setting_value(RESPOND_KEYS[Urgency(urgency)])
    act = max(setting_value(ACT_KEYS[Urgency(urgency)]), arrive)
    return (
        summoned_at + datetime.timedelta(minutes=arrive),
        summoned_at + datetime.timedelta(minutes=act),
    )
