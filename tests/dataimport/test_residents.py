"""Residents and households through the one import: check, preview, confirm, conflicts named, undo, formats."""

import io

import pytest
from openpyxl import load_workbook

from governance.dataimport.choices import BatchStatus
from governance.models import Household, ImportBatch, ImportedRecord, PersonalDataAccess, Resident
from governance.territory import services as territory_services
from tests.dataimport.helpers import csv_bytes, headers, upload, xlsx_bytes
from tests.factories import make_id_number, make_resident

H = headers("residents")


def row(name, birth, id_number, room, *, head="否", community="梁家屯社区", phone="13812345678", code=""):
    gender = "男" if int(id_number[16]) % 2 else "女" if id_number else "男"
    return [
        name,
        gender,
        birth,
        id_number,
        phone,
        community,
        code,
        "第一网格",
        "1号楼",
        "1单元",
        room,
        head,
        "户籍",
    ]


def good_rows():
    import datetime

    return [
        row("张三", "1980-01-01", make_id_number(datetime.date(1980, 1, 1), seq=11), "101", head="是"),
        row("张小三", "2010-05-05", make_id_number(datetime.date(2010, 5, 5), seq=12), "101"),
        row(
            "王五",
            "1955-03-03",
            make_id_number(datetime.date(1955, 3, 3), male=False, seq=13),
            "102",
            head="是",
            phone="+86 138 0013 8000",
        ),
    ]


BAD_ROW = [
    "李四",
    "男",
    "1949-12-31",
    "110105194912310021",
    "13812345678",
    "梁家屯社区",
    "",
    "第一网格",
    "1号楼",
    "1单元",
    "103",
    "否",
    "户籍",
]


def _latest():
    return ImportBatch.objects.get()


def test_preview_names_the_bad_row_and_saves_nothing_until_confirmed(territory, secretary_a, client_as):
    client = client_as(secretary_a)
    response = upload(client, "residents", "居民.xlsx", xlsx_bytes(H, [*good_rows(), BAD_ROW]))
    batch = _latest()
    assert response.status_code == 302 and response.url == f"/imports/batch/{batch.pk}/"
    assert (batch.status, batch.new_count, batch.changed_count, batch.refused_count) == ("checked", 3, 0, 1)
    assert Resident.objects.count() == 0
    page = client.get(response.url).content.decode()
    assert "身份证号校验位不正确" in page and ">5<" in page  # row 5 is the bad one
    client.post(f"/imports/batch/{batch.pk}/confirm/")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.new_count == 3
    assert sorted(Resident.objects.values_list("name", flat=True)) == ["张三", "张小三", "王五"]
    assert Resident.objects.get(name="王五").phone == "13800138000"  # one stored form
    assert Household.objects.count() == 2
    assert ImportedRecord.objects.filter(batch=batch).count() == 3


def test_the_error_workbook_is_the_users_rows_with_a_reason_column(territory, secretary_a, client_as):
    client = client_as(secretary_a)
    upload(client, "residents", "居民.xlsx", xlsx_bytes(H, [*good_rows(), BAD_ROW]))
    response = client.get(f"/imports/batch/{_latest().pk}/checked.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (*H, "不通过原因")
    assert [r[0] for r in rows[1:]] == ["张三", "张小三", "王五", "李四"]
    assert rows[4][-1] == "身份证号校验位不正确。" and rows[1][-1] in (None, "")
    assert rows[1][3] == good_rows()[0][3]  # the ID stays text, all 18 digits


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("居民.csv", lambda rows: csv_bytes(H, rows)),
        ("居民.csv", lambda rows: csv_bytes(H, rows, bom=True)),
        ("居民.csv", lambda rows: csv_bytes(H, rows, encoding="gbk")),
        ("居民.csv", lambda rows: csv_bytes(H, rows, encoding="gb18030")),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030"],
)
def test_the_same_rows_as_csv_give_the_same_check(territory, secretary_a, client_as, name, encode):
    upload(client_as(secretary_a), "residents", name, encode([*good_rows(), BAD_ROW]))
    batch = _latest()
    assert (batch.new_count, batch.refused_count) == (3, 1)
    assert batch.report["refused"] == [{"row": 5, "reasons": ["身份证号校验位不正确。"]}]


def test_numbers_excel_mangled_are_named(territory, secretary_a, client_as):
    rows = good_rows()
    rows[0][3] = 4.1010219800101e17  # typed into a General column: a float that lost its last digits
    rows[1][3] = "4.10102E+17"  # the same, as a CSV saved by Excel shows it
    upload(client_as(secretary_a), "residents", "居民.xlsx", xlsx_bytes(H, rows))
    reasons = {r["row"]: r["reasons"][0] for r in _latest().report["refused"]}
    assert "Excel 存成了数字" in reasons[2] and "4.1010219800101E+17" in reasons[2]
    assert "科学计数法" in reasons[3] and "4.10102E+17" in reasons[3]


def test_a_second_head_of_household_is_named_not_joined(territory, secretary_a, client_as):
    make_resident(territory.stairwell_a, room="101", name="老户主", is_household_head=True)
    rows = good_rows()
    upload(client_as(secretary_a), "residents", "居民.xlsx", xlsx_bytes(H, rows))
    batch = _latest()
    assert batch.report["refused"] == [
        {"row": 2, "reasons": ["住户 1单元 101 已有户主老户主：一户只有一位户主。"]}
    ]
    assert batch.new_count == 2


def test_two_heads_for_one_room_in_the_same_file_name_the_first_row(territory, secretary_a, client_as):
    rows = good_rows()
    rows[1][11] = "是"
    upload(client_as(secretary_a), "residents", "居民.xlsx", xlsx_bytes(H, rows))
    assert _latest().report["refused"] == [
        {"row": 3, "reasons": ["第 2 行已将张三登记为住户 1单元 101 的户主。"]}
    ]


def test_a_person_already_in_another_household_is_named(territory, secretary_a, client_as):
    existing = make_resident(territory.stairwell_a, room="301", name="赵六")
    rows = [row("赵六", existing.birth_date.isoformat(), existing.id_number, "101")]
    upload(client_as(secretary_a), "residents", "居民.xlsx", xlsx_bytes(H, rows))
    reasons = _latest().report["refused"][0]["reasons"]
    assert reasons == ["赵六已住在住户 1单元 301；请在其本人页面迁移，导入不会在住户之间移动人员。"]
    existing.refresh_from_db()
    assert existing.household.room == "301"


def test_a_row_outside_ones_scope_is_refused(territory, secretary_a, client_as):
    rows = good_rows()
    rows[0][5] = "西岗社区"
    upload(client_as(secretary_a), "residents", "居民.xlsx", xlsx_bytes(H, rows))
    assert _latest().report["refused"][0]["reasons"] == [
        "西岗社区 / 第一网格 / 1号楼 / 1单元 不在您负责的区域内。"
    ]


def test_a_community_given_by_its_division_code(territory, secretary_a, client_as):
    territory_services.area_update(area=territory.community_a, name="梁家屯社区", code="370202001001")
    rows = good_rows()
    rows[0][5], rows[0][6] = "", "370202001001"
    upload(client_as(secretary_a), "residents", "居民.xlsx", xlsx_bytes(H, rows))
    assert (_latest().new_count, _latest().refused_count) == (3, 0)


def test_reimporting_an_export_changes_nothing_and_a_change_is_shown(territory, street_admin, client_as):
    client = client_as(street_admin)
    upload(client, "residents", "居民.xlsx", xlsx_bytes(H, good_rows()))
    client.post(f"/imports/batch/{_latest().pk}/confirm/")
    asked = client.get("/imports/residents/export/")
    assert "为什么需要完整号码" in asked.content.decode() and PersonalDataAccess.objects.count() == 0
    exported = client.get("/imports/residents/export/", {"reason": "核对台账"}).content
    assert PersonalDataAccess.objects.filter(reason="核对台账", channel="export").count() == 3
    upload(client, "residents", "导出.xlsx", exported)
    again = ImportBatch.objects.order_by("-id").first()
    assert (again.new_count, again.changed_count, again.unchanged_count, again.refused_count) == (0, 0, 3, 0)
    sheet = load_workbook(io.BytesIO(exported)).active
    sheet["E2"] = "13900000000"
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    upload(client, "residents", "改.xlsx", buffer.getvalue())
    changed = ImportBatch.objects.order_by("-id").first()
    assert (changed.changed_count, changed.unchanged_count) == (1, 2)
    assert changed.report["changed"] == [{"row": 2, "headers": ["联系电话"]}]


def test_undo_removes_what_the_import_created_unless_a_row_changed(territory, secretary_a, client_as):
    client = client_as(secretary_a)
    upload(client, "residents", "居民.xlsx", xlsx_bytes(H, good_rows()))
    batch = _latest()
    client.post(f"/imports/batch/{batch.pk}/confirm/")
    edited = Resident.objects.get(name="王五")
    edited.note = "已走访"
    edited.phone = "13900000000"
    edited.save()
    response = client.post(f"/imports/batch/{batch.pk}/undo/", follow=True)
    assert "第 4 行（王五）在导入后已被修改" in response.content.decode()
    assert Resident.objects.count() == 3
    edited.phone = "13800138000"
    edited.save()
    client.post(f"/imports/batch/{batch.pk}/undo/")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.UNDONE and batch.undone_by == secretary_a
    assert Resident.objects.count() == 0 and Household.objects.count() == 0


def test_undo_restores_what_the_import_changed(territory, secretary_a, client_as):
    person = make_resident(territory.stairwell_a, room="101", name="钱七")
    client = client_as(secretary_a)
    data = row("钱七", person.birth_date.isoformat(), person.id_number, "101", phone="13711112222")
    upload(client, "residents", "居民.xlsx", xlsx_bytes(H, [data]))
    batch = _latest()
    assert batch.changed_count == 1
    client.post(f"/imports/batch/{batch.pk}/confirm/")
    person.refresh_from_db()
    assert person.phone == "13711112222"
    client.post(f"/imports/batch/{batch.pk}/undo/")
    person.refresh_from_db()
    assert person.phone.startswith("138") and ImportBatch.objects.get().status == BatchStatus.UNDONE


def test_another_users_import_is_404_and_untouched(territory, secretary_a, secretary_b, client_as):
    upload(client_as(secretary_a), "residents", "居民.xlsx", xlsx_bytes(H, good_rows()))
    batch = _latest()
    client = client_as(secretary_b)
    for url in ("", "checked.xlsx"):
        assert client.get(f"/imports/batch/{batch.pk}/{url}").status_code == 404
    assert client.post(f"/imports/batch/{batch.pk}/confirm/").status_code == 404
    assert client.post(f"/imports/batch/{batch.pk}/undo/").status_code == 404
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CHECKED and Resident.objects.count() == 0


def test_a_viewer_may_not_import(territory, viewer, client_as):
    client = client_as(viewer)
    assert client.get("/imports/").status_code == 403
    assert upload(client, "residents", "居民.xlsx", xlsx_bytes(H, good_rows())).status_code == 403
    assert client.get("/imports/residents/template/").status_code == 403
    assert ImportBatch.objects.count() == 0


def test_a_file_above_the_caps_is_refused_in_chinese(territory, secretary_a, client_as, settings):
    settings.JIEDAO_IMPORT_MAX_ROWS = 2
    response = upload(client_as(secretary_a), "residents", "居民.xlsx", xlsx_bytes(H, good_rows()))
    page = client_as(secretary_a).get(response.url).content.decode()
    assert "文件超过 2 行" in page and ImportBatch.objects.count() == 0
    settings.JIEDAO_IMPORT_MAX_ROWS, settings.JIEDAO_IMPORT_MAX_BYTES = 100, 1000
    response = upload(client_as(secretary_a), "residents", "居民.xlsx", xlsx_bytes(H, good_rows()))
    page = client_as(secretary_a).get(response.url).content.decode()
    assert "一次导入最多 1000\xa0字节" in page and ImportBatch.objects.count() == 0


def test_a_large_file_runs_in_the_background_with_progress(
    territory, secretary_a, client_as, settings, django_capture_on_commit_callbacks
):
    settings.JIEDAO_IMPORT_BACKGROUND_ROWS = 2  # the eager test worker stands in for Celery
    client = client_as(secretary_a)
    with pytest.MonkeyPatch.context() as mp:
        delayed = []
        mp.setattr("governance.dataimport.tasks.import_check.delay", lambda pk: delayed.append(pk))
        upload(client, "residents", "居民.xlsx", xlsx_bytes(H, good_rows()))
        batch = _latest()
        assert batch.status == BatchStatus.CHECKING
        page = client.get(f"/imports/batch/{batch.pk}/", headers={"HX-Request": "true"}).content.decode()
        assert 'hx-trigger="every 1s"' in page and "0 / 3 行" in page
    from governance.dataimport import tasks

    tasks.import_check(batch.pk)
    tasks.import_check(batch.pk)  # safe to run twice
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CHECKED and batch.new_count == 3
    from governance.dataimport import services

    services._set_progress(batch.pk, 3)  # where a large file's check leaves its count
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("governance.dataimport.tasks.import_apply.delay", lambda pk: delayed.append(pk))
        client.post(f"/imports/batch/{batch.pk}/confirm/")
        page = client.get(f"/imports/batch/{batch.pk}/", headers={"HX-Request": "true"}).content.decode()
        assert "0 / 3 行" in page  # the save starts from nought, not from the check's count
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.CHECKED)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(f"/imports/batch/{batch.pk}/confirm/")  # the task is sent at commit; eager here
    assert len(callbacks) == 1
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and Resident.objects.count() == 3
    tasks.import_apply(batch.pk)  # a second delivery finds the batch done and writes nothing
    assert Resident.objects.count() == 3 and ImportedRecord.objects.count() == 3
