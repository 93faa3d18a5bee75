"""The one reminder mechanism: at most once per (object, stage), catch-up, e-mail after commit."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from governance.lib import reminders
from governance.lib.reminders import Reminder, ReminderRule
from governance.models import Notification, ReminderLog
from governance.portal.services import reminders_run
from tests.factories import make_resident


class ResidentBirthdayRule(ReminderRule):
    """A test rule: from a resident's birthday on (any later day too), remind the secretary once."""

    key = "test.birthday"
    recipients = []

    def due(self, today):
        from governance.models import Resident

        for resident in Resident.objects.all():
            if resident.birth_date.replace(year=today.year) <= today:
                yield Reminder(resident, f"birthday-{today.year}", self.recipients, f"{resident.name} 生日")


@pytest.fixture
def rule(secretary_a, monkeypatch):
    instance = ResidentBirthdayRule()
    instance.recipients = [secretary_a]
    monkeypatch.setitem(reminders.RULES, instance.key, instance)
    return instance


def test_each_object_and_stage_is_sent_once_and_missed_days_are_caught_up(territory, rule, secretary_a):
    make_resident(territory.stairwell_a, birth_date=datetime.date(1980, 3, 5))
    make_resident(territory.stairwell_a, birth_date=datetime.date(1980, 3, 7))
    sent = []
    for day in range(1, 11):  # the scheduler was down on 6 and 7 March
        if day in (6, 7):
            continue
        for _ in range(2):  # and ran twice each day it was up
            sent.append(reminders_run(today=datetime.date(2026, 3, day), rule_keys=[rule.key]).sent[rule.key])
    assert sent == [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]
    assert Notification.objects.filter(recipient=secretary_a).count() == 2
    assert ReminderLog.objects.count() == 2


def test_email_goes_out_after_commit_only(territory, rule, secretary_a, django_capture_on_commit_callbacks):
    make_resident(territory.stairwell_a, birth_date=datetime.date(1980, 1, 1))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reminders_run(today=datetime.date(2026, 6, 1), rule_keys=[rule.key])
        assert len(mail.outbox) == 0  # nothing is e-mailed before the transaction commits
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [[secretary_a.email]]
    assert Notification.objects.get().emailed_at is not None


@pytest.mark.realservices
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_nothing_twice(real_postgres, territory, rule, secretary_a):
    for month in range(1, 13):
        make_resident(territory.stairwell_a, birth_date=datetime.date(1980, month, 1))
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(
                reminders_run(today=datetime.date(2026, 12, 31), rule_keys=[rule.key]).sent[rule.key]
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) and sum(results) == 12
    assert Notification.objects.filter(recipient=secretary_a).count() == 12
