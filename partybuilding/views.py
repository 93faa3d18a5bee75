"""Party-building pages: org chart, units, members, meetings and actions, committees, pledges, supervision."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import generic as _generic

from governance.enforcement.forms import CaseEscalationForm
from governance.lib.batch import BatchAction, BatchView
from governance.lib.tables import Column
from governance.lib.views import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    PrintView,
    ScopedFileView,
    ScopedViewMixin,
    WorkflowDetailMixin,
    WorkflowMoveView,
    save_on_form,
)
from partybuilding import forms, selectors, services
from partybuilding.choices import ActionMove, ActionStatus
from partybuilding.filters import ActionFilter, MeetingFilter, ResidentUnitFilter
from partybuilding.models import (
    CommunityCheckIn,
    FollowUpAction,
    JointCommittee,
    Meeting,
    MeetingAttachment,
    PartyMember,
    PartyOrganisation,
    Pledge,
    ResidentUnit,
)


def _apply(request, form, fn):
    """Run a service from a posted form; its errors land on the form. Returns whether it succeeded."""
    if not form.is_valid():
        return False
    save_on_form(form, lambda: fn(form.cleaned_data))
    if form.errors:
        return False
    messages.success(request, _("Saved."))
    return True


class PostFormView(ScopedViewMixin, _generic.detail.SingleObjectMixin, _generic.View):
    """A small form posted from a detail page; on error the detail page is shown again with the form."""

    action = "change"
    form_class = None
    form_name = "form"
    detail_view = None

    def perform(self, obj, data):
        raise NotImplementedError

    def post(self, request, pk):
        self.object = self.get_object()
        form = self.form_class(request.POST, request.FILES, user=request.user)
        if _apply(request, form, lambda data: self.perform(self.object, data)):
            return HttpResponseRedirect(self.object.get_absolute_url())
        view = self.detail_view.as_view(extra_forms={self.form_name: form})
        response = view(request, pk=pk)
        response.status_code = 400
        return response


class DetailWithForms(ObjectDetailView):
    extra_forms: dict = {}
    form_classes: dict = {}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for name, cls in self.form_classes.items():
            ctx[name] = self.extra_forms.get(name) or cls(user=self.request.user)
        ctx["today"] = timezone.localdate()
        return ctx

    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    post = get  # PostFormView renders the detail page through a POST request on error


# ----------------------------------------------------------------------------------- organisations


class OrgChartView(ScopedViewMixin, _generic.TemplateView):
    model = PartyOrganisation
    template_name = "partybuilding/org_chart.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["organisations"] = selectors.org_chart(self.request.user)
        ctx["title"] = _("Party organisation chart")
        return ctx


class OrganisationDetailView(ObjectDetailView):
    model = PartyOrganisation
    queryset = PartyOrganisation.objects.select_related("area", "parent", "resident_unit")
    template_name = "partybuilding/organisation_detail.html"

    def get_breadcrumbs(self):
        return [(_("Party organisation chart"), reverse("partybuilding:organisation-chart"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["children"] = self.object.children.visible_to(self.request.user).annotate(n=Count("members"))
        ctx["members"] = self.object.members.all()[:200]
        return ctx


# ------------------------------------------------------------------------------------ resident units


class ResidentUnitListView(ObjectListView):
    model = ResidentUnit
    title = _("Resident units")
    filterset_class = ResidentUnitFilter
    queryset = ResidentUnit.objects.select_related("area")
    columns = [
        Column("name", _("Name"), link=True, order_by="name"),
        Column("kind", _("Kind")),
        Column("area.name", _("Area")),
        Column("headcount", _("Headcount"), order_by="headcount"),
        Column("party_member_count", _("Party members")),
        Column("influence", _("Influence (1-5)"), order_by="influence"),
        Column("contact_name", _("Contact person")),
    ]
    create_url_name = "partybuilding:unit-create"
    export_filename = "resident-units"
    default_ordering = ("name", "pk")
    empty_hint = _("Register the organs, enterprises and organisations seated in your area.")


class ResidentUnitDetailView(ObjectDetailView):
    model = ResidentUnit
    queryset = ResidentUnit.objects.select_related("area")
    template_name = "partybuilding/unit_detail.html"

    def get_breadcrumbs(self):
        return [(_("Resident units"), reverse("partybuilding:unit-list"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["pledges"] = self.object.pledges.visible_to(self.request.user).select_related("area")
        ctx["seats"] = self.object.committee_seats.select_related("committee", "member")
        ctx["history"] = self.object.history.select_related("history_user")[:10]
        return ctx


class ResidentUnitFormMixin:
    model = ResidentUnit
    form_class = forms.ResidentUnitForm

    def save_form(self, form):
        data = dict(form.cleaned_data)
        if self.object is None:
            return services.resident_unit_create(user=self.request.user, **data)
        return services.resident_unit_update(user=self.request.user, unit=self.object, **data)


class ResidentUnitCreateView(ResidentUnitFormMixin, ObjectCreateView):
    title = _("Register a resident unit")
    success_message = _("Resident unit saved.")


class ResidentUnitUpdateView(ResidentUnitFormMixin, ObjectUpdateView):
    title = _("Edit resident unit")
    success_message = _("Resident unit saved.")


# ----------------------------------------------------------------------------------------- members


class PartyMemberListView(ObjectListView):
    model = PartyMember
    title = _("Party members")
    queryset = PartyMember.objects.select_related("organisation", "area")
    columns = [
        Column("name", _("Name"), link=True, order_by="name"),
        Column("organisation.name", _("Organisation")),
        Column("joined_on", _("Joined the party on"), order_by="joined_on"),
        Column("status", _("Status")),
        Column("area.name", _("Area")),
    ]
    create_url_name = "partybuilding:member-create"
    export_filename = "party-members"
    default_ordering = ("name", "pk")
    empty_hint = _("Add the party members of your organisations.")


class PartyMemberDetailView(DetailWithForms):
    model = PartyMember
    queryset = PartyMember.objects.select_related("organisation", "area")
    template_name = "partybuilding/member_detail.html"
    form_classes = {"transfer_form": forms.MemberTransferForm, "file_form": forms.MemberFileForm}

    def get_breadcrumbs(self):
        return [(_("Party members"), reverse("partybuilding:member-list"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["transfers"] = self.object.transfers.select_related(
            "from_organisation", "to_organisation", "recorded_by"
        )
        ctx["file_entries"] = self.object.file_entries.select_related("recorded_by")
        ctx["posts"] = self.object.supervision_posts.filter(is_active=True).select_related("area")
        ctx["seats"] = self.object.committee_seats.select_related("committee")
        return ctx


class PartyMemberCreateView(ObjectCreateView):
    model = PartyMember
    form_class = forms.PartyMemberForm
    title = _("Add a party member")
    success_message = _("Party member saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def save_form(self, form):
        return services.member_create(user=self.request.user, **form.cleaned_data)


class MemberTransferView(PostFormView):
    model = PartyMember
    form_class = forms.MemberTransferForm
    form_name = "transfer_form"
    detail_view = PartyMemberDetailView

    def perform(self, member, data):
        services.member_transfer(user=self.request.user, member=member, **data)


class MemberFileAddView(PostFormView):
    model = PartyMember
    form_class = forms.MemberFileForm
    form_name = "file_form"
    detail_view = PartyMemberDetailView

    def perform(self, member, data):
        services.member_file_add(user=self.request.user, member=member, **data)


# ---------------------------------------------------------------------------------------- meetings


def _attendance(meeting) -> str:
    invited = meeting.invited_count
    return f"{meeting.present_count}/{invited}" if invited else "—"


class MeetingListView(ObjectListView):
    model = Meeting
    title = _("Meetings")
    filterset_class = MeetingFilter
    queryset = Meeting.objects.select_related("area").with_counts()
    columns = [
        Column("title", _("Title"), link=True),
        Column("kind", _("Kind")),
        Column("held_at", _("Time"), order_by="held_at"),
        Column("area.name", _("Held by")),
        Column(_attendance, _("Attendance")),
        Column("decision_count", _("Decisions")),
        Column(lambda m: "✓" if m.minutes else "", _("Meeting minutes")),
    ]
    create_url_name = "partybuilding:meeting-create"
    export_filename = "meetings"
    default_ordering = ("-held_at", "-pk")
    empty_hint = _("Log a meeting right after it ends, on your phone if you like.")


class MeetingDetailView(DetailWithForms):
    model = Meeting
    queryset = Meeting.objects.select_related("area", "committee", "created_by")
    template_name = "partybuilding/meeting_detail.html"
    form_classes = {
        "minutes_form": forms.MinutesForm,
        "attachment_form": forms.AttachmentForm,
        "decision_form": forms.DecisionForm,
    }

    def get_breadcrumbs(self):
        return [(_("Meetings"), reverse("partybuilding:meeting-list"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        invitees = list(self.object.invitees.all())
        present = sum(1 for i in invitees if i.is_present)
        ctx["invitees"] = invitees
        ctx["present"] = present
        ctx["rate"] = round(present * 100 / len(invitees)) if invitees else None
        ctx["decisions"] = self.object.decisions.prefetch_related("actions__owner")
        ctx["attachments"] = self.object.attachments.all()
        ctx["history"] = self.object.history.select_related("history_user")[:10]
        if "minutes_form" not in self.extra_forms:
            ctx["minutes_form"] = forms.MinutesForm(
                user=self.request.user, initial={"minutes": self.object.minutes}
            )
        return ctx


class MeetingPrintView(PrintView):
    """The minutes as a document: the facts, who came, the minutes, the decisions with owners, signatures."""

    model = Meeting
    queryset = Meeting.objects.select_related("area", "committee")
    template_name = "partybuilding/meeting_print.html"
    doc_title = _("Meeting minutes")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        invitees = list(self.object.invitees.all())
        ctx["present"] = [i for i in invitees if i.is_present]
        ctx["absent"] = [i for i in invitees if not i.is_present]
        ctx["invited"] = len(invitees)
        ctx["decisions"] = self.object.decisions.prefetch_related("actions__owner")
        return ctx


class MeetingCreateView(ScopedViewMixin, _generic.FormView):
    model = Meeting
    action = "add"
    form_class = forms.MeetingLogForm
    template_name = "partybuilding/meeting_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        holder = {}
        if _apply(
            self.request,
            form,
            lambda data: holder.update(
                meeting=services.meeting_log(user=self.request.user, **form.service_kwargs())
            ),
        ):
            return HttpResponseRedirect(holder["meeting"].get_absolute_url())
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Log a meeting")
        return ctx


class MeetingMinutesView(PostFormView):
    model = Meeting
    form_class = forms.MinutesForm
    form_name = "minutes_form"
    detail_view = MeetingDetailView

    def perform(self, meeting, data):
        services.meeting_minutes_record(user=self.request.user, meeting=meeting, **data)


class MeetingAttachmentView(PostFormView):
    model = Meeting
    form_class = forms.AttachmentForm
    form_name = "attachment_form"
    detail_view = MeetingDetailView

    def perform(self, meeting, data):
        services.attachment_add(user=self.request.user, meeting=meeting, upload=data["file"])


class MeetingAttachmentDownloadView(ScopedFileView):
    """A meeting's attachment, as a download, for users who may see the meeting."""

    model = MeetingAttachment

    def filename(self, obj) -> str:
        return obj.name


class MeetingDecisionView(PostFormView):
    model = Meeting
    form_class = forms.DecisionForm
    form_name = "decision_form"
    detail_view = MeetingDetailView

    def perform(self, meeting, data):
        services.decision_add(user=self.request.user, meeting=meeting, **data)


class MeetingAttendanceView(ScopedViewMixin, _generic.detail.SingleObjectMixin, _generic.View):
    model = Meeting
    action = "change"

    def post(self, request, pk):
        meeting = self.get_object()
        services.attendance_set(
            user=request.user, meeting=meeting, present_ids=request.POST.getlist("present")
        )
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(meeting.get_absolute_url())


# ----------------------------------------------------------------------------------------- actions


def _may_close(action, user):
    workflow = services.ACTION_WORKFLOW
    move = workflow.moves[ActionMove.CLOSE]
    if not workflow.may(user, action, move):
        raise ValidationError(_("You may not close follow-up actions."))
    if not workflow.allows(action, ActionMove.CLOSE):
        raise workflow.illegal(action, ActionMove.CLOSE, move)


ACTION_BATCH = [
    BatchAction(
        name="close",
        label=_("Close the selected actions"),
        explain=_(
            "Each selected action is closed with the closing note below, at 100%, and its history records who "
            "closed it; it can be reopened from its page."
        ),
        check=_may_close,
        perform=lambda action, user, note: services.action_move(
            user=user, action=action, move=ActionMove.CLOSE, note=note
        ),
        form_class=forms.ActionCloseForm,
        tone="success",
    ),
]


class ActionListView(ObjectListView):
    model = FollowUpAction
    title = _("Follow-up actions")
    filterset_class = ActionFilter
    queryset = FollowUpAction.objects.select_related("owner", "decision__meeting")
    columns = [
        Column("title", pgettext_lazy("follow-up action", "Action"), link=True),
        Column(lambda a: a.owner.get_full_name() or a.owner.username, _("Owner")),
        Column("due_on", _("Due on"), order_by="due_on"),
        Column(lambda a: f"{a.progress}%", _("Progress")),
        Column("status", _("Status"), tone=True),
        Column("decision.meeting.title", _("Meeting")),
    ]
    export_filename = "follow-up-actions"
    default_ordering = ("status", "due_on", "pk")
    empty_hint = _("Decisions recorded with a meeting appear here as actions.")
    batch_url_name = "partybuilding:action-batch"
    batch_actions = ACTION_BATCH

    def get_queryset(self):
        qs = super().get_queryset()
        if self.request.GET.get("state") == "overdue":
            qs = qs.overdue(timezone.localdate())
        elif self.request.GET.get("state") == "open":
            qs = qs.open()
        if self.request.GET.get("owner") == "me":
            qs = qs.owned_by(self.request.user)
        return qs


class ActionBatchView(BatchView):
    """Close many follow-up actions at once (after a review meeting), each through `action_move`."""

    model = FollowUpAction
    queryset = FollowUpAction.objects.select_related("owner")
    actions = ACTION_BATCH
    list_url_name = "partybuilding:action-list"

    def row_label(self, action) -> str:
        owner = action.owner.get_full_name() or action.owner.username
        return f"{action.title} · {owner} · {action.due_on:%Y-%m-%d}"


class ActionDetailView(WorkflowDetailMixin, DetailWithForms):
    model = FollowUpAction
    queryset = FollowUpAction.objects.select_related("owner", "decision__meeting", "closed_by")
    template_name = "partybuilding/action_detail.html"
    form_classes = {"escalate_form": CaseEscalationForm}
    workflow = services.ACTION_WORKFLOW
    move_forms = {"progress": forms.ActionProgressForm, "close": forms.ActionCloseForm}
    move_url_name = "partybuilding:action-move"
    prefix_move_forms = False

    def get_breadcrumbs(self):
        return [(_("Follow-up actions"), reverse("partybuilding:action-list"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["timeline"] = selectors.action_timeline(self.object)
        ctx["can_escalate"] = (
            self.request.user.has_perm("governance.add_enforcementcase")
            and self.object.case_id is None
            and self.object.status != ActionStatus.DONE
        )
        return ctx


class ActionEscalateView(PostFormView):
    """Escalate a follow-up action into a joint-enforcement case (needs the right to raise cases)."""

    model = FollowUpAction
    permission_required = "governance.add_enforcementcase"
    form_class = CaseEscalationForm
    form_name = "escalate_form"
    detail_view = ActionDetailView

    def perform(self, action, data):
        services.action_escalate(user=self.request.user, action=action, **data)


class ActionMoveView(WorkflowMoveView):
    """Report progress, close with a note or reopen, from the action's page."""

    model = FollowUpAction
    detail_view = ActionDetailView


# ---------------------------------------------------------------------------------------- committees


class CommitteeListView(ObjectListView):
    model = JointCommittee
    title = _("Joint committees")
    queryset = JointCommittee.objects.select_related("area")
    columns = [
        Column("name", _("Name"), link=True),
        Column("kind", _("Kind")),
        Column("area.name", _("Area")),
    ]
    default_ordering = ("kind", "name", "pk")
    empty_hint = _("The street and each community open their joint committee in the admin.")


class CommitteeDetailView(DetailWithForms):
    model = JointCommittee
    queryset = JointCommittee.objects.select_related("area", "organisation")
    template_name = "partybuilding/committee_detail.html"
    form_classes = {"seat_form": forms.SeatForm}

    def get_breadcrumbs(self):
        return [(_("Joint committees"), reverse("partybuilding:committee-list"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["current"], ctx["past"] = selectors.committee_composition(self.object, ctx["today"])
        ctx["can_seat"] = self.request.user.has_perm("partybuilding.add_committeeseat")
        return ctx


class CommitteeSeatAddView(PostFormView):
    model = JointCommittee
    form_class = forms.SeatForm
    form_name = "seat_form"
    detail_view = CommitteeDetailView

    def get_permission_required(self):
        return ["partybuilding.add_committeeseat"]

    def perform(self, committee, data):
        services.committee_seat_add(user=self.request.user, committee=committee, **data)


# ------------------------------------------------------------------------------------------- pledges


class PledgeListView(ObjectListView):
    model = Pledge
    title = _("Pledges")
    queryset = Pledge.objects.select_related("resident_unit", "area")
    template_name = "partybuilding/pledge_list.html"
    columns = [
        Column("description", _("Description"), link=True),
        Column("resident_unit.name", _("Resident unit")),
        Column("kind", _("Kind")),
        Column("area.name", _("Promised to")),
        Column(lambda p: f"{p.quantity:,.2f} {p.unit}", _("Amount")),
        Column(lambda p: f"{p.delivered:,.2f} {p.unit}", _("Delivered")),
        Column(lambda p: f"{p.fulfilment * 100:.0f}%", _("Fulfilment")),
        Column("due_on", _("Due on"), order_by="due_on"),
    ]
    create_url_name = "partybuilding:pledge-create"
    export_filename = "pledges"
    default_ordering = ("due_on", "pk")
    empty_hint = _("Record what resident units promise: policy, talent, technology, funds or venues.")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["rates"] = selectors.fulfilment_rates(super().get_queryset())
        return ctx


class PledgeDetailView(DetailWithForms):
    model = Pledge
    queryset = Pledge.objects.select_related("resident_unit", "area")
    template_name = "partybuilding/pledge_detail.html"
    form_classes = {"delivery_form": forms.DeliveryForm}

    def get_breadcrumbs(self):
        return [(_("Pledges"), reverse("partybuilding:pledge-list"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["deliveries"] = self.object.deliveries.select_related("recorded_by")
        return ctx


class PledgeCreateView(ObjectCreateView):
    model = Pledge
    form_class = forms.PledgeForm
    title = _("Record a pledge")
    success_message = _("Pledge saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def save_form(self, form):
        return services.pledge_create(user=self.request.user, **form.cleaned_data)


class PledgeDeliverView(PostFormView):
    model = Pledge
    form_class = forms.DeliveryForm
    form_name = "delivery_form"
    detail_view = PledgeDetailView

    def perform(self, pledge, data):
        services.pledge_deliver(user=self.request.user, pledge=pledge, **data)


# ------------------------------------------------------------------------ supervision and check-ins


class SupervisionView(ScopedViewMixin, _generic.View):
    """Who watches which building and stairwell, and the places that have nobody."""

    model = PartyMember

    def get(self, request, form=None):
        from partybuilding.models import SupervisionPost

        ctx = selectors.uncovered_places(request.user)
        ctx.update(
            title=_("Supervision network"),
            posts=SupervisionPost.objects.visible_to(request.user)
            .filter(is_active=True)
            .select_related("area__parent", "member"),
            form=form or forms.SupervisionForm(user=request.user),
            can_assign=request.user.has_perm("partybuilding.add_supervisionpost"),
        )
        return render(request, "partybuilding/supervision.html", ctx, status=400 if form else 200)

    def post(self, request):
        if not request.user.has_perm("partybuilding.add_supervisionpost"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = forms.SupervisionForm(request.POST, user=request.user)
        if _apply(request, form, lambda d: services.supervision_assign(user=request.user, **d)):
            return HttpResponseRedirect(reverse("partybuilding:supervision"))
        return self.get(request, form=form)


class CheckInListView(ObjectListView):
    model = CommunityCheckIn
    title = _("Community check-ins")
    queryset = CommunityCheckIn.objects.select_related("area", "party_member", "resident_unit")
    columns = [
        Column(lambda c: c.party_member or c.resident_unit, _("Who")),
        Column("kind", _("Kind")),
        Column("area.name", _("Community")),
        Column("starts_on", _("From"), order_by="starts_on"),
        Column("ends_on", _("Until")),
    ]
    create_url_name = "partybuilding:checkin-create"
    export_filename = "check-ins"
    default_ordering = ("-starts_on", "pk")
    empty_hint = _("Party members and agencies that check in to serve here are listed here.")


class CheckInCreateView(ObjectCreateView):
    model = CommunityCheckIn
    form_class = forms.CheckInForm
    title = _("Record a check-in")
    success_message = _("Check-in saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def save_form(self, form):
        return services.checkin_create(user=self.request.user, **form.cleaned_data)
