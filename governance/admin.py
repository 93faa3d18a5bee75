from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from governance.lib.admin import ScopedAdmin, ScopedAdminMixin, ScopedHistoryAdmin
from governance.models import (
    Area,
    Assignment,
    Household,
    Notification,
    PersonalDataAccess,
    PortalSetting,
    ReminderLog,
    Resident,
)

admin.site.site_header = _("Jiedao administration")
admin.site.site_title = _("Jiedao administration")
admin.site.index_title = _("Administration")


@admin.register(Area)
class AreaAdmin(ScopedAdminMixin, TreeAdmin):
    form = movenodeform_factory(Area, exclude=["parent"])
    list_display = ["name", "level_label", "code", "is_active"]
    search_fields = ["name", "code"]
    list_filter = ["depth", "is_active"]

    @admin.display(description=_("Level"), ordering="depth")
    def level_label(self, obj):
        return obj.get_level_display()

    def save_model(self, request, obj, form, change):
        # Keep the explicit parent (used by the sibling-name constraint) in step with the tree.
        super().save_model(request, obj, form, change)
        parent = obj.get_parent(update=True)
        if obj.parent_id != getattr(parent, "pk", None):
            Area.objects.filter(pk=obj.pk).update(parent=parent)


@admin.register(Resident)
class ResidentAdmin(ScopedHistoryAdmin):
    list_display = [
        "name",
        "gender",
        "birth_date",
        "masked_id_number",
        "masked_phone",
        "area",
        "registration",
        "is_active",
    ]
    list_filter = ["registration", "gender", "is_active"]
    search_fields = ["name", "=id_number", "=phone"]
    list_select_related = ["area", "household"]
    raw_id_fields = ["household"]
    readonly_fields = ["created_at", "updated_at"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not request.user.has_perm("governance.view_resident_pii"):
            # Without the permission the admin never shows the full numbers either.
            fields = [f for f in fields if f not in ("id_number", "phone")] + [
                "masked_id_number",
                "masked_phone",
            ]
        return fields

    def get_readonly_fields(self, request, obj=None):
        ro = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("governance.view_resident_pii"):
            ro += ["masked_id_number", "masked_phone"]
        return ro


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    list_display = ["area", "room", "created_at"]
    search_fields = ["room", "area__name"]
    list_select_related = ["area"]


@admin.register(Assignment)
class AssignmentAdmin(ScopedHistoryAdmin):
    list_display = ["user", "role", "area", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "area__name", "title"]
    list_select_related = ["user", "area"]
    autocomplete_fields = ["user"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "resident", "channel"]
    list_filter = ["channel", "at"]
    search_fields = ["user__username", "resident__name"]
    list_select_related = ["user", "resident"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "title", "read_at", "emailed_at"]
    list_filter = ["read_at", "created_at"]
    search_fields = ["title", "recipient__username"]
    list_select_related = ["recipient"]


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "rule", "stage", "content_type", "object_id", "recipients"]
    list_filter = ["rule", "stage"]
    search_fields = ["rule", "stage"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PortalSetting)
class PortalSettingAdmin(admin.ModelAdmin):
    list_display = ["key", "value", "description"]
    list_editable = ["value"]
    search_fields = ["key", "description"]


import governance.staff.admin  # noqa: E402, F401  (issue 4: street staff)
from governance.enforcement import admin as _enforcement_admin  # noqa: E402,F401  (joint enforcement admin)
