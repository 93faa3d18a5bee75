"""Writes of the portal's own machinery: notifications and their e-mail, the reminder ledger, settings."""

import logging
from collections.abc import Iterable
from datetime import date

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from governance.lib.reminders import RULES, Reminder, RunReport
from governance.lib.roles import roles_sync
from governance.lib.settings import DECLARED
from governance.portal.models import Notification, PortalSetting, ReminderLog

logger = logging.getLogger(__name__)


def notifications_create(*, recipients, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Notify each recipient in the portal; their e-mail is queued once the transaction commits."""
    created = Notification.objects.bulk_create(
        [Notification(recipient=user, title=title[:200], body=body, url=url) for user in recipients]
    )
    ids = [n.pk for n in created if n.pk is not None]
    if ids:
        # The task module imports this one to do its work; importing it here at the top would be a cycle.
        from governance.portal.tasks import notifications_email

        transaction.on_commit(lambda: notifications_email.delay(ids))
    return created


def emails_send_on_commit(*, addresses: list[str], title: str, body: str = "", url: str = "") -> None:
    """E-mail people who have no account, once the transaction that decided to write has committed."""
    text = f"{body}\n\n{settings.JIEDAO_SITE_URL}{url}" if url else body
    transaction.on_commit(lambda: send_mail(title[:200], text, None, list(addresses), fail_silently=True))


def notifications_email(*, notification_ids: list[int]) -> int:
    """E-mail notifications not yet e-mailed; a conditional UPDATE claims each, so none goes out twice."""
    sent = 0
    for notification in Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("recipient"):
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed or not notification.recipient.email:
            continue
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{settings.JIEDAO_SITE_URL}{notification.url}"
        send_mail(notification.title, body, None, [notification.recipient.email], fail_silently=True)
        sent += 1
    return sent


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one (or, with no id, all) of the user's notifications read; returns how many changed."""
    qs = Notification.objects.for_user(user).unread()
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


def reminder_send(*, rule_key: str, reminder: Reminder) -> bool:
    """Send one reminder unless (object, stage) was sent before; returns whether it was sent now."""
    recipients = {u.pk: u for u in reminder.recipients if u is not None and u.is_active}
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                content_type=ContentType.objects.get_for_model(reminder.obj),
                object_id=reminder.obj.pk,
                stage=reminder.stage,
                rule=rule_key,
                recipients=len(recipients),
            )
            notifications_create(
                recipients=list(recipients.values()),
                title=reminder.title,
                body=reminder.body,
                url=reminder.url,
            )
            if reminder.emails:
                emails_send_on_commit(
                    addresses=reminder.emails, title=reminder.title, body=reminder.body, url=reminder.url
                )
    except IntegrityError:
        # Another run (or an earlier one) already recorded this (object, stage): nothing to send.
        return False
    return True


def reminders_run(*, today: date, rule_keys: Iterable[str] | None = None) -> RunReport:
    """Run the given rules (all by default) for `today`; safe to run twice or concurrently."""
    report = RunReport()
    for key in rule_keys or sorted(RULES):
        rule = RULES[key]
        sent = skipped = 0
        for reminder in rule.due(today):
            if reminder_send(rule_key=key, reminder=reminder):
                sent += 1
            else:
                skipped += 1
        report.sent[key] = sent
        report.skipped[key] = skipped
        logger.info("reminder rule %s on %s: %d sent, %d already sent", key, today, sent, skipped)
    return report


def settings_ensure_declared() -> None:
    """Create a row for each declared setting so that administrators can see and change it."""
    existing = set(PortalSetting.objects.values_list("key", flat=True))
    PortalSetting.objects.bulk_create(
        [
            PortalSetting(key=s.key, value=s.default, description=s.description)
            for s in DECLARED.values()
            if s.key not in existing
        ]
    )


def schedule_sync() -> None:
    """Write every periodic schedule declared in settings into the scheduler's table (editable in the admin).

    The beat process does the same when it starts; doing it at migrate means a fresh installation shows its
    schedule before any scheduler has run. An entry already there keeps its last run and its enabled flag.
    """
    from django_celery_beat.schedulers import ModelEntry

    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        ModelEntry.from_entry(name, **entry)


def platform_sync() -> None:
    """Rebuild the role groups, create the declared settings' rows and write the periodic schedule."""
    roles_sync()
    settings_ensure_declared()
    schedule_sync()


def platform_sync_after_migrate(sender, using="default", **kwargs):
    """`post_migrate` receiver: fires once per app, so act only after the last (every permission exists)."""
    if sender.label != list(apps.get_app_configs())[-1].label:
        return
    platform_sync()
