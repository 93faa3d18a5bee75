from django.contrib import admin

from governance.lib.admin import ScopedHistoryAdmin
from property.models import (
    Complaint,
    ComplaintEvent,
    Cooperative,
    CooperativeAgreement,
    CooperativeMember,
    FeeRecord,
    FeeSubsidy,
    Finding,
    Inspection,
    InspectionScore,
    Placement,
    PropertyCompany,
    ServiceContract,
)


class ContractInline(admin.TabularInline):
    model = ServiceContract
    extra = 0
    fields = ["area", "starts_on", "ends_on", "fee_standard", "service_level"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(PropertyCompany)
class CompanyAdmin(ScopedHistoryAdmin):
    list_display = ["name", "credit_code", "kind", "contact_person", "area", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["area"]
    inlines = [ContractInline]


@admin.register(ServiceContract)
class ContractAdmin(ScopedHistoryAdmin):
    list_display = ["company", "area", "starts_on", "ends_on", "fee_standard", "service_level"]
    list_filter = ["service_level"]
    search_fields = ["company__name", "area__name"]
    list_select_related = ["company", "area"]
    date_hierarchy = "starts_on"


class MemberInline(admin.TabularInline):
    model = CooperativeMember
    extra = 0
    raw_id_fields = ["resident"]


@admin.register(Cooperative)
class CooperativeAdmin(ScopedHistoryAdmin):
    list_display = ["name", "area", "contact_person", "founded_on"]
    search_fields = ["name"]
    list_select_related = ["area"]
    inlines = [MemberInline]


@admin.register(CooperativeAgreement)
class AgreementAdmin(ScopedHistoryAdmin):
    list_display = ["title", "cooperative", "company", "area", "signed_on", "starts_on", "ends_on"]
    search_fields = ["title", "cooperative__name"]
    list_select_related = ["cooperative", "company", "area"]


@admin.register(FeeRecord)
class FeeRecordAdmin(ScopedHistoryAdmin):
    list_display = ["period", "area", "household", "company", "billed", "collected"]
    list_filter = ["company"]
    search_fields = ["area__name"]
    list_select_related = ["area", "household", "company"]
    raw_id_fields = ["household"]
    date_hierarchy = "period"
    readonly_fields = ["updated_at", "updated_by"]


@admin.register(FeeSubsidy)
class SubsidyAdmin(ScopedHistoryAdmin):
    list_display = ["paid_on", "cooperative", "company", "area", "amount", "reason"]
    list_filter = ["cooperative"]
    list_select_related = ["cooperative", "company", "area"]
    date_hierarchy = "paid_on"


class ScoreInline(admin.TabularInline):
    model = InspectionScore
    extra = 0


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(ScopedHistoryAdmin):
    list_display = ["inspected_on", "company", "area", "score", "inspector"]
    list_filter = ["company"]
    list_select_related = ["company", "area", "inspector"]
    date_hierarchy = "inspected_on"
    inlines = [ScoreInline, FindingInline]


@admin.register(Finding)
class FindingAdmin(ScopedHistoryAdmin):
    list_display = ["description", "item", "deadline", "fixed_on", "inspection"]
    list_filter = ["item"]
    search_fields = ["description"]
    list_select_related = ["inspection"]


class EventInline(admin.TabularInline):
    model = ComplaintEvent
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "at", "note"]
    can_delete = False


@admin.register(Complaint)
class ComplaintAdmin(ScopedHistoryAdmin):
    list_display = ["received_on", "company", "area", "channel", "status", "response_due", "satisfaction"]
    list_filter = ["status", "channel", "company"]
    search_fields = ["content", "complainant"]
    list_select_related = ["company", "area"]
    raw_id_fields = ["resident", "meeting"]
    inlines = [EventInline]


@admin.register(Placement)
class PlacementAdmin(ScopedHistoryAdmin):
    list_display = ["person_name", "position", "area", "cooperative", "company", "starts_on", "ends_on"]
    search_fields = ["person_name", "position"]
    list_select_related = ["area", "cooperative", "company"]
    raw_id_fields = ["resident"]
