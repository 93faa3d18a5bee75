"""Pages of the leaders' cockpit, the work reports and the statistics package."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from governance.lib.excel import xlsx_response
from governance.lib.figures import Period
from governance.lib.tables import Column
from governance.lib.views import ObjectDetailView, ObjectListView, ScopedViewMixin, save_on_form
from governance.reports import selectors, services
from governance.reports.forms import NarrativeForm, PlacePeriodForm, ReportCreateForm
from governance.reports.models import WorkReport


def _place_and_period(request, form_class=PlacePeriodForm):
    """The chosen place (404 outside the user's scope) and period; the user's own place and this year first."""
    data = request.GET.copy()
    default = selectors.default_area(request.user)
    if default is None:
        raise Http404
    data.setdefault("area", str(default.pk))
    data.setdefault("period", str(timezone.localdate().year))
    form = form_class(data, user=request.user)
    if not form.is_valid():
        if "area" in form.errors:
            raise Http404
        return form, default, Period(timezone.localdate().year)
    return form, form.cleaned_data["area"], form.cleaned_data["period"]


class CockpitView(ScopedViewMixin, View):
    """Communities side by side, ranked and trended, each figure with last period's and the list behind it."""

    model = WorkReport

    def get(self, request):
        form, area, period = _place_and_period(request)
        return render(
            request,
            "governance/reports/cockpit.html",
            {"title": _("Leaders' cockpit"), "form": form, **selectors.cockpit(area, period)},
        )


class StatisticsPackageView(ScopedViewMixin, View):
    """The period's non-personal figures per community, as one Excel workbook or CSV: the report's numbers."""

    model = WorkReport

    def get(self, request):
        _form, area, period = _place_and_period(request)
        headers, rows = selectors.statistics_rows(area, period)
        filename = f"statistics-{area.pk}-{period.code}"
        if request.GET.get("format") == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(headers)
            writer.writerows(rows)
            # A byte-order mark, so that Excel opens the Chinese text as UTF-8.
            response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f"attachment; filename*=UTF-8''{escape_uri_path(filename + '.csv')}"
            )
            return response
        return xlsx_response(filename, [(_("Figures"), headers, rows)])


class ReportListView(ObjectListView):
    model = WorkReport
    title = gettext_lazy("Work reports")
    queryset = WorkReport.objects.select_related("area", "created_by")
    columns = [
        Column("__str__", gettext_lazy("Work report"), link=True),
        Column("get_format_display", gettext_lazy("Format")),
        Column("get_status_display", gettext_lazy("Status"), tone=True),
        Column("created_by", gettext_lazy("Made by")),
        Column("created_at", gettext_lazy("Created at"), order_by="created_at"),
    ]
    create_url_name = "governance:report-create"
    export_filename = "work-reports"
    default_ordering = ("-created_at", "-id")
    empty_hint = gettext_lazy(
        "Make a report: choose the place and the period, edit the paragraphs, then the document."
    )


class ReportCreateView(ScopedViewMixin, View):
    model = WorkReport
    action = "add"

    def get(self, request):
        form = ReportCreateForm(
            initial={"area": selectors.default_area(request.user), "period": str(timezone.localdate().year)},
            user=request.user,
        )
        return self._page(request, form)

    def post(self, request):
        form = ReportCreateForm(request.POST, user=request.user)
        if form.is_valid():
            report = save_on_form(
                form,
                lambda: services.work_report_create(
                    user=request.user,
                    area=form.cleaned_data["area"],
                    period=form.cleaned_data["period"].code,
                    fmt=form.cleaned_data["format"],
                ),
            )
            if report is not None:
                messages.success(
                    request, _("The report is drafted: check the paragraphs, then make the document.")
                )
                return HttpResponseRedirect(report.get_absolute_url())
        return self._page(request, form)

    def _page(self, request, form):
        return render(
            request, "lib/object_form.html", {"form": form, "title": _("New work report"), "breadcrumbs": []}
        )


class ReportDetailView(ObjectDetailView):
    model = WorkReport
    queryset = WorkReport.objects.select_related("area", "created_by")
    template_name = "governance/reports/report_detail.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request") and self.request.GET.get("part") == "progress":
            return ["governance/reports/_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        report = self.object
        ctx["narrative_form"] = kwargs.get("narrative_form") or NarrativeForm(
            initial={**report.narrative, "format": report.format}
        )
        ctx["parts"] = [
            (label, selectors.section_lines(report.figures, key)) for key, label in selectors.SECTIONS
        ]
        ctx["problems"] = report.figures.get("problems", [])
        return ctx


class ReportEditView(ScopedViewMixin, View):
    """Save the edited paragraphs and make the document in the background."""

    model = WorkReport
    action = "change"
    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(self.get_queryset(), pk=pk)
        form = NarrativeForm(request.POST)
        if form.is_valid():
            try:
                report = services.work_report_edit(
                    user=request.user,
                    report=report,
                    narrative=form.cleaned_data,
                    fmt=form.cleaned_data["format"],
                )
                services.work_report_queue(user=request.user, report=report)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The document is being made."))
            return HttpResponseRedirect(report.get_absolute_url())
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(report.get_absolute_url())


class ReportDownloadView(ScopedViewMixin, View):
    """The document, for those whose scope covers the report's place (404 for the others)."""

    model = WorkReport

    def get(self, request, pk):
        report = get_object_or_404(self.get_queryset(), pk=pk)
        if not report.file:
            raise Http404
        name = f"{report.area.name}-{report.period}.{report.format}"
        return FileResponse(report.file.open("rb"), as_attachment=True, filename=name)
