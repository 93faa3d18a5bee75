"""The reminder mechanism every app declares its rules with.

Apps declare rules: which objects, which stages, which recipients. The portal's `reminders_run(today=...)`
asks every rule what is due on that day; each (object, stage) is sent at most once, because the ledger
row with its unique key is written in the same transaction as the notifications. Rules select by
state ("deadline passed and still open"), not by exact date, so a missed day is caught up the next.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


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
    # …or with only a phone (a volunteer): texted once, with the same ledger row, without the portal's link.
    phones: list[str] = field(default_factory=list)


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
