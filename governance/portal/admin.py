from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from governance.lib.admin import ScopedAdmin
from governance.portal import services
from governance.portal.models import Notification, OutboxMessage, PortalSetting, ReminderLog


@admin.register(Notification)
class NotificationAdmin(ScopedAdmin):
    list_display = ["created_at", "recipient", "title", "read_at", "emailed_at"]
    list_filter = ["read_at", "created_at"]
    search_fields = ["title", "recipient__username"]
    list_select_related = ["recipient"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """What left the portal, what waits and what failed; read-only except for trying failed ones again."""

    list_display = [
        "created_at",
        "channel",
        "address",
        "subject",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "short_error",
    ]
    list_filter = ["state", "channel", "created_at"]
    search_fields = ["address", "subject", "last_error"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields] + ["message_id"]

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.last_error[:80]

    @admin.display(description=_("Message-ID"))
    def message_id(self, obj):
        return obj.message_id

    @admin.action(description=_("Try the selected failed messages again"), permissions=["change"])
    def retry(self, request, queryset):
        count = services.outbox_retry(message_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d failed message will be tried again.",
                "%(count)d failed messages will be tried again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
