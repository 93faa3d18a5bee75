"""Needs in the header's search: by what is asked, who asks, or the need's number."""

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from governance.lib.registry import search_kind
from volunteers.models import Need


def _describe(need):
    return (
        f"#{need.pk} {need.category.name} · {need.requester_name}",
        f"{need.get_status_display()} · {need.area.name} · {need.description[:40]}",
    )


@search_kind(
    "needs",
    pgettext_lazy("search kind", "Needs"),
    order=20,
    permission="volunteers.view_need",
    describe=_describe,
    more_url=lambda text: reverse("volunteers:need-list") + "?" + urlencode({"state": "all", "q": text}),
)
def find_needs(user, text):
    match = Q(description__icontains=text) | Q(requester_name__icontains=text)
    number = text.lstrip("#")
    if number.isdigit():
        match |= Q(pk=int(number))
    return (
        Need.objects.visible_to(user)
        .filter(match)
        .select_related("area", "category")
        .order_by("-submitted_at", "-pk")
    )
