"""One reminder mechanism for every app.

Apps declare rules: which objects, which stages, which recipients. `reminders_run(today=...)` asks
every rule what is due on that day; each (object, stage) is sent at most once, because the ledger
row with its unique key is written in the same transaction as the notifications. Rules select by
state ("deadline passed and still open"), not by exact date, so a missed day is caught up the next.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

logger = logging.getLogger(__name__)


@dataclass
class Reminder:
    obj: object
    stage: str
    recipients: Iterable
    title: str
    body: str = ""
    url: str = ""
    # People without an account (a department's duty mailbox): mailed once, with the same ledger row.
    emails: list[str] = field(default_factory=list)


class ReminderRule:
    """Subclass, set `key`, implement `due(today)`, and decorate with `@register_rule`."""

    key: str = ""

    def due(self, today: date) -> Iterable[Reminder]:
        raise NotImplementedError


RULES: dict[str, ReminderRule] = {}


def register_rule(cls):
    RULES[cls.key] = cls()
    return cls


@dataclass
class RunReport:
    sent: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def total_sent(self) -> int:
        return sum(self.sent.values())


def reminder_send(*, rule_key: str, reminder: Reminder) -> bool:
    """Send one reminder unless (object, stage) was sent before; returns whether it was sent now."""
    from governance.lib.notify import emails_send_on_commit, notifications_create
    from governance.models import ReminderLog

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


def users_with_role(role: str, area) -> "Iterable":
    """Active users holding `role` on `area` or on any area above it (who answers for that place)."""
    User = get_user_model()
    return User.objects.filter(
        is_active=True, assignments__role=role, assignments__area__path__in=area.ancestor_paths()
    ).distinct()
