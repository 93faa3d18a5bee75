"""Pages of the property office: companies, contracts, cooperatives, fees, supervision, re-employment."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View

from governance.lib import dashcache
from governance.lib.tables import Column
from governance.lib.views import (
    ObjectActionView,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    ScopedViewMixin,
    WorkflowDetailMixin,
    WorkflowMoveView,
    list_filters,
)
from property import forms, selectors, services
from property.choices import ChecklistItem
from property.filters import (
    CompanyFilter,
    ComplaintFilter,
    ContractFilter,
    CooperativeFilter,
    FeeFilter,
    InspectionFilter,
    PlacementFilter,
    SubsidyFilter,
)
from property.models import (
    Complaint,
    Cooperative,
    CooperativeAgreement,
    CooperativeMember,
    FeeRecord,
    FeeSubsidy,
    Finding,
    Inspection,
    Placement,
    PropertyCompany,
    ServiceContract,
)
from property.selectors import area_label

PLACE_RELATED = "area__parent__parent__parent"


def place(obj) -> str:
    return area_label(obj.area)


def parse_month(text: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(f"{(text or '')[:7]}-01")
    except ValueError:
        return timezone.localdate().replace(day=1)


def crumbs(label, url_name):
    return [(label, reverse(url_name))]


# ------------------------------------------------------------------------------------------ companies


class CompanyListView(ObjectListView):
    model = PropertyCompany
    title = gettext_lazy("Property companies")
    filterset_class = CompanyFilter
    columns = [
        Column("name", gettext_lazy("Name"), link=True, order_by="name"),
        Column("kind", gettext_lazy("Kind")),
        Column("credit_code", gettext_lazy("Unified social credit code")),
        Column("contact_person", gettext_lazy("Contact person")),
        Column("contact_phone", gettext_lazy("Contact phone")),
        Column("area.name", gettext_lazy("Registered with")),
    ]
    queryset = PropertyCompany.objects.select_related("area")
    create_url_name = "property:company-create"
    export_filename = "property-companies"
    default_ordering = ("name",)
    empty_hint = gettext_lazy(
        "Register the property companies that serve the communities, then sign their contracts."
    )


class CompanyDetailView(ObjectDetailView):
    model = PropertyCompany
    template_name = "property/company_detail.html"

    def get_breadcrumbs(self):
        return crumbs(_("Property companies"), "property:company-list")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["contracts"] = (
            ServiceContract.objects.visible_to(user)
            .filter(company=self.object)
            .select_related(PLACE_RELATED)
            .order_by("-starts_on")
        )
        ctx["complaints"] = (
            Complaint.objects.visible_to(user).filter(company=self.object).select_related(PLACE_RELATED)[:10]
        )
        ctx["history"] = self.object.history.select_related("history_user")[:10]
        return ctx


class CompanyFormMixin:
    model = PropertyCompany
    form_class = forms.CompanyForm

    def save_form(self, form):
        data = form.cleaned_data
        if self.object is None:
            return services.company_create(user=self.request.user, **data)
        return services.company_update(user=self.request.user, company=self.object, **data)


class CompanyCreateView(CompanyFormMixin, ObjectCreateView):
    title = gettext_lazy("Register a property company")
    success_message = gettext_lazy("Property company saved.")


class CompanyUpdateView(CompanyFormMixin, ObjectUpdateView):
    title = gettext_lazy("Edit property company")
    success_message = gettext_lazy("Property company saved.")


class ScorecardView(ObjectDetailView):
    """A company's month: inspections and their findings, complaints, satisfaction, collection rate."""

    model = PropertyCompany
    template_name = "property/scorecard.html"

    def get_breadcrumbs(self):
        return [
            (_("Property companies"), reverse("property:company-list")),
            (self.object.name, self.object.get_absolute_url()),
        ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        month = parse_month(self.request.GET.get("month"))
        ctx["card"] = selectors.company_scorecard(self.object, month, self.request.user)
        ctx["month_text"] = month.strftime("%Y-%m")
        ctx["previous"] = (month - datetime.timedelta(days=1)).strftime("%Y-%m")
        ctx["next"] = (month + datetime.timedelta(days=32)).strftime("%Y-%m")
        return ctx


class ContractListView(ObjectListView):
    model = ServiceContract
    title = gettext_lazy("Service contracts")
    filterset_class = ContractFilter
    columns = [
        Column("company.name", gettext_lazy("Property company"), link=True, order_by="company__name"),
        Column(place, gettext_lazy("Served area")),
        Column("starts_on", pgettext_lazy("contract term", "From"), order_by="starts_on"),
        Column("ends_on", pgettext_lazy("contract term", "Until"), order_by="ends_on"),
        Column("fee_standard", gettext_lazy("Fee standard (yuan per m² per month)")),
        Column("service_level", gettext_lazy("Service level")),
    ]
    queryset = ServiceContract.objects.select_related("company", PLACE_RELATED)
    create_url_name = "property:contract-create"
    export_filename = "service-contracts"
    default_ordering = ("-starts_on", "id")
    empty_hint = gettext_lazy(
        "Sign a company to a community or a building; one company serves an area at a time."
    )


class ContractCreateView(ObjectCreateView):
    model = ServiceContract
    form_class = forms.ContractForm
    title = gettext_lazy("Sign a service contract")
    success_message = gettext_lazy("Service contract saved.")

    def save_form(self, form):
        return services.contract_create(user=self.request.user, **form.cleaned_data)


# ---------------------------------------------------------------------------------------- cooperatives


class CooperativeListView(ObjectListView):
    model = Cooperative
    title = gettext_lazy("Cooperatives")
    filterset_class = CooperativeFilter
    columns = [
        Column("name", gettext_lazy("Name"), link=True, order_by="name"),
        Column("area.name", gettext_lazy("Community")),
        Column("contact_person", gettext_lazy("Contact person")),
        Column("contact_phone", gettext_lazy("Contact phone")),
        Column("founded_on", gettext_lazy("Founded on")),
    ]
    queryset = Cooperative.objects.select_related("area")
    create_url_name = "property:cooperative-create"
    export_filename = "cooperatives"
    default_ordering = ("name",)
    empty_hint = gettext_lazy(
        "Register the community's cooperative: it subsidises fees and re-employs residents."
    )


class CooperativeDetailView(ObjectDetailView):
    model = Cooperative
    template_name = "property/cooperative_detail.html"

    def get_breadcrumbs(self):
        return crumbs(_("Cooperatives"), "property:cooperative-list")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        coop = self.object
        ctx["members"] = coop.members.all()
        ctx["agreements"] = coop.agreements.select_related("company")
        ctx["subsidies"] = (
            FeeSubsidy.objects.visible_to(user).filter(cooperative=coop).select_related("company")
        )
        ctx["placements"] = Placement.objects.visible_to(user).filter(cooperative=coop)
        ctx["can_add_member"] = user.has_perm("property.add_cooperativemember")
        ctx["can_add_agreement"] = user.has_perm("property.add_cooperativeagreement")
        return ctx


class CooperativeCreateView(ObjectCreateView):
    model = Cooperative
    form_class = forms.CooperativeForm
    title = gettext_lazy("Register a cooperative")
    success_message = gettext_lazy("Cooperative saved.")

    def save_form(self, form):
        return services.cooperative_create(user=self.request.user, **form.cleaned_data)


class CooperativeChildCreateView(ObjectCreateView):
    """A form for a record that belongs to one cooperative (a member, an agreement)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.cooperative = get_object_or_404(
                Cooperative.objects.visible_to(request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [
            (_("Cooperatives"), reverse("property:cooperative-list")),
            (self.cooperative.name, self.cooperative.get_absolute_url()),
        ]

    def get_success_url(self):
        return self.cooperative.get_absolute_url()


class MemberCreateView(CooperativeChildCreateView):
    model = CooperativeMember

    form_class = forms.MemberForm
    title = gettext_lazy("Add a cooperative member")
    success_message = gettext_lazy("Member saved.")

    def save_form(self, form):
        return services.cooperative_member_add(
            user=self.request.user, cooperative=self.cooperative, **form.cleaned_data
        )


class AgreementCreateView(CooperativeChildCreateView):
    model = CooperativeAgreement

    form_class = forms.AgreementForm
    title = gettext_lazy("Record an agreement")
    success_message = gettext_lazy("Agreement saved.")

    def save_form(self, form):
        return services.agreement_create(
            user=self.request.user, cooperative=self.cooperative, **form.cleaned_data
        )


# ------------------------------------------------------------------------------------------------ fees


def fee_rate(record: FeeRecord) -> str:
    value = selectors.rate(record.collected, record.billed)
    return "" if value is None else f"{value}%"


class FeeListView(ObjectListView):
    model = FeeRecord
    title = gettext_lazy("Property fees")
    filterset_class = FeeFilter
    columns = [
        Column(lambda r: r.period.strftime("%Y-%m"), gettext_lazy("Month"), order_by="period"),
        Column(place, gettext_lazy("Building")),
        Column(lambda r: r.household.room if r.household_id else "", pgettext_lazy("dwelling", "Household")),
        Column("company.name", gettext_lazy("Property company")),
        Column("billed", gettext_lazy("Billed (yuan)"), order_by="billed"),
        Column("collected", gettext_lazy("Collected (yuan)"), order_by="collected"),
        Column(fee_rate, gettext_lazy("Collection rate")),
    ]
    queryset = FeeRecord.objects.select_related("company", "household", PLACE_RELATED)
    create_url_name = "property:fee-create"
    export_filename = "property-fees"
    default_ordering = ("-period", "area__path", "id")
    empty_hint = gettext_lazy(
        "Import the month's billing and collection sheet, or record one building's month."
    )
    template_name = "property/fee_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # Sums over every month the filters select: kept per scope and filters until a fee row changes.
        totals = dashcache.cached_figures(
            "fee-list",
            self.request,
            ("property.FeeRecord",),
            self.object_list.totals,
            vary=list_filters(self.request),
        )
        ctx["totals"] = {**totals, "rate": selectors.rate(totals["collected"], totals["billed"])}
        return ctx


class FeeCreateView(ObjectCreateView):
    model = FeeRecord
    form_class = forms.FeeForm
    title = gettext_lazy("Record a building's month")
    success_message = gettext_lazy("Fee record saved.")

    def save_form(self, form):
        data = form.cleaned_data
        return services.fee_record_set(
            user=self.request.user,
            area=data["area"],
            period=data["month"],
            billed=data["billed"],
            collected=data["collected"],
            correct=data["correct"],
        )


class CollectionView(ScopedViewMixin, View):
    """Collection rates per community, company and month, and the trend since the reform began."""

    model = FeeRecord

    def get(self, request):
        fees = FeeRecord.objects.visible_to(request.user)
        year = request.GET.get("year", "")
        if year.isdigit():
            fees = fees.filter(period__year=int(year))

        def figures():
            return {
                "trend": selectors.yearly_trend(request.user, until=timezone.localdate().year),
                "by_community": selectors.collection_rates(fees, "community"),
                "by_company": selectors.collection_rates(fees, "company"),
                "by_month": selectors.collection_rates(fees, "month")[:24],
            }

        # Sums over every fee row of the scope: kept per scope and year until fees or subsidies change.
        found = dashcache.cached_figures(
            "fee-collection", request, ("property.FeeRecord", "property.FeeSubsidy"), figures, vary=year
        )
        trend = found["trend"]
        ctx = {
            "title": _("Collection rates"),
            "year": year,
            "years": [r["year"] for r in trend],
            "by_community": found["by_community"],
            "by_company": found["by_company"],
            "by_month": found["by_month"],
            "trend": trend,
            "chart": selectors.trend_chart(
                trend, _("Fees collected and subsidies since the reform"), _("Fees collected"), _("Subsidies")
            ),
            "breadcrumbs": crumbs(_("Property fees"), "property:fee-list"),
        }
        return render(request, "property/collection.html", ctx)


class SubsidyListView(ObjectListView):
    model = FeeSubsidy
    title = gettext_lazy("Fee subsidies")
    filterset_class = SubsidyFilter
    columns = [
        Column("paid_on", gettext_lazy("Paid on"), order_by="paid_on"),
        Column("cooperative.name", gettext_lazy("Cooperative")),
        Column("company.name", gettext_lazy("Paid to")),
        Column(place, gettext_lazy("For area")),
        Column(lambda s: f"{s.period_start:%Y-%m} – {s.period_end:%Y-%m}", gettext_lazy("For months")),
        Column("amount", gettext_lazy("Amount (yuan)"), order_by="amount"),
        Column("reason", pgettext_lazy("subsidy", "Reason")),
    ]
    queryset = FeeSubsidy.objects.select_related("cooperative", "company", PLACE_RELATED)
    create_url_name = "property:subsidy-create"
    export_filename = "fee-subsidies"
    default_ordering = ("-paid_on", "id")
    empty_hint = gettext_lazy("Record what the cooperatives pay towards property fees.")


class SubsidyCreateView(ObjectCreateView):
    model = FeeSubsidy
    form_class = forms.SubsidyForm
    title = gettext_lazy("Record a fee subsidy")
    success_message = gettext_lazy("Subsidy saved.")

    def save_form(self, form):
        return services.subsidy_create(user=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("property:subsidy-list")


# ----------------------------------------------------------------------------------------- supervision


class InspectionListView(ObjectListView):
    model = Inspection
    title = gettext_lazy("Inspections")
    filterset_class = InspectionFilter
    columns = [
        Column("inspected_on", gettext_lazy("Inspected on"), link=True, order_by="inspected_on"),
        Column("company.name", gettext_lazy("Property company")),
        Column(place, gettext_lazy("Inspected area")),
        Column("score", gettext_lazy("Score"), order_by="score"),
        Column("inspector", gettext_lazy("Inspector")),
    ]
    queryset = Inspection.objects.select_related("company", "inspector", PLACE_RELATED)
    create_url_name = "property:inspection-create"
    export_filename = "inspections"
    default_ordering = ("-inspected_on", "-id")
    empty_hint = gettext_lazy("Record an inspection: score the checklist and note what must be rectified.")


class InspectionCreateView(ObjectCreateView):
    model = Inspection
    form_class = forms.InspectionForm
    title = gettext_lazy("Record an inspection")
    success_message = gettext_lazy("Inspection saved.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)
        return kwargs

    def get_initial(self):
        return {"inspected_on": timezone.localdate()}

    def save_form(self, form):
        return services.inspection_record(user=self.request.user, **form.service_kwargs())


class InspectionDetailView(ObjectDetailView):
    model = Inspection
    queryset = Inspection.objects.select_related("company", "inspector", PLACE_RELATED)
    template_name = "property/inspection_detail.html"

    def get_breadcrumbs(self):
        return crumbs(_("Inspections"), "property:inspection-list")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        labels = dict(ChecklistItem.choices)
        ctx["scores"] = [(labels[s.item], s.points) for s in self.object.scores.all()]
        today = timezone.localdate()
        ctx["findings"] = self.object.findings.all()
        ctx["finding_form"] = forms.FindingForm(user=self.request.user)
        ctx["fix_form"] = forms.FindingFixForm(user=self.request.user, initial={"fixed_on": today})
        ctx["place"] = place(self.object)
        return ctx


class FindingAddView(ScopedViewMixin, View):
    model = Inspection
    action = "change"

    def post(self, request, pk):
        inspection = get_object_or_404(self.get_queryset(), pk=pk)
        form = forms.FindingForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.finding_add(user=request.user, inspection=inspection, **form.cleaned_data)
                messages.success(request, _("Finding saved."))
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
        else:
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
        return HttpResponseRedirect(inspection.get_absolute_url())


class FindingFixView(ObjectActionView):
    model = Finding

    def perform(self, obj):
        form = forms.FindingFixForm(self.request.POST, user=self.request.user)
        if not form.is_valid():
            raise ValidationError([m for errs in form.errors.values() for m in errs])
        services.finding_fix(user=self.request.user, finding=obj, **form.cleaned_data)


class ComplaintListView(ObjectListView):
    model = Complaint
    title = gettext_lazy("Complaints")
    filterset_class = ComplaintFilter
    columns = [
        Column("received_on", gettext_lazy("Received on"), order_by="received_on"),
        Column("content", gettext_lazy("Complaint"), link=True),
        Column("company.name", gettext_lazy("Property company")),
        Column(place, gettext_lazy("Place")),
        Column("channel", gettext_lazy("Channel")),
        Column("response_due", gettext_lazy("Answer due by"), order_by="response_due"),
        Column("status", gettext_lazy("Status"), tone=True),
        Column("satisfaction", gettext_lazy("Satisfaction")),
    ]
    queryset = Complaint.objects.select_related("company", PLACE_RELATED)
    create_url_name = "property:complaint-create"
    export_filename = "property-complaints"
    default_ordering = ("-received_on", "-id")
    empty_hint = gettext_lazy(
        "Record a resident's complaint about a property company; it is reminded until answered."
    )


class ComplaintCreateView(ObjectCreateView):
    model = Complaint
    form_class = forms.ComplaintForm
    title = gettext_lazy("Record a complaint")
    success_message = gettext_lazy("Complaint saved.")

    def get_initial(self):
        return {"received_on": timezone.localdate()}

    def save_form(self, form):
        return services.complaint_create(user=self.request.user, **form.cleaned_data)


class ComplaintDetailView(WorkflowDetailMixin, ObjectDetailView):
    model = Complaint
    queryset = Complaint.objects.select_related("company", "meeting", PLACE_RELATED)
    template_name = "property/complaint_detail.html"
    workflow = services.COMPLAINT_WORKFLOW
    move_forms = {"answer": forms.ComplaintAnswerForm, "resolve": forms.ComplaintResolveForm}
    move_url_name = "property:complaint-move"
    prefix_move_forms = False

    def move_initial(self, move):
        return {"on": timezone.localdate()}

    def get_breadcrumbs(self):
        return crumbs(_("Complaints"), "property:complaint-list")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c = self.object
        ctx["place"] = place(c)
        ctx["events"] = c.events.select_related("actor")
        return ctx


class ComplaintMoveView(WorkflowMoveView):
    model = Complaint
    detail_view = ComplaintDetailView


# -------------------------------------------------------------------------------------- re-employment


class PlacementListView(ObjectListView):
    model = Placement
    title = gettext_lazy("Re-employment")
    filterset_class = PlacementFilter
    columns = [
        Column("person_name", gettext_lazy("Name"), order_by="person_name"),
        Column("area.name", gettext_lazy("Community")),
        Column(lambda p: str(p.employer), gettext_lazy("Employer")),
        Column("position", pgettext_lazy("job", "Position")),
        Column("starts_on", pgettext_lazy("contract term", "From"), order_by="starts_on"),
        Column("ends_on", pgettext_lazy("contract term", "Until")),
    ]
    queryset = Placement.objects.select_related("area", "cooperative", "company")
    create_url_name = "property:placement-create"
    export_filename = "re-employment"
    default_ordering = ("-starts_on", "id")
    empty_hint = gettext_lazy(
        "Record a jobless resident placed in work by a cooperative or a property company."
    )
    template_name = "property/placement_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # Communities down, years across: the per-year counts the office reports.
        rows = selectors.placement_counts(self.request.user)
        years = sorted({r["year"] for r in rows})
        table: dict[str, dict[int, int]] = {}
        for r in rows:
            table.setdefault(r["community"], {})[r["year"]] = r["people"]
        ctx["counts"] = {
            "years": years,
            "rows": [
                (name, [per_year.get(y, 0) for y in years], sum(per_year.values()))
                for name, per_year in table.items()
            ],
        }
        return ctx


class PlacementCreateView(ObjectCreateView):
    model = Placement
    form_class = forms.PlacementForm
    title = gettext_lazy("Record a placement")
    success_message = gettext_lazy("Placement saved.")

    def save_form(self, form):
        return services.placement_create(user=self.request.user, **form.cleaned_data)
