"""Joint-enforcement cases in the header's search: by title, description or case number."""

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from governance.enforcement.models import EnforcementCase
from governance.lib.registry import search_kind


def _describe(case):
    return str(case), f"{case.get_status_display()} · {case.area.name} · {case.raised_at:%Y-%m-%d}"


@search_kind(
    "cases",
    _("Enforcement cases"),
    order=30,
    permission="governance.view_enforcementcase",
    describe=_describe,
    more_url=lambda text: reverse("governance:enforcement-case-list") + "?" + urlencode({"q": text}),
)
def find_cases(user, text):
    match = Q(title__icontains=text) | Q(description__icontains=text)
    number = text.lstrip("#")
    if number.isdigit():
        match |= Q(pk=int(number))
    return (
        EnforcementCase.objects.visible_to(user)
        .filter(match)
        .select_related("area")
        .order_by("-raised_at", "-pk")
    )
