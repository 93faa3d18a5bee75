"""Residents in the header's search: by name only (numbers are found by POST, by permitted roles)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from governance.lib.registry import search_kind
from governance.residents.models import Resident


def _describe(resident):
    area = resident.area
    return (
        resident.name,
        f"{area.parent.parent.name} {area.parent.name} {area.name} {resident.household.room}",
    )


@search_kind(
    "residents",
    _("Residents"),
    order=10,
    permission="governance.view_resident",
    describe=_describe,
    more_url=lambda text: reverse("governance:resident-list") + "?" + urlencode({"q": text}),
)
def find_residents(user, text):
    return (
        Resident.objects.visible_to(user)
        .search(text)
        .select_related("area__parent__parent", "household")
        .order_by("name", "pk")
    )
