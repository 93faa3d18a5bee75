"""The admin in Chinese, third-party apps included: no English label left on the pages an administrator opens."""

import re
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from tests.factories import UserFactory, make_resident

# The English each page showed before our catalogue covered it (the libraries' msgids, verbatim).
ENGLISH = {
    "/admin/": ["Axes", "Access attempts", "Access logs", "Access failures", "Model name", "Add link"],
    "/admin/axes/accessattempt/": [
        "Axes",
        "access attempt",
        "Attempt Time",
        "IP Address",
        "User Agent",
        "Path",
        "Failed Logins",
        "Status",
        "Attempt Remaining",
        "Locked Out",
        "Clean up expired attempts",
    ],
    "/admin/axes/accesslog/": [
        "access log",
        "Attempt Time",
        "Logout Time",
        "IP Address",
        "User Agent",
        "Path",
    ],
    "/admin/axes/accessfailurelog/": ["access failure", "Access lock out", "Attempt Time", "IP Address"],
    "/admin/django_celery_beat/periodictask/": [
        "Periodic Tasks",
        "periodic task",
        "Task Name",
        "Name",
        "Enabled",
        "Scheduler",
        "Schedule",
        "Start Datetime",
        "Last Run Datetime",
        "One-off Task",
        "Enable selected tasks",
        "Run selected tasks",
    ],
    "/admin/django_celery_beat/crontabschedule/": ["crontab", "Human readable", "Human Readable"],
    "/admin/django_celery_beat/intervalschedule/": ["interval"],
    "/admin/authtoken/tokenproxy/": ["Auth Token", "Tokens", "Created"],
    "/admin/governance/resident/": ["Masked id number", "Masked phone"],
}
# …and the Chinese they show now.
CHINESE = {
    "/admin/": ["登录防护", "登录尝试", "登录日志", "登录失败记录", "定时任务"],
    "/admin/axes/accessattempt/": [
        "尝试时间",
        "IP 地址",
        "浏览器标识",
        "路径",
        "失败次数",
        "状态",
        "次可再试",
    ],
    "/admin/axes/accesslog/": ["退出时间"],
    "/admin/axes/accessfailurelog/": ["已锁定"],
    "/admin/django_celery_beat/periodictask/": ["定时任务", "任务名称", "调度计划"],
    "/admin/django_celery_beat/crontabschedule/": ["含义"],
    "/admin/authtoken/tokenproxy/": ["令牌"],
    "/admin/governance/resident/": ["身份证号", "联系电话"],
}


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and title/aria-label/placeholder, not scripts or URLs."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        self.parts += [v for k, v in attrs if k in ("title", "aria-label", "placeholder") and v]

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


@pytest.fixture
def admin_pages(territory, client):
    now = timezone.now()
    fields = {
        "username": "王",
        "ip_address": "10.0.0.8",
        "user_agent": "-",
        "path_info": "/",
        "http_accept": "-",
    }
    AccessAttempt.objects.create(
        attempt_time=now, get_data="", post_data="", failures_since_start=2, **fields
    )
    AccessLog.objects.create(attempt_time=now, **fields)
    AccessFailureLog.objects.create(attempt_time=now, locked_out=True, **fields)
    every_day = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    PeriodicTask.objects.create(name="每日巡查提醒", task="governance.portal.tasks.ping", interval=every_day)
    CrontabSchedule.objects.create(minute="0", hour="7")
    make_resident(territory.stairwell_a)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("url", list(ENGLISH))
def test_admin_pages_show_no_english_label(admin_pages, url):
    response = admin_pages.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    left = [
        label for label in ENGLISH[url] if re.search(rf"(?<![A-Za-z]){re.escape(label)}(?![A-Za-z])", text)
    ]
    assert left == []
    assert [word for word in CHINESE.get(url, []) if word not in text] == []
