from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views import View

from governance.lib.excel import template_response, xlsx_response
from governance.lib.masking import may_see_personal_data
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
from governance.residents.forms import ResidentForm, ResidentImportForm
from governance.residents.imports import RESIDENT_COLUMNS, residents_import
from governance.residents.models import PersonalDataAccess, Resident

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

    def post(self, request, *args, **kwargs):
        """The export with full numbers: a POST that says why; each resident in it is a logged showing."""
        if not may_see_personal_data(request.user):
            return HttpResponseForbidden()
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
                '<span class="pii-full" data-testid="pii-full">{}</span> · <span class="pii-full">{}</span>'
                ' · <span class="pii-full">{}</span>',
                values["id_number"] or "—",
                values["phone"] or "—",
                values["birth_date"] or "—",
            )
        )


class ResidentImportView(ScopedViewMixin, View):
    model = Resident
    action = "add"

    def get(self, request):
        if request.GET.get("template") == "1":
            return template_response("resident-import-template", RESIDENT_COLUMNS)
        return render(
            request,
            "governance/residents/resident_import.html",
            {"form": ResidentImportForm(user=request.user)},
        )

    def post(self, request):
        form = ResidentImportForm(request.POST, request.FILES, user=request.user)
        result = None
        if form.is_valid():
            result = residents_import(
                user=request.user,
                upload=form.cleaned_data["file"],
                keep_good_rows=form.cleaned_data["keep_good_rows"],
            )
            if result.saved:
                messages.success(request, _("%(n)d residents saved.") % {"n": result.saved})
        return render(request, "governance/residents/resident_import.html", {"form": form, "result": result})
