"""The services panel: open needs, overdue, the three rates and person-times this year."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from governance.lib.registry import Card, dashboard_panel, record_section
from volunteers import selectors
from volunteers.models import Need, ServiceRecord


def _pct(value):
    return "—" if value is None else f"{value}"


@dashboard_panel(
    "services",
    order=40,
    permission="volunteers.view_need",
    watches=(
        "volunteers.Need",
        "volunteers.NeedRollup",
        "volunteers.ServiceRecord",
    ),
)
def services_panel(request):
    user = request.user
    needs = Need.objects.visible_to(user)
    today = timezone.localdate()
    year_start = datetime.date(today.year, 1, 1)
    this_year = needs.filter(submitted_at__date__gte=year_start)
    totals = selectors.need_rate_totals(this_year)
    open_count = needs.open().count()
    overdue = needs.overdue().select_related("category", "area").order_by("resolve_by")
    overdue_count = overdue.count()
    worklist = reverse("volunteers:need-list")
    person_times = selectors.person_times(ServiceRecord.objects.visible_to(user), year_start, today)
    return {
        "title": _("Services and needs"),
        "cards": [
            Card(_("Open needs"), open_count, worklist, unit=pgettext("need count", "items"), tone="info"),
            Card(
                _("Overdue needs"),
                overdue_count,
                f"{worklist}?state=overdue",
                unit=pgettext("need count", "items"),
                tone="danger" if overdue_count else "",
            ),
            Card(_("Response rate"), _pct(totals.response_rate), reverse("volunteers:rates"), unit="%"),
            Card(_("Resolution rate"), _pct(totals.resolution_rate), reverse("volunteers:rates"), unit="%"),
            Card(
                _("Satisfaction rate"), _pct(totals.satisfaction_rate), reverse("volunteers:rates"), unit="%"
            ),
            Card(
                _("Person-times this year"),
                person_times,
                reverse("volunteers:record-list"),
                unit=_("person-times"),
                tone="success",
            ),
        ],
        "attention": [
            {"text": str(n), "url": n.get_absolute_url(), "tone": "danger", "tag": _("Overdue")}
            for n in overdue[:5]
        ],
    }


@record_section("governance.resident", "needs", order=10, permission="volunteers.view_need")
def resident_needs_section(request, resident):
    """What this resident asked before: the needs linked to them (by staff, or by their phone at intake)."""
    needs = list(
        Need.objects.visible_to(request.user)
        .filter(resident=resident)
        .select_related("category")
        .order_by("-submitted_at", "-id")[:20]
    )
    if not needs:
        return None
    return {
        "key": "needs",
        "title": _("Needs asked before"),
        "template": "volunteers/resident_needs_section.html",
        "needs": needs,
    }
