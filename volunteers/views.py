"""Pages of the services app: intake, worklist, need detail with its workflow, rates, Service List, volunteers."""

import datetime

import segno
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views import View
from django.views.generic import FormView

from governance.enforcement.forms import CaseEscalationForm
from governance.lib import dashcache
from governance.lib.batch import BatchAction, BatchView
from governance.lib.challenge import challenge_check, challenge_new
from governance.lib.excel import xlsx_response
from governance.lib.forms import add_service_errors, form_error_messages
from governance.lib.lockout import client_ip
from governance.lib.masking import PERSONAL_DATA_PERMISSION, PersonalKind, mask, may_see_personal_data
from governance.lib.scope import user_scope_paths
from governance.lib.tables import Column
from governance.lib.views import (
    ObjectActionView,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    ScopedFileView,
    ScopedViewMixin,
    ServiceFormMixin,
    WorkflowDetailMixin,
    WorkflowMoveView,
    list_filters,
)
from governance.models import Area, PersonalDataAccess
from governance.residents.services import personal_data_reveal
from governance.territory.choices import AreaLevel
from partybuilding.models import CommunityCheckIn
from volunteers import selectors, services
from volunteers.choices import NeedMove, NeedStatus, RecordStatus
from volunteers.filters import NeedFilter, ServiceItemFilter, ServiceRecordFilter, VolunteerFilter
from volunteers.forms import (
    AssignForm,
    CodeForm,
    CompleteForm,
    DeclineForm,
    DonationForm,
    FeedbackForm,
    IntakeForm,
    NeedForm,
    QualityForm,
    RateForm,
    ReopenForm,
    ResidentRatingForm,
    ServiceContactForm,
    ServiceItemForm,
    ServiceRecordForm,
    StatusLookupForm,
    VolunteerForm,
    VolunteerPartyMemberForm,
    VolunteerTeamForm,
)
from volunteers.models import (
    Adoption,
    GardenProject,
    Need,
    ResidentReport,
    ResidentReportPhoto,
    ServiceContact,
    ServiceItem,
    ServiceRecord,
    Volunteer,
    VolunteerTeam,
)


def _deadline_text(need):
    return need.current_deadline() if need.is_open else None


# ------------------------------------------------------------------------------------------------- needs

NEED_COLUMNS = [
    Column("pk", gettext_lazy("No."), link=True, order_by="id"),
    Column("category.name", gettext_lazy("Category")),
    Column("requester_name", gettext_lazy("Who asks")),
    Column("area.name", gettext_lazy("Place")),
    Column("urgency", gettext_lazy("Urgency")),
    Column("status", gettext_lazy("Status"), tone=True),
    Column(_deadline_text, gettext_lazy("Deadline"), order_by="deadline"),
    Column("assignee_display", gettext_lazy("Assigned to")),
    Column("description", pgettext_lazy("reported situation", "Description"), page=False),
]


def _may_assign(need, user):
    """The workflow's own answer: the need's status allows assigning, and the user holds the permission."""
    workflow = services.NEED_WORKFLOW
    move = workflow.moves[NeedMove.ASSIGN]
    if not workflow.may(user, need, move):
        raise ValidationError(_("You may not assign needs."))
    if not workflow.allows(need, NeedMove.ASSIGN):
        raise workflow.illegal(need, NeedMove.ASSIGN, move)


NEED_BATCH = [
    BatchAction(
        name="assign",
        label=gettext_lazy("Assign the selected needs"),
        explain=gettext_lazy(
            "Each selected need is handed to the service item, team, volunteer or department chosen below, "
            "and its timeline records the assignment, as if assigned one by one."
        ),
        check=_may_assign,
        perform=lambda need, user, **data: services.need_assign(need=need, user=user, **data),
        form_class=AssignForm,
    ),
]


class NeedListView(ObjectListView):
    """The worklist: open needs, the most urgent deadline first."""

    model = Need
    title = gettext_lazy("Needs worklist")
    filterset_class = NeedFilter
    columns = NEED_COLUMNS
    queryset = Need.objects.select_related(
        "area", "category", "assigned_item", "assigned_team", "assigned_volunteer"
    )
    create_url_name = "volunteers:need-create"
    export_filename = "needs"
    default_ordering = ("deadline", "id")
    empty_hint = gettext_lazy("No open needs. Record one when a resident asks for help.")
    batch_url_name = "volunteers:need-batch"
    batch_actions = NEED_BATCH

    def get_queryset(self):
        self.queryset = type(self).queryset
        if not self.request.GET.get("state"):  # the worklist: open needs unless another status is chosen
            self.queryset = self.queryset.open()
        return super().get_queryset()


class NeedBatchView(BatchView):
    """Assign many needs at once (a secretary's morning), each through `need_assign`."""

    model = Need
    queryset = Need.objects.select_related("area", "category")
    actions = NEED_BATCH
    list_url_name = "volunteers:need-list"

    def row_label(self, need) -> str:
        return f"#{need.pk} {need.category.name} · {need.requester_name} · {need.get_status_display()}"


class NeedCreateView(ObjectCreateView):
    model = Need
    form_class = NeedForm
    title = gettext_lazy("Record a need")
    success_message = gettext_lazy("Need recorded.")
    template_name = "volunteers/need_form.html"

    def save_form(self, form):
        return services.need_create(user=self.request.user, **form.cleaned_data)


class NeedDetailView(WorkflowDetailMixin, ObjectDetailView):
    model = Need
    queryset = Need.objects.select_related(
        "area",
        "category",
        "assigned_item",
        "assigned_team",
        "assigned_volunteer",
        "created_by",
        "duplicate_of",
    )
    template_name = "volunteers/need_detail.html"
    workflow = services.NEED_WORKFLOW
    move_forms = {
        NeedMove.DECLINE: DeclineForm,
        NeedMove.ASSIGN: AssignForm,
        NeedMove.COMPLETE: CompleteForm,
        NeedMove.RATE: RateForm,
        NeedMove.REOPEN: ReopenForm,
        NeedMove.QUALITY_CHECK: QualityForm,
    }
    move_url_name = "volunteers:need-move"

    def get_breadcrumbs(self):
        return [(_("Needs worklist"), reverse("volunteers:need-list"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        need = self.object
        user = self.request.user
        can_assign = any(b.move.name == NeedMove.ASSIGN for b in ctx["moves"])
        ctx.update(
            events=need.events.select_related("actor"),
            can_assign=can_assign,
            suggestions=selectors.need_suggestions(need) if can_assign else [],
            escalate_form=CaseEscalationForm(user=user, prefix="escalate"),
            report_photos=ResidentReportPhoto.objects.filter(report__need=need),
            duplicate_of=need.duplicate_of,
            can_escalate=user.has_perm("governance.add_enforcementcase")
            and need.case_id is None
            and need.status not in (NeedStatus.DECLINED, NeedStatus.CLOSED),
            masked_requester_phone=mask("phone", need.requester_phone),
            can_reveal=bool(need.requester_phone) and may_see_personal_data(user),
        )
        return ctx


class NeedEscalateView(ObjectActionView):
    """Escalate a need into a joint-enforcement case (street staff, community secretaries)."""

    model = Need
    permission_required = "governance.add_enforcementcase"

    def perform(self, need):
        form = CaseEscalationForm(self.request.POST, user=self.request.user, prefix="escalate")
        if not form.is_valid():
            raise ValidationError(
                [f"{form.fields[f].label}：{e}" for f, errs in form.errors.items() for e in errs]
            )
        services.need_escalate(need=need, user=self.request.user, **form.cleaned_data)


class NeedRevealView(ScopedViewMixin, View):
    """An explicit click that shows the requester's full phone number (htmx swaps it in); logged."""

    model = Need
    permission_required = PERSONAL_DATA_PERMISSION

    def post(self, request, pk):
        need = get_object_or_404(self.get_queryset(), pk=pk)
        values = personal_data_reveal(user=request.user, obj=need, channel=PersonalDataAccess.Channel.PAGE)
        return HttpResponse(
            format_html(
                '<span class="pii-full" data-testid="pii-full">{}</span>', values["requester_phone"] or "—"
            )
        )


class NeedMoveView(WorkflowMoveView):
    """One step of the workflow, posted from the detail page (or one click from a suggestion)."""

    model = Need
    detail_view = NeedDetailView


class RatesView(ScopedViewMixin, View):
    """The three rates per community, grid, category or month, communities ranked, the monthly trend."""

    model = Need

    def get(self, request):
        by = request.GET.get("by", "community")
        if by not in selectors.GROUPINGS:
            by = "community"
        period = selectors.parse_period(request.GET.get("from"), request.GET.get("to"))

        def figures():
            months = sorted(
                selectors.need_rates(request.user, "month", period, medians=by == "month"),
                key=lambda r: r.key,
            )
            if by == "community":
                rows = selectors.community_ranking(request.user, period)
            elif by == "month":
                rows = months
            else:
                rows = sorted(selectors.need_rates(request.user, by, period), key=lambda r: str(r.label))
            return months, rows

        # Over every need of the scope and period (the rollup, the medians): kept per scope, grouping and
        # period until a need moves.
        months, rows = dashcache.cached_figures(
            "rates", request, ("volunteers.Need", "volunteers.NeedRollup"), figures, vary=f"{by}|{period}"
        )
        chart = {
            "tooltip": {"trigger": "axis"},
            "grid": {"containLabel": True, "left": 8, "right": 16, "top": 40, "bottom": 8},
            "legend": {"data": [_("Response rate"), _("Resolution rate"), _("Satisfaction rate")]},
            "xAxis": {"type": "category", "data": [m.label for m in months]},
            "yAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
            "series": [
                {"name": _("Response rate"), "type": "line", "data": [m.response_rate for m in months]},
                {"name": _("Resolution rate"), "type": "line", "data": [m.resolution_rate for m in months]},
                {
                    "name": _("Satisfaction rate"),
                    "type": "line",
                    "data": [m.satisfaction_rate for m in months],
                },
            ],
        }
        return render(
            request,
            "volunteers/rates.html",
            {
                "title": _("Service rates"),
                "rows": rows,
                "by": by,
                "period": period,
                "ranking_rule": selectors.RANKING_RULE,
                "groupings": [
                    ("community", _("Community")),
                    ("grid", _("Grid")),
                    ("category", _("Category")),
                    ("month", _("Month")),
                ],
                "chart": chart,
            },
        )


# ------------------------------------------------------------------------------------------ service list

ITEM_COLUMNS = [
    Column("name", gettext_lazy("Name"), link=True, order_by="name"),
    Column("category.name", gettext_lazy("Category")),
    Column("provider_display", gettext_lazy("Provider")),
    Column("area.name", gettext_lazy("Owning area")),
    Column("schedule", pgettext_lazy("service item", "Schedule")),
    Column("capacity", gettext_lazy("Capacity")),
    Column("is_active", gettext_lazy("Active")),
    Column("is_published", gettext_lazy("Published")),
]


class ServiceItemListView(ObjectListView):
    model = ServiceItem
    title = gettext_lazy("Service List")
    filterset_class = ServiceItemFilter
    columns = ITEM_COLUMNS
    queryset = ServiceItem.objects.select_related(
        "category", "area", "team", "check_in__party_member", "check_in__resident_unit", "check_in__area"
    )
    create_url_name = "volunteers:item-create"
    export_filename = "service-list"
    default_ordering = ("category__order", "name", "id")
    empty_hint = gettext_lazy("Add what your community offers: classes, care, repairs, legal aid.")
    template_name = "volunteers/item_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["public_area_pk"] = (
            Area.objects.filter(assignments__user=self.request.user)
            .order_by("depth")
            .values_list("pk", flat=True)
            .first()
        )
        # The intake poster of the user's own community (a secretary's, a grid worker's), to print and put up.
        length = Area.path_length(AreaLevel.COMMUNITY)
        communities = {p[:length] for p in user_scope_paths(self.request.user) if len(p) >= length}
        ctx["public_community_pk"] = (
            Area.objects.filter(path__in=communities).order_by("path").values_list("pk", flat=True).first()
            if communities
            else None
        )
        return ctx


class ServiceItemDetailView(ObjectDetailView):
    model = ServiceItem
    queryset = ServiceItem.objects.select_related("category", "area", "team")
    template_name = "volunteers/item_detail.html"

    def get_breadcrumbs(self):
        return [(_("Service List"), reverse("volunteers:item-list"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["open_needs"] = self.object.needs.filter(status__in=("submitted", "accepted", "assigned")).count()
        return ctx


class ServiceItemFormMixin:
    model = ServiceItem
    form_class = ServiceItemForm

    def save_form(self, form):
        item = form.save(commit=False)
        return services.serviceitem_save(
            user=self.request.user, item=item, areas_served=list(form.cleaned_data["areas_served"])
        )


class ServiceItemCreateView(ServiceItemFormMixin, ObjectCreateView):
    title = gettext_lazy("Add a service item")
    success_message = gettext_lazy("Service item saved.")


class ServiceItemUpdateView(ServiceItemFormMixin, ObjectUpdateView):
    title = gettext_lazy("Edit service item")
    success_message = gettext_lazy("Service item saved.")


def public_service_list(request, area_pk):
    """The published Service List of one community, for showing to residents (no login, no personal data)."""
    area = get_object_or_404(Area, pk=area_pk)
    items = (
        ServiceItem.objects.filter(is_active=True, is_published=True)
        .filter(Q(areas_served__path__in=area.ancestor_paths()) | Q(area__path__startswith=area.path))
        .select_related(
            "category", "team", "check_in__party_member", "check_in__resident_unit", "check_in__area"
        )
        .distinct()
        .order_by("category__order", "name")
    )
    return render(
        request,
        "volunteers/public_list.html",
        {
            "area": area,
            "items": items,
            "contacts": selectors.published_contacts(area),
            "community": area if area.depth == AreaLevel.COMMUNITY else None,
        },
    )


class ServiceContactListView(ObjectListView):
    """The contacts staff publish for residents (only those marked published show on the public pages)."""

    model = ServiceContact
    title = gettext_lazy("Published contacts")
    columns = [
        Column("label", gettext_lazy("Who"), link=True, order_by="label"),
        Column("name", gettext_lazy("Name")),
        Column("phone", gettext_lazy("Phone")),
        Column("area.name", gettext_lazy("Place")),
        Column("hours", gettext_lazy("Office hours")),
        Column("is_published", gettext_lazy("Published")),
    ]
    queryset = ServiceContact.objects.select_related("area")
    create_url_name = "volunteers:contact-create"
    export_filename = "published-contacts"
    default_ordering = ("area__path", "order", "id")
    empty_hint = gettext_lazy(
        "Add the community office's phone, and the grid workers who agree to be listed."
    )


class ServiceContactFormMixin:
    model = ServiceContact
    form_class = ServiceContactForm
    success_message = gettext_lazy("Contact saved.")

    def save_form(self, form):
        return services.servicecontact_save(user=self.request.user, contact=form.save(commit=False))

    def get_success_url(self):
        return reverse("volunteers:contact-list")


class ServiceContactCreateView(ServiceContactFormMixin, ObjectCreateView):
    title = gettext_lazy("Add a published contact")


class ServiceContactUpdateView(ServiceContactFormMixin, ObjectUpdateView):
    title = gettext_lazy("Edit published contact")


# ------------------------------------------------------------------------------------ teams and volunteers


class TeamListView(ObjectListView):
    model = VolunteerTeam
    title = gettext_lazy("Volunteer teams")
    columns = [
        Column("name", gettext_lazy("Name"), link=True, order_by="name"),
        Column("area.name", gettext_lazy("Area")),
        Column("n_volunteers", gettext_lazy("Volunteers")),
        Column("person_times", gettext_lazy("Person-times")),
        Column("hours", gettext_lazy("Confirmed hours")),
    ]
    queryset = VolunteerTeam.objects.select_related("area").with_totals()
    create_url_name = "volunteers:team-create"
    export_filename = "volunteer-teams"
    default_ordering = ("name",)
    empty_hint = gettext_lazy("Add a team such as the Home Service team.")


class TeamDetailView(ObjectDetailView):
    model = VolunteerTeam
    template_name = "volunteers/team_detail.html"

    def get_breadcrumbs(self):
        return [(_("Volunteer teams"), reverse("volunteers:team-list"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        records = ServiceRecord.objects.filter(team=self.object)
        ctx["totals"] = selectors.service_totals(records, "volunteer")
        ctx["volunteers"] = self.object.volunteers.prefetch_related("skills")
        return ctx


class VolunteerListView(ObjectListView):
    model = Volunteer
    title = gettext_lazy("Volunteers")
    filterset_class = VolunteerFilter
    columns = [
        Column("name", gettext_lazy("Name"), link=True, order_by="name"),
        Column("team.name", gettext_lazy("Team")),
        Column("area.name", gettext_lazy("Area")),
        Column("skills", gettext_lazy("Skills")),
        Column("availability", gettext_lazy("Availability")),
        Column(lambda v: "是" if v.party_member_id else "", gettext_lazy("Party member")),
    ]
    queryset = Volunteer.objects.select_related("team", "area").prefetch_related("skills")
    create_url_name = "volunteers:volunteer-create"
    export_filename = "volunteers"
    default_ordering = ("name", "id")
    empty_hint = gettext_lazy("Register the residents and party members who volunteer.")


class VolunteerDetailView(ObjectDetailView):
    model = Volunteer
    template_name = "volunteers/volunteer_detail.html"
    queryset = Volunteer.objects.select_related("team", "area", "party_member")

    def get_breadcrumbs(self):
        return [(_("Volunteers"), reverse("volunteers:volunteer-list"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        records = ServiceRecord.objects.filter(volunteer=self.object)
        totals = selectors.service_totals(records, "volunteer")
        ctx["totals"] = totals[0] if totals else None
        ctx["records"] = records.select_related("service_item")[:20]
        if ctx["can_change"]:
            ctx["party_member_form"] = VolunteerPartyMemberForm(instance=self.object, user=self.request.user)
        return ctx


class VolunteerPartyMemberView(ObjectActionView):
    """Link a volunteer to the party member they are (or unlink), from the volunteer's page."""

    model = Volunteer

    def perform(self, obj):
        form = VolunteerPartyMemberForm(self.request.POST, instance=obj, user=self.request.user)
        if not form.is_valid():
            raise ValidationError(form_error_messages(form))
        services.volunteer_link_party_member(
            user=self.request.user, volunteer=obj, party_member=form.cleaned_data["party_member"]
        )


# ---------------------------------------------------------------------------------------- service records


def _may_confirm(record, user):
    if record.status != RecordStatus.REPORTED:
        raise ValidationError(_("This record was already confirmed or rejected."))
    if record.reported_by_id == user.pk and not user.is_superuser:
        raise ValidationError(_("Someone other than the reporter confirms the hours."))


RECORD_BATCH = [
    BatchAction(
        name="confirm",
        label=gettext_lazy("Confirm the selected records"),
        explain=gettext_lazy(
            "The hours of each selected record are confirmed: from now on they count in person-times, hours "
            "and points. A record you reported yourself is confirmed by someone else."
        ),
        check=_may_confirm,
        perform=lambda record, user: services.servicerecord_confirm(record=record, user=user),
        tone="success",
    ),
]


class RecordListView(ObjectListView):
    model = ServiceRecord
    title = gettext_lazy("Service records")
    filterset_class = ServiceRecordFilter
    columns = [
        Column("served_on", gettext_lazy("Served on"), order_by="served_on"),
        Column("volunteer.name", gettext_lazy("Volunteer")),
        Column("team.name", gettext_lazy("Team")),
        Column("served_name", gettext_lazy("Served whom")),
        Column("service_item.name", gettext_lazy("Service item")),
        Column("hours", pgettext_lazy("service time", "Hours")),
        Column(
            "status",
            gettext_lazy("Status"),
            tone=True,
        ),
    ]
    queryset = ServiceRecord.objects.select_related("volunteer", "team", "service_item")
    create_url_name = "volunteers:record-create"
    export_filename = "service-records"
    default_ordering = ("-served_on", "-id")
    empty_hint = gettext_lazy("Report a service act: who served whom, when and for how long.")
    batch_url_name = "volunteers:record-batch"
    batch_actions = RECORD_BATCH
    template_name = "volunteers/record_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = self.get_queryset()

        def figures():
            summary = qs.confirmed().aggregate(person_times=Count("id"), hours=Sum("hours"))
            return {**summary, "pending": qs.filter(status=RecordStatus.REPORTED).count()}

        # Totals over every record the filters select: kept per scope and filters until a record changes.
        found = dashcache.cached_figures(
            "record-list",
            self.request,
            ("volunteers.ServiceRecord",),
            figures,
            vary=list_filters(self.request),
        )
        ctx["summary"] = {
            "person_times": found["person_times"],
            "hours": found["hours"],
            "points": selectors.points_for(found["hours"]),
        }
        ctx["pending"] = found["pending"]
        return ctx


class RecordBatchView(BatchView):
    """Confirm many reported service records at once, each through `servicerecord_confirm`."""

    model = ServiceRecord
    queryset = ServiceRecord.objects.select_related("volunteer")
    actions = RECORD_BATCH
    list_url_name = "volunteers:record-list"

    def row_label(self, record) -> str:
        return (
            f"{record.served_on:%Y-%m-%d} · {record.volunteer.name} · {record.served_name} · {record.hours} h"
        )


class RecordCreateView(ObjectCreateView):
    model = ServiceRecord
    form_class = ServiceRecordForm
    title = gettext_lazy("Report a service")
    success_message = gettext_lazy("Service reported; it counts once staff confirm it.")

    def save_form(self, form):
        return services.servicerecord_report(user=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("volunteers:record-list")


class RecordDecideView(ObjectActionView):
    model = ServiceRecord

    def perform(self, record):
        if self.kwargs["decision"] == "confirm":
            services.servicerecord_confirm(record=record, user=self.request.user)
        else:
            services.servicerecord_reject(record=record, user=self.request.user)

    def get_success_url(self):
        return reverse("volunteers:record-list") + "?status=reported"


# ------------------------------------------------------------------------------------------------ garden


class GardenListView(ObjectListView):
    model = GardenProject
    title = gettext_lazy("Party garden")
    columns = [
        Column("name", gettext_lazy("Name"), link=True, order_by="name"),
        Column("area.name", gettext_lazy("Area")),
        Column("n_plots", gettext_lazy("Plots")),
    ]
    queryset = GardenProject.objects.select_related("area").annotate(n_plots=Count("plots"))
    default_ordering = ("name",)
    empty_hint = gettext_lazy("Set up the garden and its plots in the admin.")


class GardenDetailView(ObjectDetailView):
    model = GardenProject
    template_name = "volunteers/garden_detail.html"

    def get_breadcrumbs(self):
        return [(_("Party garden"), reverse("volunteers:garden-list"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        project = self.object
        today = timezone.localdate()
        donations = project.donations.all()
        ctx["donations"] = donations[:50]
        ctx["donation_totals"] = donations.aggregate(money=Sum("amount"), hours=Sum("hours"), n=Count("id"))
        ctx["adoptions"] = Adoption.objects.filter(plot__project=project, ends_on__gte=today).select_related(
            "plot"
        )
        ctx["neglect_days"] = selectors.setting_value(selectors.NEGLECT_DAYS)
        ctx["can_log_care"] = self.request.user.has_perm("volunteers.add_carelog")
        ctx["can_add_donation"] = self.request.user.has_perm("volunteers.add_donation")
        ctx["neglected"] = selectors.neglected_adoptions(
            Adoption.objects.filter(plot__project=project), today
        )
        return ctx


class CareLogTodayView(ObjectActionView):
    """One tap on the garden page: the adopter cared for their plot today."""

    model = Adoption
    permission_required = "volunteers.add_carelog"

    def perform(self, adoption):
        services.carelog_record(user=self.request.user, adoption=adoption, cared_on=timezone.localdate())

    def get_success_url(self):
        return self.object.plot.project.get_absolute_url()


class DonationCreateView(ServiceFormMixin, ScopedViewMixin, FormView):
    """Record a donation of money, goods or labour to one garden."""

    model = GardenProject
    form_class = DonationForm
    permission_required = "volunteers.add_donation"
    title = gettext_lazy("Record a donation")
    success_message = gettext_lazy("Donation recorded.")

    def get(self, request, *args, **kwargs):
        self.object = get_object_or_404(
            self.get_queryset(), pk=kwargs["pk"]
        )  # another community's garden: 404
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().post(request, *args, **kwargs)

    def save_form(self, form):
        services.donation_record(user=self.request.user, project=self.object, **form.cleaned_data)
        return self.object


class TeamCreateView(ObjectCreateView):
    model = VolunteerTeam
    form_class = VolunteerTeamForm
    title = gettext_lazy("Add a volunteer team")
    success_message = gettext_lazy("Team saved.")

    def save_form(self, form):
        return services.team_create(user=self.request.user, **form.cleaned_data)


class VolunteerCreateView(ObjectCreateView):
    model = Volunteer
    form_class = VolunteerForm
    title = gettext_lazy("Register a volunteer")
    success_message = gettext_lazy("Volunteer saved.")

    def save_form(self, form):
        return services.volunteer_create(user=self.request.user, **form.cleaned_data)


class FeedbackView(ScopedViewMixin, View):
    """The feedback report a community sends back to each member's home organisation; Excel on request."""

    model = CommunityCheckIn
    title = _("Check-in feedback report")

    def get(self, request):
        today = timezone.localdate()
        # Without dates (the first visit, or the export button on it) the report covers this year so far.
        data = {"start": today.replace(month=1, day=1), "end": today, **request.GET.dict()}
        form = FeedbackForm(data)
        rows = []
        if form.is_valid():
            rows = selectors.checkin_feedback_rows(
                request.user, form.cleaned_data["start"], form.cleaned_data["end"]
            )
            if request.GET.get("export") == "xlsx":
                headers = [
                    "党员",
                    "所在组织",
                    "报到社区",
                    "报到日期",
                    "结束日期",
                    "服务人次",
                    "服务时长(小时)",
                ]
                data = [
                    [
                        r["member"],
                        r["organisation"],
                        r["community"],
                        r["starts_on"],
                        r["ends_on"],
                        r["person_times"],
                        r["hours"],
                    ]
                    for r in rows
                ]
                return xlsx_response("party-member-feedback", [("党员报到反馈", headers, data)])
        return render(
            request,
            "volunteers/feedback.html",
            {
                "form": form,
                "rows": rows,
                "title": self.title,
                "querystring": request.GET.urlencode(),
            },
        )


# ------------------------------------------------------------------------------- the residents' own channel
# Public pages: no account, no login. They read through selectors that return nothing personal, and write
# only through the intake and rating services.

REPORT_SALT = "volunteers.resident-report"
LOOKUPS_PER_HOUR = 20  # status look-ups from one address: a receipt number with 10,000 possible endings


def _community(pk) -> Area:
    return get_object_or_404(Area, pk=pk, depth=AreaLevel.COMMUNITY, is_active=True)


def _report_from(token: str) -> ResidentReport:
    try:
        pk = signing.loads(token, salt=REPORT_SALT, max_age=datetime.timedelta(days=2))
    except signing.BadSignature as exc:
        raise Http404 from exc
    return get_object_or_404(ResidentReport.objects.select_related("community"), pk=pk)


def _report_token(report: ResidentReport) -> str:
    return signing.dumps(report.pk, salt=REPORT_SALT)


def _address_index(request) -> str:
    return services._address_index(client_ip(request))


def resident_intake(request, community_pk):
    """The community's public intake: a resident reports a need from a phone, without an account."""
    community = _community(community_pk)
    address = client_ip(request)
    challenged = selectors.intake_reports_from(
        address_index=_address_index(request)
    ) >= selectors.setting_value(selectors.INTAKE_CHALLENGE_AFTER)
    form = IntakeForm(
        request.POST or None,
        request.FILES or None,
        community=community,
        challenge_image=challenge_new(request.session) if challenged and request.method == "GET" else "",
    )
    if request.method == "GET" and request.GET.get("place"):
        form.initial["area"] = request.GET["place"]
    if request.method == "POST":
        if challenged:  # the answer in the session is used up by this check, right or wrong
            solved = challenge_check(request.session, request.POST.get("challenge", ""))
            form = IntakeForm(
                request.POST,
                request.FILES,
                community=community,
                challenge_image=challenge_new(request.session),
            )
            if form.is_valid() and not solved:
                form.add_error("challenge", _("The answer to the sum is not right; try the new picture."))
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "challenge"}
            try:
                report = services.submit_public_need(community=community, client_address=address, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("resident:confirm", token=_report_token(report))
    return render(
        request,
        "volunteers/resident/intake.html",
        {"community": community, "form": form, "contacts": selectors.published_contacts(community)},
    )


def resident_confirm(request, token):
    """The SMS code step: the right code records the need and leads to the receipt."""
    report = _report_from(token)
    if report.is_confirmed:
        return redirect("resident:receipt", token=token)
    form = CodeForm(request.POST or None)
    notice = ""
    if request.method == "POST" and "resend" in request.POST:
        form = CodeForm()
        try:
            services.resident_report_resend_code(report=report, client_address=client_ip(request))
            notice = _("A new code is on its way.")
        except ValidationError as exc:
            add_service_errors(form, exc)
    elif request.method == "POST" and form.is_valid():
        try:
            services.resident_report_confirm(report=report, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("resident:receipt", token=token)
    return render(
        request,
        "volunteers/resident/confirm.html",
        {
            "community": report.community,
            "form": form,
            "notice": notice,
            "masked_phone": report_masked(report),
        },
    )


def report_masked(report) -> str:
    return mask(PersonalKind.PHONE, report.requester_phone)


def resident_receipt(request, token):
    """The receipt: the number to look the need up by."""
    report = _report_from(token)
    if not report.is_confirmed:
        return redirect("resident:confirm", token=token)
    return render(
        request, "volunteers/resident/receipt.html", {"community": report.community, "report": report}
    )


def _status_steps(need: Need) -> list[dict]:
    """受理、派单、办结 as plain steps with their dates: nothing about who did them."""
    answered = need.responded_at
    assigned = need.events.filter(move=NeedMove.ASSIGN).order_by("-at").values_list("at", flat=True).first()
    declined = need.status == NeedStatus.DECLINED
    return [
        {"label": pgettext("resident step", "Reported"), "at": need.submitted_at, "done": True},
        {
            "label": pgettext("resident step", "Declined")
            if declined
            else pgettext("resident step", "Accepted"),
            "at": answered,
            "done": answered is not None,
        },
        {
            "label": pgettext("resident step", "Assigned"),
            "at": assigned,
            "done": assigned is not None and not declined,
        },
        {
            "label": pgettext("resident step", "Completed"),
            "at": need.done_at,
            "done": need.done_at is not None,
        },
    ]


def resident_status(request):
    """A need's status by receipt number and the phone's last four digits (posted, never in the URL)."""
    form = StatusLookupForm(request.POST or None)
    report = None
    if request.method == "POST" and form.is_valid():
        key = f"resident-status:{_address_index(request)}"
        tries = cache.get_or_set(key, 0, 3600)
        if tries >= LOOKUPS_PER_HOUR:
            form.add_error(None, _("Too many look-ups from this network; please try again in an hour."))
        else:
            cache.incr(key)
            report = selectors.resident_report_lookup(
                form.cleaned_data["receipt_number"], form.cleaned_data["phone_last4"]
            )
            if report is None:
                form.add_error(None, _("No report has this receipt number and these digits."))
    context = {"form": form, "report": report}
    if report is not None and report.need is not None:
        need = report.need
        context.update(
            need=need,
            steps=_status_steps(need),
            community=report.community,
            rating_url=reverse("resident:rate", args=[services.rating_token(need)])
            if need.status == NeedStatus.DONE
            else "",
        )
    return render(request, "volunteers/resident/status.html", context)


def resident_rate(request, token):
    """The resident rates a completed need through the signed link from the SMS (or the status page)."""
    try:
        need = services.rating_need(token)
    except signing.SignatureExpired:
        return render(request, "volunteers/resident/link_invalid.html", {"expired": True}, status=410)
    except (signing.BadSignature, Need.DoesNotExist, KeyError, TypeError):
        return render(request, "volunteers/resident/link_invalid.html", {"expired": False}, status=404)
    community = need.area.community or need.area
    if need.status != NeedStatus.DONE:
        return render(request, "volunteers/resident/rated.html", {"community": community, "already": True})
    form = ResidentRatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_rate_by_resident(need=need, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(
                request, "volunteers/resident/rated.html", {"community": community, "already": False}
            )
    return render(
        request, "volunteers/resident/rate.html", {"community": community, "need": need, "form": form}
    )


def public_needs_list(request, community_pk):
    """The community's public Needs List with its three rates: no names, phones, rooms or photos."""
    community = _community(community_pk)
    grids = selectors.grid_names(community)
    grid_len = Area.path_length(AreaLevel.GRID)
    rows = [
        {
            "category": need.category.name,
            "place": grids.get(need.area.path[:grid_len], community.name),
            "submitted_at": need.submitted_at,
            "status": need.get_status_display(),
            "tone": need.status,
            "outcome": need.get_outcome_display() if need.outcome else "",
            "answer": need.public_answer,
        }
        for need in selectors.public_needs(community)
    ]
    return render(
        request,
        "volunteers/resident/needs_list.html",
        {
            "community": community,
            "rows": rows,
            "rates": selectors.community_public_rates(community),
            "contacts": selectors.published_contacts(community),
        },
    )


def resident_poster(request, community_pk, building_pk=None):
    """A printable A4 poster with the QR code of the intake link, for a community or one of its buildings."""
    community = _community(community_pk)
    place = None
    # The site's public address, as in the SMS links (the poster hangs on a wall long after this request).
    url = settings.JIEDAO_SITE_URL + reverse("resident:intake", args=[community.pk])
    if building_pk is not None:
        place = get_object_or_404(
            Area, pk=building_pk, depth=AreaLevel.BUILDING, path__startswith=community.path
        )
        url += f"?place={place.pk}"
    qr = segno.make(url, error="m")
    buildings = (
        []
        if place is not None
        else Area.objects.filter(path__startswith=community.path, depth=AreaLevel.BUILDING, is_active=True)
        .select_related("parent")
        .order_by("path")
    )
    return render(
        request,
        "volunteers/resident/poster.html",
        {
            "community": community,
            "place": place,
            "url": url,
            "qr_svg": qr.svg_inline(scale=8, border=2),
            "buildings": buildings,
        },
    )


class ResidentReportPhotoView(ScopedFileView):
    """Serves a resident's photo only to staff who may see the need (shown on the need's page)."""

    model = ResidentReportPhoto
    permission_required = "volunteers.view_need"
    file_field = "image"
    as_attachment = False
