"""Reads of the portal's own machinery: settings an administrator tuned, a user's inbox, the outbox."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Min
from django.utils import timezone

from governance.lib.settings import DECLARED
from governance.portal.choices import Channel, OutboxState
from governance.portal.models import ChannelPreference, Notification, OutboxMessage, PortalSetting
from governance.territory.choices import Role
from governance.territory.models import Area, Assignment


def setting_value(key: str) -> int:
    """The admin's value for `key`, or its declared default."""
    value = PortalSetting.objects.filter(key=key).values_list("value", flat=True).first()
    return DECLARED[key].default if value is None else value


def unread_count(user) -> int:
    return Notification.objects.for_user(user).unread().count()


def street_administrators():
    """Active users holding the street-administrator role anywhere: who hears when the portal itself fails."""
    return (
        get_user_model()
        .objects.filter(is_active=True, assignments__role=Role.STREET_ADMIN)
        .distinct()
        .order_by("pk")
    )


def outbox_summary() -> dict:
    """How many messages wait, are being sent or failed, and how long the oldest unsent one has waited (s)."""
    rows = (
        OutboxMessage.objects.exclude(state=OutboxState.SENT)
        .values("state")
        .annotate(n=Count("id"), oldest=Min("created_at"))
        .order_by()
    )
    summary = {str(state): 0 for state in (OutboxState.PENDING, OutboxState.SENDING, OutboxState.FAILED)}
    oldest = None
    for row in rows:
        summary[row["state"]] = row["n"]
        if row["state"] != OutboxState.FAILED and (oldest is None or row["oldest"] < oldest):
            oldest = row["oldest"]
    summary["oldest_unsent_seconds"] = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    return summary


def outbox_health() -> tuple[bool, dict]:
    """The "pending e-mails" health check: fails when a message has waited longer than it should.

    Failed messages are counted but do not fail the check (one bad address is not an outage); they are in
    the admin's outbox list and were reported to the street administrators.
    """
    summary = outbox_summary()
    return summary["oldest_unsent_seconds"] <= settings.JIEDAO_OUTBOX_STALE_SECONDS, summary


@dataclass(frozen=True)
class Route:
    """One way a user's notification leaves the portal: to an address (e-mail, phone) or a group robot."""

    channel: str
    address: str = ""
    preference: ChannelPreference | None = None


def notification_routes(users) -> dict[int, list[Route]]:
    """How each user's notifications leave the portal beside it, by user id (three queries in all).

    A person's own settings, unless they follow their community; else the settings of the nearest community
    (or street) above each place they work in; with none, e-mail. A robot channel goes to the person's own
    robot, else to their communities' robots; SMS goes to the person's own mobile.
    """
    users = list(users)
    if not users:
        return {}
    own = {p.user_id: p for p in ChannelPreference.objects.filter(user__in=users)}
    worked = {}
    for user_id, path in Assignment.objects.filter(user__in=users).values_list("user_id", "area__path"):
        worked.setdefault(user_id, set()).add(path)
    above = {
        path[:end]
        for paths in worked.values()
        for path in paths
        for end in range(Area.steplen, len(path) + 1, Area.steplen)
    }
    by_path = {
        p.area.path: p for p in ChannelPreference.objects.filter(area__path__in=above).select_related("area")
    }
    routes = {}
    for user in users:
        mine = own.get(user.pk)
        places = _nearest_settings(worked.get(user.pk, ()), by_path)
        if mine is not None and not mine.follows_community:
            chosen = mine.channels()
        elif places:
            chosen = set().union(*(p.channels() for p in places))
        else:
            chosen = {Channel.EMAIL}
        found = []
        if Channel.EMAIL in chosen and user.email:
            found.append(Route(Channel.EMAIL, address=user.email))
        if Channel.SMS in chosen and mine is not None and mine.phone:
            found.append(Route(Channel.SMS, address=mine.phone))
        for robot in (Channel.WECOM, Channel.DINGTALK):
            if robot not in chosen:
                continue
            if mine is not None and mine.webhook(robot):
                found.append(Route(robot, preference=mine))
            else:
                found += [Route(robot, preference=p) for p in places if p.webhook(robot)]
        routes[user.pk] = found
    return routes


def _nearest_settings(paths, by_path: dict) -> list[ChannelPreference]:
    """For each place, the settings of the nearest area at or above it that has some; each once."""
    found = {}
    for path in sorted(paths):
        for end in range(len(path), 0, -Area.steplen):
            preference = by_path.get(path[:end])
            if preference is not None:
                found[preference.pk] = preference
                break
    return list(found.values())


SEARCH_HITS_PER_KIND = 5  # a glance per kind; "more" opens the kind's own list with the same text


def search_everything(user, text: str, *, per_kind: int = SEARCH_HITS_PER_KIND) -> list[dict]:
    """The header search: every kind the user may view, each limited by `visible_to(user)`, one query a kind.

    Each group holds at most `per_kind` hits and says whether there are more (one row beyond is fetched).
    Kinds without a hit are left out.
    """
    from governance.lib.registry import SEARCH_KINDS

    text = (text or "").strip()
    if not text:
        return []
    groups = []
    for kind in SEARCH_KINDS:
        if not user.has_perm(kind.permission):
            continue
        rows = list(kind.find(user, text)[: per_kind + 1])
        if not rows:
            continue
        groups.append(
            {
                "key": kind.key,
                "label": kind.label,
                "hits": [(*kind.describe(obj), obj.get_absolute_url()) for obj in rows[:per_kind]],
                "more_url": kind.more_url(text) if len(rows) > per_kind else "",
            }
        )
    return groups
