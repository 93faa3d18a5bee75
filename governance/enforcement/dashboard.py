"""Dashboard panel of joint enforcement: open cases, overdue summonses, what waits for verification."""

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from governance.enforcement import selectors
from governance.enforcement.choices import CaseStatus
from governance.enforcement.models import EnforcementCase, Summons
from governance.lib.registry import Card, dashboard_panel, quick_action, work_cards
from governance.territory.choices import Role


@dashboard_panel(
    "enforcement",
    order=50,
    permission="governance.view_enforcementcase",
    watches=(
        "governance.EnforcementCase",
        "governance.Summons",
    ),
)
def enforcement_panel(request):
    user = request.user
    cases = EnforcementCase.objects.visible_to(user)
    counts = selectors.case_status_counts(cases)
    now = timezone.now()
    overdue = selectors.overdue_summonses(Summons.objects.visible_to(user), now)
    overdue_rows = list(overdue.select_related("case", "department").order_by("respond_by", "id")[:5])
    board = reverse("governance:enforcement-case-list")
    open_count = sum(counts[s] for s in CaseStatus.values if s not in (CaseStatus.CLOSED, CaseStatus.DROPPED))
    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    this_month = cases.filter(raised_at__gte=month_start).count()
    year_ago = now - timezone.timedelta(days=365)
    per_month = (
        cases.filter(raised_at__gte=year_ago)
        .annotate(month=TruncMonth("raised_at"))
        .order_by()
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    months = [(row["month"].strftime("%Y-%m"), row["n"]) for row in per_month if row["month"]]
    panel = {
        "title": _("Joint enforcement"),
        "cards": [
            Card(_("Open cases"), open_count, board, unit=_("cases"), tone="info"),
            Card(_("Raised this month"), this_month, board, unit=_("cases")),
            Card(
                _("Overdue summonses"),
                overdue.count(),
                reverse("governance:enforcement-scorecard"),
                unit=_("times"),
                tone="danger" if overdue_rows else "success",
            ),
            Card(
                _("Waiting for the community's verification"),
                counts[CaseStatus.ACTED],
                f"{board}?status={CaseStatus.ACTED}",
                unit=_("cases"),
                tone="warning" if counts[CaseStatus.ACTED] else "",
            ),
            Card(
                pgettext("case status", "Closed"),
                counts[CaseStatus.CLOSED],
                f"{board}?status={CaseStatus.CLOSED}",
                unit=_("cases"),
                tone="success",
            ),
        ],
        "attention": [
            {
                "text": _("#%(case)s %(title)s: waiting on %(department)s")
                % {"case": s.case_id, "title": s.case.title, "department": s.department.name},
                "url": s.case.get_absolute_url(),
                "tone": "danger",
                "tag": _("overdue"),
            }
            for s in overdue_rows
        ],
    }
    if months:
        panel["chart"] = {
            "tooltip": {"trigger": "axis"},
            "xAxis": {"type": "category", "data": [m for m, _n in months]},
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [{"name": _("Cases raised"), "type": "bar", "data": [n for _m, n in months]}],
        }
    return panel


@work_cards("cases-raised", order=20, roles=[Role.GRID_WORKER], permission="governance.view_enforcementcase")
def grid_worker_cases(request):
    """The cases a grid worker raised that are still being handled."""
    mine = EnforcementCase.objects.visible_to(request.user).filter(raised_by=request.user)
    open_count = mine.exclude(status__in=(CaseStatus.CLOSED, CaseStatus.DROPPED)).count()
    url = reverse("governance:enforcement-case-list") + "?mine=true"
    return [Card(_("My open cases"), open_count, url, unit=_("cases"), tone="info")]


quick_action(
    gettext_lazy("Raise a case"),
    "governance:enforcement-case-create",
    permission="governance.add_enforcementcase",
    roles=[Role.GRID_WORKER, Role.COMMUNITY_SECRETARY],
    order=20,
)
