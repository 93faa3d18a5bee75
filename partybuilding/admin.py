from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from governance.lib.admin import ScopedAdmin, ScopedHistoryAdmin
from governance.territory.choices import AreaLevel
from partybuilding import models, services
from partybuilding.choices import SupervisionRole


@admin.register(models.ResidentUnit)
class ResidentUnitAdmin(ScopedHistoryAdmin):
    list_display = ["name", "kind", "area", "headcount", "influence", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "contact_name"]


class PartyOrganisationForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # The same rules and messages as the service; the model form cannot check constraints on the
        # level copies, which are not form fields, so it fills them here for the database to hold.
        parent = data.get("parent")
        services.organisation_check_levels(
            level=data.get("level"),
            area=data["area"],
            parent=parent,
            resident_unit=data.get("resident_unit"),
            exclude_pk=self.instance.pk,
        )
        self.instance.area_level = data["area"].depth
        self.instance.parent_level = parent.level if parent is not None else None
        return data


@admin.register(models.PartyOrganisation)
class PartyOrganisationAdmin(ScopedHistoryAdmin):
    form = PartyOrganisationForm
    list_display = ["name", "level", "area", "parent", "resident_unit"]
    list_filter = ["level"]
    search_fields = ["name"]
    readonly_fields = ["area_level", "parent_level"]


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


class SupervisionPostForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        expected = {
            AreaLevel.BUILDING: SupervisionRole.BUILDING_LEADER,
            AreaLevel.STAIRWELL: SupervisionRole.STAIRWELL_MEMBER,
        }
        if expected.get(data["area"].depth) != data.get("role"):
            raise forms.ValidationError(
                _("A building leader is assigned to a building, a stairwell party member to a stairwell.")
            )
        self.instance.area_level = data["area"].depth
        return data


@admin.register(models.SupervisionPost)
class SupervisionPostAdmin(ScopedAdmin):
    form = SupervisionPostForm
    list_display = ["area", "role", "member", "is_active"]
    list_filter = ["role", "is_active"]
    readonly_fields = ["area_level"]
