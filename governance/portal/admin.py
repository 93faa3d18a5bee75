from django.contrib import admin

from governance.portal.models import Notification, PortalSetting, ReminderLog


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
