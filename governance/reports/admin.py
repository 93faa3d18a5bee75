"""Admin for the work reports (imported by governance/admin.py)."""

from django.contrib import admin

from governance.lib.admin import ScopedHistoryAdmin
from governance.reports.models import WorkReport


@admin.register(WorkReport)
class WorkReportAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "format", "status", "progress", "created_by", "created_at"]
    list_filter = ["status", "format", "period"]
    search_fields = ["area__name", "period"]
    readonly_fields = ["figures", "file", "progress", "rendered_at", "created_by", "created_at", "error"]
    list_select_related = ["area", "created_by"]
