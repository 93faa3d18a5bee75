"""Monthly property fees through the one import: checked, confirmed, corrected by a second file, undone."""

from decimal import Decimal

from governance.models import ImportBatch
from property.models import FeeRecord
from tests.dataimport.helpers import csv_bytes, headers, upload, xlsx_bytes
from tests.property.factories import make_contract

H = headers("fees")


def test_fee_rows_checked_then_saved_and_reimported_unchanged(territory, secretary_a, client_as):
    make_contract(territory.building_a)
    assert H == [
        "社区",
        "社区区划代码",
        "网格",
        "楼栋",
        "单元",
        "房号",
        "月份",
        "应收金额(元)",
        "实收金额(元)",
    ]
    good = ["梁家屯社区", "", "第一网格", "1号楼", "", "", "2026-10", "12,800.00", "11520.5"]
    bad = ["梁家屯社区", "", "第一网格", "9号楼", "", "", "2026-10", "1", "1"]
    client = client_as(secretary_a)
    upload(client, "fees", "物业费.xlsx", xlsx_bytes(H, [good, bad]))
    batch = ImportBatch.objects.get()
    assert batch.report["refused"] == [
        {"row": 3, "reasons": ["找不到该地点：梁家屯社区 / 第一网格 / 9号楼。"]}
    ]
    assert FeeRecord.objects.count() == 0
    client.post(f"/imports/batch/{batch.pk}/confirm/")
    assert FeeRecord.objects.get().collected == Decimal("11520.50")
    exported = client.get("/imports/fees/export/").content
    upload(client, "fees", "导出.xlsx", exported)
    again = ImportBatch.objects.order_by("-id").first()
    assert (again.new_count, again.changed_count, again.unchanged_count) == (0, 0, 1)
    corrected = ["梁家屯社区", "", "第一网格", "1号楼", "", "", "2026年10月", "12800", "12000"]
    upload(client, "fees", "更正.csv", csv_bytes(H, [corrected], encoding="gbk"))
    fix = ImportBatch.objects.order_by("-id").first()
    assert fix.report["changed"] == [{"row": 2, "headers": ["实收金额(元)"]}]
    client.post(f"/imports/batch/{fix.pk}/confirm/")
    assert FeeRecord.objects.get().collected == Decimal("12000.00")
    client.post(f"/imports/batch/{fix.pk}/undo/")
    assert FeeRecord.objects.get().collected == Decimal("11520.50")


def test_a_month_without_a_contract_is_named_in_the_check(territory, secretary_a, client_as):
    client = client_as(secretary_a)
    row = ["梁家屯社区", "", "第一网格", "1号楼", "", "", "2026-10", "100", "100"]
    upload(client, "fees", "物业费.xlsx", xlsx_bytes(H, [row]))
    batch = ImportBatch.objects.get()
    assert batch.refused_count == 1 and batch.new_count == 0
    assert "没有物业公司" in batch.report["refused"][0]["reasons"][0]
