"""Admin for street staff (imported by governance/admin.py): Chinese names, search, filters, history."""

from django.contrib import admin

from governance.lib.admin import ScopedAdmin, ScopedHistoryAdmin
from governance.staff.models import (
    Absence,
    Department,
    Evaluation,
    EvaluationEvent,
    FrontlineInspection,
    LeadershipPortfolio,
    Post,
    StaffMember,
)


@admin.register(Department)
class DepartmentAdmin(ScopedHistoryAdmin):
    list_display = ["name", "area", "leader", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    list_select_related = ["area", "leader"]


@admin.register(StaffMember)
class StaffMemberAdmin(ScopedHistoryAdmin):
    list_display = [
        "name",
        "kind",
        "department",
        "position",
        "is_leadership",
        "birth_date",
        "hired_on",
        "left_on",
    ]
    list_filter = ["kind", "is_leadership", "education", "political_status", "leave_reason"]
    search_fields = ["name", "position"]
    list_select_related = ["department"]
    raw_id_fields = ["user"]


@admin.register(LeadershipPortfolio)
class LeadershipPortfolioAdmin(ScopedHistoryAdmin):
    list_display = ["leader", "work_line", "area"]
    list_filter = ["work_line"]
    search_fields = ["leader__name", "area__name"]
    list_select_related = ["leader", "area"]


@admin.register(Post)
class PostAdmin(ScopedHistoryAdmin):
    list_display = ["name", "department", "holder_a", "holder_b"]
    list_filter = ["department", "work_line"]
    search_fields = ["name", "holder_a__name", "holder_b__name"]
    list_select_related = ["department", "holder_a", "holder_b"]


@admin.register(Absence)
class AbsenceAdmin(ScopedHistoryAdmin):
    list_display = ["staff", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["staff__name"]
    date_hierarchy = "starts_on"
    list_select_related = ["staff"]


class EvaluationEventInline(admin.TabularInline):
    model = EvaluationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at", "note"]


@admin.register(Evaluation)
class EvaluationAdmin(ScopedHistoryAdmin):
    list_display = ["cadre", "year", "quarter", "status", "grade", "deadline"]
    list_filter = ["year", "quarter", "status", "grade"]
    search_fields = ["cadre__name"]
    list_select_related = ["cadre"]
    readonly_fields = ["status"]  # moves go through the service, which records the event
    filter_horizontal = ["evaluators"]
    inlines = [EvaluationEventInline]


@admin.register(FrontlineInspection)
class FrontlineInspectionAdmin(ScopedAdmin):
    list_display = ["cadre", "inspected_on", "area", "inspector"]
    search_fields = ["cadre__name", "findings"]
    date_hierarchy = "inspected_on"
    list_select_related = ["cadre", "area", "inspector"]
