from django.contrib import admin

from governance.lib.admin import ScopedAdmin, ScopedHistoryAdmin
from governance.residents.models import Household, PersonalDataAccess, Resident


@admin.register(Resident)
class ResidentAdmin(ScopedHistoryAdmin):
    list_display = [
        "name",
        "gender",
        "birth_date",
        "id_number",
        "phone",
        "area",
        "registration",
        "is_active",
    ]
    list_filter = ["registration", "gender", "is_active"]
    search_fields = ["name"]
    list_select_related = ["area", "household"]
    raw_id_fields = ["household"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    list_display = ["area", "room", "created_at"]
    search_fields = ["room", "area__name"]
    list_select_related = ["area"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ScopedAdmin):
    list_display = ["at", "user", "resident", "record_type", "record_id", "channel", "reason"]
    list_filter = ["channel", "at"]
    search_fields = ["user__username", "resident__name"]
    list_select_related = ["user", "resident"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
