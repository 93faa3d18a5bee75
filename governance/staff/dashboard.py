"""Dashboard panels of street staff: A/B coverage warnings, evaluations pending and overdue, age structure."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from governance.lib.registry import Card, dashboard_panel
from governance.staff import selectors
from governance.staff.choices import EvaluationStatus
from governance.staff.models import Evaluation, Post, StaffMember
from governance.staff.services import quarter_of
from governance.territory.choices import Role


# The street office's own people: the street's roles look after them, not the communities'.
@dashboard_panel(
    "staff",
    order=20,
    permission="governance.view_post",
    roles=[Role.STREET_ADMIN, Role.STREET_STAFF, Role.VIEWER],
    watches=(
        "governance.Post",
        "governance.StaffMember",
        "governance.Evaluation",
        "governance.Absence",
        "governance.LeadershipPortfolio",
    ),
)
def staff_panel(request):
    user = request.user
    today = timezone.localdate()
    coverage = selectors.coverage_on(
        day=today, posts=Post.objects.visible_to(user), staff=StaffMember.objects.visible_to(user)
    )
    year, quarter = quarter_of(today)
    evaluations = Evaluation.objects.visible_to(user).of_quarter(year, quarter)
    pending = evaluations.filter(status=EvaluationStatus.PENDING).count()
    overdue = evaluations.overdue(today).count()
    leadership = selectors.age_structure(
        day=today, staff=StaffMember.objects.visible_to(user), leadership_only=True
    )
    coverage_url = reverse("governance:staff-coverage")
    evaluation_url = reverse("governance:staff-evaluation-list")
    attention = [
        {
            "text": _("%(post)s: A and B both away") % {"post": p.name},
            "url": p.get_absolute_url(),
            "tone": "danger",
            "tag": _("Uncovered"),
        }
        for p in coverage.both_absent
    ]
    attention += [
        {
            "text": _("%(post)s has no B holder") % {"post": p.name},
            "url": p.get_absolute_url(),
            "tone": "warning",
            "tag": _("No B"),
        }
        for p in coverage.no_b[:5]
    ]
    trend = selectors.age_trend(until=today, staff=StaffMember.objects.visible_to(user), leadership_only=True)
    return {
        "title": _("Street cadres"),
        "cards": [
            Card(
                _("Posts uncovered today"),
                len(coverage.both_absent),
                coverage_url,
                unit=_("posts"),
                tone="danger" if coverage.both_absent else "success",
            ),
            Card(
                _("Posts without B"),
                len(coverage.no_b),
                f"{reverse('governance:staff-post-list')}?no_b=true",
                unit=_("posts"),
                tone="warning" if coverage.no_b else "",
            ),
            Card(
                _("Staff backing up nobody"),
                len(coverage.backing_up_nobody),
                coverage_url,
                unit=_("people"),
                tone="warning" if coverage.backing_up_nobody else "",
            ),
            Card(
                _("Evaluations pending"),
                pending,
                f"{evaluation_url}?year={year}&quarter={quarter}&status=pending",
                unit=pgettext("evaluation count", "items"),
                note=f"{year}Q{quarter}",
            ),
            Card(
                _("Evaluations overdue"),
                overdue,
                f"{evaluation_url}?year={year}&quarter={quarter}&status=pending",
                unit=pgettext("evaluation count", "items"),
                tone="danger" if overdue else "",
            ),
            Card(
                _("Leadership average age"),
                leadership["average_age"] if leadership["average_age"] is not None else "—",
                reverse("governance:staff-age"),
                unit=_("years"),
                note=_("young: %(share)s%%")
                % {"share": leadership["young_share"] if leadership["young_share"] is not None else "—"},
            ),
        ],
        "attention": attention,
        "chart": {
            "tooltip": {"trigger": "axis"},
            "xAxis": {"type": "category", "data": [str(y) for y, _a in trend]},
            "yAxis": {"type": "value", "name": _("Leadership average age"), "min": 30},
            "series": [{"type": "line", "data": [a for _y, a in trend], "label": {"show": True}}],
        }
        if trend
        else None,
    }
