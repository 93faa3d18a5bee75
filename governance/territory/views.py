from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from governance.lib.tables import Column
from governance.lib.views import ObjectDetailView, ObjectListView, ScopedViewMixin, save_on_form
from governance.residents.models import Resident
from governance.territory import selectors, services
from governance.territory.filters import AreaFilter
from governance.territory.forms import AreaForm
from governance.territory.models import Area


class AreaListView(ObjectListView):
    model = Area
    title = _("Territory")
    filterset_class = AreaFilter
    columns = [
        Column("name", _("Name"), link=True, order_by="name"),
        Column("get_level_display", _("Level"), order_by="depth"),
        Column("parent.name", _("Parent")),
        Column("code", _("Code")),
        Column("numchild", _("Places below")),
    ]
    queryset = Area.objects.select_related("parent")
    default_ordering = ("path",)
    export_filename = "territory"

    def get_queryset(self):
        qs = super().get_queryset()
        if not self.request.GET:
            # Without filters the browser starts at the top of the user's own scope.
            roots = qs.order_by("depth").values_list("depth", flat=True)[:1]
            if roots:
                qs = qs.filter(depth=roots[0])
        return qs


class AreaDetailView(ObjectDetailView):
    model = Area
    template_name = "governance/territory/area_detail.html"

    def get_breadcrumbs(self):
        return [(a.name, a.get_absolute_url()) for a in self.object.ancestors_and_self()][:-1]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        area = self.object
        ctx["children"] = selectors.area_children_with_counts(area).visible_to(self.request.user)
        ctx["people"] = selectors.people_in_charge(area)
        ctx["residents"] = (
            Resident.objects.visible_to(self.request.user)
            .filter(area__path__startswith=area.path, is_active=True)
            .select_related("area", "household")[:20]
        )
        ctx["resident_total"] = (
            Resident.objects.visible_to(self.request.user)
            .filter(area__path__startswith=area.path, is_active=True)
            .count()
        )
        ctx["can_add_child"] = area.can_have_children and self.request.user.has_perm("governance.add_area")
        return ctx


class AreaAddChildView(ScopedViewMixin, View):
    model = Area
    action = "add"

    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_parent(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, pk):
        parent = self.get_parent()
        return render(
            request,
            "governance/territory/area_form.html",
            {"form": AreaForm(user=request.user), "parent": parent},
        )

    def post(self, request, pk):
        parent = self.get_parent()
        form = AreaForm(request.POST, user=request.user)
        if form.is_valid():
            area = save_on_form(form, lambda: services.area_create(parent=parent, **form.cleaned_data))
            if not form.errors:
                return redirect(area.get_absolute_url())
        return render(request, "governance/territory/area_form.html", {"form": form, "parent": parent})
