from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.lib.registry import Card, dashboard_panel, quick_action, work_cards
from governance.territory.choices import Role
from partybuilding import selectors
from partybuilding.choices import MeetingKind, OrgLevel


# Party building is the street's and the communities' work; a grid worker's own actions are in his work row.
@dashboard_panel(
    "partybuilding",
    order=10,
    permission="partybuilding.view_partyorganisation",
    roles=[Role.STREET_ADMIN, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY, Role.VIEWER],
    watches=(
        "partybuilding.PartyOrganisation",
        "partybuilding.PartyMember",
        "partybuilding.Meeting",
        "partybuilding.FollowUpAction",
        "partybuilding.CommitteeSeat",
        "partybuilding.Pledge",
        "partybuilding.PledgeDelivery",
    ),
    personal=True,
)
def party_panel(request):
    today = timezone.localdate()
    counts = selectors.dashboard_counts(request.user, today)
    actions_url = reverse("partybuilding:action-list")
    levels = counts["by_level"]
    fulfilment = counts["fulfilment"]
    return {
        "title": _("Party building"),
        "cards": [
            # The person's own work first: what they own and let slip, wherever the meeting was held.
            Card(
                _("My overdue actions"),
                counts["my_overdue_actions"],
                f"{actions_url}?state=overdue&owner=me",
                tone="danger" if counts["my_overdue_actions"] else "",
            ),
            Card(
                _("Organisations"),
                sum(levels.values()),
                reverse("partybuilding:organisation-chart"),
                note=" · ".join(f"{OrgLevel(k).label} {v}" for k, v in sorted(levels.items())),
            ),
            Card(
                _("Party members"), counts["members"], reverse("partybuilding:member-list"), unit=_("people")
            ),
            Card(
                _("Part-time seats filled"),
                counts["part_time_seats"],
                reverse("partybuilding:committee-list"),
            ),
            Card(
                _("Pledge fulfilment"),
                "—" if fulfilment is None else f"{fulfilment}",
                reverse("partybuilding:pledge-list"),
                unit="%" if fulfilment is not None else "",
            ),
            Card(_("Open actions"), counts["open_actions"], f"{actions_url}?state=open", tone="info"),
            Card(
                _("Overdue actions"),
                counts["overdue_actions"],
                f"{actions_url}?state=overdue",
                tone="danger" if counts["overdue_actions"] else "",
            ),
        ],
        "attention": [
            {
                "text": f"{a.title} · {a.owner.get_full_name() or a.owner.username} · {a.due_on:%Y-%m-%d}",
                "url": a.get_absolute_url(),
                "tone": "danger" if a.due_on < today else "info",
                "tag": _("Overdue") if a.due_on < today else _("Open"),
            }
            for a in counts["attention"]
        ],
        "chart": {
            "title": {"text": _("Meetings held this quarter"), "textStyle": {"fontSize": 13}},
            "tooltip": {},
            "xAxis": {"type": "category", "data": [str(k.label) for k in MeetingKind]},
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [
                {
                    "type": "bar",
                    "itemStyle": {"color": "#C8161D"},
                    "data": [counts["meetings_by_kind"].get(k.value, 0) for k in MeetingKind],
                }
            ],
        },
    }


EVERY_ROLE = list(Role)


@work_cards("actions-owned", order=30, roles=EVERY_ROLE, permission="partybuilding.view_followupaction")
def owned_actions(request):
    """The follow-up actions the person owns, wherever the meeting was held: counted by owner, not by area."""
    today = timezone.localdate()
    counts = selectors.owned_action_counts(request.user, today)
    url = reverse("partybuilding:action-list")
    return [
        Card(
            _("My overdue actions"),
            counts["overdue"],
            f"{url}?state=overdue&owner=me",
            tone="danger" if counts["overdue"] else "",
        ),
        Card(_("My open actions"), counts["open"], f"{url}?state=open&owner=me", tone="info"),
    ]


@work_cards(
    "meetings-without-minutes",
    order=35,
    roles=[Role.COMMUNITY_SECRETARY],
    permission="partybuilding.change_meeting",
)
def meetings_without_minutes(request):
    """Meetings already held whose minutes are still missing, and the area's overdue actions."""
    missing = selectors.meetings_without_minutes(request.user, timezone.now()).count()
    overdue = selectors.overdue_actions(request.user, timezone.localdate()).count()
    return [
        Card(
            _("Meetings without minutes"),
            missing,
            reverse("partybuilding:meeting-list") + "?without_minutes=true",
            tone="warning" if missing else "",
        ),
        Card(
            _("Overdue actions"),
            overdue,
            reverse("partybuilding:action-list") + "?state=overdue",
            tone="danger" if overdue else "",
        ),
    ]


quick_action(
    gettext_lazy("Log a meeting"),
    "partybuilding:meeting-create",
    permission="partybuilding.add_meeting",
    roles=[Role.COMMUNITY_SECRETARY],
    order=30,
)
