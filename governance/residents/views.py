from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views import View

from governance.lib.excel import xlsx_response
from governance.lib.tables import Column
from governance.lib.views import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    ScopedViewMixin,
)
from governance.residents import services
from governance.residents.filters import ResidentFilter
from governance.residents.forms import ResidentForm
from governance.residents.models import PersonalDataAccess, Resident

RESIDENT_COLUMNS_PAGE = [
    Column("name", _("Full name"), link=True, order_by="name"),
    Column("gender", _("Gender")),
    Column("birth_date", _("Birth date"), order_by="birth_date"),
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

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and request.GET.get("full") == "1":
            return self.export_full(request)
        return super().get(request, *args, **kwargs)

    def export_full(self, request):
        """Full ID and phone numbers for roles granted them, each resident's showing logged."""
        if not request.user.has_perm("governance.view_resident_pii"):
            return HttpResponseForbidden()
        residents = list(self.get_queryset())
        services.residents_reveal_log(
            user=request.user,
            resident_ids=[r.pk for r in residents],
            channel=PersonalDataAccess.Channel.EXPORT,
        )
        columns = [c for c in RESIDENT_COLUMNS_PAGE if c.accessor not in ("masked_id_number", "masked_phone")]
        headers = [str(c.label) for c in columns] + [str(_("ID card number")), str(_("Phone"))]
        rows = [[c.excel(r) for c in columns] + [r.id_number or "", r.phone] for r in residents]
        return xlsx_response("residents-full", [(str(_("Residents")), headers, rows)])


class ResidentDetailView(ObjectDetailView):
    model = Resident
    queryset = Resident.objects.select_related("area__parent__parent__parent", "household")
    template_name = "governance/residents/resident_detail.html"

    def get_breadcrumbs(self):
        return [(_("Residents"), reverse("governance:resident-list"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_reveal"] = self.request.user.has_perm("governance.view_resident_pii")
        ctx["history"] = self.object.history.select_related("history_user")[:10]
        ctx["household_members"] = self.object.household.members.exclude(pk=self.object.pk)
        return ctx


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
                '<span class="pii-full" data-testid="pii-full">{}</span> · <span class="pii-full">{}</span>',
                values["id_number"] or "—",
                values["phone"] or "—",
            )
        )
