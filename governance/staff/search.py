"""Street staff in the header's search: by name."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from governance.lib.registry import search_kind
from governance.staff.models import StaffMember


def _describe(member):
    return member.name, " · ".join(x for x in (member.position, member.area.name) if x)


@search_kind(
    "staff",
    _("Staff"),
    order=60,
    permission="governance.view_staffmember",
    describe=_describe,
    more_url=lambda text: reverse("governance:staff-member-list") + "?" + urlencode({"q": text}),
)
def find_staff(user, text):
    return (
        StaffMember.objects.visible_to(user)
        .filter(name__icontains=text)
        .select_related("area")
        .order_by("name", "pk")
    )
