"""Residents: masked personal data in page, API and export; logged reveals; scope; the Excel import."""

import io

from openpyxl import Workbook, load_workbook

from governance.models import Resident

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


def _sheet(rows):
    from governance.residents.imports import RESIDENT_COLUMNS

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
