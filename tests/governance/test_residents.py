"""Residents: masked personal data in page, API and export; logged reveals; scope; the Excel import."""

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from governance.models import PersonalDataAccess, Resident
from tests.factories import make_resident
from tests.helpers import assert_constant_queries


@pytest.fixture
def resident(territory):
    return make_resident(
        territory.stairwell_a,
        name="王秀英",
        id_number="11010519491231002X",
        phone="13812345678",
        birth_date=datetime.date(1949, 12, 31),
        gender="F",
    )


def test_page_api_and_export_show_masked_numbers(resident, grid_worker, client_as, api_as):
    client = client_as(grid_worker)
    page = client.get(f"/residents/{resident.pk}/").content.decode()
    assert "110105********002X" in page and "138****5678" in page
    assert "11010519491231002X" not in page and "13812345678" not in page
    listing = client.get("/residents/").content.decode()
    assert "11010519491231002X" not in listing and "110105********002X" in listing

    data = api_as(grid_worker).get(f"/api/residents/{resident.pk}/").json()
    assert data["id_number"] == "110105********002X"
    assert data["phone"] == "138****5678"

    export = client.get("/residents/?export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "110105********002X" in values
    assert "11010519491231002X" not in values
    assert PersonalDataAccess.objects.count() == 0


def test_grid_worker_may_not_reveal(resident, grid_worker, client_as, api_as):
    assert client_as(grid_worker).post(f"/residents/{resident.pk}/reveal/").status_code == 403
    assert api_as(grid_worker).post(f"/api/residents/{resident.pk}/reveal/").status_code == 403
    assert client_as(grid_worker).get("/residents/?export=xlsx&full=1").status_code == 403
    assert PersonalDataAccess.objects.count() == 0


def test_secretary_reveal_is_logged_each_time(resident, secretary_a, client_as, api_as):
    response = client_as(secretary_a).post(f"/residents/{resident.pk}/reveal/")
    assert "11010519491231002X" in response.content.decode()
    assert api_as(secretary_a).post(f"/api/residents/{resident.pk}/reveal/").json() == {
        "id_number": "11010519491231002X",
        "phone": "13812345678",
    }
    export = client_as(secretary_a).get("/residents/?export=xlsx&full=1")
    assert "11010519491231002X" in [
        c for r in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True) for c in r
    ]
    log = list(
        PersonalDataAccess.objects.order_by("id").values_list("user__username", "resident_id", "channel")
    )
    assert log == [
        ("secretary_a", resident.pk, "page"),
        ("secretary_a", resident.pk, "api"),
        ("secretary_a", resident.pk, "export"),
    ]


def test_other_community_gets_404_and_changes_nothing(resident, secretary_b, client_as, api_as):
    client = client_as(secretary_b)
    assert client.get(f"/residents/{resident.pk}/").status_code == 404
    assert client.post(f"/residents/{resident.pk}/edit/", {"name": "改名"}).status_code == 404
    assert client.post(f"/residents/{resident.pk}/reveal/").status_code == 404
    assert api_as(secretary_b).patch(f"/api/residents/{resident.pk}/", {"name": "改名"}).status_code == 404
    resident.refresh_from_db()
    assert resident.name == "王秀英"
    assert PersonalDataAccess.objects.count() == 0


def test_create_with_bad_id_number_shows_the_reason_and_saves_nothing(territory, secretary_a, client_as):
    response = client_as(secretary_a).post(
        "/residents/new/",
        {
            "name": "李四",
            "gender": "M",
            "birth_date": "1949-12-31",
            "id_number": "110105194912310021",
            "phone": "13812345678",
            "area": territory.stairwell_a.pk,
            "room": "302",
            "registration": "registered",
        },
    )
    assert response.status_code == 200
    assert "身份证号校验位不正确" in response.content.decode()
    assert 'value="李四"' in response.content.decode()  # nothing typed is lost
    assert Resident.objects.count() == 0


def test_create_outside_scope_is_refused(territory, secretary_a, api_as):
    response = api_as(secretary_a).post(
        "/api/residents/",
        {
            "name": "李四",
            "gender": "M",
            "birth_date": "1980-01-01",
            "area": territory.stairwell_b.pk,
            "room": "1",
            "registration": "registered",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "area" in response.json()["error"]["fields"]
    assert Resident.objects.count() == 0


def test_api_create_and_error_format(territory, secretary_a, api_as):
    api = api_as(secretary_a)
    ok = api.post(
        "/api/residents/",
        {
            "name": "李四",
            "gender": "M",
            "birth_date": "1980-01-01",
            "id_number": "41010219800101123X",
            "phone": "13800000000",
            "area": territory.stairwell_a.pk,
            "room": "201",
            "registration": "registered",
        },
        format="json",
    )
    assert ok.status_code == 201, ok.json()
    assert ok.json()["id_number"] == "410102********123X"
    dup = api.post(
        "/api/residents/",
        {
            "name": "李四",
            "gender": "M",
            "birth_date": "1980-01-01",
            "id_number": "41010219800101123X",
            "area": territory.stairwell_a.pk,
            "room": "202",
            "registration": "registered",
        },
        format="json",
    )
    assert dup.status_code == 400
    assert set(dup.json()["error"]) == {"code", "message", "fields"}
    assert "id_number" in dup.json()["error"]["fields"]
    assert Resident.objects.count() == 1


def _sheet(rows):
    from governance.imports import RESIDENT_COLUMNS

    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in RESIDENT_COLUMNS])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "residents.xlsx"
    return buffer


GOOD_ROW = [
    "张三",
    "男",
    "1980-01-01",
    "41010219800101123X",
    "13812345678",
    "梁家屯社区",
    "第一网格",
    "1号楼",
    "1单元",
    "101",
    "是",
    "户籍",
]
BAD_ROW = [
    "李四",
    "男",
    "1949-12-31",
    "110105194912310021",
    "13812345678",
    "梁家屯社区",
    "第一网格",
    "1号楼",
    "1单元",
    "102",
    "否",
    "户籍",
]
OUT_OF_SCOPE = [
    "赵五",
    "女",
    "1949-12-31",
    "11010519491231002X",
    "",
    "西岗社区",
    "第一网格",
    "1号楼",
    "1单元",
    "101",
    "否",
    "流动",
]


def test_import_with_a_bad_row_saves_nothing_and_reports_each_row(territory, secretary_a, client_as):
    response = client_as(secretary_a).post(
        "/residents/import/", {"file": _sheet([GOOD_ROW, BAD_ROW, OUT_OF_SCOPE])}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "身份证号校验位不正确" in body
    assert "不在您负责的区域内" in body
    assert Resident.objects.count() == 0


def test_import_keeps_good_rows_when_asked(territory, secretary_a, client_as):
    client_as(secretary_a).post(
        "/residents/import/", {"file": _sheet([GOOD_ROW, BAD_ROW]), "keep_good_rows": "on"}
    )
    assert list(Resident.objects.values_list("name", flat=True)) == ["张三"]


def test_import_template_downloads_with_chinese_headers(secretary_a, client_as):
    response = client_as(secretary_a).get("/residents/import/?template=1")
    headers = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert headers[:3] == ("姓名", "性别", "出生日期")


def test_import_of_a_non_excel_file_is_refused(secretary_a, client_as):
    upload = io.BytesIO(b"not a workbook")
    upload.name = "residents.xlsx"
    response = client_as(secretary_a).post("/residents/import/", {"file": upload})
    assert "不是可读取的 .xlsx 工作簿" in response.content.decode()
    assert Resident.objects.count() == 0


def test_resident_list_page_and_api_queries_stay_constant(territory, street_admin, client_as, api_as):
    counter = iter(range(100000))

    def add(n):
        for _ in range(n):
            make_resident(territory.stairwell_a, room=str(next(counter)))

    client = client_as(street_admin)
    api = api_as(street_admin)
    page_queries = assert_constant_queries(lambda: client.get("/residents/"), add)
    api_queries = assert_constant_queries(lambda: api.get("/api/residents/"), add, small=200, large=400)
    # session, user, user permissions, group permissions, scope paths, count, one page of residents,
    # the scope label's assignments, the unread count, the place filter's choices
    assert page_queries == 10
    # one keyset page of residents with their stairwell and household joined (no COUNT); the user's scope
    # paths are cached on the user object, which force_authenticate reuses
    assert api_queries == 1
