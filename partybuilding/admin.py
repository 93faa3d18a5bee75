from django.contrib import admin

from governance.lib.admin import ScopedAdmin, ScopedHistoryAdmin
from partybuilding import models


@admin.register(models.ResidentUnit)
class ResidentUnitAdmin(ScopedHistoryAdmin):
    list_display = ["name", "kind", "area", "headcount", "influence", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "contact_name"]


@admin.register(models.PartyOrganisation)
class PartyOrganisationAdmin(ScopedHistoryAdmin):
    list_display = ["name", "level", "area", "parent", "resident_unit"]
    list_filter = ["level"]
    search_fields = ["name"]
    readonly_fields = ["area_level", "parent_level"]

    def save_model(self, request, obj, form, change):
        # Keep the copies the level constraints check in step with the chosen area and parent.
        obj.area_level = obj.area.depth
        obj.parent_level = obj.parent.level if obj.parent_id else None
        super().save_model(request, obj, form, change)


class TransferInline(admin.TabularInline):
    model = models.MemberTransfer
    fk_name = "member"
    extra = 0
    readonly_fields = ["from_organisation", "to_organisation", "transferred_on", "note", "recorded_by"]
    can_delete = False


class FileEntryInline(admin.TabularInline):
    model = models.MemberFileEntry
    extra = 0


@admin.register(models.PartyMember)
class PartyMemberAdmin(ScopedHistoryAdmin):
    list_display = ["name", "organisation", "status", "joined_on", "area"]
    list_filter = ["status"]
    search_fields = ["name"]
    inlines = [TransferInline, FileEntryInline]


@admin.register(models.CommunityCheckIn)
class CommunityCheckInAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "kind", "area", "starts_on", "ends_on"]
    list_filter = ["kind"]


class SeatInline(admin.TabularInline):
    model = models.CommitteeSeat
    extra = 0


@admin.register(models.JointCommittee)
class JointCommitteeAdmin(ScopedHistoryAdmin):
    list_display = ["name", "kind", "area", "organisation"]
    list_filter = ["kind"]
    inlines = [SeatInline]


class InviteeInline(admin.TabularInline):
    model = models.MeetingInvitee
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = models.MeetingAttachment
    extra = 0
    readonly_fields = ["file", "name", "size", "uploaded_by"]


class DecisionInline(admin.TabularInline):
    model = models.Decision
    extra = 0


@admin.register(models.Meeting)
class MeetingAdmin(ScopedHistoryAdmin):
    list_display = ["title", "kind", "area", "held_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    date_hierarchy = "held_at"
    inlines = [InviteeInline, DecisionInline, AttachmentInline]


@admin.register(models.FollowUpAction)
class FollowUpActionAdmin(ScopedHistoryAdmin):
    list_display = ["title", "owner", "due_on", "progress", "status"]
    list_filter = ["status"]
    search_fields = ["title"]


class DeliveryInline(admin.TabularInline):
    model = models.PledgeDelivery
    extra = 0
    readonly_fields = ["delivered_on", "quantity", "note", "recorded_by"]
    can_delete = False


@admin.register(models.Pledge)
class PledgeAdmin(ScopedHistoryAdmin):
    list_display = ["description", "resident_unit", "kind", "area", "quantity", "delivered", "due_on"]
    list_filter = ["kind"]
    readonly_fields = ["delivered"]
    inlines = [DeliveryInline]


@admin.register(models.SupervisionPost)
class SupervisionPostAdmin(ScopedAdmin):
    list_display = ["area", "role", "member", "is_active"]
    list_filter = ["role", "is_active"]
    readonly_fields = ["area_level"]

    def save_model(self, request, obj, form, change):
        obj.area_level = obj.area.depth
        super().save_model(request, obj, form, change)
