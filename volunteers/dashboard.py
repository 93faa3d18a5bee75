"""The services panel: open needs, overdue, the three rates and person-times this year."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext

from governance.lib.registry import Card, dashboard_panel, quick_action, record_section, work_cards
from governance.territory.choices import Role
from volunteers import selectors
from volunteers.choices import NeedStatus, RecordStatus
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


NEED_UNIT = "need count"


@work_cards("needs-recorded", order=10, roles=[Role.GRID_WORKER], permission="volunteers.view_need")
def grid_worker_needs(request):
    """A grid worker's needs: those he recorded and are not done, and those of them that are late."""
    counts = selectors.need_work_counts(request.user)
    worklist = reverse("volunteers:need-list")
    return [
        Card(
            _("My open needs"),
            counts["mine_open"],
            f"{worklist}?mine=true",
            unit=pgettext(NEED_UNIT, "items"),
            tone="info",
        ),
        Card(
            _("My overdue needs"),
            counts["mine_overdue"],
            f"{worklist}?state=overdue&mine=true",
            unit=pgettext(NEED_UNIT, "items"),
            tone="danger" if counts["mine_overdue"] else "",
        ),
    ]


@work_cards("needs-waiting", order=10, roles=[Role.COMMUNITY_SECRETARY], permission="volunteers.change_need")
def secretary_needs(request):
    """What waits for a secretary: needs to accept, needs to assign, needs overdue."""
    counts = selectors.need_work_counts(request.user)
    worklist = reverse("volunteers:need-list")
    unit = pgettext(NEED_UNIT, "items")
    return [
        Card(
            _("To accept"),
            counts["to_accept"],
            f"{worklist}?state={NeedStatus.SUBMITTED}",
            unit=unit,
            tone="warning" if counts["to_accept"] else "",
        ),
        Card(
            _("To assign"),
            counts["to_assign"],
            f"{worklist}?state={NeedStatus.ACCEPTED}",
            unit=unit,
            tone="warning" if counts["to_assign"] else "",
        ),
        Card(
            _("Overdue needs"),
            counts["overdue"],
            f"{worklist}?state=overdue",
            unit=unit,
            tone="danger" if counts["overdue"] else "",
        ),
    ]


@work_cards(
    "records-to-confirm",
    order=40,
    roles=[Role.COMMUNITY_SECRETARY, Role.STREET_STAFF, Role.STREET_ADMIN],
    permission="volunteers.change_servicerecord",
)
def records_to_confirm(request):
    """Service records reported and waiting for someone to confirm them (they count only then)."""
    waiting = ServiceRecord.objects.visible_to(request.user).filter(status=RecordStatus.REPORTED).count()
    url = reverse("volunteers:record-list") + f"?status={RecordStatus.REPORTED}"
    return [Card(_("Service records to confirm"), waiting, url, tone="warning" if waiting else "")]


quick_action(
    _lazy("Record a need"),
    "volunteers:need-create",
    permission="volunteers.add_need",
    roles=[Role.GRID_WORKER, Role.COMMUNITY_SECRETARY],
    order=10,
)
