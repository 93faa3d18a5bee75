"""The outbox: written with its notification, sent once after the server accepted it, retried, then failed."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from governance.models import Notification, OutboxMessage, ReminderLog
from governance.portal import selectors, services
from governance.portal.choices import OutboxState
from tests.factories import UserFactory
from tests.helpers import assert_constant_queries
from tests.smtp_sink import SmtpSink

DOWN_BROKER = "redis://127.0.0.1:6439/0"  # one of this project's spare ports, with nothing listening


@pytest.fixture
def smtp_sink(settings):
    server = SmtpSink().start()
    for key, value in server.email_settings().items():
        setattr(settings, key, int(value) if key == "EMAIL_PORT" else value)
    yield server.sink
    server.stop()


@pytest.fixture
def broker_down(settings):
    """Tasks are published to a broker that does not answer (as during a Redis outage)."""
    from config.celery import app

    previous = app.conf.task_always_eager, app.conf.broker_url
    app.close()
    app.conf.update(task_always_eager=False, broker_url=DOWN_BROKER)
    yield
    app.close()
    app.conf.update(task_always_eager=previous[0], broker_url=previous[1])


def _notify(*users, title="会议提醒"):
    return services.notifications_create(
        recipients=list(users), title=title, body="请按时参会", url="/party/"
    )


def test_the_email_row_is_written_with_its_notification_or_not_at_all(territory, secretary_a):
    no_address = UserFactory(username="no_mail", email="")
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify(secretary_a, no_address)
        raise RuntimeError("the cause of the notification failed")
    assert (Notification.objects.count(), OutboxMessage.objects.count()) == (0, 0)

    _notify(secretary_a, no_address)
    message = OutboxMessage.objects.get()  # only the recipient with an address gets an e-mail row
    assert (message.state, message.attempts, message.address) == ("pending", 0, "secretary_a@example.org")
    assert message.notification == Notification.objects.get(recipient=secretary_a)
    assert message.body == "请按时参会\n\nhttp://127.0.0.1:8000/party/"


def test_sent_once_the_server_accepted_it_with_the_rows_message_id(
    territory, secretary_a, smtp_sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [note] = _notify(secretary_a)
    message = OutboxMessage.objects.get()
    assert (message.state, message.attempts, message.last_error) == ("sent", 1, "")
    assert message.sent_at is not None
    note.refresh_from_db()
    assert note.emailed_at == message.sent_at
    assert smtp_sink.received == [(message.message_id, "secretary_a@example.org", "会议提醒")]
    # Delivering again (a redelivered task, a sweep) sends nothing.
    assert services.outbox_deliver(message_ids=[message.pk]) == 0
    assert services.outbox_sweep() == 0
    assert len(smtp_sink.received) == 1


def test_failures_are_retried_with_a_doubling_wait_then_failed_and_the_street_administrators_told(
    territory, secretary_a, street_admin, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 8139  # nothing listens there
    settings.JIEDAO_OUTBOX_MAX_ATTEMPTS, settings.JIEDAO_OUTBOX_RETRY_SECONDS = 3, 60
    _notify(secretary_a)
    message = OutboxMessage.objects.get()
    start = timezone.now()
    waits = []
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(3):
            assert services.outbox_sweep() == 0
            message.refresh_from_db()
            waits.append(round((message.next_attempt_at - timezone.now()).total_seconds()))
            assert services.outbox_sweep() == 0  # not due again before its wait is over
            clock.shift(datetime.timedelta(hours=1))
    assert (message.state, message.attempts) == ("failed", 3)
    assert waits[:2] == [60, 120]  # the third try was the last: no wait follows it
    assert "ConnectionRefusedError" in message.last_error
    notice = Notification.objects.get(recipient=street_admin)
    assert notice.title == "1 条消息无法发送，例如：会议提醒"
    assert notice.url == "/admin/governance/outboxmessage/?state__exact=failed"
    # The notice stays in the portal: e-mail may be exactly what is failing.
    assert OutboxMessage.objects.filter(notification=notice).count() == 0
    assert selectors.outbox_summary() == {"pending": 0, "sending": 0, "failed": 1, "oldest_unsent_seconds": 0}


def test_a_refused_address_fails_at_once(territory, smtp_sink, street_admin):
    user = UserFactory(username="refused")
    _notify(user)
    assert services.outbox_sweep() == 0
    message = OutboxMessage.objects.get()
    assert (message.state, message.attempts) == ("failed", 1)
    assert "refused the address" in message.last_error
    assert smtp_sink.received == []


def test_the_sweep_re_drives_a_message_whose_sender_died_but_not_one_still_held(
    territory, secretary_a, secretary_b, smtp_sink
):
    _notify(secretary_a)
    _notify(secretary_b)
    lapsed, held = OutboxMessage.objects.order_by("pk")
    now = timezone.now()
    # As a sender killed after claiming leaves it: sending, one try counted, the lease run out.
    OutboxMessage.objects.filter(pk=lapsed.pk).update(
        state=OutboxState.SENDING, attempts=1, lease_until=now - datetime.timedelta(seconds=1)
    )
    OutboxMessage.objects.filter(pk=held.pk).update(
        state=OutboxState.SENDING, attempts=1, lease_until=now + datetime.timedelta(minutes=5)
    )
    assert services.outbox_sweep() == 1
    lapsed.refresh_from_db()
    held.refresh_from_db()
    assert (lapsed.state, lapsed.attempts, held.state) == ("sent", 2, "sending")
    assert [rcpt for _id, rcpt, _s in smtp_sink.received] == ["secretary_a@example.org"]


def test_with_the_broker_down_the_notification_commits_and_the_sweep_e_mails_it(
    territory, secretary_a, broker_down, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(secretary_a)  # the wake-up after commit fails quietly
    assert (Notification.objects.count(), len(mailoutbox)) == (1, 0)
    assert OutboxMessage.objects.get().state == "pending"
    assert selectors.outbox_summary()["pending"] == 1
    assert services.outbox_sweep() == 1  # what the beat's sweep does once the broker answers again
    assert [m.to for m in mailoutbox] == [["secretary_a@example.org"]]
    assert mailoutbox[0].extra_headers["Message-ID"] == OutboxMessage.objects.get().message_id


def test_run_reminders_with_the_broker_down_commits_and_says_delivery_will_follow(
    territory, street_admin, broker_down, django_capture_on_commit_callbacks
):
    import io

    from tests.staff.factories import make_staff

    make_staff(territory.street, name="甲", user=UserFactory(username="jia"))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_reminders", "--date", "2026-10-01", "--rule", "staff.evaluation_open", stdout=out)
    assert out.getvalue().splitlines() == [
        "staff.evaluation_open: 1 sent, 0 already sent",
        "outbox: 2 messages waiting; delivery will follow (a worker, or the outbox sweep every 60 s once "
        "the broker answers)",
    ]
    assert ReminderLog.objects.count() == 1
    assert sorted(OutboxMessage.objects.values_list("address", "state")) == [
        ("jia@example.org", "pending"),
        ("street_admin@example.org", "pending"),
    ]
    # A re-run sends no second reminder, and the e-mails are still owed, not forgotten.
    call_command("run_reminders", "--date", "2026-10-01", "--rule", "staff.evaluation_open", stdout=out)
    assert OutboxMessage.objects.filter(state="pending").count() == 2


def test_e_mail_only_contacts_go_through_the_outbox_once_per_address(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.emails_queue(addresses=["duty@example.gov.cn", "duty@example.gov.cn", ""], title="到场提醒")
    assert list(OutboxMessage.objects.values_list("address", "state")) == [("duty@example.gov.cn", "sent")]
    assert [m.to for m in mail.outbox] == [["duty@example.gov.cn"]]


# ------------------------------------------------------------------------------------------------ admin


@pytest.fixture
def admin_client(client, territory):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_the_admin_lists_the_outbox_in_chinese_and_retries_failed_messages(
    admin_client, secretary_a, django_capture_on_commit_callbacks
):
    _notify(secretary_a, title="纪要提醒")
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=message.pk).update(
        state=OutboxState.FAILED, attempts=8, last_error="SMTPServerDisconnected: gone"
    )
    page = admin_client.get("/admin/governance/outboxmessage/?state__exact=failed").content.decode()
    for word in (
        "发件箱",
        "发送失败",
        "尝试次数",
        "纪要提醒",
        "SMTPServerDisconnected",
        "重新发送所选的失败消息",
    ):
        assert word in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/governance/outboxmessage/",
            {"action": "retry", "_selected_action": [message.pk]},
            follow=True,
        )
    assert "1 条失败消息将重新发送。" in response.content.decode()
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("sent", 1)  # tried again at once (eager tasks here)


def test_the_admin_outbox_is_read_only_and_closed_to_other_staff(admin_client, client, secretary_a):
    _notify(secretary_a)
    message = OutboxMessage.objects.get()
    assert admin_client.get("/admin/governance/outboxmessage/add/").status_code == 403
    assert admin_client.get(f"/admin/governance/outboxmessage/{message.pk}/delete/").status_code == 403
    detail = admin_client.get(f"/admin/governance/outboxmessage/{message.pk}/change/").content.decode()
    assert message.message_id.replace("<", "&lt;").replace(">", "&gt;") in detail
    client.force_login(UserFactory(username="plain_staff", is_staff=True))
    assert client.get("/admin/governance/outboxmessage/").status_code == 403
    assert OutboxMessage.objects.get().state == "pending"


def test_the_admin_outbox_list_queries_stay_constant(admin_client, secretary_a):
    count = assert_constant_queries(
        lambda: admin_client.get("/admin/governance/outboxmessage/"),
        lambda n: _notify(*[secretary_a] * n),
    )
    # session, user, the filtered count, the unfiltered count, the rows, and the date hierarchy's first/last
    # dates and its days
    assert count == 7
