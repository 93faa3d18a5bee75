"""The admin site's titles and third-party labels; each domain registers its models in its own `admin.py`."""

from importlib import import_module

from axes import admin as axes_admin
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from governance.apps import DOMAINS
from governance.lib.lockout import lockout_release

admin.site.site_header = _("Jiedao administration")
admin.site.site_title = _("Jiedao administration")
admin.site.index_title = _("Administration")

for _domain in DOMAINS:
    import_module(f"governance.{_domain}.admin")


# ------------------------------------------------------------------------------------ third-party labels
# Our catalogue is first in LOCALE_PATHS, so it gives Chinese to the labels Django's and the libraries' own
# zh_Hans catalogues lack, under the libraries' own msgids. Listed here so that makemessages keeps them.
THIRD_PARTY_MSGIDS = (
    # Django's admin (its zh_Hans catalogue lacks these screen-reader labels)
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # django-axes (no zh_Hans catalogue at all)
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Access lock out"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Locked Out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Not set"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop("Account locked: too many login attempts. Contact an admin to unlock your account."),
    # django-celery-beat (gaps in its zh_Hans catalogue; the app and task names read 定时任务 like our pages)
    gettext_noop("Periodic Tasks"),
    gettext_noop("periodic task"),
    gettext_noop("periodic tasks"),
    gettext_noop("Schedule"),
    gettext_noop("Arguments"),
    gettext_noop("Execution Options"),
    gettext_noop("Periodic Tasks Using This Schedule"),
    gettext_noop('Cron Months (1-12) Of The Year to Run. Use "*" for "all". (Example: "1,12")'),
    gettext_noop(
        'Cron Days Of The Week to Run. Use "*" for "all", Sunday is 0 or 7, Monday is 1. (Example: "0,5")'
    ),
    ngettext_lazy("{0} task was successfully enabled", "{0} tasks were successfully enabled", 0),
    ngettext_lazy("{0} task was successfully disabled", "{0} tasks were successfully disabled", 0),
    ngettext_lazy("{0} task was successfully toggled", "{0} tasks were successfully toggled", 0),
    # django-simple-history
    gettext_noop("Changes"),
    gettext_noop("Deleted %(type_name)s"),
)

# A few labels the libraries never pass through gettext: the same English, routed through our catalogue.
PeriodicTask._meta.get_field("task").verbose_name = _("Task Name")

if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)

    @admin.register(AccessAttempt)
    class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
        actions = [*axes_admin.AccessAttemptAdmin.actions, "unlock"]

        @admin.action(description=_("Unlock these accounts (from every address)"))
        def unlock(self, request, queryset):
            usernames = sorted({u for u in queryset.values_list("username", flat=True) if u})
            for username in usernames:
                lockout_release(username=username)
            self.message_user(request, _("Unlocked: %(names)s") % {"names": "、".join(usernames)})

        @admin.display(description=_("Status"))
        def status(self, obj):
            return super().status(obj)

        @admin.display(description=_("Expires At"))
        def expiration(self, obj):
            return super().expiration(obj)


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin):
    @admin.display(description=_("Schedule"))
    def scheduler(self, obj):
        return obj.scheduler

    @admin.display(description=_("Crontab translation"))
    def crontab_translation(self, obj):
        return super().crontab_translation(obj)


admin.site.unregister(CrontabSchedule)


@admin.register(CrontabSchedule)
class CrontabScheduleAdmin(beat_admin.CrontabScheduleAdmin):
    @admin.display(description=_("Human readable"))
    def human_readable(self, obj):
        return obj.human_readable
