"""Open311 GeoReport v2: an independent client (urllib against a live server, or raw form bodies) reports a need
through the public intake and its limits, and follows it by its receipt number; nothing personal comes back."""

import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from governance.models import Notification, OutboxMessage, PortalSetting
from tests.volunteers.factories import category
from volunteers import services
from volunteers.choices import Channel
from volunteers.models import Need, ResidentReport

KEY = "district-key-2026"
FORM = "application/x-www-form-urlencoded"


def _form(territory, **extra) -> dict:
    fields = {
        "service_code": str(category("维修服务").pk),
        "address_id": str(territory.stairwell_a.pk),
        "last_name": "王",
        "first_name": "大妈",
        "phone": "13912345678",
        "description": "楼道灯坏了，晚上看不见",
        "lat": "34.75",
        "long": "113.62",
    }
    fields.update(extra)
    return fields


def _call(url, data: dict | None = None):
    """An Open311 client's request: urllib, the body form-encoded; returns (status, parsed JSON, raw text)."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, method="POST" if data is not None else "GET")
    if body is not None:
        request.add_header("Content-Type", FORM)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read().decode()
            return response.status, json.loads(raw), raw
    except urllib.error.HTTPError as exc:
        raw = exc.read().decode()
        return exc.code, json.loads(raw), raw


@pytest.fixture
def district_key(settings):
    settings.JIEDAO_OPEN311_KEYS = [KEY]


def test_an_open311_client_reports_and_follows_a_need_against_a_live_server(
    live_server, territory, secretary_a, district_key
):
    base = f"{live_server.url}/open311/v2"
    status, services_list, _raw = _call(f"{base}/services.json")
    assert status == 200
    repair = next(s for s in services_list if s["service_name"] == "维修服务")
    assert repair == {
        "service_code": str(category("维修服务").pk),
        "service_name": "维修服务",
        "description": "",
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": "服务清单",
    }
    status, places, _raw = _call(f"{base}/places.json?jurisdiction_id={territory.community_a.pk}")
    assert status == 200
    assert {
        "address_id": str(territory.stairwell_a.pk),
        "address": "第一网格 1号楼 1单元",
        "level": "单元",
    } in places

    status, created, _raw = _call(f"{base}/requests.json", _form(territory, api_key=KEY))
    assert status == 201
    [answer] = created
    report = ResidentReport.objects.get()
    assert answer == {
        "service_request_id": report.receipt_number,
        "service_notice": "已登记，社区将在时限内答复。",
        "account_id": None,
    }
    need = Need.objects.get()
    assert (need.channel, need.area, need.requester_name, need.requester_phone) == (
        Channel.RESIDENT,
        territory.stairwell_a,
        "王大妈",
        "13912345678",
    )
    # It entered the normal workflow: the community's secretary is told, once.
    assert Notification.objects.get().recipient == secretary_a

    status, found, raw = _call(f"{base}/requests/{report.receipt_number}.json")
    assert status == 200
    [request] = found
    assert {k: request[k] for k in ("service_request_id", "status", "status_notes", "service_code")} == {
        "service_request_id": report.receipt_number,
        "status": "open",
        "status_notes": "提交",
        "service_code": str(need.category_id),
    }
    assert (request["address"], request["address_id"]) == ("梁家屯社区 第一网格", str(territory.grid_a.pk))
    assert (request["agency_responsible"], request["description"], request["media_url"]) == (
        "梁家屯社区",
        None,
        None,
    )
    for personal in ("王大妈", "13912345678", "5678", "1单元", "楼道灯"):
        assert personal not in raw

    status, missing, _raw = _call(f"{base}/requests/000000000000.json")
    assert (status, missing) == (404, [{"code": 404, "description": "没有这个编号的诉求。"}])


def test_without_a_key_the_resident_confirms_the_phone_and_the_token_then_names_the_request(
    client, territory, _sms_outbox, django_capture_on_commit_callbacks
):
    body = urllib.parse.urlencode(_form(territory))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/open311/v2/requests.json", data=body, content_type=FORM)
    assert response.status_code == 201
    [answer] = response.json()
    token = answer["token"]
    assert set(answer) == {"token", "service_notice", "account_id"}
    confirm_url = f"/r/confirm/{token}/"
    assert answer["service_notice"] == (
        f"确认码已通过短信发送到手机：请在 http://127.0.0.1:8000{confirm_url} 输入确认码，诉求即告提交。"
    )
    assert Need.objects.count() == 0
    assert client.get(f"/open311/v2/tokens/{token}.json").json() == [
        {"token": token, "service_request_id": None}
    ]

    [text] = _sms_outbox
    assert text.to == "13912345678"
    code = re.search(r"\b(\d{6})\b", text.body).group(1)
    assert client.post(confirm_url, {"code": code}).status_code == 302
    report = ResidentReport.objects.get()
    assert client.get(f"/open311/v2/tokens/{token}.json").json() == [
        {"token": token, "service_request_id": report.receipt_number}
    ]
    assert Need.objects.get().channel == Channel.RESIDENT
    assert client.get("/open311/v2/tokens/not-a-token.json").status_code == 404


def test_the_intakes_limits_hold_for_open311_with_a_chinese_message(client, territory, district_key):
    PortalSetting.objects.update_or_create(key="volunteers.intake_per_phone", defaults={"value": 2})
    body = urllib.parse.urlencode(_form(territory, api_key=KEY))
    answers = [client.post("/open311/v2/requests.json", data=body, content_type=FORM) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2].json() == [
        {"code": 429, "description": "今天用这个手机号提交的次数过多，请明天再试或致电社区。"}
    ]
    assert ResidentReport.objects.count() == 2


def test_without_a_key_one_network_meets_the_address_limit_where_the_page_would_ask_its_picture(
    client, territory
):
    PortalSetting.objects.update_or_create(key="volunteers.intake_challenge_after", defaults={"value": 2})
    answers = [
        client.post(
            "/open311/v2/requests.json",
            data=urllib.parse.urlencode(_form(territory, phone=f"1391234567{i}")),
            content_type=FORM,
        )
        for i in range(3)
    ]
    assert [a.status_code for a in answers] == [201, 201, 429]
    intake = f"http://127.0.0.1:8000/r/{territory.community_a.pk}/"
    assert answers[2].json() == [
        {"code": 429, "description": f"本网络已多次提交诉求：请到社区的网页上报：{intake}。"}
    ]
    assert ResidentReport.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "description"),
    [
        ({"service_code": "999999"}, "没有这个 service_code：请查看 services.json。"),
        ({"address_id": ""}, "请提供 address_id：社区地点列表（places.json）中的地点编号。"),
        ({"jurisdiction_id": "1"}, "该地点不在所给的辖区内。"),
        ({"phone": "12345"}, "phone: 请填写手机号码：验证码以短信发送。"),
    ],
)
def test_a_wrong_request_answers_open311s_error_and_records_nothing(client, territory, change, description):
    body = urllib.parse.urlencode(_form(territory, **change))
    response = client.post("/open311/v2/requests.json", data=body, content_type=FORM)
    assert (response.status_code, response.json()) == (400, [{"code": 400, "description": description}])
    assert (ResidentReport.objects.count(), OutboxMessage.objects.count()) == (0, 0)


def test_the_request_list_shows_residents_requests_in_two_queries_and_nothing_personal(
    client, territory, secretary_a, district_key, django_assert_num_queries
):
    for i in range(3):
        services.submit_public_need(
            community=territory.community_a,
            area=territory.stairwell_a if i else territory.community_a,
            category=category("维修服务"),
            requester_name=f"居民{i}",
            requester_phone=f"1391234500{i}",
            description="门口积水",
            phone_confirmed=True,
        )
    first = Need.objects.order_by("pk").last()
    services.need_accept(need=first, user=secretary_a)
    # 1 the reports with their needs, categories, places and communities, 2 the grids they lie in.
    with django_assert_num_queries(2):
        response = client.get("/open311/v2/requests.json")
    rows = response.json()
    assert [(r["status"], r["status_notes"], r["address"]) for r in rows] == [
        ("open", "受理", "梁家屯社区 第一网格"),
        ("open", "提交", "梁家屯社区 第一网格"),
        ("open", "提交", "梁家屯社区"),
    ]
    text = response.content.decode()
    assert not any(word in text for word in ("居民0", "居民1", "13912345", "门口积水"))
    closed = client.get("/open311/v2/requests.json?status=closed").json()
    assert closed == []
    assert client.get("/open311/v2/requests.json?start_date=yesterday").status_code == 400


def test_photos_come_as_multipart_media_and_are_checked_like_the_intakes(client, territory, district_key):
    from tests.enforcement.factories import fake_png_upload, png_upload
    from volunteers.models import ResidentReportPhoto

    form = _form(territory, api_key=KEY)
    refused = client.post("/open311/v2/requests.json", {**form, "media": [fake_png_upload()]})
    assert refused.status_code == 400
    assert refused.json()[0]["description"].startswith("media: ")
    assert ResidentReport.objects.count() == 0
    response = client.post("/open311/v2/requests.json", {**form, "media": [png_upload()]})
    assert response.status_code == 201
    assert ResidentReportPhoto.objects.get().report == ResidentReport.objects.get()
