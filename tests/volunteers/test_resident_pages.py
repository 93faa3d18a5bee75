"""The residents' public pages, anonymous: intake, code, receipt, status, rating link, Needs List, poster."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone, translation

from governance.models import OutboxMessage
from tests.volunteers.factories import category, make_need
from tests.volunteers.test_intake import PHONE, png, sms_code
from volunteers import services
from volunteers.models import Need, ResidentReport, ResidentReportPhoto, ServiceContact


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def _fresh_lookups():
    from django.core.cache import cache

    cache.delete_pattern("*resident-status*") if hasattr(cache, "delete_pattern") else cache.clear()
    yield


def _post_report(client, territory, **extra):
    data = {
        "requester_name": "王大妈",
        "requester_phone": PHONE,
        "area": territory.stairwell_a.pk,
        "category": category("维修服务").pk,
        "description": "楼道灯坏了",
        "photos": [png()],
    }
    data.update(extra)
    return client.post(f"/r/{territory.community_a.pk}/", data, REMOTE_ADDR="203.0.113.9")


def _report_through_the_pages(client, territory):
    response = _post_report(client, territory)
    assert response.status_code == 302
    confirm_url = response["Location"]
    response = client.post(confirm_url, {"code": sms_code()})
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    number = re.search(r'data-testid="receipt-number">(\d{12})<', receipt.content.decode()).group(1)
    return number, ResidentReport.objects.get(receipt_number=number).need


def test_an_anonymous_resident_reports_confirms_and_looks_up_the_status(client, territory, secretary_a):
    page = client.get(f"/r/{territory.community_a.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "我要反映" in text and "手机号码" in text and "图中算式" not in text  # no challenge on first use
    number, need = _report_through_the_pages(client, territory)
    assert (need.channel, ResidentReportPhoto.objects.filter(report__need=need).count()) == ("resident", 1)

    response = client.post("/r/status/", {"receipt_number": number, "phone_last4": PHONE[-4:]})
    text = response.content.decode()
    assert "提交" in text and "受理" in text and "派单" in text and "办结" in text
    assert secretary_a.username not in text and "王大妈" not in text and PHONE not in text
    assert 'data-testid="rate-link"' not in text  # not done yet
    wrong = client.post("/r/status/", {"receipt_number": number, "phone_last4": "0000"})
    assert "没有找到与回执号和手机号后四位相符的诉求" in wrong.content.decode()


def test_bad_input_shows_the_error_beside_the_field_and_saves_nothing(client, territory):
    response = _post_report(client, territory, requester_phone="12345", description="")
    assert response.status_code == 200
    text = response.content.decode()
    assert "请填写手机号码：验证码以短信发送。" in text
    assert "这个字段是必填项" in text or "此字段为必填项" in text or "必填" in text
    assert 'value="王大妈"' in text  # nothing typed is lost
    assert (ResidentReport.objects.count(), OutboxMessage.objects.count()) == (0, 0)


def test_the_image_challenge_comes_after_repeated_use_and_a_wrong_answer_saves_nothing(client, territory):
    for i in range(2):
        assert _post_report(client, territory, requester_phone=f"1380013800{i}").status_code == 302
    page = client.get(f"/r/{territory.community_a.pk}/", REMOTE_ADDR="203.0.113.9")
    assert 'data-testid="challenge-image"' in page.content.decode()
    response = _post_report(client, territory, requester_phone="13800138009", challenge="999")
    assert "算式结果不正确" in response.content.decode()
    assert ResidentReport.objects.count() == 2
    answer = client.session["jiedao_challenge"]  # the new picture's sum
    assert _post_report(client, territory, requester_phone="13800138009", challenge=answer).status_code == 302
    assert ResidentReport.objects.count() == 3


def test_the_sixth_report_from_one_address_is_refused_in_chinese(client, territory, settings):
    from governance.lib import challenge

    for i in range(5):
        session_answer = client.session.get(challenge.SESSION_KEY, "")
        response = _post_report(client, territory, requester_phone=f"1380013800{i}", challenge=session_answer)
        assert response.status_code == 302
        client.get(f"/r/{territory.community_a.pk}/", REMOTE_ADDR="203.0.113.9")  # a fresh picture
    response = _post_report(
        client, territory, requester_phone="13800138009", challenge=client.session[challenge.SESSION_KEY]
    )
    assert "今天从这个网络提交的次数过多，请明天再试或致电社区。" in response.content.decode()
    assert ResidentReport.objects.count() == 5


def test_the_rating_link_rates_once_and_tampered_or_expired_links_say_so(client, territory, secretary_a):
    number, need = _report_through_the_pages(client, territory)
    services.need_accept(need=need, user=secretary_a)
    services.need_assign(need=need, user=secretary_a, department="物业")
    services.need_complete(need=need, user=secretary_a, public_answer="已更换楼道灯")
    status = client.post("/r/status/", {"receipt_number": number, "phone_last4": PHONE[-4:]}).content.decode()
    link = re.search(r'href="(/r/rate/[^"]+)" data-testid="rate-link"', status).group(1)
    assert client.get(link[:-3] + "xyz/").status_code == 404
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        expired = client.get(link)
    assert expired.status_code == 410 and "评价链接已过期" in expired.content.decode()
    page = client.get(link)
    assert "基本满意" in page.content.decode()
    response = client.post(link, {"verdict": "satisfied", "comment": "很好"})
    assert "感谢您的评价" in response.content.decode()
    need.refresh_from_db()
    assert (need.status, need.first_rating) == ("rated", 5)
    assert "已经评价过了" in client.get(link).content.decode()


def test_the_public_needs_list_shows_no_personal_data_and_reads_in_a_fixed_number_of_queries(
    client, territory, secretary_a, django_assert_num_queries
):
    ServiceContact.objects.create(
        area=territory.community_a, label="社区办公室", phone="0371-66881234", is_published=True
    )
    ServiceContact.objects.create(area=territory.community_a, label="网格员", phone="13700000000")
    for i in range(3):
        need = make_need(
            territory.stairwell_a,
            requester_name=f"李{i}号",
            requester_phone=f"1391111222{i}",
            description="302室漏水",
        )
    services.need_accept(need=need, user=secretary_a)
    services.need_assign(need=need, user=secretary_a, department="物业")
    services.need_complete(need=need, user=secretary_a, public_answer="已修好管道")
    url = f"/r/{territory.community_a.pk}/needs/"
    # Queries: the community; the grids' names; the needs; the rollup's sums; the overdue open needs; the
    # published contacts.
    with django_assert_num_queries(6):
        response = client.get(url)
    text = response.content.decode()
    assert text.count("维修服务") == 0 and text.count("居家养老") == 3
    assert "已修好管道" in text and "第一网格" in text and "0371-66881234" in text
    for personal in ("李0号", "李2号", "1391111222", "302室", "13700000000", "1单元", "1号楼"):
        assert personal not in text
    for _ in range(10):
        make_need(territory.grid_a)
    with django_assert_num_queries(6):  # the same with more needs
        client.get(url)


def test_public_pages_answer_anonymous_visitors_and_unknown_communities_404(client, territory):
    community = territory.community_a.pk
    for url in (f"/r/{community}/", f"/r/{community}/needs/", f"/r/{community}/poster/", "/r/status/"):
        assert client.get(url).status_code == 200, url
    poster = client.get(f"/r/{community}/poster/{territory.building_a.pk}/").content.decode()
    assert "<svg" in poster and f"?place={territory.building_a.pk}" in poster
    assert client.get(f"/r/{territory.grid_a.pk}/").status_code == 404  # not a community
    assert client.get(f"/r/{community}/poster/{territory.building_b.pk}/").status_code == 404
    assert client.get("/r/confirm/forged/").status_code == 404
    assert client.get("/r/receipt/forged/").status_code == 404


def test_the_residents_photo_is_shown_to_staff_in_scope_only(client, territory, secretary_a, secretary_b):
    _number, need = _report_through_the_pages(client, territory)
    photo = ResidentReportPhoto.objects.get()
    url = f"/services/needs/report-photos/{photo.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(secretary_b)
    assert client.get(url).status_code == 404
    client.force_login(secretary_a)
    assert client.get(url).status_code == 200
    detail = client.get(f"/services/needs/{need.pk}/").content.decode()
    assert url in detail and "居民自报" in detail


def test_the_secretary_sees_the_duplicate_and_merges_it_from_the_need_page(client, territory, secretary_a):
    _n, first = _report_through_the_pages(client, territory)
    _n, second = _report_through_the_pages(client, territory)
    assert second.duplicate_of == first
    client.force_login(secretary_a)
    page = client.get(f"/services/needs/{second.pk}/").content.decode()
    assert 'data-testid="need-duplicate"' in page and "合并到先前的需求" in page
    client.post(f"/services/needs/{second.pk}/merge/")
    second.refresh_from_db()
    assert second.status == "declined" and str(first.pk) in second.decline_reason
    assert Need.objects.filter(status="submitted").get() == first


def test_the_public_service_list_shows_only_the_contacts_staff_published(client, territory):
    ServiceContact.objects.create(
        area=territory.community_a,
        label="社区办公室",
        phone="0371-66881234",
        hours="工作日 8:30-17:30",
        is_published=True,
    )
    ServiceContact.objects.create(
        area=territory.grid_a, label="第一网格网格员", name="刘网格员", phone="13700000000"
    )
    ServiceContact.objects.create(
        area=territory.community_b, label="西岗社区办公室", phone="0371-66880000", is_published=True
    )
    text = client.get(f"/services/list/{territory.community_a.pk}/").content.decode()
    assert "社区办公室：" in text and "0371-66881234" in text and "工作日 8:30-17:30" in text
    assert "13700000000" not in text and "0371-66880000" not in text  # unpublished; another community's
    assert f'href="/r/{territory.community_a.pk}/"' in text


def test_the_residents_page_shows_what_they_asked_before(client, territory, secretary_a, secretary_b):
    import datetime as dt

    from governance.residents.models import Household, Resident

    household = Household.objects.create(area=territory.stairwell_a, room="101")
    resident = Resident.objects.create(
        name="王大妈",
        gender="F",
        birth_date=dt.date(1950, 1, 1),
        phone=PHONE,
        area=territory.stairwell_a,
        household=household,
    )
    _n, need = _report_through_the_pages(client, territory)
    assert need.resident == resident
    client.force_login(secretary_a)
    page = client.get(resident.get_absolute_url()).content.decode()
    assert 'data-testid="section-needs"' in page and f"#{need.pk} 维修服务" in page and "居民自报" in page


def test_staff_cannot_type_in_a_residents_own_report(client, territory, secretary_a):
    client.force_login(secretary_a)
    page = client.get("/services/needs/new/").content.decode()
    assert 'value="resident"' not in page and 'value="phone"' in page
    poster = client.get(f"/r/{territory.community_a.pk}/poster/").content.decode()
    assert (
        f"/r/{territory.community_a.pk}/poster/{territory.building_a.pk}/" in poster
    )  # a poster per building


def test_status_look_ups_from_one_address_stop_after_twenty_an_hour(client, territory):
    for _ in range(20):
        response = client.post("/r/status/", {"receipt_number": "261201000000", "phone_last4": "1234"})
        assert "没有找到" in response.content.decode()
    response = client.post("/r/status/", {"receipt_number": "261201000000", "phone_last4": "1234"})
    assert "从这个网络查询的次数过多，请一小时后再试。" in response.content.decode()


def test_a_secretary_publishes_a_contact_in_their_own_community_only(client, territory, secretary_a):
    from tests.helpers import assert_constant_queries

    client.force_login(secretary_a)
    response = client.post(
        "/services/contacts/new/",
        {
            "area": territory.grid_a.pk,
            "label": "第一网格网格员",
            "name": "刘网格员",
            "phone": "0371-66881299",
            "hours": "",
            "order": 1,
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    contact = ServiceContact.objects.get()
    assert (contact.area, contact.is_published) == (territory.grid_a, True)
    refused = client.post(
        "/services/contacts/new/",
        {"area": territory.grid_b.pk, "label": "x", "phone": "0371-66881200", "order": 0},
    )
    assert refused.status_code == 200 and ServiceContact.objects.count() == 1
    assert "刘网格员" in client.get(f"/r/{territory.community_a.pk}/needs/").content.decode()

    def fetch():
        assert client.get("/services/contacts/", {"page": 1}).status_code == 200

    def add(n):
        for i in range(n):
            ServiceContact.objects.create(
                area=territory.community_a, label=f"办公室{i}", phone="0371-66881234"
            )

    # Session, user, user perms, group perms, scope paths, count, page, the top bar's scope and unread count.
    assert assert_constant_queries(fetch, add) == 9
