from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from governance.lib.admin import ScopedAdmin
from governance.portal import services
from governance.portal.choices import Channel
from governance.portal.models import (
    ChannelPreference,
    Notification,
    OutboxMessage,
    PortalSetting,
    ReminderLog,
)


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


ROBOT_SECRETS = ("wecom_webhook", "dingtalk_webhook", "dingtalk_secret")


class ChannelPreferenceForm(forms.ModelForm):
    """Webhooks and the signing secret are write-only: never sent back to the browser, kept when left empty."""

    remove = forms.MultipleChoiceField(
        label=_("remove"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("wecom_webhook", _("WeCom webhook")),
            ("dingtalk_webhook", _("DingTalk webhook")),
            ("dingtalk_secret", _("DingTalk signing secret")),
        ],
    )

    class Meta:
        model = ChannelPreference
        fields = [
            "user",
            "area",
            "follows_community",
            "by_email",
            "by_wecom",
            "by_dingtalk",
            "by_sms",
            "phone",
            *ROBOT_SECRETS,
        ]
        widgets = {name: forms.PasswordInput(render_value=False) for name in ROBOT_SECRETS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ROBOT_SECRETS:
            if name not in self.fields:
                continue
            self.fields[name].required = False
            self.initial[name] = ""  # the stored value never reaches the page
            if self.instance.pk and getattr(self.instance, name):
                self.fields[name].help_text = _("Set. Leave empty to keep it.")

    def clean(self):
        cleaned = super().clean()
        for name in ROBOT_SECRETS:
            if name in self.fields and not cleaned.get(name) and name not in cleaned.get("remove", []):
                cleaned[name] = getattr(self.instance, name)
        for name in cleaned.get("remove", []):
            cleaned[name] = ""
        return cleaned


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(ScopedAdmin):
    """Notification channels per person or per community: e-mail, WeCom and DingTalk robots, SMS."""

    form = ChannelPreferenceForm
    list_display = ["__str__", "kind", "follows_community", "chosen", "robots", "phone", "updated_at"]
    list_filter = ["follows_community", "by_email", "by_wecom", "by_dingtalk", "by_sms"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "area__name"]
    list_select_related = ["user", "area"]
    autocomplete_fields = ["user", "area"]
    fieldsets = [
        (_("Whose"), {"fields": ["user", "area"]}),
        (_("Channels"), {"fields": ["follows_community", "by_email", "by_wecom", "by_dingtalk", "by_sms"]}),
        (
            _("Mobile and group robots"),
            {"fields": ["phone", "wecom_webhook", "dingtalk_webhook", "dingtalk_secret", "remove"]},
        ),
    ]

    actions = ["send_test"]

    @admin.action(description=_("Send a test message to the selected settings' group robots"))
    def send_test(self, request, queryset):
        count = sum(len(services.channel_test_send(preference=p, user=request.user)) for p in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d test message is in the outbox; its state there says whether the robot took it.",
                "%(count)d test messages are in the outbox; their state there says whether the robots took them.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    @admin.display(description=_("for"))
    def kind(self, obj):
        return _("person") if obj.user_id else _("community")

    @admin.display(description=_("channels"))
    def chosen(self, obj):
        if obj.user_id and obj.follows_community:
            return _("as the community")
        labels = dict(Channel.choices)
        return "、".join(str(labels[c]) for c in Channel.values if c in obj.channels()) or "—"

    @admin.display(description=_("group robots"))
    def robots(self, obj):
        # Whether one is set, never the address: the key in it is the robot's password.
        labels = dict(Channel.choices)
        return "、".join(str(labels[c]) for c in (Channel.WECOM, Channel.DINGTALK) if obj.webhook(c)) or "—"
