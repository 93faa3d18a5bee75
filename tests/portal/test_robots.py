"""Staff channels: WeCom and DingTalk group robots and SMS, chosen per person or per community, through the outbox.

The robots are local HTTP sinks on loopback that record each POST and answer as scripted.
"""

import base64
import datetime
import hashlib
import hmac
import time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance.lib import crypto, sms
from governance.models import ChannelPreference, Notification, OutboxMessage
from governance.portal import selectors, services
from governance.portal.choices import Channel
from tests.http_sink import HttpSink

SITE = "http://127.0.0.1:8000"


@pytest.fixture
def robot(settings):
    settings.JIEDAO_ROBOT_HOSTS = ["127.0.0.1"]
    sink = HttpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def named(secretary_a, grid_worker):
    """The two people of community A, with the names a group sees."""
    secretary_a.first_name, grid_worker.first_name = "张书记", "李网格"
    secretary_a.save(update_fields=["first_name"])
    grid_worker.save(update_fields=["first_name"])
    return secretary_a, grid_worker


def _notify(*users, title="会议提醒"):
    return services.notifications_create(
        recipients=list(users), title=title, body="请按时参会", url="/party/"
    )


def _channels(*messages):
    return sorted(
        (m.channel, m.address if m.channel != Channel.SMS else crypto.decrypt(m.address)) for m in messages
    )


def test_without_settings_people_are_e_mailed_as_before(territory, secretary_a):
    _notify(secretary_a)
    assert _channels(*OutboxMessage.objects.all()) == [("email", "secretary_a@example.org")]


def test_a_community_wecom_robot_gets_one_post_naming_everyone_it_concerns(
    territory, named, robot, django_capture_on_commit_callbacks
):
    secretary, worker = named
    ChannelPreference.objects.create(
        area=territory.community_a, by_email=False, by_wecom=True, wecom_webhook=robot.url("/wecom?key=K-1")
    )
    with django_capture_on_commit_callbacks(execute=True):
        _notify(secretary, worker)

    message = OutboxMessage.objects.get()  # one group post, no e-mail (the community turned it off)
    assert (message.channel, message.state, message.attempts, message.address) == (
        "wecom",
        "sent",
        1,
        "梁家屯社区",
    )
    assert message.notification is None  # it stands for two notifications
    [request] = robot.received
    assert (request.path, request.query) == ("/wecom", {"key": "K-1"})
    assert request.headers["content-type"] == "application/json; charset=utf-8"
    assert request.json == {
        "msgtype": "text",
        "text": {"content": f"会议提醒\n致张书记、李网格：\n请按时参会\n\n{SITE}/party/"},
    }
    # A redelivered task or the sweep sends nothing more.
    assert services.outbox_deliver(message_ids=[message.pk]) == 0
    assert services.outbox_sweep() == 0
    assert len(robot.received) == 1
    assert Notification.objects.count() == 2


def test_a_dingtalk_robot_with_a_secret_signs_each_post(territory, named, robot):
    secretary, _worker = named
    secret = "SEC0123456789abcdef"
    ChannelPreference.objects.create(
        area=territory.community_a,
        by_email=False,
        by_dingtalk=True,
        dingtalk_webhook=robot.url("/robot/send?access_token=T-1"),
        dingtalk_secret=secret,
    )
    _notify(secretary)
    before = int(time.time() * 1000)
    assert services.outbox_sweep() == 1
    after = int(time.time() * 1000)

    [request] = robot.received
    assert request.path == "/robot/send"
    assert set(request.query) == {"access_token", "timestamp", "sign"}
    assert request.query["access_token"] == "T-1"
    timestamp = int(request.query["timestamp"])
    assert before <= timestamp <= after  # taken at the try: DingTalk refuses one older than an hour
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert request.query["sign"] == expected  # parse_qsl undid the URL encoding of "+", "/" and "="
    assert request.json == {
        "msgtype": "text",
        "text": {"content": f"会议提醒\n致张书记：\n请按时参会\n\n{SITE}/party/"},
    }
    message = OutboxMessage.objects.get()
    assert (message.state, message.notification) == ("sent", Notification.objects.get())


def test_a_robot_answering_500_is_tried_again_later_and_posted_once_it_accepts(
    territory, named, robot, settings
):
    secretary, _worker = named
    settings.JIEDAO_OUTBOX_RETRY_SECONDS = 60
    ChannelPreference.objects.create(
        area=territory.community_a, by_email=False, by_wecom=True, wecom_webhook=robot.url("/wecom?key=K-2")
    )
    robot.answers = [(500, {"error": "busy"}), (200, {"errcode": 45009, "errmsg": "api freq out of limit"})]
    _notify(secretary)
    message = OutboxMessage.objects.get()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert services.outbox_sweep() == 0
        message.refresh_from_db()
        assert (message.state, message.attempts, message.last_error) == ("pending", 1, "RobotError: HTTP 500")
        assert services.outbox_sweep() == 0  # not due before its wait is over: no request
        assert len(robot.received) == 1
        clock.shift(datetime.timedelta(seconds=61))
        assert services.outbox_sweep() == 0  # a nonzero errcode on a 200 is a failure too
        message.refresh_from_db()
        assert (message.state, message.attempts) == ("pending", 2)
        assert message.last_error == "RobotError: errcode 45009: api freq out of limit"
        clock.shift(datetime.timedelta(seconds=121))
        assert services.outbox_sweep() == 1
        clock.shift(datetime.timedelta(hours=1))
        assert services.outbox_sweep() == 0
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == ("sent", 3, "")
    assert len(robot.received) == 3  # two refused, one accepted, nothing after
    assert [r.json for r in robot.received] == [robot.received[0].json] * 3  # the same message each time


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        ((404, {"errcode": 404}), "PermanentFailure: HTTP 404: the robot refuses this webhook"),
        (
            (200, {"errcode": 93000, "errmsg": "invalid webhook url"}),
            "PermanentFailure: errcode 93000: invalid webhook url",
        ),
    ],
)
def test_a_robot_whose_settings_are_wrong_fails_at_once_and_the_administrators_hear(
    territory, named, robot, street_admin, answer, error
):
    secretary, _worker = named
    ChannelPreference.objects.create(
        area=territory.community_a, by_email=False, by_wecom=True, wecom_webhook=robot.url("/wecom?key=gone")
    )
    robot.answers = [answer]
    _notify(secretary)
    assert services.outbox_sweep() == 0
    message = OutboxMessage.objects.get()
    assert (message.state, message.attempts, message.last_error) == ("failed", 1, error)
    assert Notification.objects.get(recipient=street_admin).title == "1 条消息无法发送，例如：会议提醒"
    assert services.outbox_sweep() == 0
    assert len(robot.received) == 1


def test_an_unreachable_robot_is_retried_and_its_key_never_reaches_the_error(territory, named, settings):
    secretary, _worker = named
    settings.JIEDAO_ROBOT_HOSTS = ["127.0.0.1"]
    ChannelPreference.objects.create(
        area=territory.community_a,
        by_email=False,
        by_dingtalk=True,
        dingtalk_webhook="http://127.0.0.1:8139/robot/send?access_token=SECRET-TOKEN",  # nothing listens
        dingtalk_secret="SECRET-SIGN",
    )
    _notify(secretary)
    assert services.outbox_sweep() == 0
    message = OutboxMessage.objects.get()
    assert (message.state, message.attempts) == ("pending", 1)
    assert "Connection refused" in message.last_error
    assert "SECRET" not in message.last_error + message.address + message.body


def test_a_person_who_chooses_their_own_channels_gets_sms_and_their_own_robot(territory, named, robot):
    secretary, worker = named
    ChannelPreference.objects.create(
        area=territory.community_a, by_email=True, by_wecom=True, wecom_webhook=robot.url("/wecom?key=group")
    )
    ChannelPreference.objects.create(
        user=secretary,
        follows_community=False,
        by_email=False,
        by_sms=True,
        by_dingtalk=True,
        phone="13800138000",
        dingtalk_webhook=robot.url("/robot/send?access_token=own"),
    )
    # The grid worker keeps a row only for their own WeCom robot and still follows the community.
    ChannelPreference.objects.create(user=worker, wecom_webhook=robot.url("/wecom?key=own"))
    _notify(secretary, worker)

    rows = OutboxMessage.objects.order_by("channel", "address")
    assert _channels(*rows) == [
        ("dingtalk", "secretary_a"),
        ("email", "grid_worker@example.org"),
        ("sms", "13800138000"),
        ("wecom", "grid_worker"),
    ]
    text = rows.get(channel=Channel.SMS)
    assert text.address.startswith("enc1:")  # the outbox keeps no plain number
    assert text.body == f"会议提醒\n\n{SITE}/party/"
    assert text.notification.recipient == secretary
    # The robots reach each person's own robot, not the group's; the text reaches the SMS backend.
    assert services.outbox_sweep() == 4
    assert sorted((r.path, r.query.get("key") or r.query.get("access_token")) for r in robot.received) == [
        ("/robot/send", "own"),
        ("/wecom", "own"),
    ]
    assert [(m.to, m.body) for m in sms.outbox] == [("13800138000", f"会议提醒\n\n{SITE}/party/")]
    assert services.outbox_sweep() == 0
    assert (len(robot.received), len(sms.outbox)) == (2, 1)


def test_routes_take_three_queries_whatever_the_number_of_people(
    territory, named, secretary_b, django_assert_num_queries
):
    ChannelPreference.objects.create(
        area=territory.community_a, by_wecom=True, wecom_webhook="https://qyapi.weixin.qq.com/x?key=1"
    )
    ChannelPreference.objects.create(
        user=secretary_b, follows_community=False, by_sms=True, phone="13900139000"
    )
    people = [*named, secretary_b]
    # 1 the people's own settings, 2 where they work, 3 the settings of those places and the places above.
    with django_assert_num_queries(3):
        routes = selectors.notification_routes(people)
    assert {pk: sorted(r.channel for r in found) for pk, found in routes.items()} == {
        named[0].pk: ["email", "wecom"],
        named[1].pk: ["email", "wecom"],
        secretary_b.pk: ["email", "sms"],
    }


def test_a_grid_worker_follows_the_nearest_settings_above_their_grid(territory, grid_worker, robot):
    ChannelPreference.objects.create(area=territory.street, by_email=True)
    ChannelPreference.objects.create(
        area=territory.community_a,
        by_email=False,
        by_dingtalk=True,
        dingtalk_webhook=robot.url("/robot/send?access_token=a"),
    )
    [route] = selectors.notification_routes([grid_worker])[grid_worker.pk]
    assert (route.channel, route.preference.area) == ("dingtalk", territory.community_a)


@pytest.mark.parametrize(
    "webhook",
    [
        "https://evil.example.com/cgi-bin/webhook/send?key=1",
        "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1",
        "ftp://qyapi.weixin.qq.com/x",
    ],
)
def test_a_webhook_must_be_https_on_the_robots_own_hosts(territory, webhook):
    preference = ChannelPreference(area=territory.community_a, by_wecom=True, wecom_webhook=webhook)
    with pytest.raises(ValidationError) as error:
        preference.full_clean()
    assert list(error.value.message_dict) == ["wecom_webhook"]


def test_a_community_choosing_a_robot_gives_its_webhook(territory):
    preference = ChannelPreference(area=territory.community_a, by_dingtalk=True)
    with pytest.raises(ValidationError) as error:
        preference.full_clean()
    assert error.value.message_dict == {"dingtalk_webhook": ["请填写钉钉群机器人的 Webhook 地址。"]}


def test_the_admin_never_shows_a_webhook_or_secret_back_and_keeps_them_when_left_empty(territory, client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    preference = ChannelPreference.objects.create(
        area=territory.community_a,
        by_dingtalk=True,
        dingtalk_webhook="https://oapi.dingtalk.com/robot/send?access_token=TOKEN-1",
        dingtalk_secret="SECRET-1",
    )
    url = f"/admin/governance/channelpreference/{preference.pk}/change/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "TOKEN-1" not in page and "SECRET-1" not in page
    assert "已设置，留空则保持不变。" in page
    listing = client.get(
        "/admin/governance/channelpreference/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "TOKEN-1" not in listing and "通知渠道" in listing and "钉钉群机器人" in listing

    form = {
        "user": "",
        "area": territory.community_a.pk,
        "follows_community": "on",
        "by_dingtalk": "on",
        "phone": "",
        "wecom_webhook": "",
        "dingtalk_webhook": "",
        "dingtalk_secret": "",
    }
    assert client.post(url, form).status_code == 302
    preference.refresh_from_db()
    assert (preference.dingtalk_webhook, preference.dingtalk_secret) == (
        "https://oapi.dingtalk.com/robot/send?access_token=TOKEN-1",
        "SECRET-1",
    )
    assert client.post(url, {**form, "remove": ["dingtalk_secret"]}).status_code == 302
    preference.refresh_from_db()
    assert (preference.dingtalk_webhook, preference.dingtalk_secret) == (
        "https://oapi.dingtalk.com/robot/send?access_token=TOKEN-1",
        "",
    )


def test_the_admin_sends_a_test_message_to_each_robot_of_the_selected_settings(
    territory, robot, client, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="root", first_name="管理员", is_staff=True, is_superuser=True))
    both = ChannelPreference.objects.create(
        area=territory.community_a,
        wecom_webhook=robot.url("/wecom?key=A"),
        dingtalk_webhook=robot.url("/robot/send?access_token=A"),
    )
    none = ChannelPreference.objects.create(area=territory.community_b)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/governance/channelpreference/",
            {"action": "send_test", "_selected_action": [both.pk, none.pk]},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
            follow=True,
        )
    assert "2 条测试消息已放入发件箱" in response.content.decode()
    assert sorted(r.path for r in robot.received) == ["/robot/send", "/wecom"]
    assert {r.json["text"]["content"] for r in robot.received} == {
        "来自平台的测试消息\n管理员正在检查通知能否到达本群。"
    }
    assert OutboxMessage.objects.filter(state="sent", preference=both).count() == 2
