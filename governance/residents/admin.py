from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from governance.lib.admin import ScopedAdmin, ScopedHistoryAdmin
from governance.residents.models import Household, PersonalDataAccess, Resident


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

    # The model's masking properties, headed like the fields they mask (not "MASKED ID NUMBER").
    @admin.display(description=_("ID card number"))
    def masked_id_number(self, obj):
        return obj.masked_id_number

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return obj.masked_phone

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
