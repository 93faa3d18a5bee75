"""Meetings, follow-up actions and resident units in the header's search."""

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from governance.lib.registry import search_kind
from partybuilding.models import FollowUpAction, Meeting, ResidentUnit


def _more(url_name):
    return lambda text: reverse(url_name) + "?" + urlencode({"q": text})


@search_kind(
    "meetings",
    _("Meetings"),
    order=40,
    permission="partybuilding.view_meeting",
    describe=lambda m: (m.title, f"{m.get_kind_display()} · {m.area.name} · {m.held_at:%Y-%m-%d}"),
    more_url=_more("partybuilding:meeting-list"),
)
def find_meetings(user, text):
    match = Q(title__icontains=text) | Q(agenda__icontains=text) | Q(minutes__icontains=text)
    return Meeting.objects.visible_to(user).filter(match).select_related("area").order_by("-held_at", "-pk")


@search_kind(
    "actions",
    _("Follow-up actions"),
    order=50,
    permission="partybuilding.view_followupaction",
    describe=lambda a: (
        a.title,
        f"{a.get_status_display()} · {a.owner.get_full_name() or a.owner.username} · {a.due_on:%Y-%m-%d}",
    ),
    more_url=_more("partybuilding:action-list"),
)
def find_actions(user, text):
    return (
        FollowUpAction.objects.visible_to(user)
        .filter(title__icontains=text)
        .select_related("owner")
        .order_by("status", "due_on", "pk")
    )


@search_kind(
    "units",
    _("Resident units"),
    order=70,
    permission="partybuilding.view_residentunit",
    describe=lambda u: (u.name, f"{u.get_kind_display()} · {u.area.name}"),
    more_url=_more("partybuilding:unit-list"),
)
def find_units(user, text):
    return (
        ResidentUnit.objects.visible_to(user)
        .filter(name__icontains=text)
        .select_related("area")
        .order_by("name", "pk")
    )
