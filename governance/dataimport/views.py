"""The 数据导入 page: every roster's template and upload, and each import's check, progress, result and undo."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views import View

from governance.dataimport import services
from governance.dataimport.forms import ImportUploadForm
from governance.dataimport.models import ImportBatch
from governance.lib import importing
from governance.lib.excel import XLSX_MIME


def _xlsx(name: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_MIME)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{escape_uri_path(f'{name}-{stamp}.xlsx')}"
    )
    return response


class RosterMixin(LoginRequiredMixin):
    """The roster named in the URL, if the user may import it (its model's add permission): else 403."""

    def roster(self, key: str):
        try:
            return services.roster_for(key, self.request.user)
        except PermissionError:
            if key not in importing.ROSTERS:
                raise Http404 from None
            raise PermissionDenied from None


class ImportIndexView(LoginRequiredMixin, View):
    def get(self, request):
        rosters = [r for r in importing.ROSTERS.values() if request.user.has_perm(r.permission)]
        if not rosters:
            raise PermissionDenied
        batches = (
            ImportBatch.objects.visible_to(request.user).select_related("user").defer("content", "rows")[:20]
        )
        return render(
            request,
            "governance/dataimport/index.html",
            {
                "rosters": rosters,
                "batches": batches,
                "form": ImportUploadForm(),
                "breadcrumbs": [],
                "max_rows": services.settings.JIEDAO_IMPORT_MAX_ROWS,
                "max_mb": services.settings.JIEDAO_IMPORT_MAX_BYTES // 1048576,
            },
        )


class RosterTemplateView(RosterMixin, View):
    def get(self, request, roster):
        roster = self.roster(roster)
        return _xlsx(f"{roster.key}-template", importing.template_workbook(roster, request.user))


class RosterExportView(RosterMixin, View):
    """The user's records in the template's columns: a file that imports back changing nothing."""

    def get(self, request, roster):
        roster = self.roster(roster)
        if not roster.export_allowed(request.user):
            raise PermissionDenied
        reason = request.GET.get("reason", "").strip()
        if roster.export_reason_required and not reason:
            return render(
                request,
                "governance/dataimport/export_reason.html",
                {"roster": roster, "breadcrumbs": [(_("Data import"), reverse("governance:import-index"))]},
            )
        records = list(roster.queryset(request.user))
        roster.export_log(request.user, records, reason)
        return _xlsx(f"{roster.key}-export", importing.rows_workbook(roster, records))


class RosterUploadView(RosterMixin, View):
    def post(self, request, roster):
        roster = self.roster(roster)
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = services.import_upload(
                    user=request.user, roster_key=roster.key, filename=upload.name, content=upload.read()
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                return redirect(batch.get_absolute_url())
        for error in form.errors.get("file", []):
            messages.error(request, f"{roster.title}: {error}")
        return redirect("governance:import-index")


class BatchMixin(LoginRequiredMixin):
    def batch(self, pk) -> ImportBatch:
        """Only one's own imports (out of scope is 404), and only for rosters one may still import."""
        # The page is polled every second while a worker runs: the file and its rows load only when used.
        batch = get_object_or_404(
            ImportBatch.objects.visible_to(self.request.user).defer("content", "rows"), pk=pk
        )
        try:
            self.roster_ = services.roster_for(batch.roster, self.request.user)
        except PermissionError:
            raise Http404 from None
        return batch


class BatchDetailView(BatchMixin, View):
    def get(self, request, pk):
        batch = self.batch(pk)
        ctx = {
            "batch": batch,
            "roster": self.roster_,
            "progress": services.batch_progress(batch),
            "breadcrumbs": [(_("Data import"), reverse("governance:import-index"))],
        }
        if batch.total_rows:
            ctx["percent"] = round(100 * ctx["progress"] / batch.total_rows)
        template = "governance/dataimport/batch_detail.html"
        if request.headers.get("HX-Request"):
            template = "governance/dataimport/batch_status.html"
        return render(request, template, ctx)


class BatchConfirmView(BatchMixin, View):
    def post(self, request, pk):
        batch = self.batch(pk)
        try:
            services.import_confirm(user=request.user, batch=batch)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect(batch.get_absolute_url())


class BatchUndoView(BatchMixin, View):
    def post(self, request, pk):
        batch = self.batch(pk)
        try:
            services.import_undo(user=request.user, batch=batch)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The import was undone."))
        return redirect(batch.get_absolute_url())


class BatchErrorsView(BatchMixin, View):
    def get(self, request, pk):
        batch = self.batch(pk)
        return _xlsx(f"{batch.roster}-checked", services.batch_error_workbook(batch=batch))
