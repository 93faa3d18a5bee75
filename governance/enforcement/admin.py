"""Admin of joint enforcement (imported by governance/admin.py): departments, categories, cases, summonses."""

from django.contrib import admin

from governance.enforcement.models import (
    CaseCategory,
    CaseEvent,
    CasePhoto,
    DepartmentContact,
    EnforcementCase,
    EnforcementDepartment,
    Summons,
)
from governance.lib.admin import ScopedHistoryAdmin


class DepartmentContactInline(admin.TabularInline):
    model = DepartmentContact
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(EnforcementDepartment)
class EnforcementDepartmentAdmin(ScopedHistoryAdmin):
    list_display = ["name", "duty_phone", "area", "is_active"]
    search_fields = ["name"]
    list_filter = ["is_active"]
    inlines = [DepartmentContactInline]


@admin.register(CaseCategory)
class CaseCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "work_line", "is_active"]
    list_filter = ["work_line", "is_active"]
    search_fields = ["name"]


class SummonsInline(admin.TabularInline):
    model = Summons
    extra = 0
    can_delete = False
    fields = [
        "department",
        "summoned_at",
        "respond_by",
        "act_by",
        "acknowledged_at",
        "arrived_at",
        "acted_at",
    ]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # summon through the case page: deadlines and the timeline come from the service


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "from_status", "to_status", "summons", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class CasePhotoInline(admin.TabularInline):
    model = CasePhoto
    extra = 0
    fields = ["image", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EnforcementCase)
class EnforcementCaseAdmin(ScopedHistoryAdmin):
    list_display = ["id", "title", "status", "category", "urgency", "area", "raised_at"]
    list_filter = ["status", "urgency", "category", "source_kind"]
    search_fields = ["title", "description", "source_ref"]
    date_hierarchy = "raised_at"
    list_select_related = ["category", "area"]
    # The status and its stamps change only through the status machine's services.
    readonly_fields = ["status", "raised_by", "raised_at", "closed_at", "drop_reason", "drop_note"]
    inlines = [SummonsInline, CasePhotoInline, CaseEventInline]

    def has_add_permission(self, request):
        return False  # raise through the case page or the API, which check place and photos


@admin.register(Summons)
class SummonsAdmin(ScopedHistoryAdmin):
    list_display = ["case", "department", "summoned_at", "respond_by", "arrived_at", "act_by", "acted_at"]
    list_filter = ["department"]
    list_select_related = ["case", "department"]
    search_fields = ["case__title", "department__name"]
    readonly_fields = [
        "case",
        "department",
        "summoned_at",
        "summoned_by",
        "respond_by",
        "act_by",
        "acknowledged_at",
        "acknowledged_by",
        "arrived_at",
        "arrived_by",
        "acted_at",
        "acted_by",
    ]

    def has_add_permission(self, request):
        return False
