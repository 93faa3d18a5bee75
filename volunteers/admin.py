from django.contrib import admin

from governance.lib.admin import ScopedAdmin, ScopedHistoryAdmin
from volunteers.models import (
    Adoption,
    CareLog,
    Donation,
    GardenPlot,
    GardenProject,
    Need,
    NeedDeadline,
    NeedEvent,
    ResidentReport,
    ServiceCategory,
    ServiceContact,
    ServiceItem,
    ServiceRecord,
    Volunteer,
    VolunteerTeam,
)


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name"]


@admin.register(NeedDeadline)
class NeedDeadlineAdmin(admin.ModelAdmin):
    list_display = ["urgency", "respond_hours", "resolve_hours"]
    list_editable = ["respond_hours", "resolve_hours"]


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(ScopedHistoryAdmin):
    list_display = ["name", "area", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    raw_id_fields = ["area"]


@admin.register(Volunteer)
class VolunteerAdmin(ScopedHistoryAdmin):
    list_display = ["name", "team", "area", "is_active"]
    list_filter = ["is_active", "team", "skills"]
    search_fields = ["name"]
    raw_id_fields = ["area", "resident", "party_member"]
    filter_horizontal = ["skills"]


@admin.register(ServiceItem)
class ServiceItemAdmin(ScopedHistoryAdmin):
    list_display = ["name", "category", "provider_kind", "area", "capacity", "is_active", "is_published"]
    list_filter = ["category", "provider_kind", "is_active", "is_published"]
    search_fields = ["name", "provider_name"]
    raw_id_fields = ["area", "check_in"]
    filter_horizontal = ["areas_served"]


class NeedEventInline(admin.TabularInline):
    model = NeedEvent
    extra = 0
    can_delete = False
    readonly_fields = ["move", "from_status", "to_status", "actor", "at", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Need)
class NeedAdmin(ScopedHistoryAdmin):
    """Needs change only through the workflow; the admin shows them read-only."""

    list_display = ["pk", "category", "requester_name", "area", "urgency", "status", "submitted_at"]
    list_filter = ["status", "urgency", "category", "channel"]
    search_fields = ["requester_name", "description"]
    inlines = [NeedEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ScopedHistoryAdmin):
    list_display = ["served_on", "volunteer", "team", "served_name", "hours", "status"]
    list_filter = ["status", "team"]
    search_fields = ["volunteer__name", "served_name"]
    raw_id_fields = ["area", "volunteer", "need", "check_in", "service_item"]
    readonly_fields = ["status", "confirmed_by", "confirmed_at", "reported_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.reported_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(GardenProject)
class GardenProjectAdmin(ScopedHistoryAdmin):
    list_display = ["name", "area"]
    search_fields = ["name"]
    raw_id_fields = ["area"]


@admin.register(Donation)
class DonationAdmin(ScopedHistoryAdmin):
    list_display = ["received_on", "donor_name", "kind", "amount", "goods", "hours", "project"]
    list_filter = ["kind", "project"]
    search_fields = ["donor_name"]


@admin.register(GardenPlot)
class GardenPlotAdmin(ScopedAdmin):
    list_display = ["code", "project", "description"]
    list_filter = ["project"]


@admin.register(Adoption)
class AdoptionAdmin(ScopedHistoryAdmin):
    list_display = ["plot", "adopter_name", "starts_on", "ends_on"]
    search_fields = ["adopter_name"]
    raw_id_fields = ["resident"]


@admin.register(CareLog)
class CareLogAdmin(ScopedAdmin):
    list_display = ["cared_on", "adoption", "note"]
    date_hierarchy = "cared_on"


@admin.register(ServiceContact)
class ServiceContactAdmin(ScopedHistoryAdmin):
    """The contacts staff publish on the public Service and Needs Lists (only those marked published show)."""

    list_display = ["label", "name", "phone", "area", "is_published", "order"]
    list_filter = ["is_published"]
    list_editable = ["is_published", "order"]
    search_fields = ["label", "name"]
    raw_id_fields = ["area"]


@admin.register(ResidentReport)
class ResidentReportAdmin(ScopedAdmin):
    """Residents' own reports, read only: what came in, whether the phone was confirmed, which need it became."""

    list_display = ["receipt_number", "category", "area", "created_at", "confirmed_at", "need"]
    list_filter = ["confirmed_at", "category"]
    search_fields = ["receipt_number"]
    exclude = ["code_hash", "address_index"]
    readonly_fields = [
        f.name
        for f in ResidentReport._meta.fields
        if f.name not in ("code_hash", "address_index", "phone_index")
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
