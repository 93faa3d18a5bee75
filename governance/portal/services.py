"""Writes of the portal's own machinery: notifications, the outbox and its senders, the reminder ledger, settings."""

import datetime
import logging
import time
from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from governance.lib import crypto
from governance.lib.channels import PermanentFailure, sender_for
from governance.lib.reminders import RULES, Reminder, RunReport
from governance.lib.roles import roles_sync
from governance.lib.settings import DECLARED
from governance.portal import channels  # noqa: F401  (registers the e-mail and SMS senders)
from governance.portal.choices import Channel, OutboxState
from governance.portal.models import (
    ChannelPreference,
    Notification,
    OutboxMessage,
    PortalSetting,
    ReminderLog,
)
from governance.portal.selectors import notification_routes, street_administrators

logger = logging.getLogger(__name__)


def notifications_create(*, recipients, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Notify each recipient in the portal, and put their message on each channel they chose in the outbox.

    All is written in the caller's transaction: the messages are owed exactly when the notification exists.
    E-mail and SMS go to each person; a group robot gets one message per call, naming everyone it concerns.
    """
    created = Notification.objects.bulk_create(
        [Notification(recipient=user, title=title[:200], body=body, url=url) for user in recipients]
    )
    routes = notification_routes(n.recipient for n in created)
    text = _with_link(body, url)
    messages, robots = [], {}
    for n in created:
        for route in routes[n.recipient_id]:
            if route.channel == Channel.EMAIL:
                messages.append(
                    OutboxMessage(
                        channel=Channel.EMAIL,
                        address=route.address,
                        subject=n.title,
                        body=text,
                        notification=n,
                    )
                )
            elif route.channel == Channel.SMS:
                # The outbox keeps no plain number: the address is encrypted like every stored phone.
                messages.append(
                    OutboxMessage(
                        channel=Channel.SMS,
                        address=crypto.encrypt(route.address),
                        subject=n.title,
                        body=_with_link(n.title, url),
                        notification=n,
                    )
                )
            else:
                key = (route.channel, route.preference.pk)
                robot = robots.setdefault(key, {"preference": route.preference, "notes": []})
                robot["notes"].append(n)
    for (channel, _pk), robot in robots.items():
        notes, preference = robot["notes"], robot["preference"]
        names = "、".join(n.recipient.get_full_name() or n.recipient.get_username() for n in notes)
        messages.append(
            OutboxMessage(
                channel=channel,
                address=str(preference)[:254],
                subject=title[:200],
                body=_("To %(names)s:") % {"names": names} + "\n" + text,
                notification=notes[0] if len(notes) == 1 else None,
                preference=preference,
            )
        )
    outbox_add(messages)
    return created


def emails_queue(*, addresses: list[str], title: str, body: str = "", url: str = "") -> list[OutboxMessage]:
    """E-mail people who have no account (a department's duty mailbox), through the outbox."""
    text = _with_link(body, url)
    return outbox_add(
        [
            OutboxMessage(channel=Channel.EMAIL, address=address, subject=title[:200], body=text)
            for address in dict.fromkeys(addresses)
            if address
        ]
    )


def sms_queue(*, phones: list[str], subject: str, body: str) -> list[OutboxMessage]:
    """Text these phones through the outbox's "sms" channel, in the caller's transaction.

    The row's address is the phone encrypted like every stored phone (the outbox keeps no plain number);
    the subject is what administrators see of the message (keep codes and links out of it), the body is the
    text itself.
    """
    return outbox_add(
        [
            OutboxMessage(
                channel=Channel.SMS, address=crypto.encrypt(phone), subject=subject[:200], body=body
            )
            for phone in dict.fromkeys(phones)
            if phone
        ]
    )


@transaction.atomic
def channel_test_send(*, preference: ChannelPreference, user) -> list[OutboxMessage]:
    """Put a test message to each group robot these settings name in the outbox (to check a webhook)."""
    title = _("Test message from the portal")
    body = _("%(user)s checks that notifications reach this group.") % {
        "user": user.get_full_name() or user.get_username()
    }
    return outbox_add(
        [
            OutboxMessage(
                channel=channel,
                address=str(preference)[:254],
                subject=title,
                body=body,
                preference=preference,
            )
            for channel in (Channel.WECOM, Channel.DINGTALK)
            if preference.webhook(channel)
        ]
    )


def _with_link(body: str, url: str) -> str:
    return f"{body}\n\n{settings.JIEDAO_SITE_URL}{url}" if url else body


def outbox_add(messages: list[OutboxMessage]) -> list[OutboxMessage]:
    """Write messages to the outbox in the current transaction, and wake a sender once it has committed."""
    created = OutboxMessage.objects.bulk_create(messages)
    ids = [m.pk for m in created if m.pk is not None]
    if ids:
        transaction.on_commit(lambda: outbox_wake(message_ids=ids))
    return created


def outbox_wake(*, message_ids: list[int]) -> bool:
    """Ask a worker to deliver these messages now; with the broker down, the sweep delivers them later.

    Called after commit, so a failure here must not reach the request or the command that wrote them.
    """
    # The task module imports this one to do its work; importing it here at the top would be a cycle.
    from governance.portal.tasks import outbox_deliver

    broker = outbox_deliver.app.conf.broker_url
    if time.monotonic() < _wake_paused_until.get(broker, 0.0):
        return False  # this broker failed a moment ago: do not make every commit wait for it again
    try:
        outbox_deliver.delay(message_ids)
    except Exception as exc:  # any broker error: the rows are safe, the sweep re-drives them
        _wake_paused_until[broker] = time.monotonic() + WAKE_PAUSE_SECONDS
        logger.warning(
            "broker unreachable (%s): %d outbox messages wait for the sweep", exc, len(message_ids)
        )
        return False
    return True


# After a failed wake-up, this process leaves the broker alone for a while (a run of hundreds of reminders
# with Redis down would otherwise spend a second on each); the sweep delivers what was written meanwhile.
WAKE_PAUSE_SECONDS = 10
_wake_paused_until: dict[str, float] = {}


def outbox_deliver(*, message_ids: list[int], deadline: float | None = None) -> int:
    """Send each message that is due, at most one sender at a time; returns how many the other side accepted.

    A conditional UPDATE claims each message with a lease before it is sent, and it is marked sent only after
    the server accepted it: a sender killed in between leaves a lapsed lease that the sweep re-drives (with
    the same Message-ID). Failures are retried with a doubling wait, then the message is marked failed and
    the street administrators are told. `deadline` (a `time.monotonic()` value) stops taking new messages.
    """
    sent = 0
    failed = []
    senders = {}
    try:
        for pk in sorted(message_ids):
            if deadline is not None and time.monotonic() > deadline:
                break
            message = _outbox_claim(pk)
            if message is None:
                continue  # sent already, held by another sender, or waiting for its next try
            try:
                if message.channel not in senders:
                    senders[message.channel] = sender_for(message.channel)
                senders[message.channel].send(message)
            except Exception as exc:  # whatever the channel raised is recorded on the row
                if _outbox_record_failure(message, exc):
                    failed.append(message)
            else:
                _outbox_record_sent(message)
                sent += 1
    finally:
        for sender in senders.values():
            sender.close()
    if failed:
        _outbox_notify_failed(failed)
    return sent


def _outbox_claim(pk: int) -> OutboxMessage | None:
    now = timezone.now()
    lease = datetime.timedelta(seconds=settings.JIEDAO_OUTBOX_LEASE_SECONDS)
    claimed = (
        OutboxMessage.objects.due(now)
        .filter(pk=pk)
        .update(state=OutboxState.SENDING, lease_until=now + lease, attempts=F("attempts") + 1)
    )
    return OutboxMessage.objects.get(pk=pk) if claimed else None


def _held(message: OutboxMessage):
    """The row, as long as this sender still holds it (no one re-claimed it after its lease lapsed)."""
    return OutboxMessage.objects.filter(pk=message.pk, state=OutboxState.SENDING, attempts=message.attempts)


def _outbox_record_sent(message: OutboxMessage, tries: int = 3) -> None:
    """Record the server's acceptance; a dropped database connection is retried on a fresh one, because
    failing here would send the message again once its lease ran out."""
    now = timezone.now()
    for attempt in range(1, tries + 1):
        try:
            _held(message).update(state=OutboxState.SENT, sent_at=now, lease_until=None, last_error="")
            break
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block or attempt == tries:
                raise
            connection.close()
            time.sleep(0.2 * attempt)
    if message.notification_id and message.channel == Channel.EMAIL:
        Notification.objects.filter(pk=message.notification_id, emailed_at__isnull=True).update(
            emailed_at=now
        )


def _outbox_record_failure(message: OutboxMessage, exc: Exception) -> bool:
    """Put the message back for a later try, or mark it failed; returns whether it failed for good."""
    error = f"{type(exc).__name__}: {exc}"[:2000]
    logger.warning("outbox message %s (try %d) not sent: %s", message.pk, message.attempts, error)
    final = isinstance(exc, PermanentFailure) or message.attempts >= settings.JIEDAO_OUTBOX_MAX_ATTEMPTS
    if final:
        _held(message).update(state=OutboxState.FAILED, lease_until=None, last_error=error)
        return True
    wait = min(settings.JIEDAO_OUTBOX_RETRY_SECONDS * 2 ** (message.attempts - 1), 6 * 3600)
    _held(message).update(
        state=OutboxState.PENDING,
        lease_until=None,
        last_error=error,
        next_attempt_at=timezone.now() + datetime.timedelta(seconds=wait),
    )
    return False


def _outbox_notify_failed(messages: list[OutboxMessage]) -> None:
    """Tell the street administrators in the portal (not by e-mail, which may be what is failing)."""
    from django.urls import reverse

    url = reverse("admin:governance_outboxmessage_changelist") + f"?state__exact={OutboxState.FAILED}"
    title = ngettext(
        "%(count)d message could not be sent: %(subject)s",
        "%(count)d messages could not be sent, e.g. %(subject)s",
        len(messages),
    ) % {"count": len(messages), "subject": messages[0].subject}
    body = "\n".join(f"{m.address}: {m.last_error or ''}" for m in messages[:20])
    Notification.objects.bulk_create(
        [
            Notification(recipient=user, title=title[:200], body=body, url=url)
            for user in street_administrators()
        ]
    )


def outbox_sweep(*, deadline: float | None = None, limit: int = 1000) -> int:
    """Re-drive what is due: pending past its retry time, or sending with a lapsed lease (the periodic task)."""
    ids = list(
        OutboxMessage.objects.due().order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit]
    )
    return outbox_deliver(message_ids=ids, deadline=deadline) if ids else 0


@transaction.atomic
def outbox_retry(*, message_ids: list[int]) -> int:
    """Give failed messages a fresh set of tries now (an administrator fixed the address or the server)."""
    ids = list(
        OutboxMessage.objects.filter(pk__in=message_ids, state=OutboxState.FAILED).values_list(
            "pk", flat=True
        )
    )
    OutboxMessage.objects.filter(pk__in=ids).update(
        state=OutboxState.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    if ids:
        transaction.on_commit(lambda: outbox_wake(message_ids=ids))
    return len(ids)


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
                emails_queue(
                    addresses=reminder.emails, title=reminder.title, body=reminder.body, url=reminder.url
                )
            if reminder.phones:
                text = f"{reminder.title}\n{reminder.body}" if reminder.body else reminder.title
                sms_queue(phones=reminder.phones, subject=reminder.title, body=text)
    except IntegrityError:
        # Another run (or an earlier one) already recorded this (object, stage): nothing to send.
        return False
    return True


def reminders_run(*, today: datetime.date, rule_keys: Iterable[str] | None = None) -> RunReport:
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
