from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views import View

from governance.lib.excel import xlsx_response
from governance.lib.masking import may_see_personal_data
from governance.lib.registry import record_sections
from governance.lib.tables import Column
from governance.lib.views import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    PrintView,
    ScopedViewMixin,
)
from governance.residents import services
from governance.residents.filters import ResidentFilter
from governance.residents.forms import ResidentForm
from governance.residents.models import Household, PersonalDataAccess, Resident

NUMBER_SEARCH_SESSION_KEY = "resident_number_search"  # the residents found by number, kept out of the URL

RESIDENT_COLUMNS_PAGE = [
    Column("name", _("Full name"), link=True, order_by="name"),
    Column("gender", _("Gender")),
    Column("masked_birth_date", _("Birth year"), order_by="birth_date"),
    Column("masked_id_number", _("ID card number")),
    Column("masked_phone", _("Phone")),
    Column(lambda r: f"{r.area.parent.parent.name} {r.area.parent.name} {r.area.name}", _("Stairwell")),
    Column("household.room", _("Room")),
    Column("registration", _("Registration")),
]


class ResidentListView(ObjectListView):
    model = Resident
    title = _("Residents")
    filterset_class = ResidentFilter
    columns = RESIDENT_COLUMNS_PAGE
    queryset = Resident.objects.select_related("area__parent__parent", "household")
    create_url_name = "governance:resident-create"
    export_filename = "residents"
    default_ordering = ("-id",)
    empty_hint = _("No residents here yet. Add one, or import the street's Excel sheet.")
    template_name = "governance/residents/resident_list.html"

    def get_queryset(self):
        queryset = super().get_queryset()
        found = self.request.session.get(NUMBER_SEARCH_SESSION_KEY)
        if self.request.GET.get("found") == "1" and found is not None:
            queryset = queryset.filter(pk__in=found)
        return queryset

    def post(self, request, *args, **kwargs):
        """Find by number, or the export with full numbers; both POST, so no number sits in a URL."""
        if not may_see_personal_data(request.user):
            return HttpResponseForbidden()
        if "number" in request.POST:
            return self.find_by_number(request)
        return self.export_full(request)

    def find_by_number(self, request):
        """Residents whose ID or phone is exactly the number typed; the list then shows them (logged)."""
        try:
            found = services.residents_find_by_number(
                user=request.user, residents=super().get_queryset(), number=request.POST.get("number", "")
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(reverse("governance:resident-list"))
        request.session[NUMBER_SEARCH_SESSION_KEY] = [r.pk for r in found]
        if not found:
            messages.info(request, _("No resident in your area has this number."))
        return HttpResponseRedirect(reverse("governance:resident-list") + "?found=1")

    def export_full(self, request):
        """The export with full numbers: a POST that says why; each resident in it is a logged showing."""
        residents = list(self.get_queryset())
        try:
            services.personal_data_reveal_log(
                user=request.user,
                objects=residents,
                channel=PersonalDataAccess.Channel.EXPORT,
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as exc:
            for message in exc.message_dict["reason"]:
                messages.error(request, message)
            return HttpResponseRedirect(request.get_full_path())
        columns = [c for c in RESIDENT_COLUMNS_PAGE if not str(c.accessor).startswith("masked_")]
        headers = [str(c.label) for c in columns] + [
            str(_("Birth date")),
            str(_("ID card number")),
            str(_("Phone")),
        ]
        rows = [[c.excel(r) for c in columns] + [r.birth_date, r.id_number or "", r.phone] for r in residents]
        return xlsx_response("residents-full", [(str(_("Residents")), headers, rows)])


class ResidentDetailView(ObjectDetailView):
    model = Resident
    queryset = Resident.objects.select_related("area__parent__parent__parent", "household")
    template_name = "governance/residents/resident_detail.html"

    def get_breadcrumbs(self):
        return [(_("Residents"), reverse("governance:resident-list"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_reveal"] = may_see_personal_data(self.request.user)
        ctx["history"] = self.object.history.select_related("history_user")[:10]
        ctx["household_members"] = self.object.household.members.exclude(pk=self.object.pk)
        ctx["sections"] = record_sections(self.request, self.object)  # e.g. the needs they asked (volunteers)
        return ctx


class HouseholdPrintView(PrintView):
    """The household card (一户一档): the address and every member, numbers masked exactly as on screen."""

    model = Household
    permission_required = "governance.view_resident"
    queryset = Household.objects.select_related("area__parent__parent__parent")
    template_name = "governance/residents/household_print.html"
    doc_title = _("Household card")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["members"] = self.members
        ctx["head"] = next((m for m in self.members if m.is_household_head), None)
        return ctx

    @cached_property
    def members(self):
        return list(
            self.object.members.filter(is_active=True).order_by("-is_household_head", "birth_date", "pk")
        )

    def get_back_url(self) -> str:
        return self.members[0].get_absolute_url() if self.members else reverse("governance:resident-list")


class ResidentFormMixin:
    model = Resident
    form_class = ResidentForm

    def save_form(self, form):
        data = dict(form.cleaned_data)
        if self.object is None:
            return services.resident_create(user=self.request.user, **data)
        return services.resident_update(user=self.request.user, resident=self.object, **data)


class ResidentCreateView(ResidentFormMixin, ObjectCreateView):
    title = _("Add a resident")
    success_message = _("Resident saved.")


class ResidentUpdateView(ResidentFormMixin, ObjectUpdateView):
    title = _("Edit resident")
    success_message = _("Resident saved.")
    queryset = Resident.objects.select_related("household")


class ResidentRevealView(ScopedViewMixin, View):
    """An explicit click that shows one resident's full numbers (htmx swaps them in); logged."""

    model = Resident
    permission_required = "governance.view_resident_pii"

    def post(self, request, pk):
        resident = get_object_or_404(self.get_queryset(), pk=pk)
        values = services.resident_reveal(user=request.user, resident=resident)
        return HttpResponse(
            format_html(
                '<span class="pii-full" data-testid="pii-full">{}</span> · <span class="pii-full">{}</span>'
                ' · <span class="pii-full">{}</span>',
                values["id_number"] or "—",
                values["phone"] or "—",
                values["birth_date"] or "—",
            )
        )
